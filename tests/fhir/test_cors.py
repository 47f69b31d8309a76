"""CORS on the FHIR base (django-cors-headers): a browser FHIR client (a SMART app, a form
builder) on another origin can call the service; any origin may read, never with
credentials; nothing outside /fhir/ is shared. Fetch standard, "CORS protocol"."""

from __future__ import annotations

import json

from tests.fhir.conftest import CANONICAL, FHIR_JSON, params, parse

APP = "https://forms.example.org"
VALIDATE = "/fhir/CodeSystem/$validate-code"


def test_a_preflight_is_answered_without_the_database(fhir, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = fhir.options(
            VALIDATE,
            HTTP_ORIGIN=APP,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type, accept",
        )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"].lower()
    assert "Access-Control-Allow-Credentials" not in response


def test_reads_from_any_origin_carry_the_header(fhir):
    response = fhir.get(VALIDATE, {"url": CANONICAL, "code": "E2601"}, HTTP_ORIGIN=APP)
    assert params(parse(response))["result"][0].valueBoolean is True
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    body = {"resourceType": "Parameters", "parameter": [{"name": "code", "valueCode": "E2601"}]}
    response = fhir.post(
        VALIDATE + "?url=" + CANONICAL,
        data=json.dumps(body),
        content_type=FHIR_JSON,
        HTTP_ORIGIN="http://localhost:5173",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    # Errors are readable by the browser client too.
    response = fhir.get("/fhir/CodeSystem/nope", HTTP_ORIGIN=APP)
    assert response.status_code == 404 and response["Access-Control-Allow-Origin"] == "*"
    # A cached answer (the page cache serves the second GET) keeps the header.
    again = fhir.get(VALIDATE, {"url": CANONICAL, "code": "E2601"}, HTTP_ORIGIN=APP)
    assert again["Access-Control-Allow-Origin"] == "*"


def test_nothing_outside_fhir_is_shared(fhir):
    for url in ("/api/v1/codes/E2601/", "/codes/E2601/"):
        response = fhir.get(url, HTTP_ORIGIN=APP)
        assert "Access-Control-Allow-Origin" not in response, url
    response = fhir.options(
        "/api/v1/codes/E2601/", HTTP_ORIGIN=APP, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "Access-Control-Allow-Origin" not in response
