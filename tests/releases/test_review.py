"""The review page of a draft: summary, warnings, decoded field diffs, filters, pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from codes.cms import reference
from codes.models import CodeVersion, Release
from codes.releases.services import release_stage
from tests.curation import DRAFT_ADDED, DRAFT_REMOVED, parsed_from, version_of


@pytest.fixture
def review_page(curator, as_user, draft):
    client = as_user(curator)

    def get(**params):
        response = client.get(reverse("admin:codes_release_review", args=[draft.pk]), params)
        assert response.status_code == 200
        return response.content.decode()

    return get


def codes_on(page: str) -> list[str]:
    import re

    return re.findall(r'data-code="([A-Z0-9]+)"', page)


def test_summary_counts_and_every_kind_of_change(review_page):
    page = review_page()
    assert "Review draft “2026 October”" in page
    for count, label in [
        (2, "changed"),
        (1, "terminated"),
        (1, "added"),
        (1, "no longer in the file"),
    ]:
        assert f"<strong>{count}</strong> {label}" in page, label
    assert codes_on(page) == sorted(["A4453", "J9333", "E1130", DRAFT_ADDED, DRAFT_REMOVED])


def test_field_diff_shows_old_and_new_values_decoded(review_page):
    page = review_page(code="J9333")
    assert codes_on(page) == ["J9333"]
    betos = reference.TABLES["betos"]["codes"]
    assert "<code>O1D</code>" in page and betos["O1D"] in page
    assert "<code>D1F</code>" in page and betos["D1F"] in page
    # The row is named as CMS names the field, with its CMS definition on hover.
    definition = escape(reference.definition("BETOS"))
    label = "Berenson-Eggers Type of Service Code (BETOS)"
    assert f'<th scope="row"><span title="{definition}">{label}</span></th>' in page


def test_warnings_name_vanished_codes(review_page):
    page = review_page()
    assert "Codes that left the file without a termination date" in page
    link = f'<a href="?code={DRAFT_REMOVED}#changes">{DRAFT_REMOVED}</a>'
    assert f"{link}: no longer in the file" in page


def test_filters_by_kind_field_code_and_held(review_page, draft):
    assert codes_on(review_page(kind="terminated")) == ["E1130"]
    assert codes_on(review_page(field="betos")) == ["J9333"]
    assert codes_on(review_page(field="short_description")) == ["A4453"]
    assert codes_on(review_page(code="a4")) == ["A4453"]
    draft.versions.filter(code="E1130").update(held=True)
    assert codes_on(review_page(held="yes")) == ["E1130"]
    assert "E1130" not in codes_on(review_page(held="no"))


def test_bad_filter_values_are_explained_not_errors(review_page):
    page = review_page(kind="bogus", field="nope", code="<script>", page="x")
    assert "is not a kind of change" in page
    assert "is not a CMS field" in page
    assert "is not a code or the start of one" in page
    assert "<script>" not in page
    assert len(codes_on(page)) == 5


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_pages_keep_the_filters(curator, as_user, bundled):
    # A draft that changes many codes: every code's short description.
    from codes.releases.services import published_records

    records = [
        {**r, "short_description": r["short_description"][:20] + " v2"}
        for r, listed in published_records().values()
        if listed and r["code"] < "B"
    ]
    import datetime

    release = release_stage(
        parsed=parsed_from(records, label="many", effective_date=datetime.date(2026, 10, 1))
    ).release
    client = as_user(curator)
    url = reverse("admin:codes_release_review", args=[release.pk])
    page = client.get(url, {"kind": "changed", "code": "A"}).content.decode()
    assert len(codes_on(page)) == 50
    assert "?kind=changed&amp;code=A&amp;page=2" in page
    second = client.get(url, {"kind": "changed", "code": "A", "page": 2}).content.decode()
    assert codes_on(second)[0] > codes_on(page)[-1]


def test_the_review_shows_the_local_correction_a_change_would_replace(
    curator, as_user, bundled, make_user
):
    import datetime

    from codes.models import HcpcsCode
    from codes.releases.curation import code_correct
    from codes.releases.services import published_records

    code_correct(
        code=HcpcsCode.objects.get(code="J9333"),
        values={"short_description": "Inj rozanolixizumab 1 mg"},
        reason="Typo in the CMS file",
        user=curator,
    )
    records = [r for r, listed in published_records().values() if listed]
    for record in records:
        if record["code"] == "J9333":
            record["short_description"] = "Inj rozanolixizum-noli 1 mg"  # CMS's value again
    release = release_stage(
        parsed=parsed_from(records, label="next", effective_date=datetime.date(2027, 1, 1))
    ).release
    page = (
        as_user(curator)
        .get(reverse("admin:codes_release_review", args=[release.pk]))
        .content.decode()
    )
    assert "Local correction" in page
    assert "Typo in the CMS file" in page
    assert "hold it back to keep the correction" in page
    assert '<a href="?code=J9333#changes">J9333</a>' in page


def test_published_releases_show_their_changes_read_only(curator, as_user, bundled):
    october = Release.objects.get(label="2025 October")
    client = as_user(curator)
    page = client.get(
        reverse("admin:codes_release_review", args=[october.pk]), {"code": "A4453"}
    ).content.decode()
    assert "Changes of “2025 October”" in page
    assert "Hold back" not in page and ">Edit<" not in page
    assert codes_on(page) == ["A4453"]


def test_the_review_page_is_fast_in_queries(curator, as_user, draft, django_assert_max_num_queries):
    client = as_user(curator)
    url = reverse("admin:codes_release_review", args=[draft.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)


def test_a_version_change_page_links_to_edit_and_hold(curator, as_user, draft):
    version = version_of(draft, "A4453")
    page = (
        as_user(curator)
        .get(reverse("admin:codes_codeversion_change", args=[version.pk]))
        .content.decode()
    )
    assert reverse("admin:codes_codeversion_edit", args=[version.pk]) in page
    assert reverse("admin:codes_codeversion_hold", args=[version.pk]) in page
    assert CodeVersion.objects.filter(release=draft).count() == 5
