"""Hostile input against every public address, with 0 server errors: schemathesis generates
requests from the read API's own OpenAPI schema (valid and invalid, negative mode included),
hypothesis generates text of every kind for the search, typeahead and FHIR parameters, and a
fixed list of hostile values is tried in every parameter and path of every public URL, FHIR
included."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Thousands of generated requests: slow, so make test-fast leaves them to make test.
pytestmark = [pytest.mark.usefixtures("bundled"), pytest.mark.faults, pytest.mark.slow]

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)

HOSTILE = [
    "\x00",
    "Q43\x0090",
    "\x01\x0b\x1b",
    "%00",
    "%",
    "x" * 5000,
    "[" * 2000,
    "{" * 100 + '"a":' * 50,
    "'; DROP TABLE codes_hcpcscode; --",
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "\u202e\u200b\ufeff",
    "😀" * 50,
    "\udcff",
    "-1",
    "99999999999999999999999999",
    "0000-00-00",
    "2025-02-30",
    "9999-12-31T99:99:99Z",
    "http://hl7.org/fhir/sid/x|" * 20,
    " ",
]
PARAMETERS = [
    "q", "code", "date", "status", "page", "section", "type", "system", "url", "version",
    "display", "filter", "count", "offset", "coding", "valueSet", "mode", "letter", "release",
    "on", "as_of", "from", "to", "sort", "_format", "format", "page_size", "modifiers",
]  # fmt: skip
PATH_URLS = [
    "/codes/{}/",
    "/codes/{}/compare/",
    "/modifiers/{}/",
    "/sections/{}/",
    "/api/v1/codes/{}/",
    "/api/v1/codes/{}/versions/",
    "/fhir/CodeSystem/{}",
    "/fhir/{}",
]
QUERY_URLS = [
    "/",
    "/codes/",
    "/codes/Q4390/",
    "/codes/Q4390/compare/",
    "/modifiers/",
    "/sections/E/",
    "/autocomplete/",
    "/releases/",
    "/validate/",
    "/api/v1/",
    "/api/v1/codes/",
    "/api/v1/codes/Q4390/",
    "/api/v1/codes/Q4390/versions/",
    "/api/v1/autocomplete/",
    "/api/schema/",
    "/fhir/metadata",
    "/fhir/CodeSystem",
    "/fhir/CodeSystem/$lookup",
    "/fhir/CodeSystem/$validate-code",
    "/fhir/ValueSet/$expand",
    "/fhir/ValueSet/$validate-code",
]
POST_URLS = [
    "/api/v1/validate/",
    "/fhir/CodeSystem/$lookup",
    "/fhir/CodeSystem/$validate-code",
    "/fhir/CodeSystem/$batch-validate-code",
    "/fhir/ValueSet/$expand",
]


def _no_server_error(response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.content[:300])


def _encoded(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@pytest.mark.parametrize("url", QUERY_URLS)
def test_hostile_values_in_every_query_parameter(url):
    client = Client(raise_request_exception=False)
    for value in HOSTILE:
        query = "&".join(f"{name}={_encoded(value)}" for name in PARAMETERS)
        _no_server_error(client.get(f"{url}?{query}"), (url, value))
        _no_server_error(client.get(f"{url}?q={_encoded(value)}"), (url, value))


@pytest.mark.parametrize("url", PATH_URLS)
def test_hostile_values_in_every_path(url):
    client = Client(raise_request_exception=False)
    for value in HOSTILE:
        _no_server_error(client.get(url.format(_encoded(value))), (url, value))


@pytest.mark.parametrize("url", POST_URLS)
def test_hostile_bodies(url):
    client = Client(raise_request_exception=False)
    bodies = [
        *(v.encode("utf-8", "surrogatepass") for v in HOSTILE),
        b"[" * 100_000,
        b'{"resourceType": "Parameters", "parameter": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        json.dumps({"lines": [{"code": v, "date": v, "id": v} for v in HOSTILE]}).encode(),
        json.dumps(
            {
                "resourceType": "Parameters",
                "parameter": [{"name": "code", "valueCode": v} for v in HOSTILE[:1]]
                + [{"name": "coding", "valueCoding": {"code": v, "system": v}} for v in HOSTILE],
            }
        ).encode(),
        b"\xff\xfe\x00\x00",
    ]
    for body in bodies:
        for kind in ("application/json", "application/fhir+json", "text/csv"):
            _no_server_error(client.post(url, body, content_type=kind), (url, body[:40], kind))


@given(text=st.text(max_size=200))
@FUZZ
def test_generated_text_in_search_typeahead_and_fhir(text):
    client = Client(raise_request_exception=False)
    for url in ("/codes/", "/autocomplete/", "/api/v1/codes/", "/fhir/CodeSystem/$lookup"):
        query = urlencode(
            {"q": text, "code": text, "date": text}, encoding="utf-8", errors="surrogatepass"
        )
        _no_server_error(client.get(f"{url}?{query}"), (url, text))


@pytest.fixture
def read_api(bundled):
    raw = json.loads(Client().get("/api/schema/", HTTP_ACCEPT="application/json").content)
    return schemathesis.openapi.from_dict(raw).include(method="GET")


schema = schemathesis.pytest.from_fixture("read_api")


@schema.parametrize()
@FUZZ
def test_the_read_api_never_answers_a_server_error(case):
    client = Client(raise_request_exception=False)
    query = urlencode(case.query or {}, doseq=True, encoding="utf-8", errors="surrogatepass")
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (case.headers or {}).items()}
    response = client.get(case.formatted_path, QUERY_STRING=query, **headers)
    _no_server_error(response, (case.method, case.formatted_path, case.query))
