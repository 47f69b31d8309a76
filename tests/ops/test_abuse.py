"""Abuse: sign-in lockout (audited), API throttling with 429 and Retry-After counted in the
shared cache, a Content Security Policy with nothing inline, on public pages and the admin."""

from __future__ import annotations

import re

import pytest
import redis
from django.test import override_settings
from rest_framework.throttling import SimpleRateThrottle

from codes.models import AuditEntry

PASSWORD = "the-right-password-42"


@pytest.fixture
def curator(django_user_model, db):
    return django_user_model.objects.create_user("carla", password=PASSWORD, is_staff=True)


def _sign_in(client, password: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "carla", "password": password},
        REMOTE_ADDR="203.0.113.7",
    )


def test_thirty_wrong_passwords_lock_the_account_from_that_address(client, curator):
    from axes.models import AccessAttempt

    for attempt in range(30):
        answer = _sign_in(client, f"wrong-{attempt}")
        assert answer.status_code in {200, 429}
    locked = _sign_in(client, PASSWORD)
    assert locked.status_code == 429
    assert b"Sign-in locked" in locked.content
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username="carla")
    assert attempt.ip_address == "203.0.113.7"
    assert attempt.failures_since_start >= 5
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOCKED_OUT)
    assert "carla" in entry.reason
    assert "203.0.113.7" in entry.reason


def test_the_lockout_is_for_that_address_only(client, curator):
    for attempt in range(5):
        _sign_in(client, f"wrong-{attempt}")
    elsewhere = client.post(
        "/admin/login/?next=/admin/",
        {"username": "carla", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )
    assert elsewhere.status_code == 302


def test_a_few_wrong_passwords_do_not_lock(client, curator):
    for attempt in range(3):
        _sign_in(client, f"wrong-{attempt}")
    assert _sign_in(client, PASSWORD).status_code == 302


@pytest.fixture
def low_rates(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/minute", "user": "8/minute"}
    )


@pytest.mark.parametrize(
    "urls",
    [
        ["/api/v1/codes/Q4390/"] * 7,  # the same answer: served from the cache after the first
        [f"/api/v1/codes/?q=E01{n}" for n in range(7)],  # each a miss: the view throttles
    ],
    ids=["cached", "uncached"],
)
def test_the_api_answers_429_with_retry_after_over_the_rate(client, bundled, low_rates, urls):
    statuses = [client.get(url, REMOTE_ADDR="192.0.2.1").status_code for url in urls]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]
    answer = client.get(urls[-1], REMOTE_ADDR="192.0.2.1")
    assert answer.status_code == 429
    assert 0 < int(answer["Retry-After"]) <= 60
    assert answer.json()["detail"].startswith("Request was throttled")
    assert client.get(urls[0], REMOTE_ADDR="192.0.2.2").status_code == 200


def test_signed_in_clients_get_their_own_rate(admin_client, bundled, low_rates):
    statuses = [admin_client.get(f"/api/v1/codes/?q=E02{n}").status_code for n in range(9)]
    assert statuses == [200] * 8 + [429]


def test_an_anonymous_client_is_held_to_the_anonymous_rate_alone(client, bundled, monkeypatch):
    """Above the signed-in rate, the anonymous one still decides for anonymous clients."""
    rates = {"anon": "8/minute", "user": "3/minute"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    urls = [f"/api/v1/codes/?q=E04{n}" for n in range(9)]
    statuses = [client.get(url, REMOTE_ADDR="192.0.2.3").status_code for url in urls]
    assert statuses == [200] * 8 + [429]


def test_throttle_counts_are_kept_in_redis_when_it_is_set(client, bundled, low_rates, redis_url):
    server = redis.Redis.from_url(redis_url)
    for key in server.scan_iter("hcpcs-ops-tests:*"):
        server.delete(key)
    caches = {
        "default": {
            "BACKEND": "hcpcs_site.cache.FailOpenRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "hcpcs-ops-tests",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    with override_settings(CACHES=caches):
        for _ in range(3):
            client.get("/api/v1/codes/?q=E03", REMOTE_ADDR="192.0.2.9")
    keys = [k.decode() for k in server.scan_iter("hcpcs-ops-tests:*throttle_anon_192.0.2.9")]
    assert keys
    for key in server.scan_iter("hcpcs-ops-tests:*"):
        server.delete(key)


INLINE = [
    re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    re.compile(rb"<style", re.I),
    re.compile(rb"\sstyle=", re.I),
    re.compile(rb"\son[a-z]+=", re.I),
]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/codes/?q=wheelchair",
        "/codes/Q4390/",
        "/modifiers/",
        "/sections/E/",
        "/releases/",
        "/api/docs/",
        "/admin/login/",
        "/admin/",
        "/admin/codes/release/",
        "/admin/codes/hcpcscode/",
        "/admin/codes/release/upload/",
        "/admin/codes/auditentry/",
    ],
)
def test_content_security_policy_and_nothing_inline(client, admin_client, bundled, url):
    answer = (client if url == "/admin/login/" else admin_client).get(url)
    assert answer.status_code == 200
    policy = answer["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    for pattern in INLINE:
        assert not pattern.search(answer.content), (url, pattern.pattern)
