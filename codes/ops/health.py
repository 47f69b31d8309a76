"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from codes.timeline.currency import data_currency

log = logging.getLogger("hcpcs.health")


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no database, so a database outage does not
    get healthy processes restarted; also the trivial-view baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    cache.set("readyz:probe", 1, 5)
    if cache.get("readyz:probe") != 1:
        raise RuntimeError("the cache did not keep a value")


CHECKS = {"database": _check_database, "cache": _check_cache}


def _data_currency() -> dict | None:
    """Whether the newest published release is of CMS's current quarter: reported, never a
    reason to be unready (an instance serving last quarter's codes still serves them)."""
    try:
        return data_currency().as_json()
    except Exception as error:  # noqa: BLE001 - the probe answers whatever this costs
        log.warning("readiness: the data currency could not be read: %s", error)
        return None


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database and the cache answer (each with its short timeouts). 503 with
    a JSON body naming what failed, so the balancer stops sending traffic here. ``data``
    says whether the published data is behind CMS's current quarter (null when the database
    is not ready); it does not change the status."""
    checks: dict[str, dict] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness: %s failed: %s", name, error)
            checks[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
            if name == "database":
                connection.close_if_unusable_or_obsolete()
        else:
            checks[name] = {"ok": True}
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    failed = [name for name, result in checks.items() if not result["ok"]]
    body = {
        "status": "unavailable" if failed else "ok",
        "failed": failed,
        "checks": checks,
        "data": None if "database" in failed else _data_currency(),
    }
    return JsonResponse(body, status=503 if failed else 200)
