"""Shared fixtures: the bundled CMS releases loaded once per test session, real CMS files,
users in each curation role."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("HCPCS_SHARED_DIR", ROOT.parent / "shared" / "cms-hcpcs"))

# Debian's headless shell (package chromium-headless-shell: the same Chromium without the
# desktop browser around it) when installed: the browser tests take about a third less CPU
# with it than with the full browser in headless mode. Else Debian's chromium.
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM = Path(
    os.environ.get(
        "HCPCS_CHROMIUM", HEADLESS_SHELL if HEADLESS_SHELL.exists() else "/usr/bin/chromium"
    )
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

JAN_2025_XLSX = DATA / "hcpcs" / "2025_JAN" / "HCPC2025_JAN_ANWEB_12172024.xlsx"
OCT_2025_XLSX = DATA / "hcpcs" / "2025_OCT" / "HCPC2025_OCT_ANWEB.xlsx"


# The curation fixtures (users in each role, a small draft, database snapshots), shared by the
# tests of releases, admin, drugs and the migrations.
pytest_plugins = ["tests.curation"]

ENGINE_MARKERS = {"postgres": "postgresql", "sqlite": "sqlite"}


# The tests that take longest start first: xdist hands tests out from the front of the list,
# so the short ones fill the workers' last minutes instead of one worker finishing a
# browser test while the others wait. (pytest-django puts transactional tests last so that
# their flush cannot empty the data of the tests after them; here they put the snapshot
# back instead, so the order does not matter to the data.)
FIRST_MARKERS = ("browser", "slow")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    def first(item) -> int:
        return next(
            (n for n, mark in enumerate(FIRST_MARKERS) if item.get_closest_marker(mark)),
            len(FIRST_MARKERS),
        )

    items.sort(key=first)


def pytest_itemcollected(item):
    """A browser test module's tests run on one worker (--dist loadgroup reads the mark
    before the hook above), so that it launches its Chromium once (``_chromium_browser``),
    not once on each worker."""
    if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
        item.add_marker(pytest.mark.xdist_group(f"browser-{item.module.__name__}"))


def pytest_runtest_setup(item):
    """Tests marked for one engine (``postgres``, ``sqlite``) are skipped on the other."""
    from django.db import connection

    for marker, vendor in ENGINE_MARKERS.items():
        if item.get_closest_marker(marker) and connection.vendor != vendor:
            pytest.skip(f"needs {vendor}, running on {connection.vendor}")


def shared_file(relative: str) -> Path:
    """A real CMS file from the shared folder, or skip where that folder is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"real CMS file {relative} is not available at {SHARED}")
    return path


def load_bundled() -> None:
    """Put the loaded data back if a transactional test flushed it (the session does so after
    each flush already; kept for tests that flush by other means)."""
    from codes.models import HcpcsCode

    if not HcpcsCode.objects.exists():
        _session_snapshot().restore()


def load_bundled_afresh() -> None:
    """Load and publish the bundled data on the database the migrations made. A kept
    PostgreSQL test database that holds an older load is emptied first (every table but the
    migrations' record) and given back what migrations made (roles through post_migrate,
    the code tables of migration 0002)."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    from codes import reference_tables
    from codes.models import PricingIndicator, Release

    with connection.cursor() as cursor:
        tables = [
            name
            for name in connection.introspection.table_names(cursor)
            if name != "django_migrations"
        ]
    if connection.vendor == "postgresql" and Release.objects.exists():
        quoted = ", ".join(connection.ops.quote_name(name) for name in tables)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    if not PricingIndicator.objects.exists():
        reference_tables.sync_from_layout()
    call_command("load_bundled_data", verbosity=0)


_SNAPSHOT: list = []


def _session_snapshot():
    assert _SNAPSHOT, "the test database was not set up"
    return _SNAPSHOT[0]


@pytest.fixture(autouse=True)
def _files_read_once(request, monkeypatch):
    """A real CMS file is read once and its reading kept for the other tests that import it
    (tests/parsed_files.py); the tests of the reader itself always read."""
    import importlib

    from tests import parsed_files

    if parsed_files.reads_for_real(request.node.nodeid):
        return
    monkeypatch.setattr(parsed_files.readers, "read_release", parsed_files.read_release)
    for module in parsed_files.CALLERS:
        monkeypatch.setattr(
            importlib.import_module(module), "read_release", parsed_files.read_release
        )


@pytest.fixture(autouse=True)
def _empty_cache():
    """The site caches what it knows of the releases (the latest, every published one, which
    codes cross-reference which); a test's data is rolled back after it, so no test may see
    what an earlier one cached."""
    from django.core.cache import cache

    from codes.fees import snapshot
    from codes.search.filter_form import forget_controls

    cache.clear()
    forget_controls()  # kept per content version, which a rolled-back test reuses
    snapshot.forget()  # the fee schedule kept in memory, likewise


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The bundled JAN and OCT 2025 releases loaded and published, as a new user's site has
    them: restored from the snapshot of an earlier session when nothing they depend on has
    changed (``--create-db`` loads them again), and restored at the end of every
    transactional test in place of Django's flush (tests/snapshot.py)."""
    from django.db import connection
    from django.test import TransactionTestCase

    from tests.snapshot import Snapshot

    with django_db_blocker.unblock():
        snapshot = Snapshot(connection)
        snapshot.prepare(load_bundled_afresh, rebuild=bool(request.config.getvalue("create_db")))
    _SNAPSHOT[:] = [snapshot]
    flush = TransactionTestCase._fixture_teardown

    def restore_instead_of_flush(self):
        """A transactional test ends with the database as the session began it: the snapshot
        put back (which empties every table first), instead of Django's flush and a reload.
        Tests that ask for Django's own rollback machinery keep it."""
        if self.serialized_rollback or self.available_apps is not None:
            flush(self)
        with OneRequestAtATime.answering:  # a closed browser's last request ends first
            snapshot.restore()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", restore_instead_of_flush)
        if connection.vendor == "sqlite":
            from django.test.testcases import LiveServerThread

            patch.setattr(LiveServerThread, "server_class", OneRequestAtATime)
        yield


