"""Every public view reads one published state.

A view reads the published releases and the codes' versions and spans in several queries. A
publish committing between two of them would mix a new state with an old release list, so
public GET and HEAD requests run their view in one read transaction: on SQLite a transaction
reads one snapshot; PostgreSQL's default READ COMMITTED takes a new snapshot per statement,
so the transaction is REPEATABLE READ. On SQLite it begins DEFERRED, not with the IMMEDIATE
that writes begin with (settings): an IMMEDIATE begin takes the write lock, so every page
waited for an import's write and readers queued behind one another. The page cache reads
the content version just before (outside the transaction, so a database that cannot answer
is answered 503 within its deadline); what is cached under that version is read from the
release list of the view's own snapshot, which a publish in between can only make newer.
"""

from __future__ import annotations

import contextlib
import logging

import psycopg
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
            # The level is set before the block opens the transaction and put back after it
            # ends; inside an outer transaction (a test's) a savepoint would only add queries.
            with _read_only(outermost), transaction.atomic(savepoint=outermost):
                return self.get_response(request)
        except DatabaseError as exc:  # the connection, or the transaction itself, failed
            log.error("database unavailable: %s", exc)
            return database_unavailable(request)


@contextlib.contextmanager
def _read_only(outermost: bool):
    """The transaction the block opens, as a read: SQLite's BEGIN DEFERRED takes no lock
    until the first read (a snapshot, never the write lock); on PostgreSQL it is REPEATABLE
    READ, which psycopg sends with BEGIN before the first statement (no round trip of its
    own). The connection's own mode or level is put back once the transaction has ended."""
    if not outermost:
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()  # connecting sets the mode from the settings
        previous_mode = connection.transaction_mode
        connection.transaction_mode = "DEFERRED"
        try:
            yield
        finally:
            connection.transaction_mode = previous_mode
        return
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.isolation_level
    raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        yield
    finally:
        if not raw.closed:
            with contextlib.suppress(psycopg.Error):
                raw.isolation_level = previous
