"""metadata, CodeSystem read and search, content negotiation."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.fhir.conftest import CANONICAL, outcome, parse

# The bundled releases before the latest (2026-07), newest first (data/README.md).
OLDER_VERSIONS = [
    "2026-04",
    "2026-01",
    "2025-10",
    "2025-01",
    "2020-10",
    "2020-07",
    "2020-04",
    "2020-01",
    "2019-01",
    "2018-01",
    "2017-01",
]


def test_capability_statement_lists_the_resources_and_operations(fhir):
    model = parse(fhir.get("/fhir/metadata"), resource_type="CapabilityStatement")
    assert model.fhirVersion == "4.0.1"
    (rest,) = model.rest
    by_type = {resource.type: resource for resource in rest.resource}
    assert set(by_type) == {"CodeSystem", "ValueSet", "OperationDefinition"}
    code_system_ops = {op.name for op in by_type["CodeSystem"].operation}
    assert code_system_ops == {"lookup", "validate-code", "batch-validate-code"}
    assert {op.name for op in by_type["ValueSet"].operation} == {"expand", "validate-code"}
    assert {i.code for i in by_type["CodeSystem"].interaction} == {"read", "search-type"}


def test_terminology_capabilities_list_the_published_versions(fhir):
    model = parse(
        fhir.get("/fhir/metadata?mode=terminology"), resource_type="TerminologyCapabilities"
    )
    (system,) = model.codeSystem
    assert system.uri == CANONICAL
    # The twelve bundled releases, 2017 January to 2026 July, newest (the default) first.
    assert [(v.code, v.isDefault) for v in system.version] == [
        ("2026-07", True),
        *((label, False) for label in OLDER_VERSIONS),
    ]
    assert model.expansion.paging is True


def test_unknown_metadata_mode_is_a_400(fhir):
    assert "mode" in outcome(fhir.get("/fhir/metadata?mode=bogus"), 400, "mode")


def test_code_system_read_has_identity_versions_and_properties(fhir):
    model = parse(fhir.get("/fhir/CodeSystem/hcpcs"), resource_type="CodeSystem")
    assert model.url == CANONICAL
    assert model.identifier[0].value == "urn:oid:2.16.840.1.113883.6.285"
    assert model.version == "2026-07"
    assert model.caseSensitive is True
    assert model.content == "not-present"
    assert "CMS" in model.publisher
    assert model.count == 9109  # codes in the July 2026 file
    codes = {prop.code for prop in model.property}
    assert {"status", "effectiveDate", "retirementDate", "actionCode", "pricingIndicator"} <= codes
    assert {"coverage", "betos", "typeOfService", "replacedBy"} <= codes
    older = parse(fhir.get("/fhir/CodeSystem/hcpcs-2025-01"), resource_type="CodeSystem")
    assert (older.version, older.count) == ("2025-01", 8642)


def test_unknown_code_system_id_is_a_404(fhir):
    # 2021 January: a quarter between 2020 October and 2025 January, not bundled.
    assert "hcpcs-2021-01" in outcome(fhir.get("/fhir/CodeSystem/hcpcs-2021-01"), 404)


def test_code_system_search_by_canonical_url_and_alias(fhir):
    for url in (CANONICAL, CANONICAL.replace("http://", "https://")):
        bundle = parse(fhir.get("/fhir/CodeSystem", {"url": url}), resource_type="Bundle")
        assert bundle.type == "searchset"
        assert bundle.total == 12
        assert [e.resource.version for e in bundle.entry] == ["2026-07", *OLDER_VERSIONS]
        assert all(e.resource.url == CANONICAL for e in bundle.entry)
    one = parse(fhir.get("/fhir/CodeSystem", {"url": CANONICAL, "version": "2025-01"}))
    assert [e.resource.id for e in one.entry] == ["hcpcs-2025-01"]
    other = parse(fhir.get("/fhir/CodeSystem", {"url": "http://loinc.org"}))
    assert other.total == 0 and not other.entry


def test_content_negotiation(fhir):
    response = fhir.get("/fhir/metadata")
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert (
        parse(fhir.get("/fhir/metadata?_format=json")).get_resource_type() == "CapabilityStatement"
    )
    plain = fhir.get("/fhir/metadata", HTTP_ACCEPT="application/json")
    assert plain["Content-Type"] == "application/json; charset=utf-8"
    parse(plain, resource_type="CapabilityStatement")
    parse(fhir.get("/fhir/metadata", HTTP_ACCEPT="application/fhir+json"))
    parse(fhir.get("/fhir/metadata", HTTP_ACCEPT="text/html,*/*;q=0.8"))
    assert "xml" in outcome(fhir.get("/fhir/metadata?_format=xml"), 406, "_format")
    outcome(fhir.get("/fhir/metadata", HTTP_ACCEPT="application/fhir+xml"), 406, "Accept")


def test_unsupported_methods_are_405_and_unknown_resources_404(fhir):
    response = fhir.post("/fhir/metadata", data="{}", content_type="application/fhir+json")
    outcome(response, 405)
    assert response["Allow"] == "GET"
    outcome(fhir.delete("/fhir/CodeSystem/hcpcs"), 405)
    outcome(fhir.get("/fhir/Patient/1"), 404)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("url", ["/fhir/metadata", "/fhir/CodeSystem/hcpcs", "/fhir/CodeSystem"])
def test_writes_to_read_only_addresses_are_405_even_without_a_csrf_token(bundled, method, url):
    """A client with no session sends no CSRF token: it must get FHIR's 405 and its
    OperationOutcome, not Django's CSRF 403 page."""
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(url, data="{}", content_type="application/fhir+json")
    outcome(response, 405)
    assert response["Allow"] == "GET"


def test_post_operations_need_no_csrf_token_and_take_forms(bundled):
    """The operations only compute (they write nothing), so an integrator's client posts
    without a session or CSRF token."""
    client = Client(enforce_csrf_checks=True)
    body = json.dumps(
        {
            "resourceType": "Parameters",
            "parameter": [
                {"name": "url", "valueUri": CANONICAL},
                {"name": "code", "valueCode": "E2601"},
            ],
        }
    )
    for url in ("/fhir/CodeSystem/$validate-code", "/fhir/CodeSystem/$batch-validate-code"):
        data = body
        if "batch" in url:
            data = json.dumps(
                {
                    "resourceType": "Parameters",
                    "parameter": [{"name": "validation", "resource": json.loads(body)}],
                }
            )
        parse(client.post(url, data=data, content_type="application/fhir+json"))
    form = client.post("/fhir/CodeSystem/$lookup", {"system": CANONICAL, "code": "E2601"})
    parse(form, 200, "Parameters")
