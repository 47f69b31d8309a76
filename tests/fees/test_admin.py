"""Curating a fee schedule quarter in the admin: a curator loads a file as a draft and
reviews what changed since the quarter before, a publisher publishes it; refusals change
nothing; permissions on every write."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from codes.fees.models import FeeQuarter, FeeRow
from codes.models import AuditEntry
from tests.fees.conftest import JANUARY_2026, unzipped, with_line

pytestmark = pytest.mark.usefixtures("bundled")

LOAD = "/admin/fees/feequarter/load/"


def reissue() -> bytes:
    return with_line(
        unzipped(JANUARY_2026),
        750,
        b"E0601,RR,,D,CR,0,0,51.94,",
        b"E0601,RR,,D,CR,0,0,52.00,",
    )


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_load_review_publish(as_user, curator, publisher):
    client = as_user(curator)
    assert "Load a quarter" in client.get("/admin/fees/feequarter/").content.decode()
    upload = SimpleUploadedFile("DMEPOS26_JAN_v2.csv", reissue(), content_type="text/csv")
    response = client.post(LOAD, {"file": upload})
    draft = FeeQuarter.objects.get(source_name="DMEPOS26_JAN_v2.csv")
    assert response.status_code == 302 and response["Location"].endswith(f"/{draft.pk}/review/")
    page = client.get(response["Location"]).content.decode()
    assert "Compared with the published January 2026" in page
    assert "<code>E0601 RR</code>" in page and "AL (NR): 51.94 → 52.00 (0.1%)" in page
    assert "Publish January 2026" not in page  # a curator does not publish
    assert client.post(f"/admin/fees/feequarter/{draft.pk}/publish/").status_code == 403

    publishing = as_user(publisher)
    publishing.post(f"/admin/fees/feequarter/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == FeeQuarter.Status.PUBLISHED and draft.published_by == publisher
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISHED).latest("at")
    assert (entry.user, entry.field_name) == (publisher, "DMEPOS fee schedule")
    assert "$52.00" in publishing.get("/codes/E0601/?state=AL").content.decode()


def test_a_bad_file_is_refused_with_its_line_and_nothing_is_saved(as_user, curator):
    client = as_user(curator)
    before = (FeeQuarter.objects.count(), FeeRow.objects.count(), AuditEntry.objects.count())
    bad = with_line(unzipped(JANUARY_2026), 750, b",51.94,", b",fifty,")
    upload = SimpleUploadedFile("DMEPOS26_JAN_bad.csv", bad, content_type="text/csv")
    response = client.post(LOAD, {"file": upload})
    assert response.status_code == 200
    assert (
        "DMEPOS26_JAN_bad.csv, line 750, column 8, field AL (NR): “fifty” is not an amount. "
        "Nothing was saved." in response.content.decode()
    )
    other = SimpleUploadedFile("hcpcs.csv", b"HCPC,SEQNUM\nA0021,1\n", content_type="text/csv")
    assert (
        "is not CMS&#x27;s DMEPOS fee schedule"
        in client.post(LOAD, {"file": other}).content.decode()
    )
    assert (
        FeeQuarter.objects.count(),
        FeeRow.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_discard_needs_a_reason_and_a_publisher(as_user, curator, publisher):
    client = as_user(curator)
    client.post(LOAD, {"file": SimpleUploadedFile("DMEPOS26_JAN_v3.csv", reissue())})
    draft = FeeQuarter.objects.get(source_name="DMEPOS26_JAN_v3.csv")
    assert (
        client.post(f"/admin/fees/feequarter/{draft.pk}/discard/", {"reason": "x"}).status_code
        == 403
    )
    publishing = as_user(publisher)
    assert (
        publishing.post(f"/admin/fees/feequarter/{draft.pk}/discard/", {"reason": ""}).status_code
        == 200
    )
    draft.refresh_from_db()
    assert draft.is_draft
    publishing.post(f"/admin/fees/feequarter/{draft.pk}/discard/", {"reason": "Wrong file."})
    draft.refresh_from_db()
    assert draft.status == FeeQuarter.Status.DISCARDED


def test_read_only_for_auditors_and_closed_to_others(as_user, auditor, staff_no_role, client):
    reading = as_user(auditor)
    quarter = FeeQuarter.objects.published().first()
    listing = reading.get("/admin/fees/feequarter/")
    assert listing.status_code == 200 and "Load a quarter" not in listing.content.decode()
    assert reading.get(f"/admin/fees/feequarter/{quarter.pk}/review/").status_code == 200
    assert reading.get(LOAD).status_code == 403
    assert reading.get("/admin/fees/feerow/?q=E0601").status_code == 200
    assert (
        as_user(staff_no_role).get(f"/admin/fees/feequarter/{quarter.pk}/review/").status_code
        == 403
    )
    assert client.get(LOAD).status_code == 302  # to the sign-in page
    assert client.post(f"/admin/fees/feequarter/{quarter.pk}/publish/").status_code == 302


def test_every_fees_changelist_and_change_page_open(admin_client):
    from django.contrib import admin
    from django.urls import reverse

    models = [m for m in admin.site._registry if m._meta.app_label == "fees"]
    assert set(models) == {FeeQuarter, FeeRow}
    for model in models:
        prefix = f"admin:fees_{model._meta.model_name}"
        for search in ("", "E0601"):
            response = admin_client.get(reverse(f"{prefix}_changelist"), {"q": search})
            assert response.status_code == 200, model
        obj = model.objects.filter(**({"code": "E0601"} if model is FeeRow else {})).first()
        assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
