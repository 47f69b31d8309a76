"""Search filters from the fee schedule: "has a DMEPOS fee" and the payment category, on
the results page and in the API (one FilterSet), in the quarter in force on 'status on'."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("bundled")


def codes(client, **params) -> list[str]:
    body = client.get("/api/v1/codes/", {"page_size": 100, **params}).json()
    return [row["code"] for row in body["results"]]


def test_has_a_fee(client):
    found = codes(client, q="E0601-E0619", dmepos_fee="yes")
    assert "E0601" in found and found
    without = codes(client, q="E0601-E0619", dmepos_fee="no")
    assert "E0601" not in without and not set(found) & set(without)
    assert "J9271" in codes(client, q="J9271", dmepos_fee="no")
    # E0658 is new in January 2026's fee schedule: not yet in force in 2025.
    assert "E0658" in codes(client, q="E0658", dmepos_fee="yes", status="all")
    assert "E0658" not in codes(client, q="E0658", dmepos_fee="yes", status="all", on="2025-12-01")


def test_category(client):
    capped = codes(client, q="E0601-E0619", dmepos_category="CR")
    assert "E0601" in capped
    assert "E0601" not in codes(client, q="E0601-E0619", dmepos_category="IN")
    bad = client.get("/api/v1/codes/", {"dmepos_category": "XX"})
    assert bad.status_code == 400 and "dmepos_category" in bad.json()


def test_the_results_page_offers_both(client):
    page = client.get("/codes/", {"q": "cpap", "dmepos_category": "CR"}).content.decode()
    assert '<select name="dmepos_fee"' in page
    assert '<option value="CR" selected>CR - Capped rental items</option>' in page
    assert "E0601" in page
