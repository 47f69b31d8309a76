"""The code detail page: every field decoded with its CMS definition, history, as-of, links."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.cms import reference
from tests.conftest import JAN_2025_XLSX, OCT_2025_XLSX


@pytest.fixture
def page(client, bundled):
    def get(url: str, **kwargs):
        return client.get(url, **kwargs)

    return get


def text_of(response) -> str:
    return response.content.decode()


def test_q4390_shows_the_october_2025_record_decoded_with_definitions(page):
    response = page("/codes/Q4390/?as_of=2025-11-01")
    assert response.status_code == 200
    html = text_of(response)
    assert "Ascendion, per square centimeter" in html
    drugs = reference.TABLES["pricing_indicator"]["codes"]["51"]
    assert f"<code>51</code> - {drugs}" in html, "pricing indicator 51 is decoded"
    # Each field's CMS definition is on the page itself, not only in a tooltip.
    for header in ("PRICE1", "COV", "BETOS", "ACTION CD", "ADD DT"):
        definition = reference.definition(header).split("\n")[0][:60]
        assert definition in html.replace("&#x27;", "'"), header
    assert "<code>O1E</code> - Other drugs" in html
    assert "<code>C</code> - Carrier judgment" in html
    assert 'class="badge badge-active"' in html


def test_every_group_and_field_is_present(page):
    html = text_of(page("/codes/Q4390/"))
    for group in (
        "Descriptions",
        "Pricing and coverage",
        "Classification",
        "Dates and status",
        "Cross-references and manual references",
        "Lab certification",
        "ASC and OPPS",
    ):
        assert f">{group}</h2>" in html
    for header in reference.FIELDS:
        if header == "HCPC":
            continue
        assert header in html, f"field {header} is missing from the page"


def test_canonical_and_preview_meta_tags(page):
    html = text_of(page("/codes/Q4390/"))
    assert '<link rel="canonical" href="http://testserver/codes/Q4390/">' in html
    assert '<meta property="og:title" content="Q4390 - Ascendion, per square centimeter' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_lookup_is_case_insensitive_and_redirects_to_the_canonical_url(page):
    response = page("/codes/q4390/?as_of=2025-12-01")
    assert response.status_code == 301
    assert response["Location"] == "/codes/Q4390/?as_of=2025-12-01"


def test_modifiers_have_their_own_pages(page):
    assert page("/codes/LT/")["Location"] == "/modifiers/LT/"
    response = page("/modifiers/lt/")
    assert response["Location"] == "/modifiers/LT/"
    html = text_of(page("/modifiers/LT/"))
    assert "Left side" in html
    assert re.search(r"today, \d{4}-\d{2}-\d{2} · Modifier</span>", html), "it is a modifier"
    assert '› <a href="/modifiers/">Modifiers</a> › LT</p>' in html, "the breadcrumb"
    assert "· Modifier</span>" not in text_of(page("/codes/Q4390/"))
    assert page("/modifiers/").status_code == 200


def test_the_breadcrumb_goes_to_the_section_page(page):
    html = text_of(page("/codes/E0100/"))
    assert '› <a href="/sections/E/">Section E</a> › E0100</p>' in html
    assert page("/sections/E/").status_code == 200


def test_unknown_code_is_a_helpful_404(page):
    response = page("/codes/Q4381/")  # Q4380 and Q4382 exist; no release has Q4381
    assert response.status_code == 404
    html = text_of(response)
    assert "No HCPCS code" in html
    assert "/codes/Q4382/" in html, "nearby codes are suggested"
    for junk in ("/codes/%3Cscript%3E/", "/codes/ZZZZZZZZZZZZ/", "/codes/%00/"):
        response = page(junk)
        assert response.status_code == 404
        assert "<script>" not in text_of(response)


def test_terminated_code_badge_and_cross_reference_link(page):
    html = text_of(page("/codes/G0503/"))
    assert "Last valid day 2017-12-31" in html
    # XREF1 99493 is a CPT code, not in this HCPCS set: shown but not linked.
    assert "<code>99493</code>" in html
    assert '<a href="/codes/99493/">' not in html
    # C9173's XREF1 Q5148 is in the set: linked to its page.
    html = text_of(page("/codes/C9173/"))
    assert '<a href="/codes/Q5148/"><code>Q5148</code></a>' in html


def test_history_shows_what_changed_between_releases(page):
    html = text_of(page("/codes/A6549/"))
    assert "2025 October" in html and "2025 January" in html
    assert "Changed" in html
    # Word-level: only the added words are marked, the unchanged ones read as plain text.
    assert (
        "Gradient compression garment, not otherwise specified<ins>, for daytime use, each</ins>"
        in html
    )
    assert "<del>Gradient" not in html


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_g0503_description_change_marks_only_the_appended_words():
    """CMS's January workbook cuts G0503's description; October's has it whole. Between the
    two files, only the words the cut lost are marked."""
    from codes.releases.worddiff import redline
    from tests.parsed_files import read_release

    cut, whole = (
        read_release(path).by_code()["G0503"]["long_description"]
        for path in (JAN_2025_XLSX, OCT_2025_XLSX)
    )
    marked = str(redline(cut, whole))
    assert marked.count("<ins>") == 1 and "<del>" not in marked
    inserted = marked.split("<ins>")[1].split("</ins>")[0]
    assert (
        " ".join(inserted.split()) == "goals and are prepared for discharge from active treatment"
    )


def test_g0503_shows_no_false_october_change(page):
    """The bundled January record is corrected from CMS's text file (data/corrections.json),
    so the site does not show the workbook's cut as an October change."""
    html = text_of(page("/codes/G0503/"))
    assert 'class="redline">' not in html
    assert "discharge from active treatment" in html


