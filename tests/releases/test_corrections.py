"""Correcting a published code between releases, and what the next release does with it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from codes.models import AuditEntry, CodeVersion, HcpcsCode
from codes.releases import curation
from codes.releases.services import published_records, release_publish, release_stage
from tests.curation import parsed_from
from tests.releases.test_edit import form_data


def correct(user, code="J9333", **values):
    return curation.code_correct(
        code=HcpcsCode.objects.get(code=code),
        values=values or {"short_description": "Inj rozanolixizumab 1 mg"},
        reason="Typo in the CMS file",
        user=user,
    )


def next_file(**changes) -> list[dict]:
    records = [r for r, listed in published_records().values() if listed]
    for record in records:
        record.update(changes.get(record["code"], {}))
    return records


def test_a_correction_is_a_version_and_updates_the_published_code(
    curator, bundled, index_refreshes
):
    version = correct(curator)
    assert version.release is None and version.change_type == "correction"
    assert version.effective_date == timezone.localdate()
    assert version.reason == "Typo in the CMS file" and version.created_by == curator
    assert version.changed_fields == ["short_description"]
    assert version.previous == {"short_description": "Inj rozanolixizum-noli 1 mg"}
    code = HcpcsCode.objects.get(code="J9333")
    assert code.short_description == "Inj rozanolixizumab 1 mg"
    assert index_refreshes == [["J9333"]], "the search index is refreshed with the code"
    entry = AuditEntry.objects.get(action="corrected")
    assert (entry.code, entry.field_name, entry.user) == ("J9333", "SHORT DESCRIPTION", curator)
    assert entry.version == version
    assert list(CodeVersion.objects.in_force().filter(code="J9333").history_order())[0] == version


def test_the_codes_history_shows_the_local_correction_with_its_reason(curator, bundled, client):
    correct(curator)
    page = client.get("/codes/J9333/").content.decode()
    assert "Inj rozanolixizumab 1 mg" in page
    assert "Local correction" in page and "Typo in the CMS file" in page


def test_a_correction_needs_a_reason_and_valid_values(curator, bundled):
    code = HcpcsCode.objects.get(code="J9333")
    with pytest.raises(ValidationError):
        curation.code_correct(code=code, values={"short_description": "x"}, reason="", user=curator)
    with pytest.raises(ValidationError) as excinfo:
        curation.code_correct(code=code, values={"betos": "QQQ"}, reason="x", user=curator)
    assert "betos" in excinfo.value.message_dict
    with pytest.raises(curation.CurationError, match="Nothing was changed"):
        curation.code_correct(code=code, values={"betos": code.betos}, reason="x", user=curator)
    assert not CodeVersion.objects.filter(change_type="correction").exists()


def test_the_correction_page(curator, as_user, bundled):
    code = HcpcsCode.objects.get(code="J9333")
    url = reverse("admin:codes_hcpcscode_correct", args=[code.pk])
    client = as_user(curator)
    page = client.get(url).content.decode()
    assert "local correction" in page and 'name="reason"' in page
    assert client.post(url, form_data(code, reason="", short_description="x")).status_code == 200
    response = client.post(
        url, form_data(code, reason="CMS announcement", act_eff_dt=datetime.date(2025, 11, 1))
    )
    assert response.status_code == 302
    assert HcpcsCode.objects.get(code="J9333").act_eff_dt == datetime.date(2025, 11, 1)
    change_page = client.get(reverse("admin:codes_hcpcscode_change", args=[code.pk]))
    assert "Correct this code" in change_page.content.decode()


def test_the_next_release_wins_unless_the_curator_holds_the_change(curator, bundled):
    correct(curator)
    cms = {
        "J9333": {"short_description": "Inj rozanolixizum-noli 1 mg"},  # CMS's old value
        "A4453": {"short_description": "Other change"},
    }
    draft = release_stage(
        parsed=parsed_from(
            next_file(**cms), label="2027 January", effective_date=datetime.date(2027, 1, 1)
        )
    ).release
    version = draft.versions.get(code="J9333")
    assert version.changed_fields == ["short_description"], "the CMS value shows as a change"
    assert version.previous["short_description"] == "Inj rozanolixizumab 1 mg"
    curation.version_hold(version=version, reason="Keep our correction", user=curator)
    release_publish(release=draft)
    assert HcpcsCode.objects.get(code="J9333").short_description == "Inj rozanolixizumab 1 mg"
    assert HcpcsCode.objects.get(code="A4453").short_description == "Other change"


def test_without_a_hold_the_cms_value_replaces_the_correction(curator, bundled):
    correct(curator)
    cms = {"J9333": {"short_description": "Inj rozanolixizum-noli 1 mg"}}
    draft = release_stage(
        parsed=parsed_from(
            next_file(**cms), label="2027 January", effective_date=datetime.date(2027, 1, 1)
        )
    ).release
    release_publish(release=draft)
    assert HcpcsCode.objects.get(code="J9333").short_description == "Inj rozanolixizum-noli 1 mg"
