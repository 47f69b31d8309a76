"""Real servers for the operations tests: gunicorn with the production settings, and small
TCP listeners that stand in for a dependency that is down (refusing) or hung (accepting and
never answering)."""

from __future__ import annotations

import functools
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.snapshot import SNAPSHOT_DIR, fingerprint, locked

ROOT = Path(__file__).resolve().parents[2]
SECRET = "ops-tests-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides: str) -> dict[str, str]:
    """The production variables the README documents, for a server on 127.0.0.1."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "CACHE_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="hcpcs_site.settings",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_HSTS_PRELOAD="1",
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def fetch(
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: dict | None = None,
    body: bytes | None = None,
    timeout=10,
) -> Answer:
    """One request over plain http, as from the TLS proxy (it says the client used https)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent = {"Host": "localhost", "X-Forwarded-Proto": "https", **(headers or {})}
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    conn.close()
    return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body, seconds)


# What collectstatic's output is made of: the site's files, the settings, the locked packages
# (the admin's, DRF's and the API docs' files come from them).
STATIC_SOURCES = ["static", "hcpcs_site/settings.py", "requirements-dev.lock"]


@functools.cache
def collected_static() -> str:
    """collectstatic's output for the production settings: production serves the hashed names
    from its manifest, so a page with a stylesheet needs it. Collected once (two seconds of
    CPU) and kept under ``.testdb/`` by a digest of its sources, for every xdist worker and
    the runs after."""
    root = SNAPSHOT_DIR / f"static-{fingerprint(STATIC_SOURCES)}"
    with locked(SNAPSHOT_DIR / "static.lock"):
        if not root.exists():
            partial = root.with_name(f"{root.name}.partial")
            shutil.rmtree(partial, ignore_errors=True)
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=production_env(STATIC_ROOT=str(partial)),
                check=True,
                capture_output=True,
            )
            for old in SNAPSHOT_DIR.glob("static-*"):
                if old != partial:
                    shutil.rmtree(old, ignore_errors=True)
            partial.rename(root)
    return str(root)


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1):
    """gunicorn with the repository's config file and collected static files; yields its
    port."""
    port = free_port()
    env = {
        "STATIC_ROOT": collected_static(),
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESSLOG": "",
    }
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed after the server stops
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "hcpcs_site.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(port, "/healthz", timeout=2).status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output.seek(0)
                text = output.read().decode(errors="replace")
                raise RuntimeError(f"gunicorn did not start:\n{text[-3000:]}")
            time.sleep(0.05)  # polls until it answers, or the deadline
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        output.close()


@contextmanager
def hung_listener():
    """A TCP port that accepts connections and never says a word: a hung server."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        server.close()
