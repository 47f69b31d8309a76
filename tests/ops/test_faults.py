"""Faults of PostgreSQL and Redis, injected by a TCP proxy (``faultproxy``) between the app
and each of them, against gunicorn with the production settings (one worker, so its kept
connections are the ones the fault hits):

- a database that hangs on a kept connection costs one request about two seconds and a
  503 (a page, JSON on the API, an OperationOutcome on FHIR), not gunicorn's 30 s kill;
- readiness fails within a second whatever the database does, and stays 200 ("degraded")
  when only the cache is down;
- a database that refuses answers 503 within a second; one that drops every connection (a
  restart) costs at most one failed request.
"""

from __future__ import annotations

import json

import pytest

from tests.ops.faultproxy import fault_proxy
from tests.ops.servers import fetch, gunicorn, production_env

pytestmark = [pytest.mark.postgres, pytest.mark.faults]

HUNG_QUERY_LIMIT = 2.6  # DB_QUERY_TIMEOUT 1.5 s + the client's 0.5 s grace, and the rest
PAGES = ["/releases/", "/api/v1/codes/?q=E01", "/fhir/CodeSystem/$lookup?code=Q4390"]


@pytest.fixture
def stack(db):
    """gunicorn (production settings, one worker) reaching PostgreSQL and Redis through a
    fault proxy each; yields (port, database proxy, cache proxy)."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    with fault_proxy("127.0.0.1", 5432) as db, fault_proxy("127.0.0.1", 6379) as redis:
        env = production_env(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{db.port}/{name}",
            CACHE_URL=f"redis://127.0.0.1:{redis.port}/9",
        )
        with gunicorn(env, workers=1) as port:
            for path in PAGES:  # the worker opens and keeps its connections
                assert fetch(port, path).status in (200, 404), path
            yield port, db, redis


def _assert_database_unavailable(port: int, limit: float) -> None:
    page = fetch(port, "/releases/")
    assert page.status == 503 and page.seconds < limit, (page.status, page.seconds)
    assert b"Temporarily unavailable" in page.body
    api = fetch(port, "/api/v1/codes/?q=E01")
    assert api.status == 503 and api.seconds < limit, (api.status, api.seconds)
    assert json.loads(api.body)["failed"] == ["database"]
    fhir = fetch(port, "/fhir/CodeSystem/$lookup?code=Q4390")
    assert fhir.status == 503 and fhir.seconds < limit, (fhir.status, fhir.seconds)
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    assert json.loads(fhir.body)["resourceType"] == "OperationOutcome"


def _assert_not_ready_within_a_second(port: int) -> None:
    ready = fetch(port, "/readyz")
    assert ready.status == 503 and ready.seconds < 1.0, (ready.status, ready.seconds)
    body = json.loads(ready.body)
    assert body["status"] == "unavailable" and body["failed"] == ["database"]
    assert fetch(port, "/healthz").status == 200


def test_a_database_hung_on_a_kept_connection_costs_about_two_seconds(stack):
    port, db, _ = stack
    db.set("stall")
    first = fetch(port, "/releases/")  # on the kept connection: the query deadline
    assert first.status == 503 and first.seconds < HUNG_QUERY_LIMIT, (first.status, first.seconds)
    _assert_database_unavailable(port, HUNG_QUERY_LIMIT)
    _assert_not_ready_within_a_second(port)
    db.set("pass")
    assert fetch(port, "/releases/").status == 200
    assert fetch(port, "/readyz").status == 200


def test_a_database_refusing_connections_answers_503_within_a_second(stack):
    port, db, _ = stack
    db.set("drop")
    db.set("refuse")
    _assert_database_unavailable(port, 1.0)
    _assert_not_ready_within_a_second(port)


def test_a_database_restart_costs_at_most_one_failed_request(stack):
    port, db, _ = stack
    db.set("drop")  # every kept connection reset, as a restart does
    statuses = [fetch(port, path).status for path in PAGES * 3]
    assert sum(status >= 500 for status in statuses) <= 1, statuses


@pytest.mark.parametrize("fault", ["stall", "refuse"])
def test_a_cache_outage_is_degraded_not_unready(stack, fault):
    port, _, redis = stack
    redis.set("drop")
    redis.set(fault)
    ready = fetch(port, "/readyz")
    assert ready.status == 200 and ready.seconds < 1.0, (ready.status, ready.seconds)
    body = json.loads(ready.body)
    assert body["status"] == "degraded" and body["degraded"] == ["cache"]
    assert body["failed"] == []
    for path in PAGES:
        fetch(port, path)  # the first uncached answer in this worker builds what it keeps
        answer = fetch(port, path)
        assert answer.status in (200, 404) and answer.seconds < 1.5, (path, answer.status)
