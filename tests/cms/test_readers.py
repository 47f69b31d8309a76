"""The CMS HCPCS readers on real CMS files (plain pytest, no Django needed).

Small fixtures cut from the real files live in tests/data (see make_fixtures.py there). The
full real releases are read from $HCPCS_SHARED_DIR; tests that need them skip without it.
Each real file is parsed at most once per module (``real`` fixture) to keep the run fast.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from codes.cms import layout
from codes.cms.errors import CmsFileError
from codes.cms.readers import (
    MIN_RECORDS_FOR_QUARTER,
    ParsedRelease,
    content_quarter,
    infer_release,
    name_hint,
    read_release,
    read_text,
    read_xls,
    read_xlsx,
    sniff_format,
)
from codes.cms.records import build_record, normalise
from tests.conftest import SHARED
from tests.conftest import TEST_DATA as DATA

FIRST40 = DATA / "HCPC2025_JAN_ANWEB_first40.txt"
EXCERPT_2019_TXT = DATA / "HCPC2019_CONTR_ANWEB_excerpt.txt"
EXCERPT_2019_XLSX = DATA / "HCPC2019_CONTR_ANWEB_excerpt.xlsx"
EXCERPT_2020_TXT = DATA / "HCPC2020_ANWEB_w_disclaimer_excerpt.txt"

JAN_2025_TXT = "2025_JAN/HCPC2025_JAN_ANWEB_12172024.txt"
JAN_2025_XLSX = "2025_JAN/HCPC2025_JAN_ANWEB_12172024.xlsx"
JAN_2025_ZIP = "2025_JAN/hcpcs-2025.zip"
OCT_2025_XLSX = "2025_OCT/HCPC2025_OCT_ANWEB.xlsx"
NOT_CMS = "not-cms/HCPC2025_JUL_ANWEB_v3_cut_to_4_columns.xlsx"

G0503_TAIL = "goals and are prepared for discharge from active treatment"

# Every real data file: format, codes (README table), release label and its first day.
REAL_FILES = {
    "2017_JAN/HCPC17_CONTR_ANWEB.txt": ("txt", 6498, "2017 January"),
    "2017_JAN/HCPC17_CONTR_ANWEB.xlsx": ("xlsx", 6498, "2017 January"),
    "2018_JAN/HCPC2018_CONTR_ANWEB_disc.txt": ("txt", 6559, "2018 January"),
    "2018_JAN/HCPC2018_CONTR_ANWEB_disc.xlsx": ("xlsx", 6559, "2018 January"),
    "2019_JAN/HCPC2019_CONTR_ANWEB.txt": ("txt", 6800, "2019 January"),
    "2019_JAN/HCPC2019_CONTR_ANWEB.xlsx": ("xlsx", 6800, "2019 January"),
    "2020_JAN/HCPC2020_ANWEB_w_disclaimer.txt": ("txt", 7079, "2020 January"),
    "2020_JAN/HCPC2020_ANWEB_w_disclaimer.xls": ("xls", 7079, "2020 January"),
    "2020_APR/anweb.xlsx": ("xlsx", 7097, "2020 April"),
    "2020_JUL/anweb.xlsx": ("xlsx", 7158, "2020 July"),
    "2020_OCT/anweb.xlsx": ("xlsx", 7196, "2020 October"),
    JAN_2025_TXT: ("txt", 8642, "2025 January"),
    JAN_2025_XLSX: ("xlsx", 8642, "2025 January"),
    JAN_2025_ZIP: ("zip:txt", 8642, "2025 January"),
    OCT_2025_XLSX: ("xlsx", 8846, "2025 October"),
}
# Files whose names say nothing about the quarter: the content decides.
NAMELESS = {
    "2020_APR/anweb.xlsx",
    "2020_JUL/anweb.xlsx",
    "2020_OCT/anweb.xlsx",
    "2020_JAN/HCPC2020_ANWEB_w_disclaimer.txt",
    "2020_JAN/HCPC2020_ANWEB_w_disclaimer.xls",
}
MONTHS = {"January": 1, "April": 4, "July": 7, "October": 10}


def shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"real CMS file {relative} not found under {SHARED} (set HCPCS_SHARED_DIR)")
    return path


def first_day(label: str) -> datetime.date:
    year, month = label.split()
    return datetime.date(int(year), MONTHS[month], 1)


# One worker reads every test here (make test runs pytest-xdist with --dist loadgroup), so
# the module's cache parses each real CMS file once rather than once per worker.
pytestmark = pytest.mark.xdist_group("cms-real-files")


@pytest.fixture(scope="module")
def real():
    """read(relative) -> ParsedRelease, each real file parsed once."""
    cache: dict[str, ParsedRelease] = {}

    def read(relative: str) -> ParsedRelease:
        if relative not in cache:
            cache[relative] = read_release(shared(relative))
        return cache[relative]

    return read


# --------------------------------------------------------------------------- fixtures in tests/data


def test_first_40_records_of_the_2025_text_file():
    parsed = read_release(FIRST40)
    assert parsed.format == "txt"
    assert parsed.member_name is None
    assert parsed.source_name == FIRST40.name
    assert parsed.sha256 == hashlib.sha256(FIRST40.read_bytes()).hexdigest()
    assert len(parsed.records) == 40
    assert [r["code"] for r in parsed.records[:4]] == ["A1", "A2", "A3", "A4"]
    assert all(list(r) == list(layout.ATTRS) for r in parsed.records)
    a1 = parsed.by_code()["A1"]
    assert (a1["recid"], a1["seqnum"], a1["long_description"]) == (
        "7",
        "0010",
        "Dressing for one wound",
    )
    assert a1["add_dt"] == datetime.date(2002, 7, 1)
    assert a1["price1"] == "" and a1["asc_dt"] is None
    # AB: a first line and four RECID 8 continuation lines, joined.
    assert parsed.by_code()["AB"]["long_description"] == (
        "Audiology service furnished personally by an audiologist without a physician/npp "
        "order for non-acute hearing assessment unrelated to disequilibrium, or hearing aids, "
        "or examinations for the purpose of prescribing, fitting, or changing hearing aids; "
        "service may be performed once every 12 months, per beneficiary"
    )
    assert parsed.by_code()["AA"]["mcm1"] == "3350.5"


def test_every_kind_of_source_gives_the_same_release():
    data = FIRST40.read_bytes()
    expected = read_release(FIRST40).records
    assert read_release(str(FIRST40)).records == expected
    assert read_release(data, name=FIRST40.name).records == expected
    assert read_release(io.BytesIO(data), name=FIRST40.name).records == expected
    with FIRST40.open("rb") as handle:  # a named file object names itself
        assert read_release(handle).source_name == FIRST40.name
    assert read_text(FIRST40).records == expected
    with pytest.raises(TypeError, match="name="):
        read_release(io.BytesIO(data))
    with pytest.raises(TypeError, match="name="):
        read_release(data)


def test_text_line_variants_read_the_same():
    """LF or CRLF, lines trimmed to 293 (ACTION CD) or 91, trailing blank lines: all fine."""
    lines = FIRST40.read_bytes().decode("ascii").splitlines()
    expected = read_release(FIRST40).records
    variants = {
        "lf": "\n".join(lines) + "\n",
        "no final newline": "\r\n".join(lines),
        "trailing blank lines": "\r\n".join(lines) + "\r\n\r\n   \r\n",
        "trimmed to 293": "\r\n".join(line[:293] for line in lines),
        "trailing spaces removed": "\r\n".join(line.rstrip() for line in lines),
    }
    for label, text in variants.items():
        parsed = read_release(text.encode("ascii"), name=FIRST40.name)
        assert parsed.records == expected, label


def test_2019_excerpt_text_and_workbook_agree_but_for_cms_differences():
    """Disclaimers above the data in both; the workbook's header row is row 8."""
    text = read_release(EXCERPT_2019_TXT)
    book = read_release(EXCERPT_2019_XLSX)
    assert book.format == "xlsx"
    assert [r["code"] for r in text.records] == [r["code"] for r in book.records]
    differences = {
        (r1["code"], attr)
        for r1, r2 in zip(text.records, book.records, strict=True)
        for attr in layout.ATTRS
        if r1[attr] != r2[attr]
    }
    assert differences == {("A0130", "act_eff_dt"), ("E0210", "tos4")}
    by_code = book.by_code()
    assert text.by_code()["A0130"]["act_eff_dt"] == datetime.date(1982, 1, 1)
    assert by_code["A0130"]["act_eff_dt"] is None
    assert by_code["E0210"]["tos4"] == "R"
    # J2505's ASC_DT and ACT EFF DT are number cells (20080101, 20040101) in the workbook.
    assert by_code["J2505"]["asc_dt"] == datetime.date(2008, 1, 1)
    # G0503's stray RECID 4 row is folded into its description, with a warning.
    assert by_code["G0503"]["long_description"].endswith(G0503_TAIL)
    assert any("RECID 4 row of G0503" in w and "row 14" in w for w in book.warnings)
    # The 316-character continuation line of G8891 is read like the others.
    assert text.by_code()["G8891"]["long_description"].startswith("Documentation of medical")


