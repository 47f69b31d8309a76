"""Redis down, refusing or hung: pages and the API work uncached, within a second, and the
failure is logged; readiness names the cache as degraded and stays 200."""

from __future__ import annotations

import json
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.ops.servers import free_port, hung_listener

pytestmark = pytest.mark.usefixtures("bundled")


def _redis(port: int) -> dict:
    return _redis_at(f"redis://127.0.0.1:{port}/0")


def _redis_at(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "hcpcs_site.cache.FailOpenRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


URLS = [
    "/",
    "/codes/Q4390/",
    "/codes/?q=wheelchair",
    "/api/v1/codes/Q4390/",
    "/autocomplete/?q=whe",
]


@pytest.fixture(autouse=True)
def _warm(client, bundled):
    """Per-process start-up work (the typeahead's vocabulary) done once, so the timings
    below measure what a broken cache costs."""
    for url in URLS:
        client.get(url)


def _site_works_uncached(client, caplog) -> None:
    for url in URLS:
        started = time.perf_counter()
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert time.perf_counter() - started < 1.0, url
    assert "cache unavailable" in caplog.text
    # The site serves without its cache, so the instance stays in the balancer: 200, with
    # the cache named as degraded (issue 16; it answered 503 before).
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = json.loads(ready.content)
    assert body["status"] == "degraded"
    assert body["degraded"] == ["cache"] and body["failed"] == []


def test_redis_refusing_connections(client, caplog):
    with override_settings(CACHES=_redis(free_port())):
        _site_works_uncached(client, caplog)


def test_redis_hung(client, caplog):
    with hung_listener() as port, override_settings(CACHES=_redis(port)):
        _site_works_uncached(client, caplog)


def test_redis_up_is_used(client, redis_url):
    with override_settings(CACHES=_redis_at(redis_url)):
        cache.set("ops-test", 7, 10)
        assert cache.get("ops-test") == 7
        assert client.get("/readyz").status_code == 200
        cache.delete("ops-test")


def test_while_redis_is_down_what_a_request_caches_is_kept_in_memory(client, caplog):
    """An API page of 40 codes decodes each code's fields through the code tables, cached;
    with Redis down they were read from the database for every row (80 times, about a
    second a page). The fail-open cache keeps them in the process for a few seconds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with override_settings(CACHES=_redis(free_port())):
        client.get("/api/v1/codes/?q=E05")  # Redis found down here
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/codes/?q=E06").status_code == 200
    table_reads = [q for q in queries if "codes_pricingindicator" in q["sql"]]
    assert len(table_reads) <= 1, len(table_reads)
