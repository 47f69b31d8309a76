"""The issue's "done when" queries in the page, the typeahead and the API, and J9271's page,
on whichever engine runs (CI runs both)."""

from __future__ import annotations

import pytest

from codes.drugs.services import synonym_save
from codes.models.drugs import Synonym
from tests.search.conftest import codes, run_search

pytestmark = pytest.mark.usefixtures("bundled")


@pytest.mark.parametrize(
    ("query", "first", "how"),
    [
        ("keytruda", "J9271", "brand name Keytruda"),
        ("humira", "J0135 J0139", "“humira” means adalimumab"),
        ("neulasta", "J2506", "brand name Neulasta"),
        ("toradol", "J1885", "CMS Table of Drugs: Toradol, see Ketorolac tromethamine"),
        ("keytrooda", "J9271", "brand name Keytruda"),
    ],
)
def test_drug_names_find_the_code_and_say_how(query, first, how):
    result = run_search(query)
    top = result.codes[0]
    assert top.code in first.split()
    assert top.found_via == how
    assert result.via[top.pk] == how


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tens unit", {"E0720", "E0730"}),
        ("knee brace", {f"L{n}" for n in range(1810, 1861)} | {"L2795", "L2810"}),
        ("flu shot", {"Q2039", "G0008", "Q2035", "Q2036", "Q2037", "Q2038", "Q2034"}),
        ("bipap", {"E0470", "E0471", "E0472"}),
        ("hoyer lift", {"E0630", "E0635", "E0639", "E0640", "E0621", "E0625"}),
    ],
)
def test_lay_phrases_rank_their_meaning_first(query, expected):
    top = codes(query, limit=2)
    assert set(top) <= expected, top


def test_tens_unit_is_not_blood_products():
    assert codes("tens unit")[:2] == ["E0720", "E0730"] or set(codes("tens unit")[:2]) == {
        "E0720",
        "E0730",
    }
    assert not [c for c in codes("tens unit", limit=10) if c.startswith("P")]


def test_descriptions_rank_before_the_vocabulary():
    """CMS's own words first: 'blood glucose monitor' is in E0607's description, so nothing
    found only through the index or synonyms comes before it."""
    result = run_search("blood glucose monitor")
    top = list(result.codes[:3])
    assert top[0].code == "E0607" and not top[0].found_via


def test_index_terms_find_codes_and_say_so():
    result = run_search("hot water bottle")  # A9273 says "hot/cold bottle"
    assert result.codes[0].code == "A9273"
    assert result.codes[0].found_via == "CMS index: Hot water bottle"


def test_index_entries_of_terminated_codes_are_not_offered_as_active():
    # The Table of Drugs sends Narcan to J2310, naloxone, whose code ended 2025-06-30.
    assert codes("narcan") == []
    assert codes("narcan", status="all") == ["J2310"]


def test_a_synonym_edit_takes_effect_at_once(django_user_model):
    assert codes("zimmer frame") == [] or "E0135" not in codes("zimmer frame", limit=5)
    synonym = Synonym(term="zimmer frame", expansions="walker folding")
    synonym_save(synonym=synonym, user=None, reason="UK name of a walker", created=True)
    assert "E0135" in codes("zimmer frame", limit=5)


@pytest.mark.parametrize("typed", ["0006-3026-02", "00006302602", "NDC 0006-3026-02"])
def test_an_ndc_opens_the_code_page(client, typed):
    response = client.get("/codes/", {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == "/codes/J9271/?ndc=00006-3026-02"


def test_an_unknown_ndc_says_so(client):
    page = client.get("/codes/", {"q": "1234-5678-90"}).content.decode()
    assert "No product with NDC 01234-5678-90" in page


def test_a_dose_gives_billing_units_in_page_and_api(client):
    page = client.get("/codes/", {"q": "keytruda 200 mg"}).content.decode()
    assert "200 mg ÷ 1 mg = 200 units of J9271." in page
    data = client.get("/api/v1/codes/", {"q": "J9271 200mg"}).json()
    assert data["results"][0]["code"] == "J9271"
    assert data["search"]["billing"][0]["units"] == 200
    wrong = client.get("/api/v1/codes/", {"q": "keytruda 5 ml"}).json()
    assert "not compatible" in wrong["search"]["billing"][0]["message"]


def test_the_api_returns_codes_first_for_an_ndc(client):
    data = client.get("/api/v1/codes/", {"q": "0006-3026-02"}).json()
    assert [r["code"] for r in data["results"]] == ["J9271"]
    assert data["results"][0]["found_via"] == "NDC 00006-3026-02: Keytruda"
    assert data["search"]["ndcs"] == ["00006-3026-02"]


def test_results_page_says_how_a_code_was_found(client):
    page = client.get("/codes/", {"q": "keytruda"}).content.decode()
    assert "Found through brand name Keytruda" in page


@pytest.mark.parametrize(
    ("typed", "first"),
    [("keytr", "J9271"), ("knee brace", "L1831"), ("flu sh", "Q2039"), ("bipap", "E0470")],
)
def test_typeahead_suggests_through_the_vocabulary(client, typed, first):
    data = client.get("/autocomplete/", {"q": typed}).json()
    codes_found = [r["code"] for r in data["results"]]
    assert codes_found and (codes_found[0] == first or first in codes_found[:3]), codes_found
    assert all("long_description" in r and "found_via" in r for r in data["results"])


def test_the_code_page_lists_products_limits_and_index(client):
    page = client.get("/codes/J9271/").content.decode()
    assert "Products billed with this code" in page
    assert "00006-3026-02" in page and "00006-3026-04" in page and "Keytruda" in page
    assert "Jan–Mar 2026: $59.726 per 1 MG" in page
    assert "Oct–Dec 2025: $60.291 per 1 MG" in page
    assert "In CMS's index under:" in page and "Pembrolizumab" in page
    e0607 = client.get("/codes/E0607/").content.decode()
    assert "Blood › glucose monitor" in e0607
    assert "Products billed with this code" not in e0607


def test_the_api_detail_has_the_same_drug_data(client):
    data = client.get("/api/v1/codes/J9271/").json()["drug"]
    assert data["products_quarter"] == "Jan–Mar 2026" and data["product_count"] == 2
    assert {p["ndc"] for p in data["products"]} == {"00006-3026-02", "00006-3026-04"}
    assert [(x["quarter"], x["payment_limit"]) for x in data["payment_limits"]] == [
        ("Jan–Mar 2026", "59.726"),
        ("Oct–Dec 2025", "60.291"),
    ]
    assert any(entry["path"] == "Pembrolizumab" for entry in data["cms_index"])


def test_an_ndc_of_a_code_the_filters_leave_out_says_so():
    # Keytruda's code is active, but the section filter leaves J codes out.
    result = run_search("0006-3026-02", section="E")
    assert list(result.codes) == []
    assert "NDC 00006-3026-02 is billed with J9271, which the filters leave out" in " ".join(
        result.notices
    )


def test_sorting_by_code_sorts_the_vocabulary_finds_too():
    found = codes("hoyer lift", sort="code")
    assert found == sorted(found) and "E0630" in found


def test_plurals_find_what_the_singular_finds():
    assert set(codes("wheelchairs")) == set(codes("wheelchair"))
    assert codes("keytrudas", limit=1) == ["J9271"]
    assert codes("knee braces", limit=1) == codes("knee brace", limit=1)
