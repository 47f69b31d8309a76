"""Django's PostgreSQL backend with a connect deadline shorter than libpq allows, and a
health check of kept connections that costs no round trip when the connection is quiet.

libpq and psycopg wait at least two seconds (their ``connect_timeout`` floor) for a server
that accepts the TCP connection and never answers. A request should get its 503 within a
second, so the connect runs in a helper thread and the request stops waiting at
``DATABASE_CONNECT_DEADLINE`` seconds; a connection that arrives after that is closed by the
helper, which itself gives up at ``connect_timeout``.

``CONN_HEALTH_CHECKS`` checks a kept connection before each request uses it, with a
``SELECT 1``: a round trip on every request, as long as the request's own queries on a
cached page. A server that ends a connection (a restart, ``pg_terminate_backend``) says so
on the socket, an error message and then end of file, while an idle healthy connection has
nothing to read. So a quiet socket is taken as healthy, and a readable one is checked with
the query as before.

Each query of a public request runs under the request's deadline (``deadlines``): the
server's ``statement_timeout``, set on the connection when it differs from what the
connection has, and a client-side watchdog that gives up on a server that does not answer
at all, half a second later.
"""

from __future__ import annotations

import select
import threading

import psycopg
from django.conf import settings
from django.db import OperationalError
from django.db.backends.postgresql import base

from hcpcs_site.db import deadlines


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._under_deadline)
        self._statement_timeout_ms: int | None = None  # as last set on this connection

    def get_new_connection(self, conn_params):
        self._statement_timeout_ms = None
        return self._connect(conn_params)

    def _under_deadline(self, execute, sql, params, many, context):
        seconds = deadlines.query_timeout.get()
        wanted_ms = int(seconds * 1000) if seconds else 0
        raw = self.connection
        if raw is None:
            return execute(sql, params, many, context)
        token = None
        if seconds:
            token = deadlines.watchdog.watch(raw.fileno(), seconds + deadlines.CLIENT_GRACE)
        try:
            if wanted_ms != (self._statement_timeout_ms or 0):
                # (Undone if the transaction it runs in rolls back; the watchdog still holds.)
                with self.wrap_database_errors, raw.cursor() as cursor:
                    cursor.execute(f"SET statement_timeout = {wanted_ms}")
                self._statement_timeout_ms = wanted_ms
            return execute(sql, params, many, context)
        except OperationalError as error:
            if token is not None and deadlines.watchdog.release(token):
                token = None
                raise OperationalError(
                    f"the database did not answer within {seconds + deadlines.CLIENT_GRACE:g} s"
                ) from error
            raise
        finally:
            if token is not None:
                deadlines.watchdog.release(token)

    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()

    def _connect(self, conn_params):
        deadline = getattr(settings, "DATABASE_CONNECT_DEADLINE", None)
        if not deadline or self.pool:
            return super().get_new_connection(conn_params)

        outcome: dict = {}
        lock = threading.Lock()
        connect = super().get_new_connection

        def attempt() -> None:
            try:
                connection = connect(conn_params)
            except Exception as error:  # handed to the waiting request below
                with lock:
                    outcome["error"] = error
                return
            with lock:
                if outcome.get("abandoned"):
                    connection.close()
                else:
                    outcome["connection"] = connection

        helper = threading.Thread(target=attempt, name="database-connect", daemon=True)
        helper.start()
        helper.join(deadline)
        with lock:
            if "connection" in outcome:
                return outcome["connection"]
            if "error" in outcome:
                raise outcome["error"]
            outcome["abandoned"] = True
        raise psycopg.OperationalError(
            f"the database server did not answer within {deadline:g} s "
            f"({conn_params.get('host')}:{conn_params.get('port')})"
        )
