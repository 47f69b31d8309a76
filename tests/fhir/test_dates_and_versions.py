"""``date`` as any FHIR dateTime, the version pins, and the instance-level operations.

R4 ``$validate-code``/``$lookup``/``$expand`` type ``date`` as ``dateTime`` (a year, a
month, a day or a date-time: FHIR R4 2.24.0.1 "dateTime"). A year or month is a span; the
service judges a code valid over it only when it is valid on every day of it, and says
so in the message. The pins are R4 ``$expand``'s ``system-version``,
``force-system-version`` and ``check-system-version`` (and the tx-ecosystem's version
cases), honoured on every operation.
"""

from __future__ import annotations

import pytest

from tests.fhir.conftest import CANONICAL, outcome, params, parse, post_parameters, properties

VALIDATE = "/fhir/CodeSystem/$validate-code"
LOOKUP = "/fhir/CodeSystem/$lookup"
EXPAND = "/fhir/ValueSet/$expand"
BATCH = "/fhir/CodeSystem/$batch-validate-code"


def _validate(fhir, url=VALIDATE, **query) -> tuple[bool, str, dict]:
    found = params(parse(fhir.get(url, {"url": CANONICAL, **query})))
    message = found["message"][0].valueString if "message" in found else ""
    return found["result"][0].valueBoolean, message, found


def _codes(model) -> list[str]:
    return [entry.code for entry in model.expansion.contains or []]


# FHIR dateTime: YYYY and YYYY-MM are valid values of date; a span is judged on every day.
@pytest.mark.parametrize(
    ("code", "date", "valid"),
    [
        ("J0135", "2024", True),  # valid all of 2024, terminated 2024-12-31
        ("J0135", "2024-12", True),
        ("J0135", "2025", False),
        ("C9304", "2025-06", True),  # added 2025-04-01, terminated 2025-06-30
        ("C9304", "2025-07", False),
        ("C9304", "2025", False),
        ("Q4390", "2025-10", True),  # added 2025-10-01
        ("Q4390", "2025", False),  # not yet effective on 2025-01-01
        ("Q4390", "2025-11-01T10:30:00Z", True),
        ("Q4390", "2025-09-30T23:59:59-05:00", False),  # the date as written
    ],
)
def test_validate_code_takes_years_months_and_date_times(fhir, code, date, valid):
    result, message, _ = _validate(fhir, code=code, date=date)
    assert result is valid, message
    if len(date) < 10:
        assert "every day of " + date in message
        assert "judged valid only when valid on every day of it" in message or not valid


def test_a_span_names_the_day_that_fails(fhir):
    result, message, found = _validate(fhir, code="C9304", date="2025")
    assert result is False
    assert "2025-01-01 to 2025-12-31" in message
    assert found["inactive"][0].valueBoolean is True


def test_lookup_and_expand_take_a_month(fhir):
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "C9304", "date": "2025-06"}))
    ((status, why),) = properties(model)["status"]
    assert status == "active" and "every day of it" in why
    # Over 2025: not yet effective on its first day (added 2025-04-01), the day that fails.
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "C9304", "date": "2025"}))
    assert properties(model)["status"][0][0] == "not_yet_effective"
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "J0135", "date": "2024-12"}))
    assert properties(model)["status"][0][0] == "active"
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "J0135", "date": "2024"}))
    assert properties(model)["status"][0][0] == "active"
    # Q0247 was terminated 2024-12-12: active on 2024-12-01, terminated at the month's end.
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "Q0247", "date": "2024-12"}))
    assert properties(model)["status"][0][0] == "terminated"
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "Q0247", "date": "2024-12-01"}))
    assert properties(model)["status"][0][0] == "active"
    result, message, _ = _validate(fhir, code="Q0247", date="2024-12")
    assert result is False and "last valid day 2024-12-12" in message

    def active(code, date):
        query = {"filter": code, "date": date, "activeOnly": "true"}
        return _codes(parse(fhir.get(EXPAND, query)))

    assert active("Q0247", "2024-12-01") == ["Q0247"]
    assert active("Q0247", "2024-12") == []  # terminated 2024-12-12
    assert active("J0135", "2024") == ["J0135"]
    assert active("J0135", "2024-12") == ["J0135"]
    flagged = parse(fhir.get(EXPAND, {"filter": "Q0247", "date": "2024-12"}))
    assert flagged.expansion.contains[0].inactive is True


