"""Staging warnings as records (kind, code, field, values), on real CMS files: what is
stored, the sentences the review page, the confirm page and the import command show, the
grouping by kind, and the migration of releases that hold sentences."""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from codes.models import Release
from codes.releases import review
from codes.releases.services import release_stage
from codes.releases.staging_warnings import StagingWarning, WarningKind, stored_warnings
from tests.conftest import TEST_DATA, shared_file
from tests.parsed_files import read_release

DISCLAIMER_2020 = TEST_DATA / "HCPC2020_ANWEB_w_disclaimer_excerpt.txt"

# What the 2017 annual file stages over an empty database: the sentences exactly as
# staging has always worded them.
SENTENCES_2017 = [
    "release 2017 January taken from the file name 'HCPC17_CONTR_ANWEB.txt' "
    "(CONTR: the annual January file)",
    "PROCNOTE value '0000' is not in the CMS code table (2 codes: AX, V5289); kept as is.",
]

RECORDS_2017 = [
    {"kind": "release-label", "code": "", "field": "", "values": {"text": SENTENCES_2017[0]}},
    {
        "kind": "missing-from-table",
        "code": "",
        "field": "PROCNOTE",
        "values": {"value": "0000", "count": 2, "codes": ["AX", "V5289"]},
    },
]


def stage(path) -> Release:
    return release_stage(parsed=read_release(path)).release


@pytest.fixture
def oct_2020(bundled) -> Release:
    """The real October 2020 file staged over the bundled data: codes that left the file,
    descriptions changed under action code N, a note on the label, a file note. It is dated
    after 2026 July so that it is compared with today's codes (an older date would make it a
    backfill, compared with the history before its date), and given another checksum: the
    bundled data has this very file as its 2020 October."""
    parsed = read_release(shared_file("2020_OCT/anweb.xlsx"))
    parsed = dataclasses.replace(parsed, sha256="20" * 32)
    return release_stage(parsed=parsed, effective_date=datetime.date(2026, 10, 1)).release


def test_a_value_missing_from_a_code_table_is_stored_as_a_record(empty_codes):
    release = stage(shared_file("2017_JAN/HCPC17_CONTR_ANWEB.txt"))
    assert release.warnings == RECORDS_2017
    assert [str(w) for w in stored_warnings(release.warnings)] == SENTENCES_2017


def test_warnings_about_one_code_name_it_in_the_record(oct_2020):
    records = stored_warnings(oct_2020.warnings)
    assert {w.kind for w in records} == set(WarningKind) - {WarningKind.MISSING_FROM_TABLE}
    left = next(w for w in records if w.kind == WarningKind.LEFT_WITHOUT_TERMINATION)
    assert oct_2020.versions.get(code=left.code).change_type == "removed"
    assert str(left) == f"{left.code}: no longer in the file, and had no termination date."
    under_n = [w for w in records if w.kind == WarningKind.DESCRIPTION_UNDER_N]
    assert "EA" in {w.code for w in under_n}
    ea = oct_2020.versions.get(code="EA")
    assert ea.action_cd == "N" and {"long_description", "short_description"} & set(
        ea.changed_fields
    )
    assert str(under_n[0]).endswith(": description changed under action code N (no maintenance).")


def test_the_review_page_groups_by_kind_and_shows_the_sentences(oct_2020, curator, as_user):
    page = (
        as_user(curator)
        .get(reverse("admin:codes_release_review", args=[oct_2020.pk]))
        .content.decode()
    )
    groups = review.grouped_warnings(oct_2020)
    assert [g.key for g in groups] == ["action-n", "vanished", "file"]
    by_key = {g.key: g for g in groups}
    assert ("EA", "description changed under action code N (no maintenance).") in by_key[
        "action-n"
    ].items
    assert all(code for code, _ in by_key["vanished"].items)
    # Codes in July 2026 with no TERM DT that the 2020 file lacks.
    assert "Codes that left the file without a termination date (1734)" in page
    assert (
        '<a href="?code=EA#changes">EA</a>: description changed under action code N '
        "(no maintenance).</li>"
    ) in page
    # The notes from reading the file, the label's included, in one closed group.
    file_notes = [text for _, text in by_key["file"].items]
    assert file_notes[0].startswith("release 2020 October inferred from the content")
    assert "appended the text of a RECID 4 row of G0503" in file_notes[1]
    assert '<details class="cur-warnings">\n    <summary>Notes from reading the file (2)' in page