def test_2020_excerpt_disclaimer_bytes_and_91_character_continuations():
    parsed = read_release(EXCERPT_2020_TXT)
    assert b"\x92" in EXCERPT_2020_TXT.read_bytes()  # CMS's apostrophe, cp1252
    assert [r["code"] for r in parsed.records] == ["AD", "E0210", "G0503"]
    assert parsed.by_code()["AD"]["long_description"] == (
        "Medical supervision by a physician: more than four concurrent anesthesia procedures"
    )
    assert parsed.by_code()["G0503"]["long_description"].endswith(G0503_TAIL)
    # The name gives only the year and three records cannot tell the quarter.
    assert (parsed.label, parsed.effective_date) == ("2020 January", datetime.date(2020, 1, 1))
    assert "assumed from the year in the file name" in parsed.warnings[0]
    assert any("skipped 6 disclaimer lines" in w for w in parsed.warnings)


def _workbook_bytes(rows: list[list], title: str = "A") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excerpt_rows() -> list[list]:
    book = openpyxl.load_workbook(EXCERPT_2019_XLSX, read_only=True, data_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("blank_rows_above", [0, 10, 25])
def test_workbook_header_row_is_found_where_it_is(blank_rows_above):
    rows = _excerpt_rows()
    header = next(i for i, row in enumerate(rows) if row[0] == "HCPC")
    data = rows[header:]
    above = [["disclaimer text"] if n % 3 == 0 else [] for n in range(blank_rows_above)]
    parsed = read_release(_workbook_bytes(above + data), name="HCPC2019_CONTR_ANWEB.xlsx")
    assert [r["code"] for r in parsed.records] == [
        r["code"] for r in read_release(EXCERPT_2019_XLSX).records
    ]


def test_workbook_cells_of_every_type_normalise_like_text():
    """Numbers, number-typed dates, datetime cells and padded strings all give text values."""
    rows = _excerpt_rows()
    header = next(i for i, row in enumerate(rows) if row[0] == "HCPC")
    headers = rows[header]
    a0130 = next(row for row in rows if row[0] == "A0130")
    typed = dict(zip(headers, a0130, strict=True))
    typed.update(
        {
            "SEQNUM": 10,
            "RECID": 3,
            "PRICE1": 0,  # '00' in the text file; a spreadsheet would make it 0
            "ANEST_BU": 0.0,
            "ADD DT": datetime.datetime(1982, 1, 1),
            "TERM DT": 20301231,
            "SHORT DESCRIPTION": "  Non-emer transport:wagon   ",
        }
    )
    parsed = read_release(
        _workbook_bytes([list(headers), [typed[h] for h in headers]]), name="x_2019_JAN.xlsx"
    )
    record = parsed.records[0]
    assert (record["seqnum"], record["recid"], record["price1"]) == ("0010", "3", "00")
    assert record["anest_bu"] == "0"
    assert record["add_dt"] == datetime.date(1982, 1, 1)
    assert record["term_dt"] == datetime.date(2030, 12, 31)
    assert record["short_description"] == "Non-emer transport:wagon"


def test_workbook_with_extra_columns_and_a_later_data_sheet():
    rows = _excerpt_rows()
    header = next(i for i, row in enumerate(rows) if row[0] == "HCPC")
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["These are notes, not codes"])
    sheet = book.create_sheet("Codes")
    for row in rows[header:]:
        sheet.append([*row, "an extra column"])
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = read_xlsx(buffer.getvalue(), name="HCPC2019_CONTR_ANWEB.xlsx")
    assert len(parsed.records) == 7


