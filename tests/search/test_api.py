"""The read API: search and filters, a code, its versions, typeahead, schema and docs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("bundled")


def get(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    return response, (
        response.json() if response["Content-Type"].startswith("application/json") else None
    )


def codes_of(data) -> list[str]:
    return [row["code"] for row in data["results"]]


def test_list_searches_with_the_same_semantics_as_the_page(client):
    response, data = get(client, "/api/v1/codes/", q="wheelchair cushion")
    assert response.status_code == 200
    assert data["count"] > 10
    assert set(codes_of(data)[:5]) & {"E2601", "E2602", "E2603", "E2609", "E2610"}
    assert data["search"]["interpreted_as"] == "words"
    assert data["search"]["mode"] == "words"


@pytest.mark.parametrize(
    "q, first",
    [
        ("q4390", "Q4390"),
        ("E01", "E0100"),
        ("E0100-E0199", "E0100"),
        ("pembrolizumab", "J9271"),
        ("LT", "LT"),
        ("A0021, E1130 J9271", "A0021"),
    ],
)
def test_the_done_when_queries_in_the_api(client, q, first):
    response, data = get(client, "/api/v1/codes/", q=q)
    assert response.status_code == 200
    assert codes_of(data)[0] == first


def test_a_misspelling_is_corrected_in_the_api(client):
    _, data = get(client, "/api/v1/codes/", q="glucose monitr")
    assert data["search"]["mode"] == "corrected"
    assert data["search"]["corrected"] == "glucose monitor"
    assert "E0607" in codes_of(data)


def test_list_rows_carry_status_pricing_coverage_and_links(client):
    _, data = get(client, "/api/v1/codes/", q="J9271")
    row = data["results"][0]
    assert row["kind"] == "procedure"
    assert row["status"] == "active"
    assert row["pricing"][0]["code"] and row["pricing"][0]["meaning"]
    assert row["url"].endswith("/api/v1/codes/J9271/")
    assert row["page_url"].endswith("/codes/J9271/")


def test_filters_and_pagination(client):
    _, data = get(client, "/api/v1/codes/", section="J", status="all", page="2")
    assert data["count"] > 50
    assert len(data["results"]) == 50
    assert "page=3" in data["next"] and "section=J" in data["next"]
    assert all(code.startswith("J") for code in codes_of(data))


def test_added_in_a_date_range_and_changed_in_a_release(client):
    _, data = get(
        client, "/api/v1/codes/", added_after="2025-10-01", added_before="2025-10-01", q="Q4390"
    )
    assert codes_of(data) == ["Q4390"]
    from codes.models import Release

    october = Release.objects.get(label="2025 October")
    _, data = get(client, "/api/v1/codes/", release=str(october.pk), q="Q4390")
    assert codes_of(data) == ["Q4390"]


@pytest.mark.parametrize(
    "param, value",
    [
        ("section", "Z"),
        ("status", "bogus"),
        ("kind", "procedures"),
        ("betos", "ZZZ"),
        ("coverage", "X"),
        ("pricing", "98"),
        ("action", "Q"),
        ("added_after", "yesterday"),
        ("on", "2025-13-45"),
        ("release", "999999"),
        ("release", "abc"),
        ("sort", "random"),
    ],
)
def test_an_unknown_filter_value_is_a_400(client, param, value):
    response, data = get(client, "/api/v1/codes/", **{param: value})
    assert response.status_code == 400
    assert param.split("_")[0] in data


def test_a_page_past_the_end_or_not_a_number_is_a_404(client):
    for page in ("9999", "abc", "0", "-1"):
        response, data = get(client, "/api/v1/codes/", q="cushion", page=page)
        assert response.status_code == 404
        assert "detail" in data


def test_detail_has_every_field_decoded(client):
    response, data = get(client, "/api/v1/codes/q4390/")
    assert response.status_code == 200
    assert data["code"] == "Q4390"
    # PRICE1 51 in October 2025, 11 since CMS's January 2026 file (ACTION CD C); the
    # current row was last written by April 2026 (ACTION CD C -> N), July 2026 left it as is.
    assert data["price1"] == "11"
    assert data["decoded"]["price1"].startswith("Price established using national rvu")
    assert data["release"] == "2026 April"
    assert data["release_in_force"] == "2026 July"
    assert data["definitions"] is None
    for attr in ("seqnum", "recid", "cov", "betos", "tos1", "add_dt", "term_dt", "action_cd"):
        assert attr in data


def test_detail_definitions_on_request(client):
    _, data = get(client, "/api/v1/codes/Q4390/", definitions="true")
    assert data["definitions"]["price1"]["header"] == "PRICE1"
    assert data["definitions"]["price1"]["definition"]


def test_detail_of_a_modifier_and_of_nothing(client):
    response, data = get(client, "/api/v1/codes/lt/")
    assert response.status_code == 200 and data["kind"] == "modifier"
    assert get(client, "/api/v1/codes/Z9999/")[0].status_code == 404


def test_versions(client):
    response, data = get(client, "/api/v1/codes/Q4390/versions/")
    assert response.status_code == 200
    # Added October 2025; January 2026 changed its long description ("(add-on, ...") and
    # PRICE1 51 -> 11; April 2026 only ACTION CD C -> N; July 2026 has the same row.
    assert [(v["release"], v["change_type"]) for v in data["results"]] == [
        ("2026 April", "changed"),
        ("2026 January", "changed"),
        ("2025 October", "added"),
    ]
    assert data["results"][0]["long_description"].startswith("Ascendion")
    assert data["results"][1]["changed_fields"] == [
        "long_description",
        "price1",
        "act_eff_dt",
        "action_cd",
    ]
    assert data["results"][1]["previous"]["price1"] == "51"


def test_autocomplete(client):
    response, data = get(client, "/api/v1/autocomplete/", q="pembro")
    assert response.status_code == 200
    assert data["results"][0]["code"] == "J9271"
    assert get(client, "/api/v1/autocomplete/", q="p")[1]["results"] == []
    assert get(client, "/api/v1/autocomplete/", q="pembro", section="Z")[0].status_code == 400


def test_schema_and_docs(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {
        "/api/v1/codes/",
        "/api/v1/codes/{code}/",
        "/api/v1/codes/{code}/versions/",
        "/api/v1/autocomplete/",
    } <= set(paths)
    parameters = {p["name"] for p in paths["/api/v1/codes/"]["get"]["parameters"]}
    assert {
        "q",
        "sort",
        "page",
        "status",
        "section",
        "betos",
        "coverage",
        "pricing",
        "action",
        "added_after",
        "added_before",
        "release",
        "kind",
        "on",
    } <= parameters
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html  # served locally, no CDN
    assert "cdn" not in html.lower()
