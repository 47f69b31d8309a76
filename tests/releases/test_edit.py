"""Editing a draft: correct a proposed value, hold a change back, restore it; all audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from codes.models import AuditEntry, CodeVersion
from codes.releases import curation
from codes.releases.services import release_publish
from tests.curation import DRAFT_REMOVED, version_of


def form_data(version: CodeVersion, reason: str = "Checked with CMS", **changes) -> dict:
    """The edit form as the browser posts it: every field, dates as YYYY-MM-DD."""
    data = {}
    for attr in curation.EDITABLE_ATTRS:
        value = changes.get(attr, getattr(version, attr))
        data[attr] = value.isoformat() if isinstance(value, datetime.date) else (value or "")
    data["reason"] = reason
    return data


def test_edit_changes_the_value_and_records_who_when_why(curator, draft):
    version = version_of(draft, "A4453")
    edited = curation.version_edit(
        version=version,
        values={"short_description": "Rec cath transanal each"},
        reason="CMS typo",
        user=curator,
    )
    assert edited.short_description == "Rec cath transanal each"
    assert edited.changed_fields == ["short_description"]
    assert edited.previous == {"short_description": "Rec cath any transanal, each"}
    entry = AuditEntry.objects.get(action="edited", version=edited)
    assert (entry.user, entry.release, entry.code) == (curator, draft, "A4453")
    assert (entry.field_name, entry.old_value, entry.new_value, entry.reason) == (
        "SHORT DESCRIPTION",
        "Rec cath transanal, each v2",
        "Rec cath transanal each",
        "CMS typo",
    )
    assert entry.at is not None


def test_editing_another_field_adds_it_to_the_diff(curator, draft):
    version = version_of(draft, "A4453")
    edited = curation.version_edit(
        version=version, values={"price1": "46"}, reason="x", user=curator
    )
    assert edited.changed_fields == ["short_description", "price1"]  # in CMS column order
    assert edited.previous["price1"] == "38"
    assert edited.change_type == "changed"


def test_editing_a_change_back_to_the_published_value_leaves_no_difference(curator, draft):
    version = version_of(draft, "A4453")
    edited = curation.version_edit(
        version=version,
        values={"short_description": "Rec cath any transanal, each"},
        reason="keep",
        user=curator,
    )
    assert edited.changed_fields == []


def test_an_unknown_betos_code_is_refused_as_a_field_error(curator, as_user, draft):
    version = version_of(draft, "J9333")
    with pytest.raises(ValidationError) as excinfo:
        curation.version_edit(version=version, values={"betos": "ZZZ"}, reason="x", user=curator)
    assert "betos" in excinfo.value.message_dict
    response = as_user(curator).post(
        reverse("admin:codes_codeversion_edit", args=[version.pk]),
        form_data(version, betos="ZZZ"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not in the CMS code table" in page and "nothing was saved" in page
    assert version_of(draft, "J9333").betos == "D1F"
    assert not AuditEntry.objects.filter(action="edited", release=draft).exists()


def test_a_bad_date_is_refused_as_a_field_error(curator, as_user, draft):
    version = version_of(draft, "J9333")
    response = as_user(curator).post(
        reverse("admin:codes_codeversion_edit", args=[version.pk]),
        {**form_data(version), "term_dt": "2025-02-30"},
    )
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    assert version_of(draft, "J9333").term_dt is None


def test_a_value_cms_sent_that_no_table_has_does_not_block_other_edits(curator, draft):
    version = version_of(draft, "J9333")
    CodeVersion.objects.filter(pk=version.pk).update(cov="Q")  # as if CMS sent it
    edited = curation.version_edit(
        version=version, values={"short_description": "ok"}, reason="x", user=curator
    )
    assert edited.cov == "Q" and edited.short_description == "ok"


def test_edit_needs_a_reason_and_a_change(curator, draft):
    version = version_of(draft, "A4453")
    with pytest.raises(ValidationError):
        curation.version_edit(version=version, values={"price1": "46"}, reason=" ", user=curator)
    with pytest.raises(curation.CurationError, match="Nothing was changed"):
        curation.version_edit(
            version=version, values={"price1": version.price1}, reason="x", user=curator
        )


def test_only_drafts_can_be_edited(curator, draft):
    release_publish(release=draft)
    with pytest.raises(curation.CurationError, match="published"):
        curation.version_edit(
            version=version_of(draft, "A4453"), values={"price1": "38"}, reason="x", user=curator
        )
    with pytest.raises(curation.CurationError):
        curation.version_hold(version=version_of(draft, "A4453"), reason="x", user=curator)


def test_a_code_no_longer_in_the_file_can_be_held_but_not_edited(curator, draft):
    version = version_of(draft, DRAFT_REMOVED)
    with pytest.raises(curation.CurationError, match="no longer in the file"):
        curation.version_edit(version=version, values={"price1": "38"}, reason="x", user=curator)
    assert curation.version_hold(version=version, reason="keep it", user=curator).held


def test_the_edit_page_shows_definitions_and_published_values(curator, as_user, draft):
    from codes.cms import reference

    version = version_of(draft, "J9333")
    page = (
        as_user(curator)
        .get(reverse("admin:codes_codeversion_edit", args=[version.pk]))
        .content.decode()
    )
    assert reference.definition("BETOS").split("\n")[0][:50] in page.replace("&#x27;", "'")
    assert "Published: <code>O1D</code>" in page
    assert 'name="reason"' in page


def test_edit_through_the_page_returns_to_the_review(curator, as_user, draft):
    version = version_of(draft, "A4453")
    review = reverse("admin:codes_release_review", args=[draft.pk]) + "?code=A4#v1"
    response = as_user(curator).post(
        reverse("admin:codes_codeversion_edit", args=[version.pk]),
        {**form_data(version, short_description="Edited"), "next": review},
    )
    assert response.status_code == 302 and response["Location"] == review
    assert version_of(draft, "A4453").short_description == "Edited"


def test_an_offsite_next_is_ignored(curator, as_user, draft):
    version = version_of(draft, "A4453")
    response = as_user(curator).post(
        reverse("admin:codes_codeversion_hold", args=[version.pk]),
        {"reason": "wait", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("admin:codes_release_review", args=[draft.pk])


def test_hold_and_restore_are_audited_and_publishing_skips_held_changes(
    curator, publisher, as_user, draft
):
    from codes.models import HcpcsCode

    client = as_user(curator)
    version = version_of(draft, "A4453")
    hold = reverse("admin:codes_codeversion_hold", args=[version.pk])
    assert client.post(hold, {"reason": ""}).status_code == 200  # a reason is required
    assert not version_of(draft, "A4453").held
    assert client.post(hold, {"reason": "Waiting for CMS"}).status_code == 302
    assert version_of(draft, "A4453").held
    page = client.get(reverse("admin:codes_release_review", args=[draft.pk])).content.decode()
    assert "Held back by carla" in page and "Waiting for CMS" in page
    restore = reverse("admin:codes_codeversion_restore", args=[version.pk])
    client.post(restore, {"reason": "CMS confirmed"})
    assert not version_of(draft, "A4453").held
    client.post(hold, {"reason": "Hold after all"})
    actions = list(
        AuditEntry.objects.filter(version=version)
        .order_by("id")
        .values_list("action", "reason", "user__username")
    )
    assert actions == [
        ("held", "Waiting for CMS", "carla"),
        ("restored", "CMS confirmed", "carla"),
        ("held", "Hold after all", "carla"),
    ]
    release_publish(release=draft, user=publisher)
    assert HcpcsCode.objects.get(code="A4453").short_description == "Rec cath any transanal, each"
    assert HcpcsCode.objects.get(code="J9333").betos == "D1F"
