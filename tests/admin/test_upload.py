"""Loading a CMS release in the admin: upload, refusals, label and date, CSRF."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse

from codes.models import AuditEntry, CodeVersion, Release
from tests.conftest import OCT_2025_XLSX
from tests.curation import FIRST40_TXT, db_snapshot

UPLOAD = "/admin/codes/release/upload/"


def upload(client, path=FIRST40_TXT, *, name=None, data=None, **fields):
    content = data if data is not None else path.read_bytes()
    file = SimpleUploadedFile(name or path.name, content, "application/octet-stream")
    return client.post(UPLOAD, {"file": file, **fields})


def text(response) -> str:
    return response.content.decode()


def test_upload_url_and_button(curator, as_user, db):
    assert reverse("admin:codes_release_upload") == UPLOAD
    page = text(as_user(curator).get(reverse("admin:codes_release_changelist")))
    assert "Load CMS release" in page and UPLOAD in page


def test_upload_stages_a_draft_and_proposes_label_and_date(curator, as_user, empty_codes):
    client = as_user(curator)
    response = upload(client)
    release = Release.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:codes_release_confirm", args=[release.pk])
    assert release.status == "draft"
    assert (release.label, release.effective_date) == ("2025 January", datetime.date(2025, 1, 1))
    assert release.source_format == "txt" and release.created_by == curator
    assert release.versions.count() == 40
    staged = AuditEntry.objects.get(action="staged")
    assert staged.user == curator and staged.release == release
    page = text(client.get(response["Location"]))
    assert "taken from &#x27;JAN&#x27; in the file name" in page
    assert 'value="2025 January"' in page and 'value="2025-01-01"' in page


def test_the_format_is_sniffed_from_the_content_not_the_name(curator, as_user, empty_codes):
    upload(as_user(curator), name="HCPC2025_JAN_renamed.xlsx")
    assert Release.objects.get().source_format == "txt"


def test_label_and_date_can_be_corrected_and_are_audited(curator, as_user, empty_codes):
    client = as_user(curator)
    upload(client)
    release = Release.objects.get()
    response = client.post(
        reverse("admin:codes_release_confirm", args=[release.pk]),
        {
            "label": "2025 January v2",
            "effective_date": "2025-02-01",
            "reason": "CMS re-issue",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:codes_release_review", args=[release.pk])
    release.refresh_from_db()
    assert (release.label, release.effective_date) == ("2025 January v2", datetime.date(2025, 2, 1))
    assert set(release.versions.values_list("effective_date", flat=True)) == {
        datetime.date(2025, 2, 1)
    }
    entries = AuditEntry.objects.filter(action="edited", release=release)
    assert {(e.field_name, e.old_value, e.new_value) for e in entries} == {
        ("label", "2025 January", "2025 January v2"),
        ("effective date", "2025-01-01", "2025-02-01"),
    }
    assert all(e.reason == "CMS re-issue" and e.user == curator for e in entries)


def test_the_label_and_date_may_also_be_given_on_upload(curator, as_user, empty_codes):
    upload(as_user(curator), label="Test load", effective_date="20250201")
    release = Release.objects.get()
    assert (release.label, release.effective_date) == ("Test load", datetime.date(2025, 2, 1))


def test_a_bad_date_on_the_confirm_page_is_a_field_error(curator, as_user, empty_codes):
    client = as_user(curator)
    upload(client)
    release = Release.objects.get()
    response = client.post(
        reverse("admin:codes_release_confirm", args=[release.pk]),
        {"label": "x", "effective_date": "2025-13-45"},
    )
    assert response.status_code == 200
    assert "Enter a valid date" in text(response)
    release.refresh_from_db()
    assert release.label == "2025 January"


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(
    curator, as_user, empty_codes, settings
):
    settings.HCPCS_MAX_UPLOAD_BYTES = 1000
    response = upload(as_user(curator))
    assert response.status_code == 200
    page = text(response)
    size = filesizeformat(FIRST40_TXT.stat().st_size)
    assert (
        f"HCPC2025_JAN_ANWEB_first40.txt is {size}; the largest file this site accepts is "
        f"{filesizeformat(1000)}" in page
    )
    assert Release.objects.count() == 0


def test_a_malformed_file_gets_the_importers_message_and_creates_nothing(
    curator, as_user, empty_codes
):
    lines = FIRST40_TXT.read_bytes().split(b"\n")
    line = bytearray(lines[5])
    line[268:276] = b"20021341"  # ADD DT of the 6th line
    lines[5] = bytes(line)
    before = db_snapshot()
    response = upload(as_user(curator), data=b"\n".join(lines), name="HCPC2025_APR_bad.txt")
    assert response.status_code == 200
    page = text(response)
    assert "HCPC2025_APR_bad.txt, line 6, field ADD DT" in page
    assert "is not a valid date" in page and "Nothing was saved" in page
    assert db_snapshot() == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a CMS HCPCS release file"),
        (b"PK\x03\x04 broken zip", "damaged zip"),
    ],
)
def test_files_that_are_not_cms_releases_are_refused(
    curator, as_user, empty_codes, content, message
):
    response = upload(as_user(curator), data=content, name="upload.bin")
    assert response.status_code == 200
    assert message in text(response)
    assert Release.objects.count() == 0


def test_no_file_is_a_field_error(curator, as_user, db):
    response = as_user(curator).post(UPLOAD, {})
    assert response.status_code == 200
    assert "This field is required" in text(response)


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_a_published_file_is_refused_with_a_link_to_its_release(curator, as_user, bundled):
    published = Release.objects.get(label="2025 October")
    before = db_snapshot([])
    response = upload(as_user(curator), OCT_2025_XLSX)
    assert response.status_code == 200
    page = text(response)
    assert "already published as release &#x27;2025 October&#x27;" in page
    assert f'href="{published.get_absolute_url()}"' in page
    assert db_snapshot([]) == before


def test_a_duplicate_draft_is_refused_with_a_link_to_the_draft(curator, as_user, empty_codes):
    client = as_user(curator)
    upload(client)
    draft = Release.objects.get()
    response = upload(client, name="same-bytes-other-name.txt")
    page = text(response)
    assert "already staged as a draft" in page
    assert reverse("admin:codes_release_review", args=[draft.pk]) in page
    assert Release.objects.count() == 1


def test_a_discarded_file_can_be_loaded_again(publisher, as_user, empty_codes):
    client = as_user(publisher)
    upload(client)
    first = Release.objects.get()
    client.post(reverse("admin:codes_release_discard", args=[first.pk]), {"reason": "wrong"})
    assert upload(client).status_code == 302
    assert Release.objects.filter(status="draft").count() == 1


def test_a_file_identical_to_the_published_state_stages_nothing(publisher, as_user, empty_codes):
    client = as_user(publisher)
    upload(client)
    release = Release.objects.get()
    client.post(reverse("admin:codes_release_publish", args=[release.pk]))
    same = FIRST40_TXT.read_bytes() + b"\r\n"  # other bytes, same records
    response = upload(client, data=same)
    assert response.status_code == 200
    assert "identical to the published state: there is nothing to stage" in text(response)
    assert Release.objects.count() == 1


def test_csrf_protection_stays_on(curator, empty_codes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(curator)
    file = SimpleUploadedFile("HCPC2025_JAN_ANWEB_first40.txt", FIRST40_TXT.read_bytes())
    assert client.post(UPLOAD, {"file": file}).status_code == 403
    assert Release.objects.count() == 0
    page = text(client.get(UPLOAD))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    file = SimpleUploadedFile("HCPC2025_JAN_ANWEB_first40.txt", FIRST40_TXT.read_bytes())
    response = client.post(UPLOAD, {"file": file, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Release.objects.count() == 1


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_oct_2025_over_jan_2025_in_the_admin(curator, as_user, jan_only):
    client = as_user(curator)
    response = upload(client, OCT_2025_XLSX)
    assert response.status_code == 302
    draft = Release.objects.get(status="draft")
    assert (draft.label, draft.source_format) == ("2025 October", "xlsx")
    assert draft.base_release == jan_only
    counts = dict(
        CodeVersion.objects.filter(release=draft)
        .values_list("change_type")
        .annotate(n=Count("id"))
        .order_by()
    )
    assert counts == {"added": 204, "changed": 414, "terminated": 54, "reactivated": 1}
    assert draft.summary["unchanged"] == 8173
