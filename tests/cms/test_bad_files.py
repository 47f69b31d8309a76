"""Files the readers must refuse, each with a message naming file, line or row, and field.

Bad files are made in tmp_path from the real-data fixtures in tests/data, changed in one
place, so each test shows exactly which defect produces which message.
"""

from __future__ import annotations

import io
import pickle
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from codes.cms.errors import CmsFileError, NotReleaseFileError
from codes.cms.readers import read_release, read_xls, read_xlsx
from tests.conftest import SHARED
from tests.conftest import TEST_DATA as DATA

FIRST40 = DATA / "HCPC2025_JAN_ANWEB_first40.txt"
EXCERPT_2019_XLSX = DATA / "HCPC2019_CONTR_ANWEB_excerpt.xlsx"
NOT_RELEASE = "is not a CMS HCPCS release file"


def text_lines() -> list[str]:
    """The fixture's lines: A1..A9 on lines 1-9, AA on 10, AB on 11-15 (a first line, four
    continuations), AD on 16-17."""
    return FIRST40.read_bytes().decode("ascii").split("\r\n")


def write_text(tmp_path: Path, lines: list[str], name: str = "HCPC2025.txt") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return path


def set_field(line: str, start: int, value: str) -> str:
    """``line`` with ``value`` written at 1-based position ``start``."""
    return line[: start - 1] + value + line[start - 1 + len(value) :]


def refused(path_or_bytes, **kwargs) -> CmsFileError:
    with pytest.raises(CmsFileError) as caught:
        read_release(path_or_bytes, **kwargs)
    return caught.value


