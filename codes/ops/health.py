"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from codes.timeline.currency import data_currency
from hcpcs_site.db import deadlines

log = logging.getLogger("hcpcs.health")


@never_cache
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no database, so a database outage does not
    get healthy processes restarted; also the trivial-view baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


# Readiness answers within this many seconds whatever the database does.
READY_WITHIN = 0.9


def _check_database() -> None:
    """A fresh connection answers a query, in a helper thread (its own connection, closed
    after) so that a database that hangs costs the probe its deadline, not a worker."""
    outcome: dict = {}
    timeout = getattr(settings, "DATABASE_QUERY_TIMEOUT", 0) or READY_WITHIN

    def probe() -> None:
        try:
            with deadlines.limited(timeout), connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            outcome["ok"] = True
        except Exception as error:  # noqa: BLE001 - handed to the waiting request
            outcome["error"] = error
        finally:
            connections["default"].close()

    helper = threading.Thread(target=probe, name="readiness-database", daemon=True)
    helper.start()
    helper.join(READY_WITHIN)
    if "error" in outcome:
        raise outcome["error"]
    if not outcome.get("ok"):
        raise TimeoutError(f"the database did not answer within {READY_WITHIN:g} s")


def _check_cache() -> None:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    cache.set("readyz:probe", 1, 5)
    if cache.get("readyz:probe") != 1:
        raise RuntimeError("the cache did not keep a value")


CHECKS = {"database": _check_database, "cache": _check_cache}
# Without these the instance cannot serve; without the others it serves, degraded.
REQUIRED = {"database"}


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
    """Readiness: can this instance serve? 503 when the database cannot answer (within a
    second, whatever it does), so the balancer stops sending traffic here. A cache outage
    does not stop it serving (the cache fails open): 200, ``"status": "degraded"``, with
    the cache named in ``degraded``. ``data`` says whether the published data is behind
    CMS's current quarter (null when the database is not ready); it does not change the
    status."""
    checks: dict[str, dict] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness: %s failed: %s", name, error)
            checks[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        else:
            checks[name] = {"ok": True}
        checks[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    failed = [name for name in REQUIRED if not checks[name]["ok"]]
    degraded = [name for name, r in checks.items() if not r["ok"] and name not in REQUIRED]
    status = "unavailable" if failed else ("degraded" if degraded else "ok")
    body = {
        "status": status,
        "failed": failed,
        "degraded": degraded,
        "checks": checks,
        "data": None if failed else _data_currency(),
    }
    return JsonResponse(body, status=503 if failed else 200)
