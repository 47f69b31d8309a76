"""The fee schedule in the API: the code answer's fees in force (as_of picks the quarter),
every quarter at /api/v1/codes/{code}/fees/, and both documented in the OpenAPI schema."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("bundled")


def test_code_answer_carries_the_fees_in_force(client):
    fees = client.get("/api/v1/codes/E0601/").json()["fees"]
    assert (fees["quarter"], fees["effective_date"]) == ("January 2026", "2026-01-01")
    assert fees["source_file"] == "DMEPOS26_JAN_resaved.csv.gz"
    (row,) = fees["rows"]
    assert (row["modifier"], row["category"], row["jurisdiction"]) == ("RR", "CR", "D")
    assert row["category_meaning"] == "Capped rental items"
    assert row["amounts"]["AL"] == {"non_rural": "51.94", "rural": "97.02"}
    assert row["modifier_meanings"]["RR"].startswith("Rental")


def test_as_of_picks_the_quarter_and_before_any_there_is_none(client):
    fees = client.get("/api/v1/codes/E0601/", {"as_of": "2025-06-01"}).json()["fees"]
    assert fees["quarter"] == "April 2025"
    assert fees["rows"][0]["amounts"]["AL"] == {"non_rural": "50.58", "rural": "94.93"}
    assert client.get("/api/v1/codes/E0601/", {"as_of": "2025-01-15"}).json()["fees"] is None
    assert client.get("/api/v1/codes/J9271/").json()["fees"] is None


def test_every_quarter(client):
    body = client.get("/api/v1/codes/E1390/fees/").json()
    assert body["code"] == "E1390"
    assert [q["quarter"] for q in body["quarters"]] == ["January 2026", "April 2025"]
    assert [(r["modifier"], r["modifier2"]) for r in body["quarters"][0]["rows"]] == [
        ("RR", ""),
        ("RR", "QB"),
        ("RR", "QF"),
    ]
    assert client.get("/api/v1/codes/e0601/fees/").status_code in (200, 301)
    assert client.get("/api/v1/codes/J9271/fees/").json() == {"code": "J9271", "quarters": []}
    assert client.get("/api/v1/codes/ZZZZZ/fees/").status_code == 404


def test_schema_documents_both(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/codes/{code}/fees/" in schema["paths"]
    fees = schema["paths"]["/api/v1/codes/{code}/fees/"]["get"]
    assert fees["summary"] == "A code's DMEPOS fee schedule in every loaded quarter"
    components = schema["components"]["schemas"]
    assert "fees" in components["CodeDetail"]["properties"]
    assert set(components["FeeRow"]["properties"]) >= {"amounts", "category", "ceiling"}
