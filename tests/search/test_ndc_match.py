"""A code page reached through an NDC search says which NDC matched it ("matched by NDC
00006-3026-02"), from a query parameter checked against the crosswalks."""

from __future__ import annotations

import pytest

from codes.models.drugs import CrosswalkRow

pytestmark = pytest.mark.usefixtures("bundled")


@pytest.mark.parametrize("typed", ["0006-3026-02", "00006302602", "N400006302602 UN1"])
def test_an_ndc_search_opens_the_code_page_saying_which_ndc_matched(client, typed):
    response = client.get("/codes/", {"q": typed}, follow=True)
    assert response.redirect_chain == [("/codes/J9271/?ndc=00006-3026-02", 302)]
    html = response.content.decode()
    assert "Matched by NDC <code>00006-3026-02</code> (" in html
    assert "bills this product with J9271" in html


def test_results_found_by_an_ndc_link_to_their_page_with_it(client):
    """An NDC billed with several codes lists them, each link carrying the NDC."""
    ndc = "00069-1305-10"
    billed = CrosswalkRow.objects.published().filter(ndc=ndc).values_list("code", flat=True)
    assert set(billed) == {"Q5105", "Q5106"}
    html = client.get("/codes/", {"q": ndc, "status": "all"}).content.decode()
    for code in ("Q5105", "Q5106"):
        assert f'href="/codes/{code}/?ndc={ndc}"' in html
    page = client.get(f"/codes/Q5106/?ndc={ndc}").content.decode()
    assert f"Matched by NDC <code>{ndc}</code>" in page


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("<script>x</script>", "is not an NDC in CMS&#x27;s 11-digit 5-4-2 form"),
        ("12345", "is not an NDC"),
        ("00006-3026-02x", "is not an NDC"),
        ("99999-9999-99", "NDC 99999-9999-99 is not billed with J9271"),
    ],
)
def test_a_bad_or_unrelated_ndc_is_a_notice_not_a_match(client, value, says):
    response = client.get("/codes/J9271/", {"ndc": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert says in html
    assert "Matched by NDC" not in html
    assert "<script>x" not in html


def test_an_ndc_of_another_code_is_not_claimed_as_a_match(client):
    html = client.get("/codes/J1100/", {"ndc": "00006-3026-02"}).content.decode()
    assert "NDC 00006-3026-02 is not billed with J1100" in html
    assert "Matched by NDC" not in html


def test_the_eleven_digit_form_is_shown_as_5_4_2(client):
    html = client.get("/codes/J9271/", {"ndc": "00006302602"}).content.decode()
    assert "Matched by NDC <code>00006-3026-02</code>" in html
