"""CodeSystem/$validate-code and ValueSet/$validate-code: dates of service by the site's
validity rule, displays, case, versions, bad input."""

from __future__ import annotations

import pytest

from tests.fhir.conftest import CANONICAL, outcome, params, parse, post_parameters

VALIDATE = "/fhir/CodeSystem/$validate-code"
VS_VALIDATE = "/fhir/ValueSet/$validate-code"


def _validate(fhir, **query):
    model = parse(fhir.get(VALIDATE, {"url": CANONICAL, **query}), 200, "Parameters")
    found = params(model)
    message = found["message"][0].valueString if "message" in found else None
    return found["result"][0].valueBoolean, message, found


def test_j0135_valid_in_2024_and_not_after_its_termination(fhir):
    result, message, found = _validate(fhir, code="J0135", date="2024-06-01")
    assert result is True
    assert "last valid day 2024-12-31" in message
    assert found["display"][0].valueString == "Injection, adalimumab, 20 mg"
    # The last loaded release before the day (2020 October, no TERM DT yet) speaks for it.
    assert found["version"][0].valueString == "2020-10"
    assert found["system"][0].valueUri == CANONICAL
    assert found["code"][0].valueCode == "J0135"
    result, message, _ = _validate(fhir, code="J0135", date="2025-02-01")
    assert result is False
    assert "last valid day 2024-12-31" in message


def test_c9304_valid_between_loaded_releases_and_replaced_after(fhir):
    result, message, found = _validate(fhir, code="C9304", date="2025-05-15")
    assert result is True
    assert "2025-06-30" in message
    assert found["display"][0].valueString == "Injection, marstacimab-hncq, 0.5 mg"
    assert found["version"][0].valueString == "2025-10"  # C9304 came in with October
    result, message, _ = _validate(fhir, code="C9304", date="2025-07-15")
    assert result is False
    assert "last valid day 2025-06-30" in message and "J7172" in message


def test_q4390_not_yet_effective_then_valid(fhir):
    result, message, _ = _validate(fhir, code="Q4390", date="2025-06-30")
    assert result is False and "not yet effective" in message and "2025-10-01" in message
    result, message, found = _validate(fhir, code="Q4390", date="2025-11-01")
    assert result is True and message is None
    assert found["version"][0].valueString == "2025-10"


def test_codes_are_case_sensitive(fhir):
    result, message, _ = _validate(fhir, code="q4390")
    assert result is False
    assert "did you mean Q4390" in message
    result, message, _ = _validate(fhir, code="ZZZZZ")
    assert result is False and "Unknown code" in message and "did you mean" not in message


def test_a_wrong_display_is_false_and_names_the_right_one(fhir):
    result, message, _ = _validate(fhir, code="Q4390", date="2025-11-01", display="Skin graft")
    assert result is False
    assert "'Ascendion, per square centimeter'" in message
    for right in ("Ascendion, per square centimeter", "ascendion per sq cm"):
        assert _validate(fhir, code="Q4390", date="2025-11-01", display=right)[0] is True


def test_a_version_without_the_code_is_false(fhir):
    result, message, found = _validate(fhir, code="Q4390", version="2025-01")
    assert result is False and "2025-01" in message
    # A6549's description changed in October 2025; each version checks its own display.
    old = "Gradient compression garment, not otherwise specified"
    result, _, found = _validate(fhir, code="A6549", version="2025-01", display=old)
    assert result is True
    assert found["version"][0].valueString == "2025-01"
    assert found["display"][0].valueString == old
    result, message, _ = _validate(fhir, code="A6549", version="2025-10", display=old)
    assert result is False and "for daytime use" in message


def test_post_with_coding_and_codeable_concept(fhir):
    coding = {"system": CANONICAL.replace("http://", "https://"), "code": "C9304"}
    response = post_parameters(
        fhir,
        VALIDATE,
        [{"name": "coding", "valueCoding": coding}, {"name": "date", "valueDate": "2025-05-15"}],
    )
    assert params(parse(response))["result"][0].valueBoolean is True
    concept = {
        "coding": [
            {"system": "http://www.ama-assn.org/go/cpt", "code": "99213"},
            {"system": CANONICAL, "code": "J0135"},
        ]
    }
    response = post_parameters(
        fhir,
        VALIDATE,
        [
            {"name": "codeableConcept", "valueCodeableConcept": concept},
            {"name": "date", "valueDate": "2024-06-01"},
        ],
    )
    found = params(parse(response))
    assert found["result"][0].valueBoolean is True
    assert found["code"][0].valueCode == "J0135"


def test_value_set_validate_code_on_the_all_codes_value_set(fhir):
    query = {"url": CANONICAL + "?fhir_vs", "system": CANONICAL, "code": "J0135"}
    found = params(parse(fhir.get(VS_VALIDATE, {**query, "date": "2024-06-01"})))
    assert found["result"][0].valueBoolean is True
    found = params(parse(fhir.get(VS_VALIDATE, {**query, "date": "2025-02-01"})))
    assert found["result"][0].valueBoolean is False
    outcome(fhir.get(VS_VALIDATE, {**query, "url": "http://example.org/vs"}), 400, "url")


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"url": CANONICAL}, "code", "missing"),
        ({"url": CANONICAL, "code": "Q4390", "coding": f"{CANONICAL}|Q4390"}, "coding", "only"),
        ({"url": CANONICAL, "code": "Q4390", "date": "2025-13-01"}, "date", "YYYY-MM-DD"),
        ({"url": CANONICAL, "codeableConcept": "x"}, "codeableConcept", "POST"),
        # An unknown system or version is no longer a 400 but the tx-ecosystem's 200 with
        # result false: tests/fhir/test_tx_ecosystem.py.
    ],
)
def test_bad_validate_input_names_the_parameter(fhir, query, parameter, words):
    assert words in outcome(fhir.get(VALIDATE, query), 400, parameter)


def test_bad_validate_body_is_a_400(fhir):
    response = fhir.post(VALIDATE, data="{oops", content_type="application/fhir+json")
    assert "not JSON" in outcome(response, 400, "body")
    response = post_parameters(fhir, VALIDATE, [{"name": "code"}])
    assert "string" in outcome(response, 400, "code")