def excerpt_rows() -> list[list]:
    book = openpyxl.load_workbook(EXCERPT_2019_XLSX, read_only=True, data_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def write_workbook(tmp_path: Path, rows: list[list], name: str = "HCPC2019.xlsx") -> Path:
    book = openpyxl.Workbook()
    book.active.title = "A"
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


# --------------------------------------------------------------------------- not release files


def test_empty_file(tmp_path):
    error = refused(write_text(tmp_path, [], name="empty.txt"))
    assert isinstance(error, NotReleaseFileError)
    assert error.file == "empty.txt"
    assert str(error) == f"empty.txt: this {NOT_RELEASE}: the file is empty (0 bytes)"


def test_random_bytes(tmp_path):
    path = tmp_path / "HCPC2025_OCT_ANWEB.txt"
    path.write_bytes(random.Random(20251001).randbytes(64 * 1024))
    error = refused(path)
    assert isinstance(error, NotReleaseFileError)
    assert str(error).startswith(f"HCPC2025_OCT_ANWEB.txt: this {NOT_RELEASE}: ")


def test_text_without_record_lines(tmp_path):
    path = tmp_path / "readme.txt"
    path.write_text("***Disclaimers\r\n\r\nHCPCS codes are maintained by CMS.\r\n")
    error = refused(path)
    assert isinstance(error, NotReleaseFileError)
    assert "readme.txt" in str(error) and "no HCPCS record lines found" in str(error)


def test_the_not_cms_cut_down_workbook_is_refused():
    path = SHARED / "not-cms" / "HCPC2025_JUL_ANWEB_v3_cut_to_4_columns.xlsx"
    if not path.exists():
        pytest.skip(f"real file not found under {SHARED} (set HCPCS_SHARED_DIR)")
    error = refused(path)
    assert isinstance(error, NotReleaseFileError)
    assert error.file == path.name
    assert error.location == "sheet 'HCPC2025_JUL_ANWEB' row 1"
    message = str(error)
    assert "lacks 44 of the 48 CMS HCPCS columns" in message
    for missing in ("SHORT DESCRIPTION", "PRICE1", "ADD DT", "ACT EFF DT", "ACTION CD"):
        assert missing in message
    assert "it has only HCPC, SEQNUM, RECID, LONG DESCRIPTION" in message
    assert "does not look like a full CMS HCPCS file" in message


def test_workbook_missing_two_columns_names_them(tmp_path):
    rows = excerpt_rows()
    header = next(i for i, row in enumerate(rows) if row[0] == "HCPC")
    dropped = [rows[header].index("TOS5"), rows[header].index("OPPS_DT")]
    cut = [[c for i, c in enumerate(row) if i not in dropped] for row in rows]
    error = refused(write_workbook(tmp_path, cut))
    assert error.location == f"sheet 'A' row {header + 1}"
    assert "(OPPS_DT, TOS5)" in str(error)


def test_workbook_without_any_header_row(tmp_path):
    error = refused(write_workbook(tmp_path, [["CODE", "ACTION", "EFF DATE"], ["A0021", "D"]]))
    assert "no header row" in str(error) and "sheets: A" in str(error)


def test_zip_without_a_data_file(tmp_path):
    notes = io.BytesIO()
    openpyxl.Workbook().save(notes)
    path = tmp_path / "hcpcs-2026.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "HCPCS 2026 alpha-numeric file, see the record layout.\r\n")
        archive.writestr("proc_notes_2026.txt", "\t  0001--SEE CR 1234.\t\t*\r\n")
        archive.writestr("NOC codes.xlsx", notes.getvalue())
    error = refused(path)
    assert isinstance(error, NotReleaseFileError)
    assert error.file == "hcpcs-2026.zip"
    assert "holds no HCPCS data file" in str(error)
    assert "it holds: README.txt, proc_notes_2026.txt, NOC codes.xlsx" in str(error)


def test_xlsx_that_is_not_a_workbook(tmp_path):
    """A zip named .xlsx with some other file in it: sniffed as a plain zip, and refused."""
    path = tmp_path / "HCPC2025_OCT_ANWEB.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    error = refused(path)
    assert error.file == "HCPC2025_OCT_ANWEB.xlsx"
    assert NOT_RELEASE in str(error) and "not an Excel workbook" in str(error)
    assert "it holds: hello.txt" in str(error)
    with pytest.raises(NotReleaseFileError, match="not a readable Excel workbook"):
        read_xlsx(path)


def test_damaged_zip_and_damaged_xls():
    error = refused(b"PK\x03\x04" + b"\x00" * 40, name="cut.zip")
    assert "cut.zip" in str(error) and "damaged zip archive" in str(error)
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + random.Random(7).randbytes(2048)
    error = refused(ole, name="HCPC2020.xls")
    assert "HCPC2020.xls" in str(error) and "not a readable .xls workbook" in str(error)
    with pytest.raises(NotReleaseFileError):
        read_xls(FIRST40)


def test_missing_file_is_a_cms_file_error(tmp_path):
    error = refused(tmp_path / "HCPC2025.txt")
    assert error.file == "HCPC2025.txt" and "cannot read the file" in str(error)


# --------------------------------------------------------------------------- broken text files


def test_record_shorter_than_11_characters(tmp_path):
    lines = text_lines()
    lines.insert(3, "   A40010")  # becomes line 4
    error = refused(write_text(tmp_path, lines))
    assert (error.file, error.location, error.field) == ("HCPC2025.txt", "line 4", None)
    assert "9 characters long; a record line needs at least 11" in str(error)


def test_continuation_line_with_no_first_line(tmp_path):
    lines = text_lines()
    lines.insert(2, "G0503002004subsequent month of behavioral health care manager activities")
    error = refused(write_text(tmp_path, lines))
    assert error.location == "line 3"
    assert str(error).startswith("HCPC2025.txt, line 3: continuation line with no first line")
    assert "(the record before is A2)" in str(error)


def test_continuation_line_as_the_very_first_record(tmp_path):
    lines = text_lines()
    error = refused(write_text(tmp_path, ["***Disclaimers", "", lines[11], *lines]))
    assert error.location == "line 3" and "continuation line with no first line" in str(error)


def test_continuation_of_the_wrong_record_type(tmp_path):
    lines = text_lines()
    lines[11] = set_field(lines[11], 11, "4")  # AB is a modifier: its continuations are 8
    error = refused(write_text(tmp_path, lines))
    assert (error.location, error.field) == ("line 12", "RECID")
    assert "started at line 11 with RECID 7" in str(error)


def test_bad_date(tmp_path):
    lines = text_lines()
    lines[11 - 1] = set_field(lines[11 - 1], 277, "20251341")  # AB's ACT EFF DT
    error = refused(write_text(tmp_path, lines))
    assert str(error) == (
        "HCPC2025.txt, line 11, field ACT EFF DT: '20251341' is not a valid date "
        "(expected YYYYMMDD)"
    )
    assert (error.file, error.location, error.field) == ("HCPC2025.txt", "line 11", "ACT EFF DT")


def test_non_numeric_sequence_number(tmp_path):
    lines = text_lines()
    lines[4] = set_field(lines[4], 6, "0O100")  # letter O for zero, line 5
    error = refused(write_text(tmp_path, lines))
    assert (error.location, error.field) == ("line 5", "SEQNUM")
    assert "'0O100' is not a sequence number" in str(error)


def test_non_numeric_sequence_number_on_the_first_record_is_not_skipped(tmp_path):
    """A broken first record must not pass for a disclaimer line and vanish."""
    lines = text_lines()
    lines[0] = set_field(lines[0], 6, "001O0")
    error = refused(write_text(tmp_path, ["***Disclaimers", "", *lines]))
    assert (error.location, error.field) == ("line 3", "SEQNUM")


def test_bad_record_id(tmp_path):
    lines = text_lines()
    lines[6] = set_field(lines[6], 11, "5")
    error = refused(write_text(tmp_path, lines))
    assert (error.location, error.field) == ("line 7", "RECID")


def test_text_after_the_data(tmp_path):
    lines = [*text_lines(), "End of file. Questions: hcpcs@cms.hhs.gov"]
    error = refused(write_text(tmp_path, lines))
    assert error.location == f"line {len(lines)}" and error.field == "HCPC"


def test_same_code_twice_in_text(tmp_path):
    lines = text_lines()
    lines.insert(5, lines[1])  # A2 again, as line 6
    error = refused(write_text(tmp_path, lines))
    assert (error.location, error.field) == ("line 6", "HCPC")
    assert "code A2 appears twice: first line at line 2, again at line 6" in str(error)


def test_bad_date_inside_a_zip_names_the_member(tmp_path):
    lines = text_lines()
    lines[0] = set_field(lines[0], 269, "2002O701")
    path = tmp_path / "hcpcs-2025.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "read me")
        archive.writestr("HCPC2025_JAN_ANWEB.txt", "\r\n".join(lines))
    error = refused(path)
    assert error.file == "hcpcs-2025.zip!HCPC2025_JAN_ANWEB.txt"
    assert (error.location, error.field) == ("line 1", "ADD DT")


# --------------------------------------------------------------------------- broken workbooks


def test_same_code_twice_in_a_workbook(tmp_path):
    rows = excerpt_rows()
    a0130 = next(i for i, row in enumerate(rows) if row[0] == "A0130")  # row 11
    rows.append(rows[a0130])
    error = refused(write_workbook(tmp_path, rows))
    assert (error.location, error.field) == (f"sheet 'A' row {len(rows)}", "HCPC")
    assert f"code A0130 appears twice: first at row {a0130 + 1}, again at row {len(rows)}" in str(
        error
    )


def test_bad_date_in_a_workbook(tmp_path):
    rows = excerpt_rows()
    header = next(i for i, row in enumerate(rows) if row[0] == "HCPC")
    e0210 = next(i for i, row in enumerate(rows) if row[0] == "E0210")
    rows[e0210][rows[header].index("ADD DT")] = "ABC"
    error = refused(write_workbook(tmp_path, rows))
    assert str(error) == (
        f"HCPC2019.xlsx, sheet 'A' row {e0210 + 1}, field ADD DT: 'ABC' is not a valid date "
        "(expected YYYYMMDD)"
    )


def test_bad_sequence_number_in_a_workbook(tmp_path):
    rows = excerpt_rows()
    e0210 = next(i for i, row in enumerate(rows) if row[0] == "E0210")
    rows[e0210][1] = "OO10"
    error = refused(write_workbook(tmp_path, rows))
    assert (error.location, error.field) == (f"sheet 'A' row {e0210 + 1}", "SEQNUM")


def test_continuation_row_with_no_first_row_in_a_workbook(tmp_path):
    rows = excerpt_rows()
    stray = next(i for i, row in enumerate(rows) if row[2] == "4")  # G0503's RECID 4 row
    rows.insert(stray - 1, rows.pop(stray))  # now above G0503's row
    error = refused(write_workbook(tmp_path, rows))
    assert error.location == f"sheet 'A' row {stray}"
    assert "continuation row with no first row" in str(error)


def test_repeated_continuation_row_is_dropped_with_a_warning(tmp_path):
    rows = excerpt_rows()
    stray = next(i for i, row in enumerate(rows) if row[2] == "4")
    rows.insert(stray + 1, list(rows[stray]))  # the same text twice: the second adds nothing
    parsed = read_release(write_workbook(tmp_path, rows))
    assert any("dropped a RECID 4 row of G0503" in w for w in parsed.warnings)
    description = parsed.by_code()["G0503"]["long_description"]
    assert description.count("prepared for discharge") == 1


def test_error_pickles_and_reads_well():
    error = CmsFileError("a.zip!b.txt", "bad", location="line 2", field="RECID")
    assert str(error) == "a.zip!b.txt, line 2, field RECID: bad"
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (copy.file, copy.location, copy.field, copy.message) == (
        "a.zip!b.txt",
        "line 2",
        "RECID",
        "bad",
    )
    assert isinstance(error, ValueError)
    assert str(CmsFileError("x.txt", "empty")) == "x.txt: empty"
