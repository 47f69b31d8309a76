"""The production stack's edges: every visitor of /validate/ can submit it (the page cache
never serves a form), a lockout is keyed on the real client address behind nginx, and the
stack's Redis is bounded with an LRU policy."""

from __future__ import annotations

import http.client
import re
import secrets
import ssl
import subprocess
import urllib.parse

import pytest

PASSWORD = "lock-" + secrets.token_urlsafe(12)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """A browser at one client address (127.0.0.x): its own connection source and cookies."""

    def __init__(self, stack, address: str):
        self.stack = stack
        self.address = address
        self.cookies: dict[str, str] = {}
        self.origin = f"https://localhost:{stack.https_port}"

    def request(self, method: str, path: str, form: dict | None = None):
        context = ssl.create_default_context(cafile=str(self.stack.dir / "tls" / "cert.pem"))
        conn = http.client.HTTPSConnection(
            "localhost",
            self.stack.https_port,
            context=context,
            source_address=(self.address, 0),
            timeout=60,
        )
        headers = {"Referer": self.origin + path, "Origin": self.origin}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        text = response.read().decode(errors="replace")
        conn.close()
        return response.status, text

    def submit(self, path: str, form: dict) -> int:
        status, page = self.request("GET", path)
        assert status == 200, (path, status)
        return self.request("POST", path, {"csrfmiddlewaretoken": TOKEN.search(page)[1], **form})[0]


@pytest.fixture(scope="module")
def lock_curator(stack):
    stack.manage(
        "shell",
        "-c",
        (
            "from django.contrib.auth import get_user_model; "
            "User = get_user_model(); User.objects.filter(username='lockcurator').delete(); "
            f"User.objects.create_superuser('lockcurator', 'l@example.org', '{PASSWORD}')"
        ),
    )
    return "lockcurator"


def test_every_visitor_of_the_validation_page_can_submit_it(stack):
    lines = {"lines": "Q4390, 2025-11-01", "default_date": ""}
    statuses = [Client(stack, "127.0.0.1").submit("/validate/", lines) for _ in range(3)]
    assert statuses == [200, 200, 200]


def test_one_clients_failed_sign_ins_do_not_lock_another_client_out(stack, lock_curator):
    attacker, curator = Client(stack, "127.0.0.2"), Client(stack, "127.0.0.3")
    wrong = {"username": lock_curator, "password": "wrong", "next": "/admin/"}
    statuses = [attacker.submit("/admin/login/?next=/admin/", wrong) for _ in range(6)]
    assert statuses[-1] == 429, statuses  # the attacker's address is locked out
    right = {"username": lock_curator, "password": PASSWORD, "next": "/admin/"}
    assert curator.submit("/admin/login/?next=/admin/", right) == 302
    recorded = stack.manage(
        "shell",
        "-c",
        "from axes.models import AccessAttempt; "
        "print(sorted(set(AccessAttempt.objects.values_list('ip_address', flat=True))))",
    ).stdout
    assert "127.0.0.2" in recorded and "127.0.0.1'" not in recorded


def test_the_stacks_redis_is_bounded_and_evicts_least_recently_used(stack):
    def config(name: str) -> str:
        out = subprocess.run(
            ["redis-cli", "-p", str(stack.redis_port), "config", "get", name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return out[-1]

    assert int(config("maxmemory")) > 0
    assert config("maxmemory-policy") == "allkeys-lru"
