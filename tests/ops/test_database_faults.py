"""A database that is unreachable, refusing or hung: pages answer a friendly 503 and the API
a JSON 503, quickly (not after gunicorn's worker timeout); readiness says which dependency
failed; liveness does not depend on the database."""

from __future__ import annotations

import json
import tempfile
import time

import pytest

from tests.ops.servers import fetch, free_port, gunicorn, hung_listener, production_env

# Starts gunicorn for each fault (seconds each): left out of `make test-fast`.
pytestmark = pytest.mark.slow

PG_URL = "postgres://postgres@127.0.0.1:{port}/hcpcs"


def _assert_unavailable(port: int, limit: float) -> None:
    page = fetch(port, "/codes/Q4390/")
    assert page.status == 503
    assert b"Temporarily unavailable" in page.body
    assert page.seconds < limit

    api = fetch(port, "/api/v1/codes/Q4390/")
    assert api.status == 503
    assert api.headers["content-type"] == "application/json"
    assert json.loads(api.body)["failed"] == ["database"]
    assert api.seconds < limit

    ready = fetch(port, "/readyz")
    assert ready.status == 503
    body = json.loads(ready.body)
    assert body["failed"] == ["database"]
    assert body["checks"]["cache"]["ok"] is True
    assert ready.seconds < limit

    alive = fetch(port, "/healthz")
    assert alive.status == 200
    assert alive.body == b"ok"


@pytest.fixture(scope="module")
def refusing():
    """gunicorn on a PostgreSQL address where nothing listens (a start costs seconds of CPU:
    the tests that need this fault share one)."""
    refused = free_port()
    with gunicorn(production_env(DATABASE_URL=PG_URL.format(port=refused))) as port:
        yield port


# The tests of one server run on one xdist worker (--dist loadgroup), so it starts once.
SHARES_REFUSING = pytest.mark.xdist_group("refusing-database")


@SHARES_REFUSING
def test_database_refusing_connections_answers_503_within_a_second(refusing):
    _assert_unavailable(refusing, limit=1.0)


def test_database_hung_answers_503_within_a_second():
    """A server that accepts and never answers: libpq would wait its two-second floor; the
    backend's connect deadline ends the wait first."""
    with hung_listener() as hung:
        env = production_env(DATABASE_URL=PG_URL.format(port=hung))
        with gunicorn(env) as port:
            _assert_unavailable(port, limit=1.0)


def test_sqlite_database_that_cannot_be_opened_answers_503(tmp_path):
    url = f"sqlite:///{tmp_path}/missing-dir/db.sqlite3"
    with gunicorn(production_env(DATABASE_URL=url)) as port:
        _assert_unavailable(port, limit=1.0)


@SHARES_REFUSING
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_exempt_from_the_https_redirect(refusing, path):
    plain = fetch(refusing, path, headers={"X-Forwarded-Proto": "http"})
    assert plain.status in {200, 503}
    page = fetch(refusing, "/codes/", headers={"X-Forwarded-Proto": "http"})
    assert page.status == 301
    assert page.headers["location"] == "https://localhost/codes/"


@pytest.mark.postgres
def test_after_the_database_restarts_no_request_fails(transactional_db):
    """A restart ends every kept connection; each worker's next request must check its
    connection (CONN_HEALTH_CHECKS) and reconnect, not answer 500."""
    from django.db import connection

    from tests.conftest import load_bundled

    if connection.vendor != "postgresql":
        pytest.skip("ends the server's connections with pg_terminate_backend")
    load_bundled()
    name = connection.settings_dict["NAME"]
    env = production_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}")
    with gunicorn(env, workers=2) as port:
        for _ in range(6):  # both workers open and keep a connection
            assert fetch(port, "/api/v1/codes/Q4390/").status == 200
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT array_agg(pid) FROM pg_stat_activity WHERE datname = %s "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                [name],
            )
            ended = cursor.fetchone()[0]
            assert ended
            cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM unnest(%s) pid", [ended])
            # pg_terminate_backend only signals: the backends end (and say so on their
            # sockets) a moment later, as they have by the time a restarted server is back.
            deadline = time.monotonic() + 10
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [ended])
            while cursor.fetchone()[0] and time.monotonic() < deadline:
                time.sleep(0.02)
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [ended])
        statuses = [fetch(port, f"/api/v1/codes/?q=E01{n}").status for n in range(8)]
        assert statuses == [200] * 8
        assert fetch(port, "/readyz").status == 200


@pytest.mark.postgres
def test_a_quiet_kept_connection_passes_its_health_check_without_a_round_trip(db):
    """The health check of a kept connection reads the socket instead of querying when the
    server has said nothing (libpq's protocol trace shows no message either way); once the
    server has ended the connection, the check fails and Django reconnects."""
    from django.db import connection, connections

    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    with tempfile.TemporaryFile() as trace:
        pgconn.trace(trace.fileno())
        try:
            assert connection.is_usable()
        finally:
            pgconn.untrace()
        trace.seek(0)
        assert trace.read() == b""

    kept = connections.create_connection("default")
    try:
        kept.ensure_connection()
        assert kept.is_usable()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [kept.connection.info.backend_pid])
        deadline = time.monotonic() + 5
        while kept.is_usable() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not kept.is_usable()
    finally:
        kept.close()
