"""Corrections kept in a file and applied to a CMS file's draft as it loads
(``import_hcpcs --corrections``), as the bundled data does for G0503 in January 2025."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from codes.models import AuditEntry, CodeVersion, HcpcsCode, Release
from codes.releases.corrections import CorrectionsError, read_corrections
from tests.conftest import shared_file

JAN_2025 = next(p for p in settings.HCPCS_BUNDLED_RELEASES if p.parent.name == "2025_JAN")
OCT_2025 = next(p for p in settings.HCPCS_BUNDLED_RELEASES if p.parent.name == "2025_OCT")
G0503_TAIL = "goals and are prepared for discharge from active treatment"


def test_the_bundled_january_release_has_g0503_whole_and_october_no_false_change(bundled):
    # Corrected, the January 2025 workbook states G0503 as the 2020 files did, and the
    # October workbook the same: no change for G0503 in either (the edit that made the
    # January record whole left it nothing to change).
    assert not CodeVersion.objects.filter(
        code="G0503", release__label__in=["2025 January", "2025 October"]
    ).exists()
    assert HcpcsCode.objects.get(code="G0503").long_description.endswith(G0503_TAIL)
    entry = AuditEntry.objects.get(code="G0503", action=AuditEntry.Action.EDITED)
    assert entry.field_name == "LONG DESCRIPTION"
    assert entry.new_value.endswith(G0503_TAIL) and not entry.old_value.endswith(G0503_TAIL)
    assert "HCPC2025_JAN_ANWEB_12172024.txt" in entry.reason


def test_the_bundled_correction_is_cms_own_text_file_of_the_same_release():
    """The value is not the project's: it is what CMS's text file of January 2025 says."""
    from tests.parsed_files import read_release

    text = read_release(shared_file("2025_JAN/HCPC2025_JAN_ANWEB_12172024.txt"))
    (correction,) = read_corrections(settings.HCPCS_BUNDLED_CORRECTIONS)
    assert correction.file == JAN_2025.name
    assert correction.value == text.by_code()["G0503"]["long_description"]


def _write(tmp_path, document) -> str:
    path = tmp_path / "corrections.json"
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


GOOD = {
    "file": OCT_2025.name,
    "code": "G0503",
    "field": "long_description",
    "value": "Corrected for the test",
    "source": "a test",
    "reason": "Testing.",
}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not a readable JSON file"),
        ({"fixes": []}, 'expected {"corrections": [...]}'),
        ({"corrections": [{**GOOD, "reason": ""}]}, "correction 1: each of file, code"),
        ({"corrections": [GOOD, {**GOOD, "field": "colour"}]}, "correction 2: 'colour' is not"),
    ],
)
def test_a_bad_corrections_file_is_refused_saying_where(tmp_path, document, message):
    with pytest.raises(CorrectionsError, match=message.replace("[", r"\[").replace("{", r"\{")):
        read_corrections(_write(tmp_path, document))


def test_a_bad_corrections_file_stops_the_import_before_anything_is_saved(
    bundled, tmp_path, empty_codes
):
    path = _write(tmp_path, {"corrections": [{**GOOD, "field": "colour"}]})
    with pytest.raises(CommandError, match="'colour' is not a field.*Nothing was saved"):
        call_command("import_hcpcs", str(JAN_2025), "--publish", "--corrections", path)
    assert not Release.objects.exists()


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_a_correction_the_file_no_longer_needs_is_an_error(bundled, tmp_path, empty_codes):
    """The October workbook has G0503 whole: a correction giving it that value is stale."""
    value = {"corrections": [{**GOOD, "value": _october_g0503()}]}
    with pytest.raises(CommandError, match="G0503 LONG DESCRIPTION is no longer needed"):
        call_command(
            "import_hcpcs", str(OCT_2025), "--publish", "--corrections", _write(tmp_path, value)
        )
    assert not Release.objects.exists()


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_a_correction_is_an_audited_edit_of_the_draft(bundled, tmp_path, empty_codes):
    path = _write(tmp_path, {"corrections": [GOOD]})
    call_command("import_hcpcs", str(OCT_2025), "--corrections", path, verbosity=0)
    draft = Release.objects.get(status=Release.Status.DRAFT)
    version = CodeVersion.objects.get(release=draft, code="G0503")
    assert version.long_description == "Corrected for the test"
    entry = AuditEntry.objects.get(release=draft, code="G0503")
    assert entry.reason == "Testing. Source: a test."
    assert entry.new_value == "Corrected for the test"


def _october_g0503() -> str:
    from tests.parsed_files import read_release

    return read_release(OCT_2025).by_code()["G0503"]["long_description"]
