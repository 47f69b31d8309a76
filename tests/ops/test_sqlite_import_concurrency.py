"""SQLite during a multi-file import: the import writes in one transaction (all or nothing),
so it holds SQLite's write lock for seconds. Readers (WAL) must keep reading, and an admin
login, which writes a session and an access record, must wait for the lock within the busy
timeout instead of failing with "database is locked"."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import threading
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from tests.conftest import ROOT, shared_file
from tests.ops.servers import fetch, gunicorn, production_env

# Starts gunicorn and imports real files in another process: left out of `make test-fast`.
pytestmark = pytest.mark.slow

PASSWORD = "a-curator-password-for-tests"
# A page is read in tens of milliseconds; seconds would mean it waited for the write lock.
READ_SECONDS = 2.0
# One page read every 50 ms and one sign-in every 250 ms keep the import's write lock under
# watch (it is held for seconds) without competing with it for the CPU.
READ_EVERY = 0.05
SIGN_IN_EVERY = 0.25
CODES = ["A0130", "E0210", "G0503", "J0135", "L3000", "E0601", "E0776", "K0001", "J9271"]


def _manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _sign_in(port: int) -> tuple[int, float]:
    """The admin login as a browser does it: the form's CSRF token, then the post."""
    form = fetch(port, "/admin/login/")
    assert form.status == 200, form.body[:300]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
    cookie = SimpleCookie(form.headers["set-cookie"])["csrftoken"].value
    body = urlencode(
        {
            "csrfmiddlewaretoken": token.decode(),
            "username": "curator",
            "password": PASSWORD,
            "next": "/admin/",
        }
    ).encode()
    answer = fetch(
        port,
        "/admin/login/",
        method="POST",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": "https://localhost/admin/login/",
            "Origin": "https://localhost",
        },
        timeout=40,
    )
    return answer.status, answer.seconds


@pytest.mark.sqlite
def test_readers_and_admin_logins_go_on_during_a_multi_file_import(tmp_path):
    older = [shared_file("2020_JUL/anweb.xlsx"), shared_file("2020_OCT/anweb.xlsx")]
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    jan_2025 = ROOT / "data" / "hcpcs" / "2025_JAN" / "HCPC2025_JAN_ANWEB_12172024.xlsx"
    # The database, January 2025 published and a curator, made in one process (each process
    # costs a second of CPU to start).
    _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from django.core.management import call_command; "
        "call_command('migrate', interactive=False, verbosity=0); "
        f"call_command('import_hcpcs', {str(jan_2025)!r}, publish=True, verbosity=0); "
        f"get_user_model().objects.create_superuser('curator', 'c@example.org', '{PASSWORD}')",
    )

    with gunicorn(env, workers=2) as port:
        importing = subprocess.Popen(
            [sys.executable, "manage.py", "import_hcpcs", *map(str, older)]
            + ["--backfill", "--publish"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

        def waiting_for_the_import(seconds: float) -> None:
            """Paces the readers (a tight loop read some 700 pages, seconds of CPU that slowed
            the import it measures); ends early when the import does."""
            with contextlib.suppress(subprocess.TimeoutExpired):
                importing.wait(timeout=seconds)

        pages: list[tuple[int | str, float]] = []
        logins: list[tuple[int, float]] = []

        def read() -> None:
            n = 0
            while importing.poll() is None:
                # A query string keeps each request out of the page cache: it reads the file.
                try:
                    page = fetch(port, f"/codes/{CODES[n % len(CODES)]}/?r={n}")
                except OSError as error:  # a read that waited too long fails the test
                    pages.append((repr(error), 0.0))
                    return
                pages.append((page.status, page.seconds))
                n += 1
                waiting_for_the_import(READ_EVERY)

        reader = threading.Thread(target=read)
        reader.start()
        while importing.poll() is None:
            logins.append(_sign_in(port))
            waiting_for_the_import(SIGN_IN_EVERY)
        reader.join()
        output = importing.stdout.read().decode(errors="replace")
        assert importing.returncode == 0, output

        assert len(pages) > 10 and {status for status, _ in pages} == {200}, pages
        # Readers read their snapshot and never wait for the import's write lock (a public
        # page's read transaction is BEGIN DEFERRED, not the IMMEDIATE of writes).
        assert max(seconds for _, seconds in pages) < READ_SECONDS, pages
        assert logins and {status for status, _ in logins} == {302}, logins
        # At least one login had to wait for the import's write lock: the test overlapped it.
        assert max(seconds for _, seconds in logins) > 0.5, logins
        assert fetch(port, "/codes/J0135/?as_of=2020-08-01").status == 200
