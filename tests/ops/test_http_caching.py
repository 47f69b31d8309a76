"""HTTP caching and the release-keyed server cache: ETag and Last-Modified from the latest
change and the day, 304 on a conditional GET, Cache-Control and Vary, and a publish seen
on the next request."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.utils import timezone
from django.utils.http import parse_http_date

from codes.models import PublishedState

pytestmark = pytest.mark.usefixtures("bundled")

PUBLIC = [
    "/",
    "/codes/?q=wheelchair",
    "/codes/Q4390/",
    "/modifiers/",
    "/sections/E/",
    "/autocomplete/?q=whee",
    "/releases/",
    "/api/v1/codes/Q4390/",
    "/api/v1/codes/?q=E01",
    "/api/v1/autocomplete/?q=whee",
    "/api/schema/",
]


def _version() -> int:
    return PublishedState.objects.current()[0]


@pytest.mark.django_db
def test_the_content_version_read_by_cursor_is_what_the_orm_reads():
    """``current()`` reads with a plain cursor and converts as the ORM does: an aware time
    on either engine (SQLite returns text)."""
    PublishedState.objects.record_change(published=False)
    version, changed_at = PublishedState.objects.current()
    row = PublishedState.objects.get(pk=1)
    assert (version, changed_at) == (row.content_version, row.changed_at)
    assert timezone.is_aware(changed_at)
    PublishedState.objects.all().delete()
    assert PublishedState.objects.current() == (0, None)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_answers_carry_validators_and_are_public(client, url):
    answer = client.get(url)
    assert answer.status_code == 200
    day = timezone.localdate().isoformat()
    assert answer["ETag"].startswith(f'W/"{_version()}-{day}')
    assert answer["Cache-Control"] == "public, max-age=300"
    assert "Accept-Encoding" in answer["Vary"]
    assert "Cookie" not in answer.get("Vary", "")
    if url.startswith("/api/"):
        assert "Accept" in [v.strip() for v in answer["Vary"].split(",")]
    modified = parse_http_date(answer["Last-Modified"])
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    assert modified >= int(midnight.timestamp())


@pytest.mark.parametrize("url", PUBLIC)
def test_a_conditional_get_is_answered_304(client, url):
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_second_request_is_served_from_the_cache(client):
    first = client.get("/codes/Q4390/")
    second = client.get("/codes/Q4390/")
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    head = client.head("/codes/Q4390/")
    assert head["X-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(first.content))


@pytest.mark.parametrize("url", ["/codes/Q4390/", "/api/v1/codes/Q4390/"])
def test_a_cached_answer_is_sent_gzipped_to_clients_that_accept_it(client, url):
    """The cache keeps text gzipped: a client that accepts gzip gets it as kept, any other
    the same bytes the view made."""
    plain = client.get(url)
    assert plain["X-Cache"] == "miss"
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["X-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 2
    assert zipped["Content-Type"] == plain["Content-Type"]
    assert "Accept-Encoding" in zipped["Vary"]
    unzipped = client.get(url, HTTP_ACCEPT_ENCODING="identity")
    assert unzipped["X-Cache"] == "hit"
    assert "Content-Encoding" not in unzipped
    assert unzipped.content == plain.content
    head = client.head(url, HTTP_ACCEPT_ENCODING="gzip")
    assert head["Content-Encoding"] == "gzip"
    assert head.content == b""
    assert head["Content-Length"] == zipped["Content-Length"]


def test_api_formats_are_cached_apart(client):
    as_json = client.get("/api/v1/codes/Q4390/", HTTP_ACCEPT="application/json")
    as_html = client.get("/api/v1/codes/Q4390/", HTTP_ACCEPT="text/html")
    assert as_json["Content-Type"] == "application/json"
    assert as_html["Content-Type"].startswith("text/html")
    assert as_json["ETag"] != as_html["ETag"]


def test_a_change_to_the_published_content_moves_every_key(client):
    before = client.get("/codes/Q4390/")
    client.get("/codes/Q4390/")
    PublishedState.objects.record_change(published=False)
    after = client.get("/codes/Q4390/")
    assert after["X-Cache"] == "miss"
    assert after["ETag"] != before["ETag"]
    stale = client.get("/codes/Q4390/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert stale.status_code == 200


def test_a_publish_is_served_on_the_next_request(client, admin_user):
    from codes.models import HcpcsCode
    from codes.releases.curation import code_correct

    assert b"Corrected by the cache test" not in client.get("/codes/Q4390/").content
    code = HcpcsCode.objects.get(code="Q4390")
    code_correct(
        code=code,
        values={"short_description": "Corrected by the cache test"},
        reason="cache test",
        user=admin_user,
    )
    assert b"Corrected by the cache test" in client.get("/codes/Q4390/").content


def test_the_admin_is_private_and_never_stored(admin_client):
    for url in ("/admin/", "/admin/codes/release/", "/admin/login/"):
        answer = admin_client.get(url)
        assert answer["Cache-Control"] == "private, no-store"
        assert "ETag" not in answer


def test_a_signed_in_curator_skips_the_public_cache(admin_client):
    answer = admin_client.get("/codes/Q4390/")
    assert answer.status_code == 200
    assert "X-Cache" not in answer
    assert "public" not in answer.get("Cache-Control", "")
