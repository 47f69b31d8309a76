"""The FHIR endpoints: plain Django views around the operations.

``fhir_view`` gives every endpoint the same frame: the methods it allows (405 otherwise),
content negotiation (406), and any ``FhirError`` turned into an OperationOutcome with its
status. Nothing under /fhir/ writes: the operations are read-only computations, so every
endpoint is exempt from CSRF (an integrator's client has no session or token), and a POST
to a read-only address gets its 405 OperationOutcome rather than CSRF's 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from codes.fhir import identity, operations, resources
from codes.fhir.errors import FhirError, bad_parameter, not_found, outcome_for
from codes.fhir.expand import expand
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Inputs
from codes.fhir.lookup import lookup
from codes.fhir.responses import FHIR_JSON, fhir_response, negotiate
from codes.fhir.validate import batch_validate_code, validate_code
from codes.ops.caching import throttle_wait, throttled_response

View = Callable[..., dict]


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir/")


def _versions(request: HttpRequest) -> Versions:
    """The published versions, as of the content version the request is served for."""
    return Versions(content_version=getattr(request, "content_version", None))


def fhir_view(*methods: str) -> Callable[[View], Callable[..., HttpResponse]]:
    def decorate(view: View) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            pretty = request.GET.get("_pretty") == "true"
            content_type = FHIR_JSON
            # Throttled like the API: the same rates and counters, by client address.
            if seconds := throttle_wait(request):
                return throttled_response(request, seconds)
            try:
                content_type = negotiate(request)
                if request.method not in methods:
                    raise FhirError(
                        405,
                        f"{request.method} is not supported here; use "
                        + " or ".join(methods)
                        + ".",
                        None,
                        "not-supported",
                    )
                resource = view(request, *args, **kwargs)
            except FhirError as error:
                response = fhir_response(
                    outcome_for(error),
                    status=error.status,
                    content_type=content_type,
                    pretty=pretty,
                )
                if error.status == 405:
                    response["Allow"] = ", ".join(methods)
                return response
            return fhir_response(resource, content_type=content_type, pretty=pretty)

        return wrapper

    return decorate


@fhir_view("GET")
def metadata(request: HttpRequest) -> dict:
    mode = request.GET.get("mode")
    if mode == "terminology":
        return resources.terminology_capabilities(_base(request), _versions(request))
    if mode not in (None, "full", "normative"):
        raise bad_parameter("mode", f"Unknown mode {mode!r}: use full or terminology.")
    return resources.capability_statement(_base(request))


@fhir_view("GET")
def code_system_search(request: HttpRequest) -> dict:
    versions = _versions(request)
    url = request.GET.get("url")
    wanted_version = request.GET.get("version")
    found = []
    if url is None or url.strip() in identity.ALIASES:
        for version in versions.all:
            if wanted_version in (None, version.label):
                found.append(resources.code_system(version, latest=False))
    return resources.searchset(_base(request), request.build_absolute_uri(), found)


@fhir_view("GET")
def code_system_read(request: HttpRequest, resource_id: str) -> dict:
    versions = _versions(request)
    if resource_id == identity.CODE_SYSTEM_ID and versions.latest:
        return resources.code_system(versions.latest, latest=True)
    for version in versions.all:
        if resource_id == version.resource_id:
            return resources.code_system(version, latest=False)
    raise not_found(
        f"No CodeSystem/{resource_id}: this server has CodeSystem/{identity.CODE_SYSTEM_ID} "
        "(the latest) and " + ", ".join(f"CodeSystem/{v.resource_id}" for v in versions.all) + "."
    )


def _instance(versions: Versions, resource_type: str, resource_id: str) -> Version | None:
    """The version ``{resource_type}/{resource_id}`` names: ``hcpcs`` the latest (None: no
    pin), ``hcpcs-2025-01`` that version; a 404 for any other id."""
    if resource_id == identity.CODE_SYSTEM_ID and versions.latest:
        return None
    for version in versions.all:
        if resource_id == version.resource_id:
            return version
    raise not_found(
        f"No {resource_type}/{resource_id}: this server has {resource_type}/"
        f"{identity.CODE_SYSTEM_ID} (the latest) and "
        + ", ".join(f"{resource_type}/{v.resource_id}" for v in versions.all)
        + "."
    )


def _operation(
    run: Callable[..., dict], *methods: str, resource_type: str = "CodeSystem"
) -> Callable[..., HttpResponse]:
    """An operation's endpoint: its inputs from the query string or a Parameters body; at
    the instance level (``CodeSystem/{id}/$op``), the version the id names."""

    @fhir_view(*methods)
    def view(request: HttpRequest, resource_id: str | None = None) -> dict:
        versions = _versions(request)
        inputs = Inputs.from_request(request)
        if resource_id is None:
            return run(inputs, versions=versions)
        instance = _instance(versions, resource_type, resource_id)
        return run(inputs, versions=versions, instance=instance)

    view.__name__ = view.__qualname__ = getattr(run, "__name__", "operation")
    return view


code_system_lookup = _operation(lookup, "GET", "POST")
code_system_validate_code = _operation(partial(validate_code, value_set=False), "GET", "POST")
code_system_batch_validate_code = _operation(batch_validate_code, "POST")
value_set_validate_code = _operation(
    partial(validate_code, value_set=True), "GET", "POST", resource_type="ValueSet"
)
value_set_expand = _operation(expand, "GET", "POST", resource_type="ValueSet")


@fhir_view("GET")
def value_set_read(request: HttpRequest, resource_id: str) -> dict:
    versions = _versions(request)
    version = _instance(versions, "ValueSet", resource_id) or versions.latest
    return resources.all_codes_value_set(version, latest=version == versions.latest)


@fhir_view("GET")
def operation_definition_read(request: HttpRequest, resource_id: str) -> dict:
    found = operations.by_id(_base(request)).get(resource_id)
    if found is None:
        raise not_found(
            f"No OperationDefinition/{resource_id}: this server defines "
            + ", ".join(f"OperationDefinition/{i}" for i in operations.by_id(""))
            + "; the core operations are defined at hl7.org."
        )
    return found


@fhir_view("GET", "POST", "PUT", "DELETE", "PATCH")
def unknown(request: HttpRequest, path: str) -> dict:
    raise not_found(
        f"Nothing at /fhir/{path}: this server has metadata, CodeSystem (read, search, "
        "$lookup, $validate-code, $batch-validate-code), ValueSet (read, $expand, "
        "$validate-code) and OperationDefinition (read)."
    )
