"""What the results page keeps between requests: the filter controls, per content version
and filter values; and what gunicorn's master builds before it forks the workers
(``codes.search.warmup``)."""

from __future__ import annotations

import logging
import threading

from django.db import connection

from codes.models import BetosCode
from codes.releases import curation
from codes.search import warmup
from codes.search.backends import sqlite as sqlite_backend


def _option(page: bytes, value: str) -> str:
    start = page.index(f'<option value="{value}"'.encode())
    return page[start : page.index(b"</option>", start)].decode()


def test_kept_controls_follow_the_chosen_filter(bundled, client):
    chosen = client.get("/codes/?q=wheelchair&betos=D1F").content
    assert "selected" in _option(chosen, "D1F")
    other = client.get("/codes/?q=wheelchair&betos=D1D").content
    assert "selected" not in _option(other, "D1F")
    assert "selected" in _option(other, "D1D")
    again = client.get("/codes/?q=cushion&betos=D1F").content
    assert "selected" in _option(again, "D1F")


def test_kept_controls_show_a_reference_table_edit_at_once(
    bundled, client, admin_user, django_capture_on_commit_callbacks
):
    assert "Renamed for the test" not in _option(client.get("/codes/?q=walker").content, "D1F")
    entry = BetosCode.objects.get(code="D1F")
    entry.description = "Renamed for the test"
    with django_capture_on_commit_callbacks(execute=True):
        curation.reference_save(instance=entry, user=admin_user, reason="test")
    # Same filter values, a new content version: the options are drawn again.
    assert "Renamed for the test" in _option(client.get("/codes/?q=walker").content, "D1F")


def test_warm_builds_the_search_state_and_closes_the_connection(bundled, caplog):
    """Run in a thread of its own, outside the test's transaction, as in gunicorn's master."""
    sqlite_backend.forget_vocabulary()
    seen = {}

    def master() -> None:
        warmup.warm()
        # (SQLite's in-memory test database is shared by every thread and never closed.)
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        seen["closed"] = in_memory or connection.connection is None

    with caplog.at_level(logging.INFO, logger="hcpcs.warmup"):
        thread = threading.Thread(target=master)
        thread.start()
        thread.join()
    assert "warmed up" in caplog.text
    assert "skipped" not in caplog.text
    assert seen == {"closed": True}, "no connection may be shared with forked workers"
    if connection.vendor == "sqlite":
        assert sqlite_backend._vocabulary._cache, "the spelling vocabulary was built"
