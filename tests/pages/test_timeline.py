"""The top of a code page: the validity timeline, the verdict for the date asked, what a code
replaces and what replaces it, the link preview, and what the history calls a first record."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("bundled")


def html_of(client, url: str) -> str:
    return client.get(url).content.decode()


def top(html: str) -> str:
    section = html.split('<section class="validity" aria-label="Validity">')[1].split("</section>")[
        0
    ]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section)).strip()


def test_timeline_with_replacement_and_verdict_for_the_date_asked(client):
    html = html_of(client, "/codes/C9304/?as_of=2025-05-15")
    text = top(html)
    assert text.startswith("Valid 2025-04-01 → 2025-06-30 · replaced by J7172")
    assert "Valid on 2025-05-15 — Valid; last valid day 2025-06-30" in text
    assert '<a href="/codes/J7172/"><code>J7172</code></a>' in html


def test_the_replacement_says_what_it_replaces(client):
    text = top(html_of(client, "/codes/J7172/"))
    assert "replaces C9304" in text
    assert "replaces C9173" in top(html_of(client, "/codes/Q5148/"))


def test_cpt_cross_reference_is_marked_and_not_linked(client):
    html = html_of(client, "/codes/G0503/")
    assert "replaced by 99493 (CPT, not HCPCS Level II)" in top(html)
    assert 'href="/codes/99493/"' not in html


def test_title_and_link_preview_carry_a_terminated_status(client):
    html = html_of(client, "/codes/C9173/")
    assert "<title>C9173 (last valid day 2025-06-30) - " in html
    assert (
        '<meta property="og:description" content="Last valid day 2025-06-30; replaced by Q5148.'
        in html
    )
    active = html_of(client, "/codes/Q4390/")
    assert "(last valid day" not in active.split("</title>")[0]


def test_values_from_an_earlier_release_say_which_quarters_are_not_loaded(client):
    text = top(html_of(client, "/codes/A6549/?as_of=2025-08-01"))
    assert "Values from 2025 January; 2025 April, 2025 July are not loaded here." in text
    loaded = top(html_of(client, "/codes/Q4390/?as_of=2025-11-01"))
    assert "not loaded" not in loaded


def test_history_says_first_in_the_loaded_releases_before_cms_add_date(client):
    html = html_of(client, "/codes/J0135/")
    history = html.split('id="history"')[1]
    assert "First in the loaded releases" in history
    assert ">Added<" not in history
    q4390 = html_of(client, "/codes/Q4390/").split('id="history"')[1]
    assert ">Added<" in q4390  # CMS added it in the release that first lists it


def test_hcpc_field_has_its_cms_definition_inline(client):
    html = html_of(client, "/codes/Q4390/")
    assert "Healthcare Common Procedure Coding System Code" in html
    assert "Level I: Codes and descriptors copyrighted by the American Medical" in html
    assert html.count("must always be used in compliance with copyright law") == 1
