"""Answers in the shape the HL7 terminology-ecosystem tests (tx.fhir.org, Ontoserver, HAPI)
expect: unknown systems and versions, inactive codes, issues, displays, properties and
designations. Each test cites the tx-ecosystem case or the R4 spec section it follows."""

from __future__ import annotations

import json

import pytest

from tests.fhir.conftest import (
    CANONICAL,
    FHIR_JSON,
    outcome,
    params,
    parse,
    post_parameters,
    properties,
)

VALIDATE = "/fhir/CodeSystem/$validate-code"
VS_VALIDATE = "/fhir/ValueSet/$validate-code"
BATCH = "/fhir/CodeSystem/$batch-validate-code"
LOOKUP = "/fhir/CodeSystem/$lookup"
EXPAND = "/fhir/ValueSet/$expand"
TX_ISSUE_TYPE = "http://hl7.org/fhir/tools/CodeSystem/tx-issue-type"


def _validate(fhir, **query) -> dict:
    return params(parse(fhir.get(VALIDATE, {"url": CANONICAL, **query})))


def _issue_types(found) -> list[tuple[str, str, str]]:
    """(severity, tx issue type, expression) of each issue of an ``issues`` output."""
    (issues,) = found["issues"]
    return [
        (issue.severity, issue.details.coding[0].code, issue.expression[0])
        for issue in issues.resource.issue
    ]


def _assert_unknown(found, caused_by: str, expression: str):
    assert found["result"][0].valueBoolean is False
    assert found["x-caused-by-unknown-system"][0].valueCanonical == caused_by
    assert _issue_types(found) == [("error", "not-found", expression)]
    assert found["issues"][0].resource.issue[0].code == "not-found"
    assert "could not be found" in found["message"][0].valueString


# tx-ecosystem: simple-coding-bad-system (validation/simple-coding-bad-system-request).
def test_unknown_system_is_200_result_false_with_caused_by(fhir):
    found = params(parse(fhir.get(VALIDATE, {"url": "http://snomed.info/sct", "code": "Q4390"})))
    _assert_unknown(found, "http://snomed.info/sct", "url")
    assert found["system"][0].valueUri == "http://snomed.info/sct"
    assert found["code"][0].valueCode == "Q4390"
    coding = {"system": "urn:oid:1.2.3", "code": "Q4390"}
    response = post_parameters(fhir, VALIDATE, [{"name": "coding", "valueCoding": coding}])
    _assert_unknown(params(parse(response)), "urn:oid:1.2.3", "coding.system")
    response = fhir.get(VS_VALIDATE, {"system": "http://loinc.org", "code": "1234-5"})
    _assert_unknown(params(parse(response)), "http://loinc.org", "system")


# tx-ecosystem: bad-version1 (validation/bad-version1-request: version 1999-01).
def test_unknown_version_is_200_result_false_with_caused_by(fhir):
    found = params(
        parse(fhir.get(VALIDATE, {"url": CANONICAL, "code": "Q4390", "version": "1999-01"}))
    )
    _assert_unknown(found, f"{CANONICAL}|1999-01", "version")
    assert "2025-10, 2025-01" in found["message"][0].valueString
    coding = {"system": CANONICAL, "code": "Q4390", "version": "1999-01"}
    response = post_parameters(fhir, VALIDATE, [{"name": "coding", "valueCoding": coding}])
    _assert_unknown(params(parse(response)), f"{CANONICAL}|1999-01", "coding.version")


# The same two cases inside $batch-validate-code: each validation answers as alone.
def test_batch_answers_unknown_systems_and_versions_the_same_way(fhir):
    def validation(*parameters):
        return {
            "name": "validation",
            "resource": {"resourceType": "Parameters", "parameter": list(parameters)},
        }

    response = post_parameters(
        fhir,
        BATCH,
        [
            validation(
                {"name": "system", "valueUri": "http://loinc.org"},
                {"name": "code", "valueCode": "1234-5"},
            ),
            validation(
                {"name": "url", "valueUri": CANONICAL},
                {"name": "code", "valueCode": "Q4390"},
                {"name": "version", "valueString": "1999-01"},
            ),
            validation(
                {"name": "url", "valueUri": CANONICAL}, {"name": "code", "valueCode": "E2601"}
            ),
        ],
    )
    model = parse(response, 200, "Parameters")
    answers = [params(p.resource) for p in model.parameter]
    _assert_unknown(answers[0], "http://loinc.org", "system")
    _assert_unknown(answers[1], f"{CANONICAL}|1999-01", "version")
    assert answers[2]["result"][0].valueBoolean is True
    alone = params(parse(fhir.get(VALIDATE, {"system": "http://loinc.org", "code": "1234-5"})))
    assert answers[0]["message"][0].valueString == alone["message"][0].valueString


