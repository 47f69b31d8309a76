"""Which answers the server cache may keep, under which key and for how long: decided here
and nowhere else (``caching.ReleaseCacheMiddleware`` asks).

Only what is the same for every anonymous visitor may be shared: an anonymous GET or HEAD
whose answer is a 200, carries no form token and sets no cookie. A page with a form that
posts (``/validate/``, the sign-in page) holds the visitor's CSRF token, and its cookie is
set after the cache has seen the answer (the CSRF middleware sits outside it): kept, it
would hand the first visitor's token to everyone else, whose submissions would then fail.
So form pages are never looked up or stored, and any answer that used a CSRF token is
refused as well, whatever its address.

Keys hold the content version and the day (so a publish or midnight moves every key) and a
normalised form of the address: the host, the path and the query parameters in sorted
order, so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry. Arbitrary query strings must not be
able to fill the cache: answers to a query are kept for minutes (``HCPCS_QUERY_CACHE_SECONDS``)
rather than a day, query strings longer than ``MAX_QUERY_CHARS`` are not kept at all, and
the Redis of the stack runs with ``maxmemory`` and an LRU policy (``deploy/stack.sh``).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Never looked up nor stored: the admin (its sign-in page included), static files
# (WhiteNoise), the probes, and the batch validation page, whose form posts.
UNCACHED_PREFIXES = ("/admin/", "/static/", "/healthz", "/readyz", "/validate/")
# Longer query strings are answered but not kept (real searches are far shorter).
MAX_QUERY_CHARS = 512


def _private(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def may_use_cache(request: HttpRequest) -> bool:
    """Whether the request may be answered from, or fill, the shared cache and HTTP caches."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(UNCACHED_PREFIXES)
        and not _private(request)
    )


def used_csrf_token(request: HttpRequest) -> bool:
    """The view rendered a form token (``get_token``), so its answer is this visitor's."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether an answer the view just gave may be kept and shared."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not used_csrf_token(request)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_CHARS
    )


def cache_key(request: HttpRequest, *, version: int, day: str, variant: str) -> str:
    """The one key scheme of every cached answer."""
    query = urlencode(sorted((k, v) for k, vs in request.GET.lists() for v in vs))
    # The host is part of it: pages and API answers carry absolute links.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(f"{version}|{day}|{variant}|{address}".encode()).hexdigest()
    return "page3:" + digest  # (body, headers, gzipped)


def lifetime(request: HttpRequest) -> int:
    """Seconds an answer is kept: a day for an address without a query, minutes for one
    with (searches: many distinct ones, each rarely asked again)."""
    if request.META.get("QUERY_STRING"):
        return settings.HCPCS_QUERY_CACHE_SECONDS
    return settings.HCPCS_PAGE_CACHE_SECONDS