@pytest.mark.parametrize("date", ["2025-13", "25", "2025-02-30", "2025-06-01T25:00", "June"])
def test_a_date_that_is_no_fhir_date_time_is_a_400(fhir, date):
    text = outcome(fhir.get(VALIDATE, {"url": CANONICAL, "code": "Q4390", "date": date}), 400)
    assert "YYYY-MM" in text and "date-time" in text


# R4 $expand system-version / force-system-version / check-system-version.
def test_expand_honours_the_pins(fhir):
    pin = f"{CANONICAL}|2025-01"
    model = parse(fhir.get(EXPAND, {"filter": "A6549", "system-version": pin}))
    assert {e.version for e in model.expansion.contains} == {"2025-01"}
    assert "Gradient compression garment, not otherwise specified" in {
        e.display for e in model.expansion.contains
    }
    used = {p.name: p.valueUri for p in model.expansion.parameter if p.valueUri}
    assert used["used-codesystem"] == pin
    forced = parse(
        fhir.get(
            EXPAND, {"filter": "A6549", "valueSetVersion": "2025-10", "force-system-version": pin}
        )
    )
    assert {e.version for e in forced.expansion.contains} == {"2025-01"}
    # Q4390 came with October: pinned to January, it is not in the expansion.
    assert _codes(parse(fhir.get(EXPAND, {"filter": "Q4390", "system-version": pin}))) == []
    text = outcome(
        fhir.get(EXPAND, {"valueSetVersion": "2025-10", "check-system-version": pin}),
        422,
        "check-system-version",
    )
    assert "2025-01" in text and "2025-10" in text
    assert "1999-01" in outcome(
        fhir.get(EXPAND, {"system-version": f"{CANONICAL}|1999-01"}), 400, "system-version"
    )
    outcome(fhir.get(EXPAND, {"system-version": "2025-01"}), 400, "system-version")
    # A pin for another code system has nothing to apply to here.
    other = parse(fhir.get(EXPAND, {"filter": "A6549", "system-version": "http://loinc.org|2.77"}))
    assert {e.version for e in other.expansion.contains} == {"2026-07"}


def test_validate_and_lookup_honour_the_pins(fhir):
    pin = f"{CANONICAL}|2025-01"
    result, message, found = _validate(fhir, code="Q4390", **{"system-version": pin})
    assert result is False and "not in version 2025-01" in message
    result, _, found = _validate(
        fhir, code="Q4390", version="2025-10", **{"force-system-version": pin}
    )
    assert result is False and found["version"][0].valueString == "2025-01"
    result, message, found = _validate(
        fhir, code="E2601", version="2025-10", **{"check-system-version": pin}
    )
    assert result is False and "check-system-version" in message
    result, _, found = _validate(
        fhir, code="E2601", version="2025-01", **{"check-system-version": pin}
    )
    assert result is True
    result, _, found = _validate(fhir, code="E2601", **{"system-version": f"{CANONICAL}|1999-01"})
    assert result is False
    assert found["x-caused-by-unknown-system"][0].valueCanonical == f"{CANONICAL}|1999-01"
    # The CMS release's own label names the version too.
    result, _, found = _validate(
        fhir, code="A6549", **{"system-version": f"{CANONICAL}|2025 January"}
    )
    assert result is True and found["version"][0].valueString == "2025-01"
    model = parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "A6549", "system-version": pin}))
    assert params(model)["version"][0].valueString == "2025-01"
    assert params(model)["display"][0].valueString.endswith("not otherwise specified")


