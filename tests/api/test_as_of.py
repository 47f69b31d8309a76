"""``as_of`` in the code API: the record in force on a date of service, with its status by
CMS's dates, and the schema that documents it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("bundled")


def detail(client, code, **params):
    return client.get(f"/api/v1/codes/{code}/", params, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize(
    ("code", "as_of", "status", "valid", "message"),
    [
        ("J0135", "2024-06-01", "active", True, "valid; last valid day 2024-12-31"),
        ("J0135", "2025-06-01", "terminated", False, "last valid day 2024-12-31"),
        ("C9304", "2025-05-15", "active", True, "valid; last valid day 2025-06-30"),
        (
            "Q4390",
            "2025-06-30",
            "not_yet_effective",
            False,
            "not yet effective; valid from 2025-10-01",
        ),
        ("J2310", "2025-06-30", "active", True, "valid: its last day (TERM DT 2025-06-30)"),
        ("J2310", "2025-07-01", "terminated", False, "last valid day 2025-06-30"),
    ],
)
def test_as_of_answers_with_cms_dates(client, code, as_of, status, valid, message):
    data = detail(client, code, as_of=as_of).json()
    assert (data["as_of"], data["status"], data["valid"], data["message"]) == (
        as_of,
        status,
        valid,
        message,
    )


def test_as_of_returns_the_record_in_force(client):
    old = detail(client, "A6549", as_of="2025-03-01").json()
    assert old["long_description"] == "Gradient compression garment, not otherwise specified"
    assert old["release"] == "2025 January"
    new = detail(client, "A6549").json()
    assert "for daytime use" in new["long_description"] and new["as_of"] is None


@pytest.mark.parametrize("bad", ["bogus", "2025-13-01", "13/01/2025"])
def test_a_malformed_as_of_is_a_400(client, bad):
    response = detail(client, "J0135", as_of=bad)
    assert response.status_code == 400
    assert "is not a date" in response.json()["as_of"][0]


def test_list_on_uses_the_same_rule(client):
    def listed(**params):
        data = client.get("/api/v1/codes/", params, HTTP_ACCEPT="application/json").json()
        return {row["code"]: row["status"] for row in data["results"]}

    assert listed(q="C9304", on="2025-05-15") == {"C9304": "active"}
    active = listed(q="C9304, J0135, Q4390", on="2025-05-15", status="active")
    assert set(active) == {"C9304"}


def test_schema_documents_as_of_and_paginated_versions(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    retrieve = schema["paths"]["/api/v1/codes/{code}/"]["get"]
    assert "as_of" in [p["name"] for p in retrieve["parameters"]]
    versions = schema["paths"]["/api/v1/codes/{code}/versions/"]["get"]
    ref = versions["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("PaginatedCodeVersionList")
    listing = schema["paths"]["/api/v1/codes/"]["get"]
    descriptions = {retrieve["description"], versions["description"], listing["description"]}
    assert len(descriptions) == 3, "each endpoint has its own description"
