"""The test database as ``load_bundled_data`` left it, kept as a snapshot and put back.

Loading the bundled releases takes tens of seconds (longer with each bundled quarter); a
transactional test (the browser tests, the concurrency tests) ends with a flush that empties
every table. Instead of loading again, the suite takes one snapshot of whatever the loading
produced, every table of the database, and restores it:

- after every flush, so each test starts from the loaded data whatever ran before it;
- at the start of the next session, when nothing the loading depends on has changed (the
  ``fingerprint``: the migrations, the bundled files and the code that loads them), so a
  test run after the first starts in seconds.

SQLite (the test database lives in memory): SQLite's online backup API copies the whole
database page by page, in milliseconds; the snapshot is kept in memory for the restores and
in a file under ``.testdb/`` for the next session. PostgreSQL (the test database is kept
between runs with ``--reuse-db``): a copy of every table of the ``public`` schema, and the
sequences' values, in a schema of the same database, ``test_snapshot``, restored with
foreign-key triggers off. See docs/adr/0002-test-database-snapshot-and-xdist.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import os
import sqlite3
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_DIR = Path(os.environ.get("HCPCS_TEST_SNAPSHOT_DIR", ROOT / ".testdb"))
# How long a restore waits for a live server's last request to let go of the database.
RESTORE_WAIT_SECONDS = 10

# What the loaded database depends on: change any of these and the next session loads again.
FINGERPRINT_SOURCES = [
    "data",
    "codes/migrations",
    "codes/cms",
    "codes/models.py",
    "codes/models",
    "codes/fields.py",
    "codes/status.py",
    "codes/timeline",
    "codes/fees",
    "codes/reference_tables.py",
    "codes/releases",
    "codes/drugs",
    "codes/search",
    "codes/management",
    "hcpcs_site/settings.py",
]


def fingerprint(sources: list[str] = FINGERPRINT_SOURCES) -> str:
    """A digest of every file of ``sources`` (names and contents): by default, what the
    loaded data depends on."""
    digest = hashlib.sha256()
    for source in sources:
        path = ROOT / source
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file() or "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def locked(path: Path):
    """One process at a time (the xdist workers) builds a kept file (the snapshot, collected
    static files); the others wait for it and use it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class SqliteSnapshot:
    """The whole SQLite database, copied with the backup API."""

    def __init__(self, connection):
        self.connection = connection
        self.copy: sqlite3.Connection | None = None

    def _live(self) -> sqlite3.Connection:
        self.connection.ensure_connection()
        return self.connection.connection

    def load_file(self, path: Path) -> bool:
        if not path.exists():
            return False
        source = sqlite3.connect(path)
        try:
            self.copy = sqlite3.connect(":memory:", check_same_thread=False)
            source.backup(self.copy)
        finally:
            source.close()
        return True

    def take(self, path: Path) -> None:
        self.copy = sqlite3.connect(":memory:", check_same_thread=False)
        self._live().backup(self.copy)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(partial)
        try:
            self.copy.backup(target)
        finally:
            target.close()
        for old in path.parent.glob("sqlite-*.sqlite3"):
            old.unlink()
        partial.rename(path)

    def restore(self) -> None:
        """A live server's request thread shares the in-memory database and may still be
        answering a closed browser's last request ("destination database is in use"), or
        have left a half-read cursor of a request the browser abandoned to the garbage
        collector ("database table is locked"): the copy waits for the one and collects the
        other."""
        assert self.copy is not None, "no snapshot taken"
        deadline = time.monotonic() + RESTORE_WAIT_SECONDS
        while True:
            try:
                self.copy.backup(self._live())
                return
            except sqlite3.OperationalError as error:
                busy = "in use" in str(error) or "table is locked" in str(error)
                if not busy or time.monotonic() > deadline:
                    raise
                gc.collect()
                time.sleep(0.02)


class PostgresSnapshot:
    """Every table of the ``public`` schema copied into the ``test_snapshot`` schema."""

    SCHEMA = "test_snapshot"

    def __init__(self, connection):
        self.connection = connection

    def tables(self, cursor) -> list[str]:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        return [row[0] for row in cursor.fetchall()]

    def stored_fingerprint(self) -> str | None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [f"{self.SCHEMA}._fingerprint"])
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute(f"SELECT value FROM {self.SCHEMA}._fingerprint")  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else None

    def take(self, value: str) -> None:
        schema = self.SCHEMA
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
            for table in self.tables(cursor):
                cursor.execute(f'CREATE TABLE {schema}."{table}" AS TABLE public."{table}"')
            cursor.execute(
                f"CREATE TABLE {schema}._sequences AS SELECT sequencename AS name, last_value "  # noqa: S608
                "FROM pg_sequences WHERE schemaname = 'public'"
            )
            cursor.execute(f"CREATE TABLE {schema}._fingerprint (value text)")
            cursor.execute(f"INSERT INTO {schema}._fingerprint VALUES (%s)", [value])  # noqa: S608

    def restore(self) -> None:
        schema = self.SCHEMA
        with self.connection.cursor() as cursor:
            tables = self.tables(cursor)
            quoted = ", ".join(f'public."{table}"' for table in tables)
            # Foreign keys and triggers are off while the rows go back in any order.
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(f"TRUNCATE {quoted}")
                for table in tables:
                    cursor.execute(
                        f'INSERT INTO public."{table}" OVERRIDING SYSTEM VALUE '  # noqa: S608
                        f'SELECT * FROM {schema}."{table}"'
                    )
                cursor.execute(f"SELECT name, last_value FROM {schema}._sequences")  # noqa: S608
                for name, last_value in cursor.fetchall():
                    if last_value is None:
                        cursor.execute("SELECT setval(%s, 1, false)", [f'public."{name}"'])
                    else:
                        cursor.execute("SELECT setval(%s, %s)", [f'public."{name}"', last_value])
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")


class Snapshot:
    """The loaded database of this test session: taken once, restored after each flush."""

    def __init__(self, connection):
        self.connection = connection
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.engine = SqliteSnapshot(connection)
        elif self.vendor == "postgresql":
            self.engine = PostgresSnapshot(connection)
        else:  # pragma: no cover - the site runs on these two only
            raise RuntimeError(f"no test snapshot for {self.vendor}")

    def prepare(self, load, *, rebuild: bool = False) -> str:
        """Restore the snapshot of an earlier session if its fingerprint is current, else run
        ``load`` and take one. Says which it did."""
        value = fingerprint()
        if self.vendor == "sqlite":
            path = SNAPSHOT_DIR / f"sqlite-{value}.sqlite3"
            with locked(SNAPSHOT_DIR / "sqlite.lock"):
                if not rebuild and self.engine.load_file(path):
                    self.engine.restore()
                    return "restored"
                load()
                self.engine.take(path)
                return "loaded"
        if not rebuild and self.engine.stored_fingerprint() == value:
            self.engine.restore()
            return "restored"
        load()
        self.engine.take(value)
        return "loaded"

    def restore(self) -> None:
        self.engine.restore()
