"""The OpenAPI schema is generated once per process and API version; what a request adds
to the address (another version, a language, hostile text) never becomes a kept key."""

from __future__ import annotations

import pytest

from codes.api.schema import SchemaView


@pytest.fixture
def fresh_schema(db, monkeypatch):
    monkeypatch.setattr(SchemaView, "_generated", {})
    return SchemaView._generated


def test_the_schema_is_generated_once_and_served_again(client, fresh_schema):
    first = client.get("/api/schema/", {"format": "json"})
    assert first.status_code == 200
    assert list(fresh_schema) == [None]
    kept = fresh_schema[None]
    again = client.get("/api/schema/", {"format": "json"})
    assert again.json() == first.json()
    assert fresh_schema[None] is kept
    assert "/api/v1/codes/{code}/" in first.json()["paths"]
    yaml = client.get("/api/schema/")
    assert yaml.status_code == 200
    assert yaml.content.startswith(b"openapi: 3")


@pytest.mark.parametrize(
    "params", [{"version": "9.9"}, {"version": "<script>"}, {"lang": "fr"}, {"lang": "x" * 300}]
)
def test_what_the_address_adds_is_not_kept(client, fresh_schema, params):
    response = client.get("/api/schema/", {"format": "json", **params})
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "HCPCS Code Site API"
    assert set(fresh_schema) <= {None}