def test_as_of_shows_the_record_on_that_date(page):
    old = text_of(page("/codes/A6549/?as_of=2025-03-01"))
    assert "The record as it stood on 2025-03-01" in old
    assert re.search(r'class="lead">Gradient compression garment, not otherwise specified<', old)
    new = text_of(page("/codes/A6549/"))
    assert "for daytime use" in new


def test_as_of_before_the_code_existed(page):
    html = text_of(page("/codes/Q4390/?as_of=2025-03-01"))
    assert 'class="badge badge-not_yet_effective"' in html
    assert "Not yet effective; valid from 2025-10-01" in html
    assert "2025-03-01 is before the first loaded release that lists Q4390 (2025 October)" in html


@pytest.mark.parametrize(
    ("url", "badge", "message"),
    [
        ("/codes/C9304/?as_of=2025-05-15", "active", "Valid; last valid day 2025-06-30"),
        ("/codes/J0135/?as_of=2024-06-01", "active", "Valid; last valid day 2024-12-31"),
        ("/codes/J0135/?as_of=2025-06-01", "terminated", "Last valid day 2024-12-31"),
        ("/codes/J2310/?as_of=2025-06-30", "active", "Valid: its last day"),
        ("/codes/J2310/?as_of=2025-07-01", "terminated", "Last valid day 2025-06-30"),
    ],
)
def test_status_on_a_date_of_service_follows_cms_dates(page, url, badge, message):
    html = text_of(page(url))
    assert f'class="badge badge-{badge}"' in html
    assert message in html


def test_bad_as_of_is_a_message_not_an_error(page):
    response = page("/codes/Q4390/?as_of=2025-13-45")
    assert response.status_code == 200
    assert "is not a date" in text_of(response)
    response = page("/codes/Q4390/?as_of=%3Cb%3Ex")
    assert "<b>x" not in text_of(response)


def test_query_count_is_bounded_whatever_the_code(page):
    page("/codes/Q4390/")  # warm the reference-table cache
    counts = []
    for url in (
        "/codes/Q4390/",
        "/codes/G0556/",
        "/codes/A6549/?as_of=2025-03-01",
        "/modifiers/LT/",
        "/codes/E0210/",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert page(url).status_code == 200
        counts.append(len(queries))
    # The page's own reads (at most 5) plus the one read of the content version that the
    # release-keyed cache makes on every public request (codes.ops.caching).
    assert max(counts) <= 5 + 1, counts


def test_history_shows_dates_as_dates(page):
    html = text_of(page("/codes/A6549/"))
    assert "<del>2024-01-01</del>" in html and "<ins>2025-04-01</ins>" in html