def test_a_note_reading_like_another_kind_stays_in_its_group(draft):
    """Grouping reads the kind, never the wording."""
    draft.warnings = [
        StagingWarning.note(
            WarningKind.FILE_NOTE, "A1234: no longer in the file: is not in the CMS code table"
        ).as_json(),
        StagingWarning(WarningKind.LEFT_WITHOUT_TERMINATION, code="A0021").as_json(),
    ]
    groups = {g.key: g.items for g in review.grouped_warnings(draft)}
    assert groups == {
        "vanished": [("A0021", "no longer in the file, and had no termination date.")],
        "file": [("", "A1234: no longer in the file: is not in the CMS code table")],
    }


def test_the_confirm_page_shows_only_the_notes_on_the_label(curator, as_user, empty_codes):
    release = stage(DISCLAIMER_2020)
    assert review.label_notes(release) == [
        "release 2020 January assumed from the year in the file name "
        "'HCPC2020_ANWEB_w_disclaimer_excerpt.txt': too few record dates to tell the quarter"
    ]
    page = (
        as_user(curator)
        .get(reverse("admin:codes_release_confirm", args=[release.pk]))
        .content.decode()
    )
    assert "Release 2020 January assumed from the year in the file name" in page
    assert "skipped 6 disclaimer lines" not in page


def test_the_import_command_prints_the_same_sentences(bundled):
    out = io.StringIO()
    # The January 2020 text file (the bundled data has its workbook), dated after the
    # bundled releases as in ``oct_2020``: compared with today's codes.
    path = shared_file("2020_JAN/HCPC2020_ANWEB_w_disclaimer.txt")
    call_command(
        "import_hcpcs",
        str(path),
        "--dry-run",
        "--effective-date",
        "2026-10-01",
        verbosity=2,
        stdout=out,
    )
    output = out.getvalue()
    assert "  warning: EA: description changed under action code N (no maintenance).\n" in output
    assert "  warning: A2001: no longer in the file, and had no termination date.\n" in output
    # Every one at verbosity 2: 320 descriptions changed under N, the 1,808 codes of July
    # 2026 with no TERM DT that the January 2020 file lacks, and PROCNOTE '0000'.
    assert output.count("  warning: ") == 320 + 1808 + 1
    # The reader's notes are printed once, as notes, not again as warnings.
    assert "  note: release 2020 January inferred from the content" in output
    assert "warning: release 2020 January" not in output
    assert "  note: HCPC2020_ANWEB_w_disclaimer.txt: skipped 6 disclaimer lines" in output
    assert "warning: HCPC2020_ANWEB_w_disclaimer.txt: skipped" not in output


def migration_0006():
    return importlib.import_module("codes.migrations.0006_warning_records")


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_the_migration_turns_stored_sentences_into_the_same_records(oct_2020):
    """Releases staged before warnings were records hold the sentences; the migration reads
    each back into the record staging makes today, and reverses to the same sentences."""
    older = Release.objects.get(label="2025 October")  # any other release
    sentences = {
        oct_2020.pk: [str(w) for w in stored_warnings(oct_2020.warnings)],
        older.pk: SENTENCES_2017,
    }
    expected = {oct_2020.pk: list(oct_2020.warnings), older.pk: RECORDS_2017}
    for pk, texts in sentences.items():
        Release.objects.filter(pk=pk).update(warnings=texts)
    apps = MigrationLoader(connection).project_state(("codes", "0006_warning_records")).apps
    migration_0006().forwards(apps, None)
    for pk, wanted in expected.items():
        assert Release.objects.get(pk=pk).warnings == wanted
    migration_0006().forwards(apps, None)  # records already stay as they are
    assert Release.objects.get(pk=older.pk).warnings == RECORDS_2017
    migration_0006().backwards(apps, None)
    for pk, texts in sentences.items():
        assert Release.objects.get(pk=pk).warnings == texts


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Label notes the reader writes besides "release ...".
        ("the file name 'HCPC2019_JUL' says 2019, the content says 2020", "release-label"),
        (
            "the content points at a later release: 12 records have the ADD DT or ACT EFF DT "
            "2020-04-01; check the file name",
            "release-label",
        ),
        ("HCPC2019.txt, line 7, field ASC_DT: '170401' read as 2017-04-01", "file-note"),
    ],
)
def test_the_migration_reads_every_note_of_the_reader(sentence, kind):
    assert migration_0006().as_record(sentence) == {
        "kind": kind,
        "code": "",
        "field": "",
        "values": {"text": sentence},
    }
