"""A real FHIR client against the running server: fhirpy's SyncFHIRClient over HTTP does
$lookup, $validate-code, $expand with a posted value set, a read and a search, and
$batch-validate-code, and each answer parses with fhir.resources."""

from __future__ import annotations

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import ResourceNotFound

from tests.fhir.conftest import CANONICAL

pytestmark = pytest.mark.usefixtures("transactional_db", "bundled")


def _model(data):
    data = dict(data)
    return get_fhir_model_class(data["resourceType"]).model_validate(data)


def _params(model) -> dict:
    return {p.name: p for p in model.parameter}


def test_fhirpy_looks_up_validates_expands_and_batches(live_server):
    client = SyncFHIRClient(f"{live_server.url}/fhir")

    looked_up = _model(
        client.execute(
            "CodeSystem/$lookup", method="get", params={"system": CANONICAL, "code": "Q4390"}
        )
    )
    # Today's (July 2026) description; January 2026 added the add-on wording.
    assert _params(looked_up)["display"].valueString == (
        "Ascendion, per square centimeter"
        " (add-on, list separately in addition to primary procedure)"
    )

    validated = _model(
        client.execute(
            "CodeSystem/$validate-code",
            method="post",
            data={
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "coding", "valueCoding": {"system": CANONICAL, "code": "J0135"}},
                    {"name": "date", "valueDateTime": "2024-06"},
                ],
            },
        )
    )
    assert _params(validated)["result"].valueBoolean is True

    value_set = {
        "resourceType": "ValueSet",
        "url": "http://example.org/fhir/ValueSet/cushions",
        "status": "active",
        "compose": {
            "include": [{"system": CANONICAL, "concept": [{"code": "E2610"}, {"code": "E2601"}]}]
        },
    }
    expanded = _model(
        client.execute(
            "ValueSet/$expand",
            method="post",
            data={
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "valueSet", "resource": value_set},
                    {"name": "includeDesignations", "valueBoolean": True},
                ],
            },
        )
    )
    assert [e.code for e in expanded.expansion.contains] == ["E2601", "E2610"]
    assert expanded.expansion.contains[0].designation

    def validation(code: str, date: str) -> dict:
        return {
            "name": "validation",
            "resource": {
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "code", "valueCode": code},
                    {"name": "date", "valueDate": date},
                ],
            },
        }

    batch = _model(
        client.execute(
            "CodeSystem/$batch-validate-code",
            method="post",
            data={
                "resourceType": "Parameters",
                "parameter": [
                    {"name": "url", "valueUri": CANONICAL},
                    validation("C9304", "2025-05-15"),
                    validation("C9304", "2025-07-15"),
                    validation("Q4390", "2025-11-01"),
                ],
            },
        )
    )
    results = [_params(p.resource)["result"].valueBoolean for p in batch.parameter]
    assert results == [True, False, True]

    code_system = client.reference("CodeSystem", "hcpcs-2025-01").to_resource()
    assert _model(code_system).version == "2025-01"
    found = client.resources("CodeSystem").search(url=CANONICAL).fetch_all()
    assert sorted(r["version"] for r in found) == [
        "2017-01",
        "2018-01",
        "2019-01",
        "2020-01",
        "2020-04",
        "2020-07",
        "2020-10",
        "2025-01",
        "2025-10",
        "2026-01",
        "2026-04",
        "2026-07",
    ]

    # An unknown code reaches the client as a 404 with its OperationOutcome.
    with pytest.raises(ResourceNotFound) as raised:
        client.execute(
            "CodeSystem/$lookup", method="get", params={"system": CANONICAL, "code": "Z9999"}
        )
    assert "OperationOutcome" in str(raised.value) and "Z9999" in str(raised.value)
