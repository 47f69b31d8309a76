"""The OperationDefinition of this server's own operation, ``$batch-validate-code``.

The CapabilityStatement names the core definitions of ``$lookup``, ``$validate-code`` and
``$expand`` by their canonical hl7.org URLs (which resolve there), and this one by its
address here, ``OperationDefinition/CodeSystem-batch-validate-code``, which the server
answers.
"""

from __future__ import annotations

from codes.fhir import identity

BATCH_ID = "CodeSystem-batch-validate-code"


def _param(name: str, use: str, min_: int, max_: str, type_: str | None, doc: str, **more):
    out = {"name": name, "use": use, "min": min_, "max": max_, "documentation": doc}
    if type_:
        out["type"] = type_
    out.update(more)
    return out


def batch_validate_code(base: str) -> dict:
    validation_in = (
        "One code to validate: a Parameters resource holding the inputs of "
        "CodeSystem/$validate-code (code with url/system, version, display, date; or coding; "
        "or codeableConcept)."
    )
    return {
        "resourceType": "OperationDefinition",
        "id": BATCH_ID,
        "url": base + "OperationDefinition/" + BATCH_ID,
        "name": "BatchValidateCode",
        "title": "Validate many codes in one request",
        "status": "active",
        "kind": "operation",
        "publisher": identity.SOFTWARE_PUBLISHER,
        "description": (
            "CodeSystem/$validate-code for up to 10,000 codes at once (a claim's lines): one "
            "validation out for each validation in, in order. The request's own url/system, "
            "version, date and pins apply to every validation that does not give its own."
        ),
        "affectsState": False,
        "code": "batch-validate-code",
        "resource": ["CodeSystem"],
        "system": False,
        "type": True,
        "instance": False,
        "parameter": [
            _param("url", "in", 0, "1", "uri", "The code system, for every validation."),
            _param("system", "in", 0, "1", "uri", "Same as url."),
            _param("version", "in", 0, "1", "string", "The version, for every validation."),
            _param("date", "in", 0, "1", "dateTime", "The date of service, for every one."),
            _param("validation", "in", 1, "10000", "Parameters", validation_in),
            _param(
                "validation",
                "out",
                1,
                "*",
                "Parameters",
                "The $validate-code output for each validation, in order: result, message, "
                "issues, code, system, version, display, inactive.",
            ),
        ],
    }


def by_id(base: str) -> dict[str, dict]:
    return {BATCH_ID: batch_validate_code(base)}
