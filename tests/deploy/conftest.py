"""The production-shaped stack (deploy/stack.sh: nginx with TLS, two gunicorn instances,
PostgreSQL, Redis), started once for these tests on ports of their own. It takes a minute
and needs nginx, so it runs only where HCPCS_STACK_TESTS=1 (CI runs it once, in its own
step); elsewhere these tests are skipped, saying so."""

from __future__ import annotations

import http.cookiejar
import os
import re
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STACK = ROOT / "deploy" / "stack.sh"


@dataclass
class Stack:
    dir: Path
    https_port: int
    http_port: int
    app_ports: list[int]
    env: dict[str, str]
    redis_port: int

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        """A manage.py command with the stack's production environment."""
        return subprocess.run(
            [str(STACK), "env", str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    if os.environ.get("HCPCS_STACK_TESTS") != "1":
        pytest.skip("the stack tests run with HCPCS_STACK_TESTS=1 (they start nginx and more)")
    run = tmp_path_factory.mktemp("stack")
    # HCPCS_STACK_TEST_PORT_SHIFT moves every port, so two checkouts can run these at once.
    shift = int(os.environ.get("HCPCS_STACK_TEST_PORT_SHIFT", "0"))
    ports = {
        "https": 8444 + shift,
        "http": 8154 + shift,
        "apps": [8155 + shift, 8156 + shift],
        "redis": 6391 + shift,
    }
    env = {
        **os.environ,
        "STACK_DIR": str(run),
        "STACK_HTTPS_PORT": str(ports["https"]),
        "STACK_HTTP_PORT": str(ports["http"]),
        "STACK_APP_PORTS": " ".join(map(str, ports["apps"])),
        "STACK_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hcpcs_stack_test"
        + (f"_{shift}" if shift else ""),
        "STACK_REDIS_PORT": str(ports["redis"]),
    }
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "CACHE_URL", "STACK_CACHE_URL"):
        env.pop(name, None)
    subprocess.run([str(STACK), "reset"], cwd=ROOT, env=env, check=True, capture_output=True)
    started = subprocess.run(
        [str(STACK), "start"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield Stack(run, ports["https"], ports["http"], ports["apps"], env, ports["redis"])
    finally:
        subprocess.run([str(STACK), "stop"], cwd=ROOT, env=env, check=False)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


class Browser:
    """An HTTP client with cookies, like a person's browser: over https to nginx (trusting
    the stack's certificate), or over plain http straight to one instance, saying, as nginx
    does, that the client came over https."""

    def __init__(self, base: str, *, cafile: Path | None = None, via_proxy_of: str = ""):
        self.base = base
        self.origin = via_proxy_of or base
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()]
        if cafile:
            handlers.append(
                urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=str(cafile)))
            )
        self.opener = urllib.request.build_opener(*handlers)
        self.direct = bool(via_proxy_of)

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Answer:
        sent = {"Referer": self.origin + path, **(headers or {})}
        if self.direct:
            sent.update(
                {"X-Forwarded-Proto": "https", "Host": urllib.parse.urlsplit(self.origin).netloc}
            )
        if data is not None:
            sent["Origin"] = self.origin
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=sent)
        if self.direct:
            # Cookies marked Secure go back only over https; the instance is behind "https".
            for cookie in self.jar:
                cookie.secure = False
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode(errors="replace"))

    def csrf(self, path: str) -> str:
        page = self.request(path)
        assert page.status == 200, (path, page.status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    def sign_in(self, username: str, password: str) -> None:
        token = self.csrf("/admin/login/")
        answer = self.request(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        assert answer.status == 302, answer.text[:2000]
        assert answer.headers["Location"] == "/admin/"

    def publish(self, release_id: int) -> Answer:
        path = f"/admin/codes/release/{release_id}/publish/"
        return self.request(path, {"csrfmiddlewaretoken": self.csrf(path)})
