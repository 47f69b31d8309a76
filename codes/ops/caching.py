"""HTTP caching and the server-side page cache, both keyed to the published content.

Every public page and read-API answer depends only on the published content (its version,
``PublishedState.content_version``), on the day (a code's status "today"), and on the URL
(and, for the API, the format asked for). So:

- the ETag is ``W/"<version>-<day>[-<format>]"`` and Last-Modified is the later of the last
  change and today's midnight: a conditional GET is answered 304 before any view runs;
- ``Cache-Control: public, max-age`` lets browsers and a CDN keep the answer; the admin
  gets ``private, no-store``;
- the rendered answer is kept in the cache (Redis when ``CACHE_URL`` is set) under a key
  holding the version, so a publish on one instance is seen by every other on its next
  request, with nothing to invalidate. Text is kept gzipped (compressed once, not by the
  proxy on every request, and about a quarter of the size in the cache) and sent so to clients that
  accept gzip, which browsers and CDNs all do; others get it decompressed.

Which requests and answers may be cached, under which key and for how long, is decided in
``cache_policy``: anonymous GET/HEAD answers without a form token or a cookie, never the
forms. Requests that carry a session or messages cookie (a signed-in curator) skip both.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import logging
import math
import re
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from rest_framework.settings import api_settings

from codes.models import PublishedState
from codes.ops import cache_policy
from hcpcs_site.middleware import database_unavailable, error_response

log = logging.getLogger("hcpcs.cache")

# Response headers that belong to one request, not to the cached answer.
PER_REQUEST_HEADERS = {"x-request-id", "set-cookie", "date"}
# Answers kept gzipped: text of at least this many bytes (less gains nothing).
COMPRESSED_TYPES = (
    "text/",
    "application/json",
    "application/fhir+",
    "application/xml",
    "application/atom+xml",  # the release feeds
)
COMPRESS_FROM_BYTES = 200
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


NEGOTIATED_PREFIXES = ("/api/", "/fhir/")


def _variant(request: HttpRequest) -> str:
    """The representation asked for: the API and the FHIR service answer by format (JSON,
    FHIR JSON or XML, the browsable HTML); pages do not."""
    if not request.path.startswith(NEGOTIATED_PREFIXES):
        return ""
    fmt = request.GET.get("format") or request.GET.get("_format") or ""
    accept = request.headers.get("Accept", "")
    digest = hashlib.sha256(f"{fmt}|{accept}".encode()).hexdigest()[:12]
    return digest


def throttle_wait(request: HttpRequest) -> int | None:
    """Seconds to wait when the client is over the API's rates (the same classes, rates and
    counters as the DRF views), else None: for answers served without reaching a DRF view,
    from the cache or by the FHIR service. Counted as the user the request carries (cached
    requests carry no session, so they are anonymous)."""
    client = SimpleNamespace(user=getattr(request, "user", AnonymousUser()), META=request.META)
    waits = []
    for throttle_class in api_settings.DEFAULT_THROTTLE_CLASSES:
        throttle = throttle_class()
        if not throttle.allow_request(client, None):
            waits.append(throttle.wait() or 1)
    return math.ceil(max(waits)) if waits else None


def throttled_response(request: HttpRequest, seconds: int) -> HttpResponse:
    """429 with Retry-After: JSON on the API, an OperationOutcome on FHIR."""
    message = f"Request was throttled. Expected available in {seconds} seconds."
    response = error_response(request, 429, message, issue="throttled")
    response["Retry-After"] = str(seconds)
    return response


def api_throttled(request: HttpRequest) -> HttpResponse | None:
    seconds = throttle_wait(request)
    return throttled_response(request, seconds) if seconds else None


def _kept(content: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str], bool]:
    """What the cache keeps of an answer: (body, headers, whether the body is gzipped)."""
    kind = headers.get("Content-Type", "")
    if (
        len(content) >= COMPRESS_FROM_BYTES
        and kind.startswith(COMPRESSED_TYPES)
        and "Content-Encoding" not in headers
    ):
        return gzip.compress(content, compresslevel=6, mtime=0), headers, True
    return content, headers, False


class ReleaseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.max_age = settings.HCPCS_PUBLIC_MAX_AGE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/"):
            response = self.get_response(request)
            response["Cache-Control"] = "private, no-store"
            return response
        if not cache_policy.may_use_cache(request):
            response = self.get_response(request)
            if cache_policy.used_csrf_token(request):
                # A page with this visitor's form token: no browser or CDN may share it.
                response["Cache-Control"] = "private, no-store"
            return response
        try:
            version, changed_at = PublishedState.objects.current()
        except DatabaseError as error:
            # Down, refusing or hung (after the connect timeout): answer now, not again in
            # the view after another timeout.
            log.error("database unavailable: %s", error)
            return database_unavailable(request)
        request.content_version = version
        day = timezone.localdate()
        variant = _variant(request)
        etag = f'W/"{version}-{day.isoformat()}{"-" + variant if variant else ""}"'
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        last_modified = max(changed_at or midnight, midnight)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp())
        )
        if not_modified is not None:
            return self._headers(not_modified, etag, last_modified, variant)

        key = cache_policy.cache_key(request, version=version, day=day.isoformat(), variant=variant)
        cached = cache.get(key)
        if cached is not None:
            if request.path.startswith(NEGOTIATED_PREFIXES) and (
                throttled := api_throttled(request)
            ):
                return throttled
            response = self._rebuild(cached, request)
            response["X-Cache"] = "hit"
            return self._headers(response, etag, last_modified, variant)

        response = self.get_response(request)
        if not cache_policy.may_store(request, response):
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            response = self._headers(response, etag, last_modified, variant)
            if cache_policy.used_csrf_token(request):
                # This visitor's form token (the browsable API): their browser may keep and
                # revalidate it, no shared cache may.
                response["Cache-Control"] = "private, no-cache"
            return response
        # The public views answer HEAD as GET (require_safe), so either fills the cache.
        if callable(getattr(response, "render", None)):
            response.render()
        headers = {k: v for k, v in response.items() if k.lower() not in PER_REQUEST_HEADERS}
        kept = _kept(response.content, headers)
        cache.set(key, kept, cache_policy.lifetime(request))
        if request.method == "HEAD":
            response = self._rebuild(kept, request)
        response["X-Cache"] = "miss"
        return self._headers(response, etag, last_modified, variant)

    @staticmethod
    def _rebuild(cached: tuple[bytes, dict, bool], request: HttpRequest) -> HttpResponse:
        content, headers, gzipped = cached
        if gzipped and not ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            content, gzipped = gzip.decompress(content), False
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers.items():
            response[name] = value
        if gzipped:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(content))
        return response

    def _headers(
        self, response: HttpResponse, etag: str, last_modified: datetime.datetime, variant: str
    ) -> HttpResponse:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = f"public, max-age={self.max_age}"
        if variant:
            patch_vary_headers(response, ["Accept"])
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
