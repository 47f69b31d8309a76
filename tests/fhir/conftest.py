"""FHIR test helpers: every response is parsed with the ``fhir.resources`` R4B models
(R4B is R4 for these resources), so a test fails on any element FHIR does not define."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class

CANONICAL = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
FHIR_JSON = "application/fhir+json"


def parse(response, status: int = 200, resource_type: str | None = None):
    """The response as a validated FHIR model, after checking status and content type."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].split(";")[0] in {FHIR_JSON, "application/json"}
    data = json.loads(response.content)
    if resource_type:
        assert data["resourceType"] == resource_type, data
    return get_fhir_model_class(data["resourceType"]).model_validate(data)


def outcome(response, status: int, parameter: str | None = None):
    """An OperationOutcome error with ``status``, naming ``parameter``; its text."""
    model = parse(response, status, "OperationOutcome")
    issue = model.issue[0]
    assert issue.severity == "error"
    if parameter is not None:
        assert issue.expression == [parameter], issue.expression
    return issue.details.text


def params(model) -> dict[str, list]:
    """A Parameters model as {name: [parameter, ...]}."""
    out: dict[str, list] = {}
    for param in model.parameter or []:
        out.setdefault(param.name, []).append(param)
    return out


def part(param, name: str):
    found = [p for p in param.part if p.name == name]
    return found[0] if found else None


def properties(model) -> dict[str, list[tuple[object, str | None]]]:
    """$lookup properties as {code: [(value, description), ...]}."""
    out: dict[str, list] = {}
    for param in params(model).get("property", []):
        code = part(param, "code").valueCode
        value_part = part(param, "value")
        value = next(
            getattr(value_part, key)
            for key in ("valueCode", "valueDateTime", "valueBoolean", "valueString")
            if getattr(value_part, key) is not None
        )
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        description = part(param, "description")
        out.setdefault(code, []).append((value, description.valueString if description else None))
    return out


def post_parameters(client, url: str, parameters: list[dict], **extra):
    body = json.dumps({"resourceType": "Parameters", "parameter": parameters})
    return client.post(url, data=body, content_type=FHIR_JSON, **extra)


@pytest.fixture
def fhir(client, bundled):
    """A test client on the bundled JAN and OCT 2025 releases."""
    return client
