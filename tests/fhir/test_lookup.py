"""CodeSystem/$lookup: GET and POST, versions, dates, properties, bad input."""

from __future__ import annotations

import pytest

from tests.fhir.conftest import CANONICAL, outcome, params, parse, post_parameters, properties

LOOKUP = "/fhir/CodeSystem/$lookup"


def test_lookup_q4390_returns_descriptions_and_decoded_properties(fhir):
    # Q4390 as the October 2025 file added it (January 2026 changed its description and
    # pricing indicator).
    query = {"system": CANONICAL, "code": "Q4390", "version": "2025-10"}
    model = parse(fhir.get(LOOKUP, query), 200, "Parameters")
    found = params(model)
    assert found["version"][0].valueString == "2025-10"
    assert found["display"][0].valueString == "Ascendion, per square centimeter"
    (designation,) = found["designation"]
    parts = {p.name: p for p in designation.part}
    assert parts["value"].valueString == "Ascendion per sq cm"
    assert parts["use"].valueCoding.code == "900000000000013009"
    props = properties(model)
    assert props["effectiveDate"] == [("2025-10-01", "ADD DT: Code Added Date")]
    assert "retirementDate" not in props
    assert props["actionCode"][0][0] == "A"
    assert props["actionCode"][0][1].startswith("ACTION CD: Add procedure")
    assert props["pricingIndicator"][0][0] == "51"
    assert "Drugs" in props["pricingIndicator"][0][1]
    assert props["coverage"][0][0] == "C"
    assert props["betos"][0][0] == "O1E"
    assert props["typeOfService"][0][0] == "1"
    assert props["status"][0][0] == "active"


def test_lookup_post_with_parameters_and_property_filter(fhir):
    response = post_parameters(
        fhir,
        LOOKUP,
        [
            {"name": "system", "valueUri": CANONICAL},
            {"name": "code", "valueCode": "J0135"},
            {"name": "property", "valueCode": "retirementDate"},
            {"name": "property", "valueCode": "status"},
        ],
    )
    model = parse(response, 200, "Parameters")
    props = properties(model)
    assert set(props) == {"retirementDate", "status"}
    assert props["retirementDate"][0][0] == "2024-12-31"
    assert props["status"][0][0] == "terminated"


def test_lookup_replacement_and_cpt_cross_reference(fhir):
    c9304 = properties(parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "C9304"})))
    assert c9304["replacedBy"][0][0] == "J7172"
    assert "CPT" not in c9304["replacedBy"][0][1]
    g0503 = properties(parse(fhir.get(LOOKUP, {"system": CANONICAL, "code": "G0503"})))
    assert ("99493", "XREF1: Cross Reference Code #1; not an HCPCS Level II code (CPT)") in (
        g0503["replacedBy"]
    )


def test_lookup_on_a_date_and_in_a_version(fhir):
    on_date = parse(fhir.get(LOOKUP, {"code": "J0135", "system": CANONICAL, "date": "2024-06-01"}))
    # The last loaded release on or before the day, and its file agrees: 2020 October.
    assert params(on_date)["version"][0].valueString == "2020-10"
    assert properties(on_date)["status"][0][0] == "active"
    # A4453's long description changed in October 2025: each version says what it said.
    old = parse(fhir.get(LOOKUP, {"code": "A4453", "system": CANONICAL, "version": "2025-01"}))
    new = parse(fhir.get(LOOKUP, {"code": "A4453", "system": CANONICAL, "version": "2025-10"}))
    old_display = params(old)["display"][0].valueString
    new_display = params(new)["display"][0].valueString
    assert old_display != new_display
    assert "manual pump-operated enema system" in old_display
    assert "transanal irrigation system" in new_display
    missing = fhir.get(LOOKUP, {"code": "Q4390", "system": CANONICAL, "version": "2025-01"})
    assert "2025-01" in outcome(missing, 404, "code")


def test_lookup_accepts_the_https_alias_and_a_coding(fhir):
    alias = CANONICAL.replace("http://", "https://")
    parse(fhir.get(LOOKUP, {"system": alias, "code": "Q4390"}))
    parse(fhir.get(LOOKUP, {"coding": f"{CANONICAL}|Q4390"}))
    response = post_parameters(
        fhir, LOOKUP, [{"name": "coding", "valueCoding": {"system": alias, "code": "Q4390"}}]
    )
    assert params(parse(response))["display"][0].valueString.startswith("Ascendion")


def test_unknown_code_is_404_and_case_matters(fhir):
    text = outcome(fhir.get(LOOKUP, {"system": CANONICAL, "code": "q4390"}), 404, "code")
    assert "Q4390" in text and "case-sensitive" in text
    outcome(fhir.get(LOOKUP, {"system": CANONICAL, "code": "Z9999"}), 404, "code")


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"system": CANONICAL}, "code", "missing"),
        ({"system": CANONICAL, "code": ""}, "code", "empty"),
        ({"system": "http://loinc.org", "code": "Q4390"}, "system", "Unknown code system"),
        ({"system": CANONICAL, "code": "Q4390", "version": "2019"}, "version", "2025-10"),
        ({"system": CANONICAL, "code": "Q4390", "date": "2025-13-01"}, "date", "YYYY-MM-DD"),
        ({"system": CANONICAL, "code": "Q4390", "date": "13/01/2025"}, "date", "YYYY-MM-DD"),
        ({"system": CANONICAL, "code": "Q4390", "property": "colour"}, "property", "colour"),
        ({"code": "Q4390", "coding": f"{CANONICAL}|Q4390"}, "coding", "only one"),
    ],
)
def test_bad_lookup_input_names_the_parameter(fhir, query, parameter, words):
    assert words in outcome(fhir.get(LOOKUP, query), 400, parameter)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("not json", "not JSON"),
        ('{"resourceType": "Patient"}', "not Patient"),
        ("[1, 2]", "Parameters resource"),
        ("", "empty"),
        ('{"resourceType": "Parameters", "parameter": {"name": "code"}}', "must be a list"),
    ],
)
def test_bad_parameters_body_is_a_400(fhir, body, words):
    response = fhir.post(LOOKUP, data=body, content_type="application/fhir+json")
    assert words in outcome(response, 400, "body")
