"""What the page cache may keep (codes/ops/cache_policy.py): never a form, never a cookie,
one key for the same query in any order, and answers to queries kept for minutes."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from codes.ops import cache_policy

pytestmark = pytest.mark.usefixtures("bundled")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _visit_and_submit() -> int:
    """A new visitor opens /validate/ and submits one line with the page's token."""
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/validate/")
    assert page.status_code == 200
    token = TOKEN.search(page.content.decode()).group(1)
    answer = visitor.post(
        "/validate/",
        {"csrfmiddlewaretoken": token, "lines": "Q4390, 2025-11-01", "default_date": ""},
    )
    return answer.status_code


def test_every_visitor_of_the_validation_page_can_submit_it():
    """Today the second visitor was served the first one's cached page (token, no cookie)
    and got 403 CSRF cookie not set."""
    assert [_visit_and_submit() for _ in range(3)] == [200, 200, 200]


def test_form_pages_are_never_kept_nor_shared(client):
    first = client.get("/validate/")
    second = client.get("/validate/")
    assert "X-Cache" not in first and "X-Cache" not in second
    assert second.cookies.get("csrftoken")
    assert "no-store" in second["Cache-Control"] and "public" not in second["Cache-Control"]
    sign_in = client.get("/admin/login/")
    assert "X-Cache" not in sign_in and "public" not in sign_in["Cache-Control"]


def test_the_same_query_in_another_order_is_one_entry(client):
    assert client.get("/codes/?q=wheelchair&status=active")["X-Cache"] == "miss"
    assert client.get("/codes/?status=active&q=wheelchair")["X-Cache"] == "hit"


def test_answers_to_queries_are_kept_for_minutes_and_long_queries_not_at_all(
    client, settings, monkeypatch
):
    kept: list[int] = []
    real_set = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout=None: kept.append(timeout) or real_set(key, value, timeout),
    )
    client.get("/codes/Q4390/")
    client.get("/codes/?q=wheelchair")
    assert kept[-2:] == [settings.HCPCS_PAGE_CACHE_SECONDS, settings.HCPCS_QUERY_CACHE_SECONDS]
    assert settings.HCPCS_QUERY_CACHE_SECONDS <= 600
    long_query = "/codes/?q=wheelchair&x=" + "a" * cache_policy.MAX_QUERY_CHARS
    assert client.get(long_query).status_code == 200
    assert client.get(long_query).get("X-Cache") != "hit"
