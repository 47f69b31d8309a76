"""Every public read sees one published state.

An answer reads the content version (the cache keys on it), the published releases and the
codes' versions and spans in several queries. A publish committing between two of them
would mix a new state with an old release list, so public GET and HEAD requests run in one
read transaction: on SQLite a transaction reads one snapshot; PostgreSQL's default READ
COMMITTED takes a new snapshot per statement, so the transaction asks for REPEATABLE READ.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse

from hcpcs_site.middleware import database_unavailable

log = logging.getLogger("hcpcs.db")

SKIPPED_PREFIXES = ("/admin/", "/static/", "/healthz", "/readyz")


class ConsistentReadMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
            return self.get_response(request)
        outermost = not connection.in_atomic_block
        try:
            # Inside an outer transaction (a test's) a savepoint would only add queries.
            with transaction.atomic(savepoint=outermost):
                if outermost and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                return self.get_response(request)
        except DatabaseError as exc:  # the connection, or the transaction itself, failed
            log.error("database unavailable: %s", exc)
            return database_unavailable(request)