def test_batch_pins_apply_to_every_validation(fhir):
    def validation(code):
        return {
            "name": "validation",
            "resource": {
                "resourceType": "Parameters",
                "parameter": [{"name": "code", "valueCode": code}],
            },
        }

    response = post_parameters(
        fhir,
        BATCH,
        [
            {"name": "url", "valueUri": CANONICAL},
            {"name": "force-system-version", "valueUri": f"{CANONICAL}|2025-01"},
            validation("Q4390"),
            validation("E2601"),
        ],
    )
    answers = [params(p.resource) for p in parse(response).parameter]
    assert [a["result"][0].valueBoolean for a in answers] == [False, True]
    assert {a["version"][0].valueString for a in answers} == {"2025-01"}


# R4 OperationDefinitions CodeSystem-lookup, CodeSystem-validate-code, ValueSet-expand and
# ValueSet-validate-code are defined at the type and instance levels.
def test_instance_level_operations(fhir):
    found = params(parse(fhir.get("/fhir/CodeSystem/hcpcs/$validate-code", {"code": "E2601"})))
    assert found["result"][0].valueBoolean is True
    assert found["version"][0].valueString == "2026-07"
    old = parse(fhir.get("/fhir/CodeSystem/hcpcs-2025-01/$lookup", {"code": "A6549"}))
    assert params(old)["version"][0].valueString == "2025-01"
    found = params(
        parse(fhir.get("/fhir/CodeSystem/hcpcs-2025-01/$validate-code", {"code": "Q4390"}))
    )
    assert found["result"][0].valueBoolean is False
    response = post_parameters(
        fhir, "/fhir/CodeSystem/hcpcs/$lookup", [{"name": "code", "valueCode": "Q4390"}]
    )
    assert params(parse(response))["display"][0].valueString.startswith("Ascendion")
    model = parse(fhir.get("/fhir/ValueSet/hcpcs-2025-01/$expand", {"filter": "A6549"}))
    assert {e.version for e in model.expansion.contains} == {"2025-01"}
    found = params(
        parse(
            fhir.get(
                "/fhir/ValueSet/hcpcs-2025-01/$validate-code",
                {"system": CANONICAL, "code": "Q4390"},
            )
        )
    )
    assert found["result"][0].valueBoolean is False
    value_set = parse(fhir.get("/fhir/ValueSet/hcpcs"), resource_type="ValueSet")
    assert value_set.url == CANONICAL + "?fhir_vs" and value_set.version == "2026-07"
    assert "hcpcs-2025-01" in outcome(
        fhir.get("/fhir/CodeSystem/nope/$lookup", {"code": "E2601"}), 404
    )
    outcome(fhir.get("/fhir/ValueSet/nope/$expand"), 404)
    outcome(fhir.get("/fhir/ValueSet/nope"), 404)


# Every OperationDefinition the CapabilityStatement names resolves and parses.
def test_every_operation_definition_named_resolves(fhir):
    model = parse(fhir.get("/fhir/metadata"), resource_type="CapabilityStatement")
    definitions = [op.definition for r in model.rest[0].resource for op in r.operation or []]
    assert len(definitions) == 5
    local = [d for d in definitions if d.startswith("http://testserver/fhir/")]
    core = [d for d in definitions if d not in local]
    assert len(local) == 1
    assert all(d.startswith("http://hl7.org/fhir/OperationDefinition/") for d in core)
    for definition in local:
        found = parse(fhir.get(definition.removeprefix("http://testserver")))
        assert found.get_resource_type() == "OperationDefinition"
        assert found.url == definition and found.code == "batch-validate-code"
        assert {p.name for p in found.parameter} >= {"validation", "date", "url"}
    outcome(fhir.get("/fhir/OperationDefinition/nope"), 404)


def test_the_all_codes_value_set_of_a_version_by_url(fhir):
    """R4 canonical references: ``url|version`` names a version of the value set."""
    query = {"url": CANONICAL + "?fhir_vs|2025-01", "system": CANONICAL, "code": "Q4390"}
    found = params(parse(fhir.get("/fhir/ValueSet/$validate-code", query)))
    assert found["result"][0].valueBoolean is False
    assert "not in version 2025-01" in found["message"][0].valueString
    model = parse(fhir.get(EXPAND, {"url": CANONICAL + "?fhir_vs|2025-01", "filter": "A6549"}))
    assert {e.version for e in model.expansion.contains} == {"2025-01"}
