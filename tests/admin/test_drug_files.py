"""ASP drug files in the admin: the same "Load CMS release" page recognises them, the review
shows what a quarter adds and removes, and the same roles publish or discard them."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from codes.models import AuditEntry
from codes.models.drugs import AspFile, CrosswalkRow, PaymentLimit
from tests.drugs.conftest import LIMITS_JAN_2026, excerpt

UPLOAD = "/admin/codes/release/upload/"


def upload(client, data: bytes, name: str = "limits-v2.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


def counts() -> tuple[int, int, int, int]:
    return (
        AspFile.objects.count(),
        CrosswalkRow.objects.count(),
        PaymentLimit.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_curator_loads_a_quarter_and_a_publisher_publishes_it(
    curator, publisher, as_user, bundled
):
    response = upload(as_user(curator), excerpt(LIMITS_JAN_2026, rows=25))
    staged = AspFile.objects.get(source_name="limits-v2.csv")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/codes/aspfile/{staged.pk}/review/"
    assert (staged.status, staged.kind, staged.loaded_by) == ("draft", "payment_limits", curator)
    review = as_user(curator).get(response["Location"]).content.decode()
    assert "Payment limits for Jan–Mar 2026" in review
    assert "<strong>0</strong> added, <strong>852</strong> removed" in review
    assert "A publisher publishes it." in review and "publish/" not in review
    # A curator may not publish; a publisher may.
    publish = f"/admin/codes/aspfile/{staged.pk}/publish/"
    assert as_user(curator).post(publish).status_code == 403
    assert as_user(publisher).post(publish).status_code == 302
    staged.refresh_from_db()
    assert staged.status == "published" and staged.published_by == publisher
    assert AuditEntry.objects.filter(action="asp-publish", user=publisher).exists()


def test_a_broken_file_names_line_and_column_and_saves_nothing(curator, as_user, bundled):
    data = excerpt(LIMITS_JAN_2026, rows=5)
    lines = data.split(b"\r\n")
    cells = lines[9].split(b",")
    cells[3] = b"about 5"
    lines[9] = b",".join(cells)
    before = counts()
    response = upload(as_user(curator), b"\r\n".join(lines))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "limits-v2.csv, line 10, field Payment Limit: &#x27;about 5&#x27; is not a number" in page
    )
    assert "Nothing was saved." in page
    assert counts() == before


def test_the_same_file_twice_is_refused(curator, as_user, bundled):
    data = LIMITS_JAN_2026.read_bytes()
    before = counts()
    page = upload(as_user(curator), data, name=LIMITS_JAN_2026.name).content.decode()
    assert "is already loaded" in page
    assert counts() == before


def test_an_auditor_can_read_but_not_load_or_discard(auditor, as_user, bundled):
    client = as_user(auditor)
    january = AspFile.objects.published().filter(kind="crosswalk").latest("starts")
    assert client.get(f"/admin/codes/aspfile/{january.pk}/review/").status_code == 200
    assert upload(client, excerpt(LIMITS_JAN_2026)).status_code == 403
    assert client.post(f"/admin/codes/aspfile/{january.pk}/discard/").status_code == 403
