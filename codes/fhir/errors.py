"""FHIR errors: an OperationOutcome and the HTTP status it goes with.

Every bad input raises ``FhirError`` naming the parameter (as the outcome's ``expression``)
and saying why; the view turns it into the response, so no bad input becomes a 500.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FhirError(Exception):
    """A request the server cannot answer: 400 bad parameter, 404 unknown resource or code,
    405 unsupported method, 406 unsupported format, 413 too many items."""

    status: int
    message: str
    parameter: str | None = None
    # An OperationOutcome issue type (http://hl7.org/fhir/issue-type).
    code: str = "invalid"

    def __str__(self) -> str:
        return self.message


def bad_parameter(parameter: str, message: str) -> FhirError:
    return FhirError(400, message, parameter, "invalid")


def not_found(message: str, parameter: str | None = None) -> FhirError:
    return FhirError(404, message, parameter, "not-found")


def operation_outcome(
    message: str, *, code: str = "invalid", parameter: str | None = None, severity="error"
) -> dict:
    issue = {
        "severity": severity,
        "code": code,
        "details": {"text": message},
        "diagnostics": message,
    }
    if parameter:
        issue["expression"] = [parameter]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def outcome_for(error: FhirError) -> dict:
    return operation_outcome(error.message, code=error.code, parameter=error.parameter)
