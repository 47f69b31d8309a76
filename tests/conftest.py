"""Shared fixtures: the bundled CMS releases loaded once per test session, real CMS files,
users in each curation role."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("HCPCS_SHARED_DIR", ROOT.parent / "shared" / "cms-hcpcs"))

CHROMIUM = Path(os.environ.get("HCPCS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

JAN_2025_XLSX = DATA / "HCPC2025_JAN_ANWEB_12172024.xlsx"
OCT_2025_XLSX = DATA / "HCPC2025_OCT_ANWEB.xlsx"


ENGINE_MARKERS = {"postgres": "postgresql", "sqlite": "sqlite"}


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
    """Publish the bundled releases, and put back the code tables migration 0002 loaded when
    a transactional test has flushed the database.

    Only what a flush removed is put back, so a new test database holds exactly what the
    migrations made; the role groups come back by themselves (the flush ends with
    post_migrate, which brings them to their definition). The migrations themselves are
    tested on a database that got none of this, in ``tests/curation/test_migrations.py``.
    """
    from codes import reference_tables
    from codes.models import HcpcsCode, PricingIndicator

    if not PricingIndicator.objects.exists():
        reference_tables.sync_from_layout()
    if not HcpcsCode.objects.exists():
        call_command("load_bundled_data", verbosity=0)


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
def django_db_setup(django_db_setup, django_db_blocker):
    """Load and publish the bundled JAN and OCT 2025 releases once, as a new user's site has."""
    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture
def bundled(db):
    """The published JAN 2025 -> OCT 2025 data (reloaded if a transactional test flushed it)."""
    load_bundled()


def wipe_code_data() -> None:
    """Delete every release, code, version and audit entry (reference tables stay)."""
    from codes.models import AuditEntry, CodeVersion, HcpcsCode, Release

    AuditEntry.objects.all().delete()
    HcpcsCode.objects.all().delete()
    CodeVersion.objects.all().delete()
    Release.objects.update(base_release=None)
    Release.objects.all().delete()


@pytest.fixture
def empty_codes(db):
    """No releases, codes or versions (inside the test's transaction, rolled back after)."""
    wipe_code_data()


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium driven by Playwright (Playwright's own browser download does not
    work on these machines). Skipped where Chromium is missing, unless
    HCPCS_REQUIRE_BROWSER=1 (as in CI), where that is a failure."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("HCPCS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make
    # between browser steps are plain synchronous calls, which Django must be told are fine.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
