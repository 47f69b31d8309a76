"""Site-wide middleware: request ids, Permissions-Policy, the request-body cap, and a
friendly 503 when the database cannot be reached."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from hcpcs_site.logs import request_id

log = logging.getLogger("hcpcs.requests")

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def wants_json(request: HttpRequest) -> bool:
    """API clients get JSON errors; people get pages."""
    return request.path.startswith("/api/")


def wants_fhir(request: HttpRequest) -> bool:
    """FHIR clients get an OperationOutcome."""
    return request.path.startswith("/fhir/")


def error_response(
    request: HttpRequest, status: int, message: str, *, issue: str = "invalid", page: str = ""
) -> HttpResponse:
    """An error in the form the client reads: JSON on the API, an OperationOutcome on FHIR,
    the given page (or plain text) for people."""
    if wants_json(request):
        return JsonResponse({"detail": message}, status=status)
    if wants_fhir(request):
        outcome = {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": issue,
                    "details": {"text": message},
                    "diagnostics": message,
                }
            ],
        }
        return JsonResponse(outcome, status=status, content_type="application/fhir+json")
    if page:
        return HttpResponse(page, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestIdMiddleware:
    """Gives each request an id (the proxy's ``X-Request-ID`` when it sent a sane one), puts
    it on every log line and on the response, and logs one access line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses."""

    POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class BodySizeLimitMiddleware:
    """Refuses, with 413, request bodies over ``HCPCS_MAX_BODY_BYTES``, except on the CMS
    file upload pages (``HCPCS_UPLOAD_PATHS``), which take up to the upload limit, the
    batch validation page (``HCPCS_BATCH_UPLOAD_PATHS``, a batch file's size), and the
    FHIR batch operations (``HCPCS_BATCH_PATHS``), which take up to Django's own limit."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.uploads = [re.compile(p) for p in settings.HCPCS_UPLOAD_PATHS]
        self.batch_uploads = [re.compile(p) for p in settings.HCPCS_BATCH_UPLOAD_PATHS]
        self.batches = [re.compile(p) for p in settings.HCPCS_BATCH_PATHS]

    def limit_for(self, request: HttpRequest) -> int:
        if any(p.match(request.path) for p in self.uploads):
            return settings.HCPCS_MAX_UPLOAD_BYTES + 1024 * 1024
        if any(p.match(request.path) for p in self.batch_uploads):
            return settings.HCPCS_MAX_BATCH_UPLOAD_BYTES
        if any(p.match(request.path) for p in self.batches):
            return settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # the service checks its own limits
        return settings.HCPCS_MAX_BODY_BYTES

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self.limit_for(request)
        if length > limit:
            message = f"The request body is {length:,} bytes; this address takes at most {limit:,}."
            if wants_json(request):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with a page for people, JSON for the API and an OperationOutcome for FHIR;
    clients may retry shortly."""
    if wants_json(request):
        response = JsonResponse(
            {"detail": "The database is unavailable; try again shortly.", "failed": ["database"]},
            status=503,
        )
    else:
        response = error_response(
            request,
            503,
            "The database is unavailable; try again shortly.",
            issue="transient",
            page=render_to_string("503.html"),
        )
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A database that is down, refusing or hung answers 503 rather than 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, OperationalError | InterfaceError):
            log.error("database unavailable: %s", exception)
            return database_unavailable(request)
        return None
