"""CodeSystem/$batch-validate-code: a claim's lines in one request, in order."""

from __future__ import annotations

import json

import pytest

from tests.fhir.conftest import CANONICAL, FHIR_JSON, outcome, params, parse, post_parameters

BATCH = "/fhir/CodeSystem/$batch-validate-code"


def _validation(*parameters: dict) -> dict:
    return {
        "name": "validation",
        "resource": {"resourceType": "Parameters", "parameter": list(parameters)},
    }


def _code(code: str) -> dict:
    return {"name": "code", "valueCode": code}


def _date(day: str) -> dict:
    return {"name": "date", "valueDate": day}


def _results(response) -> list[dict]:
    model = parse(response, 200, "Parameters")
    out = []
    for item in model.parameter:
        assert item.name == "validation"
        found = params(item.resource)
        out.append(
            {
                "result": found["result"][0].valueBoolean,
                "message": found["message"][0].valueString if "message" in found else None,
                "code": found["code"][0].valueCode if "code" in found else None,
            }
        )
    return out


def test_a_claims_lines_are_validated_in_order(fhir):
    response = post_parameters(
        fhir,
        BATCH,
        [
            {"name": "url", "valueUri": CANONICAL},
            _date("2025-05-15"),
            _validation(_code("C9304")),
            _validation(_code("J0135"), _date("2024-06-01")),
            _validation(_code("J0135"), _date("2025-02-01")),
            _validation(_code("Q4390")),
            _validation(_code("q4390")),
            # The same inputs as parts instead of a resource.
            {"name": "validation", "part": [_code("C9304"), _date("2025-07-15")]},
        ],
    )
    results = _results(response)
    assert [(r["code"], r["result"]) for r in results] == [
        ("C9304", True),
        ("J0135", True),
        ("J0135", False),
        ("Q4390", False),
        ("q4390", False),
        ("C9304", False),
    ]
    assert "last valid day 2024-12-31" in results[2]["message"]
    assert "not yet effective" in results[3]["message"]
    assert "Q4390" in results[4]["message"]
    assert "J7172" in results[5]["message"]


def test_a_bad_validation_does_not_fail_the_others(fhir):
    response = post_parameters(
        fhir,
        BATCH,
        [
            _validation(_code("J0135"), _date("2024-06-01")),
            _validation(_code("J0135"), _date("2024-02-30")),
            _validation({"name": "system", "valueUri": "http://loinc.org"}, _code("1234-5")),
            {"name": "validation", "resource": {"resourceType": "Patient"}},
            _validation(_code("E2601")),
        ],
    )
    model = parse(response, 200, "Parameters")
    results = _results(response)
    assert [r["result"] for r in results] == [True, False, False, False, True]
    assert results[1]["message"].startswith("validation[1]: ") and "date" in results[1]["message"]
    assert "Unknown code system" in results[2]["message"]
    issues = params(model.parameter[1].resource)["issues"][0].resource
    assert issues.issue[0].expression == ["date"]


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_ten_thousand_validations_in_one_request(fhir):
    lines = [_validation(_code("E2601"), _date("2025-05-15"))] * 10_000
    results = _results(
        post_parameters(fhir, BATCH, [{"name": "url", "valueUri": CANONICAL}, *lines])
    )
    assert len(results) == 10_000
    assert all(r["result"] for r in results)


def test_batch_limits_and_bad_bodies(fhir):
    too_many = [_validation(_code("E2601"))] * 10_001
    text = outcome(post_parameters(fhir, BATCH, too_many), 400, "validation")
    assert "10001" in text and "10000" in text
    assert "validation" in outcome(post_parameters(fhir, BATCH, []), 400, "validation")
    bad = fhir.post(BATCH, data=json.dumps({"resourceType": "Bundle"}), content_type=FHIR_JSON)
    assert "Parameters" in outcome(bad, 400, "body")
    response = fhir.get(BATCH, {"code": "Q4390"})
    outcome(response, 405)
    assert response["Allow"] == "POST"
