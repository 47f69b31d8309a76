"""No query string can cause a 500 or a database error, on either engine.

Every input goes to the results page, the page's typeahead, the API list and the API
typeahead. The test client re-raises any exception a view lets through, so a database
error fails the test even where it would have become a 500.
"""

from __future__ import annotations

import pytest

from tests.search.hostile_inputs import HOSTILE_QUERIES

pytestmark = pytest.mark.usefixtures("bundled")


PAGE_URLS = ["/codes/", "/autocomplete/", "/api/v1/codes/", "/api/v1/autocomplete/"]


@pytest.mark.parametrize("url", PAGE_URLS)
@pytest.mark.parametrize("text", HOSTILE_QUERIES, ids=lambda t: repr(t[:30]))
def test_hostile_queries_never_fail(client, url, text):
    response = client.get(url, {"q": text})
    assert response.status_code in {200, 302}


def test_a_long_query_is_cut_with_a_message(client):
    response = client.get("/codes/", {"q": "cushion " * 2_000})
    html = response.content.decode()
    assert response.status_code == 200
    assert "only the first" in html
    response = client.get("/api/v1/codes/", {"q": "cushion " * 2_000})
    assert "only the first" in response.json()["search"]["notices"][0]


def test_invalid_utf8_in_the_query_string(client):
    for url in PAGE_URLS:
        response = client.get(url + "?q=%ff%fe%00wheel%C3chair&section=%ff")
        assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    "param, value",
    [
        ("section", "Z"),
        ("section", "\x00"),
        ("status", "bogus"),
        ("kind", "x"),
        ("betos", "ZZZ"),
        ("coverage", "'"),
        ("pricing", "98"),
        ("action", "Q"),
        ("added_after", "yesterday"),
        ("added_before", "2025-02-30"),
        ("on", "2025-13-45"),
        ("on", "\x00"),
        ("release", "999999"),
        ("release", "abc"),
        ("release", "1\x00"),
        ("release", "-1"),
        ("sort", "random"),
        ("sort", "\x00"),
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_notice_on_the_page(client, param, value):
    response = client.get("/codes/", {"q": "cushion", param: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ignored the" in html
    assert "\x00" not in html


@pytest.mark.parametrize(
    "param, value",
    [
        ("section", "Z"),
        ("status", "bogus"),
        ("betos", "ZZZ"),
        ("release", "1\x00"),
        ("on", "\x00"),
        ("sort", "random"),
    ],
)
def test_an_unknown_filter_value_is_a_400_in_the_api(client, param, value):
    assert client.get("/api/v1/codes/", {"q": "cushion", param: value}).status_code == 400


def test_ignored_filters_are_dropped_from_the_page_links(client):
    response = client.get("/codes/", {"q": "injection", "section": "Z", "kind": "procedure"})
    html = response.content.decode()
    assert "section=Z" not in html
    assert "kind=procedure" in html


@pytest.mark.parametrize("page", ["9999", "abc", "0", "-1", "1.5", "", "\x00", "1e9", "２"])
def test_pages_past_the_end_or_not_numbers(client, page):
    response = client.get("/codes/", {"q": "cushion", "page": page})
    assert response.status_code == 200
    assert 'class="result-code"' in response.content.decode()
    section = client.get("/sections/E/", {"page": page})
    assert section.status_code == 200
    api = client.get("/api/v1/codes/", {"q": "cushion", "page": page})
    assert api.status_code in {200, 404}


def test_hostile_section_letters_and_codes_in_paths(client):
    for path in [
        "/sections/%00/",
        "/sections/E0100/",
        "/sections/%F0%9F%98%80/",
        "/api/v1/codes/%00/",
        "/api/v1/codes/'%20OR%201=1/",
        "/api/v1/codes/😀/",
    ]:
        assert client.get(path).status_code == 404
