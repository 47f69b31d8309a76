"""Request handling across the site: HEAD on every public GET, request ids, JSON errors for
the API, Permissions-Policy, the request-body cap, a 100-code list that fits the query."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import override_settings
from django.urls import path

from hcpcs_site.logs import JsonFormatter, RequestIdFilter

PUBLIC_GETS = [
    "/",
    "/codes/?q=wheelchair",
    "/codes/Q4390/",
    "/modifiers/",
    "/modifiers/LT/",
    "/sections/E/",
    "/autocomplete/?q=whee",
    "/releases/",
    "/healthz",
    "/readyz",
    "/api/v1/codes/?q=E01",
    "/api/v1/codes/Q4390/",
    "/api/v1/codes/Q4390/versions/",
    "/api/v1/autocomplete/?q=whee",
    "/api/schema/",
]


@pytest.mark.parametrize("url", PUBLIC_GETS)
def test_every_public_get_answers_head_like_get(client, bundled, url):
    got = client.get(url)
    head = client.head(url)
    assert got.status_code == 200
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]


def test_release_pages_answer_head(client, bundled):
    from codes.models import Release

    release = Release.objects.latest_published()
    for url in (f"/releases/{release.pk}/", f"/releases/{release.pk}/changes.csv"):
        assert client.head(url).status_code == 200


def test_responses_carry_a_request_id_and_keep_a_sane_one_from_the_proxy(client, db):
    answer = client.get("/healthz")
    assert len(answer["X-Request-ID"]) == 32
    given = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert given["X-Request-ID"] == "proxy-abc-12345"
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert hostile["X-Request-ID"] != "<script>alert(1)</script>"


def test_log_lines_are_json_with_the_request_id():
    from hcpcs_site.logs import request_id

    token = request_id.set("rid-1234567890")
    try:
        record = logging.makeLogRecord(
            {"name": "hcpcs.test", "levelname": "INFO", "msg": "hello %s", "args": ("world",)}
        )
        record.status = 200
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "hello world"
    assert line["request_id"] == "rid-1234567890"
    assert line["status"] == 200
    assert line["logger"] == "hcpcs.test"


def test_permissions_policy_on_every_answer(client, bundled):
    for url in ("/", "/codes/Q4390/", "/api/v1/codes/Q4390/", "/admin/login/"):
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy
        assert "geolocation=()" in policy


def test_a_large_body_is_refused_with_413_except_on_the_upload_page(admin_client):
    big = "x" * (1024 * 1024 + 10)
    answer = admin_client.post("/admin/login/", {"username": big}, follow=False)
    assert answer.status_code == 413
    assert b"at most 1,048,576" in answer.content
    api = admin_client.generic("POST", "/api/v1/codes/", big, content_type="application/json")
    assert api.status_code == 413
    assert json.loads(api.content)["detail"].startswith("The request body is")
    upload = admin_client.post("/admin/codes/release/upload/", {"note": big})
    assert upload.status_code != 413


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/boom/", _boom),
    path("boom/", _boom),
]
handler500 = "hcpcs_site.errors.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_api_errors_answer_json_and_pages_html(client, db):
    client.raise_request_exception = False
    api = client.get("/api/boom/")
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"
    body = json.loads(api.content)
    assert body["detail"] == "Server error; it has been logged."
    assert body["request_id"] == api["X-Request-ID"]
    page = client.get("/boom/")
    assert page.status_code == 500
    assert b"Something went wrong" in page.content


def test_a_list_of_100_codes_is_searched_whole(client, bundled):
    from codes.models import HcpcsCode

    codes = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True)[:100])
    query = ", ".join(codes)
    answer = client.get("/api/v1/codes/", {"q": query, "status": "all"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 100
    assert body["search"]["notices"] == []
