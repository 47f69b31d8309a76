"""Loading ASP quarters: staging reports what a quarter adds and removes, publishing
replaces the quarter's earlier file, and a bad file changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from codes.drugs.asp import read_asp
from codes.drugs.services import AspFileError, asp_discard, asp_publish, asp_stage
from codes.models import AuditEntry
from codes.models.drugs import AspFile, CrosswalkRow, IndexEntry, PaymentLimit, Synonym
from tests.drugs.conftest import CROSSWALK_JAN_2026, LIMITS_JAN_2026, excerpt

pytestmark = pytest.mark.usefixtures("bundled")


def counts() -> tuple:
    return (
        AspFile.objects.count(),
        CrosswalkRow.objects.count(),
        PaymentLimit.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_fresh_install_has_two_quarters_published():
    published = AspFile.objects.published().order_by("starts", "kind")
    assert [(f.kind, f.quarter_label) for f in published] == [
        ("crosswalk", "Oct–Dec 2025"),
        ("payment_limits", "Oct–Dec 2025"),
        ("crosswalk", "Jan–Mar 2026"),
        ("payment_limits", "Jan–Mar 2026"),
    ]
    january = published.get(kind="crosswalk", starts__year=2026)
    assert january.summary["compared_with"] == "Oct–Dec 2025"
    assert january.summary["added"] == 409 and january.summary["removed"] == 1529
    # Every Level II code of the crosswalk is in the bundled HCPCS files (J9256, new in
    # 2026, came with the January 2026 file).
    assert january.summary["not_in_hcpcs"] == []
    assert "90371" in january.summary["cpt_codes"]
    assert CrosswalkRow.objects.filter(asp_file=january, code="90371", level2=False).exists()


def test_bundled_vocabulary_is_loaded_with_provenance():
    document = json.loads(settings.HCPCS_BUNDLED_INDEX.read_text())
    assert {s["file"] for s in document["sources"]} >= {
        "2019-Table-of-Drugs.pdf",
        "2019-HCPCS-Index.pdf",
    }
    assert IndexEntry.objects.count() == len(document["entries"])
    assert IndexEntry.objects.filter(term="Blood", subterm="glucose monitor", code="E0607")
    assert IndexEntry.objects.filter(term="Herceptin", subterm="see Trastuzumab", code="J9355")
    seeded = json.loads(settings.HCPCS_BUNDLED_SYNONYMS.read_text())["entries"]
    assert Synonym.objects.count() == len(seeded)
    assert Synonym.objects.get(term="hoyer lift").expansion_list == ["patient lift"]


def test_staging_again_is_refused_and_changes_nothing():
    parsed = read_asp(CROSSWALK_JAN_2026.read_bytes(), name=CROSSWALK_JAN_2026.name)
    before = counts()
    with pytest.raises(AspFileError, match="already loaded"):
        asp_stage(parsed=parsed)
    assert counts() == before


def test_a_corrected_reissue_replaces_the_quarter_when_published(django_user_model):
    user = django_user_model.objects.create_user("pat")
    # A re-issued January file: the same quarter, one product fewer.
    data = excerpt(LIMITS_JAN_2026, rows=20)
    staged = asp_stage(parsed=read_asp(data, name="v2.csv"), user=user).asp_file
    assert staged.status == "draft"
    assert staged.summary["compared_with"] == "Jan–Mar 2026"
    assert staged.summary["removed"] == 877 - 20 and staged.summary["added"] == 0
    old = AspFile.objects.published().get(kind="payment_limits", starts__year=2026)
    asp_publish(asp_file=staged, user=user)
    old.refresh_from_db()
    assert old.status == "replaced"
    assert (
        PaymentLimit.objects.filter(
            asp_file__status="published", asp_file__starts__year=2026
        ).count()
        == 20
    )
    assert AuditEntry.objects.filter(action="asp-publish", user=user).exists()
    with pytest.raises(AspFileError, match="only a draft"):
        asp_publish(asp_file=staged, user=user)


def test_discarding_drops_the_rows():
    staged = asp_stage(parsed=read_asp(excerpt(CROSSWALK_JAN_2026, 5), name="x.csv")).asp_file
    asp_discard(asp_file=staged, reason="wrong file")
    staged.refresh_from_db()
    assert staged.status == "discarded" and not staged.crosswalk.exists()


def test_the_command_reports_and_a_bad_file_changes_nothing(tmp_path):
    good = tmp_path / "limits.csv"
    good.write_bytes(excerpt(LIMITS_JAN_2026, rows=30))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(excerpt(CROSSWALK_JAN_2026, rows=5).replace(b"13533-0636-01", b"13533-636-1"))
    before = counts()
    with pytest.raises(CommandError) as error:
        call_command("load_asp", str(good), str(bad), "--publish", stdout=io.StringIO())
    assert "bad.csv, line 10, field NDC2" in str(error.value)
    assert "Nothing was saved" in str(error.value)
    assert counts() == before
    out = io.StringIO()
    call_command("load_asp", str(good), "--dry-run", stdout=out)
    assert "Payment limits Jan–Mar 2026, 30 rows" in out.getvalue()
    assert "Dry run: nothing was saved." in out.getvalue()
    assert counts() == before
