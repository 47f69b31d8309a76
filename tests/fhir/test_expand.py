"""ValueSet/$expand on the implicit all-codes value set."""

from __future__ import annotations

import datetime

import pytest

from codes.fhir.expand import _page
from codes.fhir.records import active_condition
from codes.models import HcpcsCode
from tests.fhir.conftest import CANONICAL, outcome, parse, post_parameters

EXPAND = "/fhir/ValueSet/$expand"
ALL_CODES = CANONICAL + "?fhir_vs"


def _codes(model) -> list[str]:
    return [entry.code for entry in model.expansion.contains or []]


def test_expand_wheelchair_cushion_uses_the_site_search(fhir):
    model = parse(fhir.get(EXPAND, {"url": ALL_CODES, "filter": "wheelchair cushion"}))
    assert model.url == ALL_CODES
    codes = _codes(model)
    assert codes and model.expansion.total == len(codes)
    assert "E2601" in codes and "E2610" in codes
    for entry in model.expansion.contains:
        assert entry.system == CANONICAL and entry.version == "2026-07"
        assert "cushion" in entry.display.lower()


def test_expand_pages_with_count_and_offset(fhir):
    first = parse(fhir.get(EXPAND, {"filter": "wheelchair cushion", "count": 5}))
    second = parse(fhir.get(EXPAND, {"filter": "wheelchair cushion", "count": 5, "offset": 5}))
    everything = _codes(parse(fhir.get(EXPAND, {"filter": "wheelchair cushion"})))
    assert _codes(first) == everything[:5]
    assert _codes(second) == everything[5:10]
    assert second.expansion.offset == 5
    assert first.expansion.total == len(everything)


def test_expand_without_filter_lists_codes_in_order(fhir):
    model = parse(fhir.get(EXPAND, {"count": 3}))
    # Every code of the twelve bundled files (9,109 in July 2026, and 108 that left earlier).
    assert model.expansion.total == 9217
    first = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True)[:3])
    assert _codes(model) == first


def test_expand_on_a_date_with_active_only(fhir):
    then = parse(fhir.get(EXPAND, {"filter": "J0135", "date": "2024-06-01", "activeOnly": "true"}))
    assert _codes(then) == ["J0135"]
    # The release in force on 2024-06-01 is the last loaded before it, 2020 October.
    assert then.expansion.contains[0].version == "2020-10"
    later = parse(fhir.get(EXPAND, {"filter": "J0135", "date": "2025-02-01", "activeOnly": "true"}))
    assert _codes(later) == []
    flagged = parse(fhir.get(EXPAND, {"filter": "J0135", "date": "2025-02-01"}))
    assert flagged.expansion.contains[0].inactive is True
    # Q4390 came with the October 2025 release.
    before = parse(
        fhir.get(EXPAND, {"filter": "Q4390", "date": "2025-06-30", "activeOnly": "true"})
    )
    assert _codes(before) == []


def test_expand_by_post(fhir):
    response = post_parameters(
        fhir,
        EXPAND,
        [
            {"name": "url", "valueUri": ALL_CODES},
            {"name": "filter", "valueString": "E01"},
            {"name": "count", "valueInteger": 2},
            {"name": "activeOnly", "valueBoolean": True},
        ],
    )
    model = parse(response, 200, "ValueSet")
    assert len(_codes(model)) == 2
    assert all(code.startswith("E01") for code in _codes(model))


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"count": "-1"}, "count"),
        ({"count": "1001"}, "count"),
        ({"count": "ten"}, "count"),
        ({"offset": "-5"}, "offset"),
        ({"date": "2025-02-30"}, "date"),
        ({"activeOnly": "maybe"}, "activeOnly"),
        ({"url": "http://loinc.org/vs"}, "url"),
        ({"valueSetVersion": "2030-01"}, "valueSetVersion"),
    ],
)
def test_bad_expand_input_names_the_parameter(fhir, query, parameter):
    outcome(fhir.get(EXPAND, query), 400, parameter)


def test_expand_filter_reads_the_drug_vocabulary(fhir):
    """The site's search finds drugs by brand name; so does $expand."""
    assert _codes(parse(fhir.get(EXPAND, {"filter": "keytruda", "count": 1}))) == ["J9271"]
    assert "J9271" in _codes(parse(fhir.get(EXPAND, {"filter": "keytr", "count": 5})))


@pytest.mark.parametrize("day", ["2024-06-01", "2025-02-01", "2025-10-01", "2026-06-30"])
def test_each_codes_inactive_flag_follows_the_status_filter(bundled, day):
    """A page's ``inactive`` flags are worked out in Python: for every code, on days before,
    between and after the releases, they agree with the status filter (``activeOnly``)."""
    on = datetime.date.fromisoformat(day)
    ids = list(HcpcsCode.objects.order_by("code").values_list("pk", flat=True))
    flagged = {code for code, _, active in _page(ids, on) if active}
    filtered = set(HcpcsCode.objects.filter(active_condition(on)).values_list("code", flat=True))
    assert len(flagged) > 1000 and len(flagged) < len(ids)
    assert flagged == filtered
