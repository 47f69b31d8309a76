"""The import service and command on real CMS files: staging, publishing, all-or-nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from codes.models import CodeVersion, HcpcsCode, Release
from codes.releases.services import ReleaseError, release_discard, release_publish, release_stage
from tests.conftest import JAN_2025_XLSX, OCT_2025_XLSX, shared_file
from tests.parsed_files import read_release


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


def db_state() -> tuple:
    return (
        HcpcsCode.objects.count(),
        CodeVersion.objects.count(),
        tuple(Release.objects.order_by("pk").values_list("pk", "status")),
    )


@pytest.fixture(scope="module")
def jan_2025():
    return read_release(JAN_2025_XLSX)


@pytest.fixture(scope="module")
def oct_2025():
    return read_release(OCT_2025_XLSX)


def test_bundled_data_is_every_release_from_2017_to_july_2026(bundled):
    releases = list(Release.objects.published().order_by("effective_date"))
    assert [r.label for r in releases] == [
        "2017 January",
        "2018 January",
        "2019 January",
        "2020 January",
        "2020 April",
        "2020 July",
        "2020 October",
        "2025 January",
        "2025 October",
        "2026 January",
        "2026 April",
        "2026 July",
    ]
    assert HcpcsCode.objects.listed().count() == 9109
    q4390 = HcpcsCode.objects.get(code="Q4390")
    assert q4390.long_description.startswith("Ascendion, per square centimeter")
    assert q4390.price1 == "11"
    # Q4390 is new in October 2025, changed in January 2026 (pricing indicator 51 to 11,
    # action C) and April 2026 (action N), unchanged in July.
    versions = CodeVersion.objects.in_force().filter(code="Q4390").order_by("effective_date")
    assert [(v.release.label, v.change_type) for v in versions] == [
        ("2025 October", "added"),
        ("2026 January", "changed"),
        ("2026 April", "changed"),
    ]
    assert q4390.release == releases[-2]


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_import_into_empty_database_adds_every_code(empty_codes, jan_2025):
    result = release_stage(parsed=jan_2025)
    assert result.summary["added"] == 8642
    assert result.summary["unchanged"] == 0
    assert HcpcsCode.objects.count() == 0, "staging must not change the published state"
    release_publish(release=result.release)
    assert HcpcsCode.objects.count() == 8642
    g0503 = HcpcsCode.objects.get(code="G0503")
    assert g0503.term_dt == datetime.date(2017, 12, 31)
    assert g0503.xref1 == "99493"
    assert HcpcsCode.objects.get(code="A1").recid == "7"


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_oct_over_jan_reports_field_level_changes(empty_codes, jan_2025, oct_2025):
    release_publish(release=release_stage(parsed=jan_2025).release)
    result = release_stage(parsed=oct_2025)
    summary = result.summary
    assert summary["added"] == 8846 - 8642 + summary["removed"]
    assert 150 < summary["added"] < 260
    assert summary["changed"] + summary["terminated"] > 0
    assert (
        sum(summary[k] for k in ("added", "changed", "terminated", "reactivated", "unchanged"))
        == 8846
    )
    changed = CodeVersion.objects.filter(release=result.release, change_type="changed").first()
    assert changed.changed_fields, "a changed code names the fields that changed"
    assert set(changed.previous) == set(changed.changed_fields)


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_reimporting_the_published_file_changes_nothing(bundled):
    before = db_state()
    out = run("import_hcpcs", str(OCT_2025_XLSX), "--publish")
    assert "already published" in out
    assert db_state() == before


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_identical_content_in_another_file_stages_nothing(bundled, tmp_path):
    # Same records, different bytes (another SHA-256): compared, found identical, not staged.
    import dataclasses

    from django.conf import settings

    newest = read_release(settings.HCPCS_BUNDLED_RELEASES[-1])
    parsed = dataclasses.replace(newest, sha256="0" * 64)
    before = db_state()
    result = release_stage(parsed=parsed)
    assert result.identical
    assert result.summary["unchanged"] == 9109
    assert db_state() == before


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_command_stages_draft_then_publish_and_summary(empty_codes):
    out = run("import_hcpcs", str(JAN_2025_XLSX))
    assert "2025 January" in out and "added 8642" in out
    assert "staged draft" in out
    release = Release.objects.get()
    assert release.status == "draft"
    assert HcpcsCode.objects.count() == 0
    release_publish(release=release)
    out = run("import_hcpcs", str(OCT_2025_XLSX), "--publish", "--label", "Oct 25")
    assert "published release 'Oct 25'" in out
    assert "changed fields:" in out
    assert HcpcsCode.objects.get(code="Q4390").release.label == "Oct 25"


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_dry_run_saves_nothing(empty_codes):
    before = db_state()
    out = run("import_hcpcs", str(JAN_2025_XLSX), "--publish", "--dry-run")
    assert "added 8642" in out
    assert "Dry run" in out
    assert db_state() == before


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_a_bad_file_among_good_ones_saves_nothing(empty_codes, tmp_path):
    bad = tmp_path / "HCPC2025_APR_ANWEB.txt"
    first = b"   A1001007Dressing for one wound" + b" " * 100
    bad.write_bytes(first + b"\r\nthis is not a record\r\n")
    before = db_state()
    with pytest.raises(CommandError) as excinfo:
        run("import_hcpcs", str(JAN_2025_XLSX), str(bad), "--publish")
    assert "HCPC2025_APR_ANWEB.txt" in str(excinfo.value)
    assert "line 2" in str(excinfo.value)
    assert db_state() == before


def test_not_cms_workbook_is_refused(empty_codes):
    path = shared_file("not-cms/HCPC2025_JUL_ANWEB_v3_cut_to_4_columns.xlsx")
    with pytest.raises(CommandError) as excinfo:
        run("import_hcpcs", str(path))
    assert "HCPC2025_JUL_ANWEB_v3_cut_to_4_columns.xlsx" in str(excinfo.value)
    assert "PRICE1" in str(excinfo.value)
    assert Release.objects.count() == 0


def test_missing_file_and_bad_options_are_clear_errors(db):
    with pytest.raises(CommandError, match="(?i)no such file"):
        run("import_hcpcs", "/nonexistent/HCPC.txt")
    with pytest.raises(CommandError, match="not a date"):
        run("import_hcpcs", str(JAN_2025_XLSX), "--effective-date", "2025-13-01")


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_publish_twice_is_refused(empty_codes, jan_2025):
    release = release_stage(parsed=jan_2025).release
    release_publish(release=release)
    with pytest.raises(ReleaseError, match="already published"):
        release_publish(release=release)


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_publishing_a_stale_draft_is_refused(empty_codes, jan_2025, oct_2025):
    jan = release_stage(parsed=jan_2025).release
    oct_ = release_stage(parsed=oct_2025).release
    release_publish(release=jan)
    with pytest.raises(ReleaseError, match="out of date"):
        release_publish(release=oct_)


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_out_of_order_publish_needs_confirmation(empty_codes, jan_2025, oct_2025):
    release_publish(release=release_stage(parsed=oct_2025).release)
    release = release_stage(parsed=jan_2025).release
    with pytest.raises(ReleaseError, match="older than"):
        release_publish(release=release)
    assert Release.objects.get(pk=release.pk).status == "draft"
    release_publish(release=release, allow_out_of_order=True)
    assert Release.objects.get(pk=release.pk).status == "published"
    # Today's codes are still October's; Q4390 came in October.
    assert HcpcsCode.objects.get(code="Q4390").listed
    added = CodeVersion.objects.get(code="Q4390", release__label="2025 October")
    assert added.change_type == CodeVersion.ChangeType.ADDED


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_held_versions_are_not_applied(empty_codes, jan_2025, oct_2025):
    release_publish(release=release_stage(parsed=jan_2025).release)
    draft = release_stage(parsed=oct_2025).release
    draft.versions.filter(code="Q4390").update(held=True)
    release_publish(release=draft)
    assert not HcpcsCode.objects.filter(code="Q4390").exists()
    assert not CodeVersion.objects.in_force().filter(code="Q4390").exists()


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_discarded_draft_can_be_loaded_again(empty_codes, jan_2025):
    draft = release_stage(parsed=jan_2025).release
    with pytest.raises(ReleaseError, match="already staged"):
        release_stage(parsed=jan_2025)
    release_discard(release=draft)
    assert release_stage(parsed=jan_2025).release.status == "draft"


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_codes_missing_from_the_new_file_are_kept_and_flagged(empty_codes, jan_2025):
    import dataclasses

    release_publish(release=release_stage(parsed=jan_2025).release)
    fewer = dataclasses.replace(
        jan_2025,
        sha256="1" * 64,
        records=[r for r in jan_2025.records if r["code"] not in {"A0021", "E1130"}],
    )
    result = release_stage(parsed=fewer)
    assert result.summary["removed"] == 2
    assert any("A0021: no longer in the file" in str(w) for w in result.warnings)
    release_publish(release=result.release)
    a0021 = HcpcsCode.objects.get(code="A0021")
    assert not a0021.listed
    assert a0021.long_description, "the record is kept, not dropped"


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_a_value_missing_from_a_code_table_is_kept_and_flagged(bundled, client):
    import dataclasses

    from django.conf import settings

    newest = read_release(settings.HCPCS_BUNDLED_RELEASES[-1])
    records = [dict(r) for r in newest.records]
    e0210 = next(r for r in records if r["code"] == "E0210")
    e0210["betos"] = "Z9Z"
    parsed = dataclasses.replace(newest, sha256="2" * 64, records=records)
    result = release_stage(parsed=parsed)
    assert any(
        "BETOS value 'Z9Z' is not in the CMS code table" in str(w) and "E0210" in str(w)
        for w in result.warnings
    )
    release_publish(release=result.release)
    assert HcpcsCode.objects.get(code="E0210").betos == "Z9Z"
    html = client.get("/codes/E0210/").content.decode()
    assert "<code>Z9Z</code>" in html
    assert "not in the CMS code table" in html
