"""The search service on the bundled releases (2017 to July 2026), on whichever engine runs."""

from __future__ import annotations

import datetime

import pytest

from codes.models import HcpcsCode
from codes.search import parse, search_codes
from tests.search.conftest import codes, run_search

pytestmark = pytest.mark.usefixtures("bundled")

SEAT_CUSHIONS = {f"E26{n:02d}" for n in range(1, 11)} | {"E2622", "E2623", "E2624", "E2625"}
GLUCOSE_MONITORS = {"E0607", "E2100", "E2101", "E2102", "E2103", "E2104", "A9275", "A4255"}


def test_an_exact_code_is_found_whatever_its_status():
    result = run_search(" q4390 ")
    assert result.exact.code == "Q4390"
    assert [c.code for c in result.codes] == ["Q4390"]
    terminated = run_search("K0553")  # therapeutic CGM supply allowance, ended 2022-12-31
    assert [c.code for c in terminated.codes] == ["K0553"]


def test_an_unknown_code_says_so():
    result = run_search("Z9999")
    assert result.exact is None
    assert list(result.codes) == []
    assert "no code Z9999" in result.notices[0]


def test_a_prefix_lists_active_procedure_codes_in_code_order():
    found = codes("E01")
    assert found[0] == "E0100"
    assert found == sorted(found)
    assert all(code.startswith("E01") for code in found)
    assert codes("E01*") == found


def test_a_range_within_one_letter():
    found = codes("E0100 - E0199")
    assert found == codes("E0100-E0199") == codes("E01")
    assert found[0] == "E0100" and found[-1] <= "E0199"


def test_a_list_in_code_order_with_the_missing_named():
    result = run_search("J9271, A0021 E1130 Z0000")
    assert [c.code for c in result.codes] == ["A0021", "E1130", "J9271"]
    assert result.missing == ["Z0000"]


@pytest.mark.parametrize("text, modifier", [("LT", "LT"), ("rt", "RT"), ("E1", "E1")])
def test_a_modifier_comes_first(text, modifier):
    result = run_search(text)
    assert result.codes[0].code == modifier
    assert result.codes[0].is_modifier


def test_a_modifier_is_followed_by_codes_using_the_word_or_prefix():
    assert len(codes("E1")) > 1
    assert all(code.startswith("E1") for code in codes("E1")[1:])


def test_all_words_are_required():
    found = set(codes("wheelchair cushion"))
    assert found >= {"E2601", "E2602", "E2603"}
    descriptions = HcpcsCode.objects.filter(code__in=found).values_list(
        "short_description", "long_description"
    )
    for short, long in descriptions:
        text = f"{short} {long}".lower()
        assert "cush" in text and ("wheelchair" in text or "w/c" in text or "wc" in text)


def test_wheelchair_cushion_finds_seat_cushions_first():
    assert set(codes("wheelchair cushion", limit=5)) & SEAT_CUSHIONS


def test_stemming_finds_plurals():
    assert set(codes("wheelchairs")) == set(codes("wheelchair"))
    assert "E0100" in codes("canes")


def test_a_drug_name():
    assert codes("pembrolizumab", limit=1) == ["J9271"]


def test_a_quoted_phrase_requires_the_words_together():
    together = set(codes('"seat cushion"'))
    apart = set(codes("seat cushion"))
    assert together and together <= apart
    assert "E2611" not in together  # "General use wheelchair back cushion"


def test_a_misspelling_is_corrected_and_said():
    result = run_search("glucose monitr")
    assert result.mode == "corrected"
    assert result.corrected == "glucose monitor"
    assert {c.code for c in result.codes[:8]} & GLUCOSE_MONITORS


def test_a_misspelt_drug_is_corrected():
    result = run_search("pembrolizmab")
    assert result.corrected == "pembrolizumab"
    assert result.codes[0].code == "J9271"


def test_any_word_when_not_all_match_with_did_you_mean():
    result = run_search("wheelchiar pembrolizumab")
    assert result.mode == "any-word"
    assert result.did_you_mean == "wheelchair pembrolizumab"
    assert "J9271" in {c.code for c in result.codes}


def test_nothing_found():
    result = run_search("xyzzyplugh")
    assert result.mode == "none"
    assert list(result.codes) == []


def test_a_half_typed_word_is_found_on_the_page_too():
    # J9271 pembrolizumab, and J9277 pembrolizumab and berahyaluronidase (ADD DT 2026-04-01).
    assert codes("pembro") == ["J9271", "J9277"]


def test_typeahead_limits_the_codes_ranked_and_read():
    result = run_search("wheelchair", typing=True)
    assert len(result.codes) == len(codes("wheelchair"))
    within = HcpcsCode.objects.with_status("active", on=datetime.date(2025, 11, 1))
    limited = search_codes(parse("wheelchair"), within=within, limit=8, typing=True)
    assert len(limited.codes) == 8


def test_sort_by_code():
    found = codes("wheelchair cushion", sort="code")
    assert found == sorted(found)
    assert set(found) == set(codes("wheelchair cushion"))


def test_the_default_status_is_active_today():
    assert "K0553" not in codes("continuous glucose monitor supply allowance")
    assert "K0553" in codes("continuous glucose monitor supply allowance", status="all")
    assert codes("continuous glucose monitor supply allowance", status="terminated") == ["K0553"]


def test_filters_narrow_a_word_search():
    found = codes("cushion", section="E")
    assert found and all(code.startswith("E") for code in found)
    assert codes("glucose monitor", kind="modifier") == ["KS"]
