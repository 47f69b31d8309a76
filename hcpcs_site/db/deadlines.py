"""How long a query may take, per request: short for the public site, unbounded for the
admin and management commands (an import or a publish runs long statements on purpose).

``QueryDeadlineMiddleware`` sets the deadline for each public request; the PostgreSQL
backend (``hcpcs_site.db.postgresql``) applies it twice: as the server's
``statement_timeout`` (a slow query is cancelled by a healthy server, and the connection
stays usable), and, half a second later, on the client's side (a hung server, or a network
that drops packets, cancels nothing: the connection's socket is shut down, the query fails
at once with OperationalError, and the request answers 503).
"""

from __future__ import annotations

import contextvars
import os
import socket
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Seconds a query may run in the current context; None: no limit.
query_timeout: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "query_timeout", default=None
)
# The client stops waiting this long after the server should have cancelled the query.
CLIENT_GRACE = 0.5
# How often the watchdog looks at the deadlines (so one may be overrun by this much).
TICK = 0.2


@contextmanager
def limited(seconds: float | None):
    token = query_timeout.set(seconds)
    try:
        yield
    finally:
        query_timeout.reset(token)


class QueryDeadlineMiddleware:
    """Public requests' queries run under ``DATABASE_QUERY_TIMEOUT``; the admin's do not."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = getattr(settings, "DATABASE_QUERY_TIMEOUT", 0) or None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.seconds is None or request.path.startswith("/admin/"):
            return self.get_response(request)
        with limited(self.seconds):
            return self.get_response(request)


class Watchdog:
    """One thread per process that shuts down the sockets of queries past their deadline.

    Shutting a socket down (not closing it: psycopg still owns the descriptor) wakes the
    blocked read with end of file, so the query fails at once and the connection is known
    broken; Django then discards it at the end of the request.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._watched: dict[int, tuple[float, int]] = {}
        self._next = 0
        self._thread: threading.Thread | None = None
        self.expired: set[int] = set()

    def watch(self, fd: int, seconds: float) -> int:
        with self._lock:
            self._next += 1
            token = self._next
            self._watched[token] = (time.monotonic() + seconds, fd)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="query-deadline", daemon=True
                )
                self._thread.start()
            # No wake-up per query (a thread switch each): the watchdog looks every TICK.
            return token

    def release(self, token: int) -> bool:
        """Stop watching; True if the deadline had passed and the socket was shut down."""
        with self._lock:
            self._watched.pop(token, None)
            if token in self.expired:
                self.expired.discard(token)
                return True
            return False

    def _run(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                due = [t for t, (deadline, _) in self._watched.items() if deadline <= now]
                for token in due:
                    _, fd = self._watched.pop(token)
                    self.expired.add(token)
                    _shut_down(fd)
                soonest = min((d for d, _ in self._watched.values()), default=now + TICK)
                self._wake.wait(timeout=min(max(soonest - now, 0.01), TICK))


def _shut_down(fd: int) -> None:
    try:
        duplicate = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


watchdog = Watchdog()