# tx-ecosystem: inactive/validate-inactive-2 (an inactive code: result and inactive=true).
def test_a_terminated_code_is_inactive_with_an_issue(fhir):
    found = _validate(fhir, code="J0135", date="2025-02-01")
    assert found["result"][0].valueBoolean is False
    assert found["inactive"][0].valueBoolean is True
    assert _issue_types(found) == [("error", "code-rule", "code")]
    active = params(parse(fhir.get(VALIDATE, {"url": CANONICAL, "code": "E2601"})))
    assert "inactive" not in active and "issues" not in active


# R4 CodeSystem/$validate-code: "message ... an error, warning or information message";
# tx-ecosystem: simple-code-bad-code (unknown code: invalid-code issue on the code).
def test_issues_come_with_every_message(fhir):
    found = params(parse(fhir.get(VALIDATE, {"url": CANONICAL, "code": "q4390"})))
    assert _issue_types(found) == [("error", "invalid-code", "code")]
    assert "did you mean Q4390" in found["issues"][0].resource.issue[0].details.text
    found = _validate(fhir, code="C9304", date="2025-05-15")
    assert found["result"][0].valueBoolean is True
    assert _issue_types(found) == [("information", "code-comment", "code")]


# tx-ecosystem: simple-coding-bad-display (wrong display: result false, invalid-display);
# lenient-display-validation=true makes it a warning with result true.
def test_display_checks_follow_the_tx_ecosystem(fhir):
    query = {"url": CANONICAL, "code": "Q4390", "date": "2025-11-01", "display": "Skin graft"}
    found = params(parse(fhir.get(VALIDATE, query)))
    assert found["result"][0].valueBoolean is False
    assert _issue_types(found) == [("error", "invalid-display", "display")]
    assert found["display"][0].valueString == "Ascendion, per square centimeter"
    lenient = params(parse(fhir.get(VALIDATE, {**query, "lenient-display-validation": "true"})))
    assert lenient["result"][0].valueBoolean is True
    assert _issue_types(lenient) == [("warning", "invalid-display", "display")]
    coding = {"system": CANONICAL, "code": "Q4390", "display": "Skin graft"}
    response = post_parameters(fhir, VALIDATE, [{"name": "coding", "valueCoding": coding}])
    found = params(parse(response))
    assert _issue_types(found)[-1] == ("error", "invalid-display", "coding.display")


# R4 CodeSystem/$lookup: property "*" (tx-ecosystem lookup cases ask property=*).
def test_lookup_property_star_gives_every_declared_property(fhir):
    star = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "C9304", "property": "*"}))
    everything = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "C9304"}))
    assert properties(star) == properties(everything)
    assert {"status", "inactive", "effectiveDate", "retirementDate", "replacedBy", "betos"} <= set(
        properties(star)
    )
    assert "designation" in params(star)


# R4 ValueSet/$expand: includeDesignations; tx-ecosystem expansions name the code system
# version used with the expansion parameter used-codesystem.
def test_expand_include_designations_and_used_codesystem(fhir):
    model = parse(fhir.get(EXPAND, {"filter": "E2601", "includeDesignations": "true"}))
    (entry,) = [e for e in model.expansion.contains if e.code == "E2601"]
    (designation,) = entry.designation
    assert designation.value == "Gen w/c cushion wdth < 22 in"
    assert designation.use.code == "900000000000013009" and designation.language == "en"
    used = {p.name: p for p in model.expansion.parameter}
    assert used["used-codesystem"].valueUri == f"{CANONICAL}|2026-07"
    plain = parse(fhir.get(EXPAND, {"filter": "E2601"}))
    assert all(not e.designation for e in plain.expansion.contains)
    # An older version gives that version's short description.
    old = parse(
        fhir.get(
            EXPAND, {"filter": "A6549", "valueSetVersion": "2025-01", "includeDesignations": "true"}
        )
    )
    (entry,) = [e for e in old.expansion.contains if e.code == "A6549"]
    assert entry.version == "2025-01" and entry.designation[0].value


# Deeply nested JSON (hardening issue, case 3): an OperationOutcome, never a 500.
@pytest.mark.parametrize("url", [VALIDATE, BATCH, EXPAND, LOOKUP])
def test_deeply_nested_json_is_an_operation_outcome(fhir, url):
    body = "[" * 100_000 + "]" * 100_000
    response = fhir.post(url, data=body, content_type=FHIR_JSON)
    assert "nested more than 32 levels deep" in outcome(response, 400, "body")
    # Parts nested deeper than MAX_PART_DEPTH (8) but JSON within the parser's 32 levels
    # (each part adds two: its object and its list), so the part-depth check answers.
    nested = {"name": "validation", "part": []}
    deepest = nested
    for _ in range(12):
        inner = {"name": "x", "part": []}
        deepest["part"].append(inner)
        deepest = inner
    body = json.dumps({"resourceType": "Parameters", "parameter": [nested]})
    response = fhir.post(url, data=body, content_type=FHIR_JSON)
    assert "nests parts" in outcome(response, 400)
