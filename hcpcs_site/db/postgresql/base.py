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
"""

from __future__ import annotations

import select
import threading

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()

    def get_new_connection(self, conn_params):
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