class OneRequestAtATime(WSGIServer):
    """The live server for an in-memory SQLite test database: every request thread of
    Django's threaded server shares the test's one connection, and two at once (a page
    and its stylesheet, a redirect the page's script makes) failed with "database table
    is locked". Browsers open another connection when one is busy; requests wait their
    turn."""

    # Held while a request is answered: the snapshot's restore after a test waits for it, or
    # it would fail ("database table is locked") under a request a closed browser left, and
    # that request would end after the test, where the database is blocked.
    answering = threading.Lock()

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # this thread's connections are overridden

    def process_request(self, request, client_address):
        with self.answering:
            super().process_request(request, client_address)


@pytest.fixture
def bundled(db):
    """The published JAN 2025 -> OCT 2025 data (every test starts with it; a test that needs
    it says so with this fixture)."""


def wipe_code_data() -> None:
    """Delete every release, code, version and audit entry (reference tables stay).

    Plain ``DELETE``s: the ORM's delete of some 100,000 versions first fetched them all to
    look for audit entries pointing at them (0.7 s, in some 60 tests); the audit entries
    go first here, so nothing points at them."""
    from django.db import connection

    from codes.models import AuditEntry, CodeVersion, HcpcsCode, Release

    with connection.cursor() as cursor:
        for model in (AuditEntry, HcpcsCode, CodeVersion):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    Release.objects.update(base_release=None)
    Release.objects.all().delete()


@pytest.fixture
def empty_codes(db):
    """No releases, codes or versions (inside the test's transaction, rolled back after)."""
    wipe_code_data()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> str:
    """A Redis for the tests that need a real one: the one on 6379 (or HCPCS_TEST_REDIS_URL)
    if it answers, else one started for this session (``redis-server`` on a free port,
    nothing saved to disk); skipped, saying why, where neither is possible."""
    import shutil
    import socket
    import subprocess
    import time

    import redis

    def answers(url: str) -> bool:
        try:
            return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
        except redis.exceptions.RedisError:
            return False

    usual = os.environ.get("HCPCS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    if answers(usual):
        yield usual
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip(f"needs Redis: nothing answers at {usual} and redis-server is missing")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not answers(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"needs Redis: {server} did not start on port {port}")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def _chromium_browser():
    """One Chromium for a test module's browser tests (a launch costs about half a second of
    CPU); each test gets new contexts of it (the ``chromium`` fixture)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium-headless-shell)"
        if os.environ.get("HCPCS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make
    # between browser steps are plain synchronous calls, which Django must be told are fine.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def chromium(_chromium_browser):
    """Debian's Chromium driven by Playwright (Playwright's own browser download does not
    work on these machines). Skipped where Chromium is missing, unless
    HCPCS_REQUIRE_BROWSER=1 (as in CI), where that is a failure. Every context a test opened
    (``new_page`` opens one too) is closed after it: no cookie, storage or request of one
    test reaches the next."""
    yield _chromium_browser
    for context in _chromium_browser.contexts:
        context.close()
