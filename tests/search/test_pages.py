"""The results page, home page, section browse and the page's typeahead endpoint."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.html import escape

from codes.models import Release

pytestmark = pytest.mark.usefixtures("bundled")

RESULT_CODES = re.compile(r'class="result-code" href="[^"]+"><code>([A-Z0-9]+)</code>')


def result_codes(response) -> list[str]:
    return RESULT_CODES.findall(response.content.decode())


def links(response, rel: str | None = None) -> list[str]:
    html = response.content.decode()
    pattern = r'<a href="(\?[^"]*)"' + (f' rel="{rel}"' if rel else "")
    return [href.replace("&amp;", "&") for href in re.findall(pattern, html)]


def test_an_exact_code_redirects_to_its_page(client):
    response = client.get("/codes/", {"q": " q4390 "})
    assert response.status_code == 302
    assert response["Location"] == "/codes/Q4390/"


def test_a_modifier_found_alone_redirects_to_the_modifier_page(client):
    response = client.get("/codes/", {"q": "kx"})  # no description uses the word 'kx'
    assert response.status_code == 302
    assert response["Location"] == "/modifiers/KX/"


def test_a_modifier_that_is_also_a_word_is_listed_first(client):
    response = client.get("/codes/", {"q": "LT"})
    assert response.status_code == 200
    assert result_codes(response)[0] == "LT"
    assert len(result_codes(response)) > 1
    assert '<span class="tag">Modifier</span>' in response.content.decode()


def test_the_done_when_queries_on_the_page(client):
    assert set(result_codes(client.get("/codes/", {"q": "wheelchair cushion"}))[:5]) & {
        "E2601",
        "E2602",
        "E2603",
        "E2604",
        "E2605",
        "E2606",
        "E2607",
        "E2608",
        "E2609",
        "E2610",
    }
    assert result_codes(client.get("/codes/", {"q": "E01"}))[0] == "E0100"
    assert result_codes(client.get("/codes/", {"q": "E0100-E0199"}))[0] == "E0100"
    # J9271 pembrolizumab, and J9277 pembrolizumab and berahyaluronidase (ADD DT 2026-04-01).
    assert result_codes(client.get("/codes/", {"q": "pembrolizumab"})) == ["J9271", "J9277"]
    glucose = client.get("/codes/", {"q": "glucose monitr"})
    assert "Showing results for" in glucose.content.decode()
    assert "E0607" in result_codes(glucose)


def test_results_show_status_pricing_coverage_and_highlights(client):
    response = client.get("/codes/", {"q": "pembrolizumab"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 codes" in html  # J9271, and J9277 since April 2026
    assert "<mark>pembrolizumab</mark>" in html
    assert 'badge badge-active">Active' in html
    # J9271: PRICE1 51, COV C, each shown in its row with its CMS meaning as a tooltip.
    row = html[html.index('href="/codes/J9271/"') :]
    pricing = re.search(r'glance-label">Pricing</span> <abbr class="chip" title="([^"]+)">51<', row)
    coverage = re.search(
        r'glance-label">Coverage</span> <abbr class="chip" title="([^"]+)">C<', row
    )
    assert pricing and pricing.group(1).startswith("Drugs"), "pricing indicator 51 is shown"
    assert coverage and coverage.group(1).startswith("Carrier judgment"), "coverage C is shown"


def test_the_count_and_pagination_keep_every_parameter(client):
    params = {"q": "injection", "section": "J", "sort": "code", "betos": "O1E"}
    response = client.get("/codes/", params)
    html = response.content.decode()
    assert response.status_code == 200
    count = int(re.search(r'id="results-title" class="count">(\d[\d,]*) code', html)[1])
    assert count > 25
    next_link = links(response, rel="next")[0]
    query = parse_qs(urlsplit(next_link).query)
    assert query == {
        "q": ["injection"],
        "section": ["J"],
        "sort": ["code"],
        "betos": ["O1E"],
        "page": ["2"],
    }
    page_two = client.get("/codes/" + next_link)
    assert result_codes(page_two)[0] > result_codes(response)[-1]
    previous = parse_qs(urlsplit(links(page_two, rel="prev")[0]).query)
    assert previous["section"] == ["J"] and previous["page"] == ["1"]


def test_sort_links_keep_the_filters(client):
    response = client.get("/codes/", {"q": "cushion", "section": "E"})
    sort_links = [link for link in links(response) if "sort=code" in link]
    assert sort_links and "section=E" in sort_links[0]


def test_filters_show_on_the_page(client):
    response = client.get("/codes/", {"q": "cushion", "section": "E"})
    html = response.content.decode()
    assert '<option value="E" selected>' in html
    found = result_codes(response)
    assert found and all(code.startswith("E") for code in found)


def test_the_status_select_shows_the_status_in_force(client):
    """No status asked: active codes for words, any status for codes named one by one."""
    words = client.get("/codes/", {"q": "cushion"}).content.decode()
    assert '<option value="active" selected>' in words
    named = client.get("/codes/", {"q": "K0553, A0021"}).content.decode()
    assert '<option value="all" selected>' in named
    assert '<option value="active" selected>' not in named


def test_zero_results_suggest_what_to_try(client):
    response = client.get("/codes/", {"q": "xyzzyplugh", "section": "J"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No codes found" in html
    assert "Search again without filters" in html
    assert "Browse a section" in html
    assert "status=all" in html


def test_an_unknown_code_suggests_codes_nearby(client):
    # Q4381 is in no bundled file (Q4380 and Q4382 are); Q4399 was, until CMS added it in
    # January 2026 (ADD DT 2026-01-01).
    response = client.get("/codes/", {"q": "Q4381"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no code Q4381" in html
    assert "Q4380" in html and "Q4382" in html


def test_highlighting_cannot_be_used_for_markup(client):
    payload = '<script>alert("x")</script> cushion'
    response = client.get("/codes/", {"q": payload})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert escape('<script>alert("x")</script>')[:20] in html


def test_browsing_without_a_query_lists_codes(client):
    response = client.get("/codes/", {"section": "R"})
    assert result_codes(response) == ["R0070", "R0075", "R0076"]


def test_home_page_lists_sections_and_the_latest_release(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for letter in "ABCEGHJKLMPQRSTUV":
        assert f'href="/sections/{letter}/"' in html
    assert "Durable medical equipment" in html
    latest = Release.objects.latest_published()
    assert latest.label in html
    # July 2026 against April 2026: 9,068 -> 9,109 codes, 40 procedure codes and the
    # modifier AC added, C9309 terminated (TERM DT 2026-06-30).
    assert latest.label == "2026 July"
    assert "41</strong> added" in html
    assert "1</strong> terminated" in html
    assert "data-typeahead" in html


def test_a_section_lists_its_codes_paginated(client):
    response = client.get("/sections/e/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Durable medical equipment" in html
    assert "/codes/E0100/" in html
    assert "Page 1 of" in html
    second = client.get("/sections/E/", {"page": "2", "status": "all"})
    assert second.status_code == 200
    assert "status=all" in second.content.decode()


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sections/Z/").status_code == 404


def test_typeahead_json(client):
    response = client.get("/autocomplete/", {"q": "wheelchair cush"})
    data = response.json()
    assert response.status_code == 200
    assert 0 < len(data["results"]) <= 8
    first = data["results"][0]
    assert set(first) == {
        "code",
        "kind",
        "short_description",
        "long_description",
        "status",
        "url",
        "found_via",  # how it was found when not by its own words (issue 9)
    }
    assert first["url"] == f"/codes/{first['code']}/"
    assert first["found_via"] == ""  # "wheelchair cush" is in CMS's own words


def test_both_typeahead_endpoints_take_filters_alike(client):
    everywhere = client.get("/autocomplete/", {"q": "injection"}).json()["results"]
    assert any(not r["code"].startswith("J") for r in everywhere)
    for url in ("/autocomplete/", "/api/v1/autocomplete/"):
        narrowed = client.get(url, {"q": "injection", "section": "J"}).json()["results"]
        assert narrowed and all(r["code"].startswith("J") for r in narrowed), url
        bad = client.get(url, {"q": "injection", "section": "Z", "added_after": "x"})
        assert bad.status_code == 400, url
        assert set(bad.json()) == {"section", "added"}, url
    params = {"q": "injection", "on": "2025-06-30", "kind": "procedure"}
    page = client.get("/autocomplete/", params).json()
    assert page == client.get("/api/v1/autocomplete/", params).json()


@pytest.mark.parametrize("typed", ["adalim", "aflib", "J01", "J0135", "J0135, J0139", "knee br"])
def test_typeahead_without_filters_gives_what_the_filters_default_to(client, typed):
    """The search box alone skips building the filters (for speed): what it suggests must
    be what the filters give when every one of them is sent empty."""
    alone = client.get("/autocomplete/", {"q": typed}).json()
    defaults = client.get("/autocomplete/", {"q": typed, "status": "", "on": "", "kind": ""})
    assert alone == defaults.json()
    found = [row["code"] for row in alone["results"]]
    # Words find active codes only; codes named one by one are found whatever their status.
    if typed == "adalim":
        assert "J0139" in found and "J0135" not in found  # J0135 terminated 2024-12-31
    if typed.startswith("J0135"):
        assert found[0] == "J0135"


def test_typeahead_needs_two_characters(client):
    assert client.get("/autocomplete/", {"q": "w"}).json()["results"] == []


@pytest.mark.parametrize(
    "text, first",
    [
        ("Q4390", "Q4390"),
        ("E01", "E0100"),
        ("pembro", "J9271"),
        ("LT", "LT"),
    ],
)
def test_typeahead_finds_codes_prefixes_and_words(client, text, first):
    assert client.get("/autocomplete/", {"q": text}).json()["results"][0]["code"] == first


def test_typeahead_corrects_typos(client):
    data = client.get("/autocomplete/", {"q": "glucose monitr"}).json()
    assert data["corrected"] == "glucose monitor"
    assert data["results"]