# --------------------------------------------------------------------------- records


@pytest.mark.parametrize(
    ("attr", "raw", "expected"),
    [
        ("code", "   A1", "A1"),
        ("code", "G0503", "G0503"),
        ("seqnum", "00100", "0010"),
        ("seqnum", "0010", "0010"),
        ("seqnum", 10, "0010"),
        ("seqnum", 10.0, "0010"),
        ("recid", 7, "7"),
        ("short_description", "Subseq  psych care man,60mi ", "Subseq  psych care man,60mi"),
        ("long_description", "  Dressing for\n one   wound ", "Dressing for one wound"),
        ("price1", "51", "51"),
        ("price1", 0, "00"),
        ("procnote", 88, "0088"),
        ("anest_bu", "  0", "0"),
        ("tos1", 1, "1"),
        ("statute", None, ""),
        ("add_dt", "19820101", datetime.date(1982, 1, 1)),
        ("add_dt", 19820101, datetime.date(1982, 1, 1)),
        ("add_dt", 19820101.0, datetime.date(1982, 1, 1)),
        ("add_dt", datetime.datetime(2025, 10, 1), datetime.date(2025, 10, 1)),
        ("add_dt", datetime.date(2025, 10, 1), datetime.date(2025, 10, 1)),
        ("term_dt", "        ", None),
        ("term_dt", None, None),
        ("asc_dt", "170401  ", datetime.date(2017, 4, 1)),  # YYMMDD, March 2018 re-issue
    ],
)
def test_normalise(attr, raw, expected):
    assert normalise(attr, raw) == expected


