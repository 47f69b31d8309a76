"""Content negotiation and the JSON response of every FHIR endpoint.

The server speaks FHIR JSON only. ``application/fhir+json`` is the answer's content type;
``_format=json`` (or a JSON mime type) and ``Accept: application/json`` are honoured, the
latter answered as ``application/json`` for generic HTTP clients. Asking only for XML or
another format is a 406 with an OperationOutcome.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse

from codes.fhir.errors import FhirError

FHIR_JSON = "application/fhir+json"
PLAIN_JSON = "application/json"
_FORMATS = {"json", FHIR_JSON, PLAIN_JSON, "application/json+fhir", "text/json"}


def negotiate(request: HttpRequest) -> str:
    """The content type to answer with, or a 406 naming what was asked."""
    fmt = request.GET.get("_format")
    if fmt is not None:
        if fmt.split(";")[0].strip().lower() not in _FORMATS:
            raise FhirError(
                406,
                f"_format {fmt!r} is not served: this server speaks JSON only (_format=json).",
                "_format",
                "not-supported",
            )
        return FHIR_JSON
    accept = request.META.get("HTTP_ACCEPT", "").strip()
    if not accept:
        return FHIR_JSON
    types = {item.split(";")[0].strip().lower() for item in accept.split(",")}
    if types & {FHIR_JSON, "application/json+fhir", "*/*", "application/*"}:
        return FHIR_JSON
    if PLAIN_JSON in types:
        return PLAIN_JSON
    raise FhirError(
        406,
        f"Accept {accept!r} asks for a format this server does not serve: it answers "
        f"{FHIR_JSON} (or {PLAIN_JSON}).",
        "Accept",
        "not-supported",
    )


def fhir_response(
    resource: dict, *, status: int = 200, content_type: str = FHIR_JSON, pretty: bool = False
) -> HttpResponse:
    body = json.dumps(
        resource,
        ensure_ascii=False,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
    )
    return HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8")