@pytest.mark.parametrize(
    ("attr", "raw", "message"),
    [
        ("act_eff_dt", "20251341", "'20251341' is not a valid date (expected YYYYMMDD)"),
        ("act_eff_dt", "ABC", "'ABC' is not a valid date"),
        ("act_eff_dt", 20251341, "'20251341' is not a valid date"),
        ("seqnum", "00A0", "'00A0' is not a sequence number"),
        ("recid", "5", "'5' is not a record id"),
        ("code", "A-1", "is not a HCPCS code"),
        ("code", "", "is not a HCPCS code"),
        ("short_description", datetime.datetime(2020, 1, 1), "a date cell"),
    ],
)
def test_normalise_refuses(attr, raw, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        normalise(attr, raw)


def test_build_record_has_every_attr_and_names_the_field_at_fault():
    record = build_record({"code": "   A1", "seqnum": "0010", "recid": "7"}, file="f", location="x")
    assert list(record) == list(layout.ATTRS)
    assert record["long_description"] == "" and record["add_dt"] is None
    with pytest.raises(CmsFileError) as caught:
        build_record(
            {"code": "A0130", "recid": "3", "seqnum": "1", "add_dt": "2025"},
            file="HCPC.xlsx",
            location="sheet 'A' row 9",
        )
    assert str(caught.value) == (
        "HCPC.xlsx, sheet 'A' row 9, field ADD DT: '2025' is not a valid date (expected YYYYMMDD)"
    )
    assert (caught.value.file, caught.value.location, caught.value.field) == (
        "HCPC.xlsx",
        "sheet 'A' row 9",
        "ADD DT",
    )
    notes: list[str] = []
    build_record(
        {"code": "C9488", "seqnum": "0010", "recid": "3", "asc_dt": "170401"},
        file="f",
        location="l",
        warnings=notes,
    )
    assert notes == ["f, l, field ASC_DT: '170401' read as 2017-04-01 (a YYMMDD date)"]


# --------------------------------------------------------------------------- sniffing and names


def test_format_is_sniffed_from_content_not_name():
    xlsx = EXCERPT_2019_XLSX.read_bytes()
    assert sniff_format(xlsx) == "xlsx"
    assert read_release(xlsx, name="codes.txt").format == "xlsx"
    assert read_release(FIRST40.read_bytes(), name="HCPC2025_JAN.xlsx").format == "txt"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("data/HCPC2019_CONTR_ANWEB.xlsx", xlsx)
    assert sniff_format(archive.getvalue()) == "zip"
    assert sniff_format(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100) == "xls"


@pytest.mark.parametrize(
    ("name", "year", "month"),
    [
        ("HCPC2025_OCT_ANWEB.xlsx", 2025, 10),
        ("HCPC2025_OCT_ANWEB_v3.txt", 2025, 10),
        ("HCPC2026_JUL_ANWEB_06172026.txt", 2026, 7),
        ("HCPC2025_JAN_ANWEB_12172024.txt", 2025, 1),  # 12172024 is the publication date
        ("HCPC2020_APR_ANWEB.xlsx", 2020, 4),
        ("HCPC17_CONTR_ANWEB.txt", 2017, 1),
        ("HCPC2018_CONTR_ANWEB_disc.xlsx", 2018, 1),
        ("HCPC2020_ANWEB_w_disclaimer.xls", 2020, None),
        ("hcpcs-2025.zip", 2025, None),
        ("2020-Alpha-Numeric-HCPCS-File.zip", 2020, None),
        ("uploads/october/HCPC2024_OCTOBER_ANWEB.xlsx", 2024, 10),
    ],
)
def test_name_hint(name, year, month):
    hint = name_hint(name)
    assert (hint.year, hint.month) == (year, month)


@pytest.mark.parametrize("name", ["anweb.xlsx", "trans_alpha.xlsx", "codes.txt", "octopus.txt"])
def test_name_hint_none(name):
    assert name_hint(name) is None


def _dated(add: str, act: str) -> dict:
    return {
        "add_dt": datetime.date.fromisoformat(add),
        "act_eff_dt": datetime.date.fromisoformat(act),
    }


def test_content_quarter_needs_enough_records():
    records = [_dated("2020-01-01", "2020-01-01")] * 30
    few = [_dated("2020-04-01", "2020-04-01")] * (MIN_RECORDS_FOR_QUARTER - 1)
    assert content_quarter(records + few) == (datetime.date(2020, 1, 1), 30, True)
    enough = [_dated("2019-07-01", "2020-04-01")] * MIN_RECORDS_FOR_QUARTER
    assert content_quarter(records + enough)[:2] == (datetime.date(2020, 4, 1), 5)
    not_a_quarter = [_dated("2020-05-01", "2020-05-01")] * 50
    assert content_quarter(records + not_a_quarter)[0] == datetime.date(2020, 1, 1)


def test_zip_of_the_excerpts_prefers_text_on_a_tie_and_takes_a_lone_workbook(tmp_path):
    both = tmp_path / "hcpcs-2019.zip"
    with zipfile.ZipFile(both, "w") as archive:
        archive.writestr("README.txt", "Read me first.\r\n")
        archive.write(EXCERPT_2019_XLSX, EXCERPT_2019_XLSX.name)
        archive.write(EXCERPT_2019_TXT, EXCERPT_2019_TXT.name)
    parsed = read_release(both)
    assert (parsed.format, parsed.member_name) == ("zip:txt", EXCERPT_2019_TXT.name)
    assert parsed.sha256 == hashlib.sha256(both.read_bytes()).hexdigest()
    assert parsed.label == "2019 January"
    only_book = tmp_path / "hcpcs-2019-xlsx.zip"
    with zipfile.ZipFile(only_book, "w") as archive:
        archive.writestr("notes.txt", "nothing here")
        archive.write(EXCERPT_2019_XLSX, "renamed.bin")
    parsed = read_release(only_book)
    assert (parsed.format, parsed.member_name) == ("zip:xlsx", "renamed.bin")
    assert len(parsed.records) == 7


# --------------------------------------------------------------------------- the real releases


@pytest.mark.slow  # whole releases read or published: not in make test-fast
@pytest.mark.parametrize("relative", list(REAL_FILES))
def test_every_real_file_reads_with_its_code_count_and_release(real, relative):
    fmt, count, label = REAL_FILES[relative]
    parsed = real(relative)
    assert parsed.format == fmt
    assert len(parsed.records) == count
    assert len(parsed.by_code()) == count  # codes are unique
    assert (parsed.label, parsed.effective_date) == (label, first_day(label))
    how = "inferred from the content" if relative in NAMELESS else "taken from"
    assert how in parsed.warnings[0]
    # The content rule alone gives the same date for every real file, named or not.
    assert content_quarter(parsed.records)[0] == first_day(label)


def test_release_of_a_renamed_file_comes_from_its_content(real):
    records = real(OCT_2025_XLSX).records
    label, day, notes = infer_release(["upload.xlsx"], records, file="upload.xlsx")
    assert (label, day) == ("2025 October", datetime.date(2025, 10, 1))
    assert "inferred from the content" in notes[0]
    # A name that gives only the year defers to the content as well.
    label, day, notes = infer_release(["HCPC2025_ANWEB.xlsx"], records, file="f")
    assert label == "2025 October"


def test_oct_2025_q4390(real):
    q4390 = real(OCT_2025_XLSX).by_code()["Q4390"]
    assert q4390["long_description"].startswith("Ascendion, per square centimeter")
    assert (q4390["price1"], q4390["action_cd"]) == ("51", "A")
    assert q4390["add_dt"] == datetime.date(2025, 10, 1)
    assert q4390["act_eff_dt"] == datetime.date(2025, 10, 1)
    assert "Q4390" not in real(JAN_2025_TXT).by_code()


def test_modifiers(real):
    for relative in (JAN_2025_TXT, JAN_2025_XLSX):
        a1 = real(relative).by_code()["A1"]
        assert (a1["code"], a1["recid"], a1["seqnum"]) == ("A1", "7", "0010")
    recids = {r["recid"] for r in real(JAN_2025_TXT).records}
    assert recids == {"3", "7"}


def test_g0503_long_description(real):
    """17 text lines joined; the 2019-2020 workbooks split it over two rows."""
    text = real(JAN_2025_TXT).by_code()["G0503"]
    assert len(text["long_description"]) > 1000
    assert text["long_description"].endswith(G0503_TAIL)
    assert text["short_description"] == "Subseq  psych care man,60mi"
    assert text["xref1"] == "99493"
    assert text["term_dt"] == datetime.date(2017, 12, 31)
    for relative in (OCT_2025_XLSX, "2019_JAN/HCPC2019_CONTR_ANWEB.xlsx", "2020_APR/anweb.xlsx"):
        assert real(relative).by_code()["G0503"]["long_description"] == text["long_description"]
    # CMS's JAN 2025 workbook cut the description short: the tail is missing there.
    cut = real(JAN_2025_XLSX).by_code()["G0503"]["long_description"]
    assert text["long_description"] == f"{cut} {G0503_TAIL}"


def test_g0556_sixty_lines_joined(real):
    lines = [
        line for line in shared(JAN_2025_TXT).read_bytes().split(b"\n") if line[:5] == b"G0556"
    ]
    assert len(lines) == 60
    description = real(JAN_2025_TXT).by_code()["G0556"]["long_description"]
    # 4,800 characters of chunks; 4,492 once the padding and double spaces are collapsed.
    assert len(description) > 4400
    assert description == real(JAN_2025_XLSX).by_code()["G0556"]["long_description"]


def _differences(text: ParsedRelease, book: ParsedRelease) -> dict[str, dict[str, tuple]]:
    """attr -> {code: (text value, workbook value)} for every field that differs."""
    assert [r["code"] for r in text.records] == [r["code"] for r in book.records]
    found: dict[str, dict[str, tuple]] = {}
    for left, right in zip(text.records, book.records, strict=True):
        for attr in layout.ATTRS:
            if left[attr] != right[attr]:
                found.setdefault(attr, {})[left["code"]] = (left[attr], right[attr])
    return found


def test_jan_2025_text_and_workbook_agree_but_for_known_cms_differences(real):
    found = _differences(real(JAN_2025_TXT), real(JAN_2025_XLSX))
    assert set(found) == {"act_eff_dt", "tos4", "long_description"}
    # ACT EFF DT set in the text, blank in the workbook, for about 115 codes (A0130 first).
    blanks = found["act_eff_dt"]
    assert 100 <= len(blanks) <= 130
    assert all(isinstance(t, datetime.date) and w is None for t, w in blanks.values())
    assert blanks["A0130"] == (datetime.date(1982, 1, 1), None)
    # TOS4 'R' in the workbook only.
    assert found["tos4"] == {"E0210": ("", "R"), "E0776": ("", "R")}
    # Whitespace differences vanish once collapsed; only G0503's cut description remains.
    assert list(found["long_description"]) == ["G0503"]


@pytest.mark.parametrize(
    ("text", "book", "expected"),
    [
        (
            "2017_JAN/HCPC17_CONTR_ANWEB.txt",
            "2017_JAN/HCPC17_CONTR_ANWEB.xlsx",
            {"act_eff_dt": {"L5638", "L5640", "L5643"}},  # different dates, not blanks
        ),
        (
            "2018_JAN/HCPC2018_CONTR_ANWEB_disc.txt",
            "2018_JAN/HCPC2018_CONTR_ANWEB_disc.xlsx",
            {},
        ),
        (
            "2020_JAN/HCPC2020_ANWEB_w_disclaimer.txt",
            "2020_JAN/HCPC2020_ANWEB_w_disclaimer.xls",
            {},
        ),
    ],
)
def test_older_text_and_workbook_pairs_agree(real, text, book, expected):
    found = _differences(real(text), real(book))
    assert {attr: set(codes) for attr, codes in found.items()} == expected


def test_2019_differences_match_2025(real):
    found = _differences(
        real("2019_JAN/HCPC2019_CONTR_ANWEB.txt"), real("2019_JAN/HCPC2019_CONTR_ANWEB.xlsx")
    )
    assert set(found) == {"act_eff_dt", "tos4"}
    assert 100 <= len(found["act_eff_dt"]) <= 130
    assert set(found["tos4"]) == {"E0210", "E0776"}


def test_2018_yymmdd_asc_dates_are_read_with_a_warning(real):
    parsed = real("2018_JAN/HCPC2018_CONTR_ANWEB_disc.txt")
    assert parsed.by_code()["C9488"]["asc_dt"] == datetime.date(2017, 4, 1)
    assert parsed.by_code()["C9748"]["asc_dt"] == datetime.date(2018, 1, 1)
    assert any("line 1884, field ASC_DT: '170401'" in w for w in parsed.warnings)


def test_2020_jul_trailing_blank_rows_are_skipped(real):
    assert len(real("2020_JUL/anweb.xlsx").records) == 7158  # the sheet has 16,965 rows


def test_the_zip_finds_its_data_member_by_content(real):
    parsed = real(JAN_2025_ZIP)
    assert parsed.member_name == "HCPC2025_JAN_ANWEB_12172024.txt"
    assert parsed.records == real(JAN_2025_TXT).records
    assert parsed.sha256 == hashlib.sha256(shared(JAN_2025_ZIP).read_bytes()).hexdigest()
    assert any("also a data file: HCPC2025_JAN_ANWEB_12172024.xlsx" in w for w in parsed.warnings)


def test_the_old_xls_reader_can_be_called_directly(real):
    parsed = read_xls(shared("2020_JAN/HCPC2020_ANWEB_w_disclaimer.xls"))
    assert parsed.records == real("2020_JAN/HCPC2020_ANWEB_w_disclaimer.xls").records
