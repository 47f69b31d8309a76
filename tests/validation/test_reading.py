"""Reading batches of claim lines: pasted text, CSV and xlsx, and every kind of bad input."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest

from codes.validation.reading import (
    MAX_LINES,
    BatchError,
    TooManyLines,
    canonical,
    read_text,
    read_upload,
)

D = datetime.date.fromisoformat
DEFAULT = D("2025-03-01")


def read(text: str, default=DEFAULT):
    return read_text(text, default_day=default, source="the pasted lines").lines


def test_pasted_lines_with_commas_spaces_and_a_default_date():
    lines = read("Q4390, 2025-11-01, LT RT\n\n  c9304   2025-05-15\nJ2310\n")
    assert [(x.number, x.code, x.day, x.modifiers) for x in lines] == [
        (1, "Q4390", D("2025-11-01"), ("LT", "RT")),
        (3, "C9304", D("2025-05-15"), ()),
        (4, "J2310", DEFAULT, ()),
    ]
    assert all(not x.error for x in lines)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("Q4390,2025-13-01", "“2025-13-01” is not a date"),
        ("Q4390,13/01/2025", "“13/01/2025” is not a date"),
        (",2025-01-01", "no code"),
        ("Q43901,2025-01-01", "“Q43901” is not an HCPCS code"),
        ("Q4390,2025-01-01,LEFT", "“LEFT” is not a modifier"),
    ],
)
def test_a_bad_line_keeps_its_place_with_a_message(text, error):
    lines = read("A0021,2025-01-01\n" + text)
    assert not lines[0].error
    assert lines[1].number == 2 and error in lines[1].error


def test_us_dates_and_yyyymmdd():
    lines = read("Q4390,11/01/2025\nQ4390,20251101")
    assert [x.day for x in lines] == [D("2025-11-01")] * 2


def test_no_date_and_no_default_is_a_line_error():
    assert read("Q4390", default=None)[0].error == "no date of service, and no default date"


def test_csv_with_bom_semicolons_header_and_extra_columns():
    data = "\ufeffClaim;Line ID;HCPCS Code;Units;Date of service;Modifiers\n"
    data += "c1;7/1;q4390;2;2025-11-01;LT\nc1;7/2;J2310;1;2025-07-01;\n"
    lines = read_upload(data.encode("utf-8"), "claims.csv", default_day=None).lines
    assert [(x.number, x.id, x.code, x.day, x.modifiers) for x in lines] == [
        (2, "7/1", "Q4390", D("2025-11-01"), ("LT",)),
        (3, "7/2", "J2310", D("2025-07-01"), ()),
    ]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_columns_in_another_order_and_a_header_row_further_down():
    data = xlsx(
        [
            ["Claims for audit, November"],
            [],
            ["Modifiers", "DOS", "Code", "Line"],
            ["LT", datetime.datetime(2025, 11, 1), "Q4390", 1],
            [None, "2025-13-01", "J2310", 2],
        ]
    )
    lines = read_upload(data, "claims.xlsx", default_day=None).lines
    assert (lines[0].number, lines[0].code, lines[0].day, lines[0].modifiers, lines[0].id) == (
        4,
        "Q4390",
        D("2025-11-01"),
        ("LT",),
        "1",
    )
    assert lines[1].number == 5 and "“2025-13-01” is not a date" in lines[1].error


def test_not_csv_or_xlsx():
    with pytest.raises(BatchError, match="report.pdf is neither a CSV nor an xlsx"):
        read_upload(b"%PDF-1.4\x00\x01\x02", "report.pdf", default_day=None)
    with pytest.raises(BatchError, match="fake.xlsx is not a readable xlsx"):
        read_upload(b"PK\x03\x04garbage", "fake.xlsx", default_day=None)


def test_more_than_the_limit_is_refused_and_the_limit_is_not():
    assert len(read("A0021\n" * MAX_LINES)) == MAX_LINES
    with pytest.raises(TooManyLines, match="more than 10,000 lines"):
        read("A0021\n" * (MAX_LINES + 1))


def test_empty_input():
    with pytest.raises(BatchError, match="has no lines"):
        read("\n \n")


def test_canonical_text_reads_back_to_the_same_lines():
    batch = read_text(
        "Q4390, 2025-11-01, LT\n\nX,2025-13-01\nJ2310", default_day=DEFAULT, source="s"
    )
    again = read_text(canonical(batch), default_day=None, source="s")

    def key(line):
        return (line.number, line.code, line.day, line.modifiers, line.id, line.error)

    assert [key(x) for x in again.lines] == [key(x) for x in batch.lines]


# Column names as claim-line exports write them: each family's names, read whatever their case,
# spacing, underscores or punctuation. The other columns keep plain names.
PLAIN = {"id": "id", "code": "code", "date": "date", "units": "units", "ndc": "ndc"}
NAMES = {
    "code": ["HCPCS", "CPT", "Procedure Code", "HCPCS Code", "hcpcs_code", "CPT/HCPCS", "Proc Cd"],
    "date": ["Date of Service", "From Date", "Service Date", "DOS", "D.O.S.", "DATE_OF_SERVICE"],
    "id": ["Line ID", "Claim ID", "line_id", "Claim Line #", "Line No."],
    "units": ["Units", "Qty", "Days or Units", "Service_Units", "UNITS OF SERVICE"],
    "ndc": ["NDC", "NDC Code", "National Drug Code", "ndc_number", "N.D.C.", "NDC-11"],
}
CELLS = {
    "id": "c-7/1",
    "code": "j9271",
    "date": "2025-11-01",
    "units": "200",
    "ndc": "0006-3026-02",
}


def read_file(rows: list[list], kind: str, default=None):
    """The rows as the CSV or xlsx file a billing system exports, read as an upload."""
    if kind == "xlsx":
        return read_upload(xlsx(rows), "claims.xlsx", default_day=default)
    text = "\r\n".join(",".join(str(c) for c in row) for row in rows) + "\r\n"
    return read_upload(text.encode(), "claims.csv", default_day=default)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("field", "name"), [(field, name) for field, names in NAMES.items() for name in names]
)
def test_each_family_of_column_names(kind, field, name):
    header = {**PLAIN, field: name}
    batch = read_file([list(header.values()), list(CELLS.values())], kind)
    (line,) = batch.lines
    assert not line.error
    assert (line.id, line.code, line.day) == ("c-7/1", "J9271", D("2025-11-01"))
    assert (line.units, line.units_given, line.ndc) == (200, True, "0006-3026-02")
    assert batch.columns == tuple(header.items())


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "names",
    [
        ["Modifier 1", "Modifier 2", "Modifier 3", "Modifier 4"],
        ["MOD1", "MOD2", "MOD3", "MOD4"],
        ["mod_1", "mod_2", "mod_3", "mod_4"],
        ["Modifier-1", "Modifier-2", "Modifier-3", "Modifier-4"],
        ["HCPCS Modifier 1", "HCPCS Modifier 2", "HCPCS Modifier 3", "HCPCS Modifier 4"],
    ],
)
def test_modifier_columns_combine_in_their_order(kind, names):
    # Written out of order, with a gap: the modifiers are read as 1, 2, 3, 4.
    rows = [
        ["HCPCS", names[1], "DOS", names[0], names[3], names[2]],
        ["E0601", "KX", "2026-02-01", "RR", "", "GA"],
        ["E0601", "", "2026-02-01", "", "", ""],
    ]
    batch = read_file(rows, kind)
    assert [line.modifiers for line in batch.lines] == [("RR", "KX", "GA"), ()]
    assert batch.columns == (
        ("code", "HCPCS"),
        ("modifiers", names[1]),
        ("date", "DOS"),
        ("modifiers", names[0]),
        ("modifiers", names[3]),
        ("modifiers", names[2]),
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_billing_systems_header_keeps_its_modifiers(kind):
    rows = [
        ["Line ID", "HCPCS", "Date of Service", "Modifier 1", "Modifier 2"],
        ["1", "Q4390", "11/01/2025", "LT", "RT"],
        ["2", "J9271", "2025-11-01", "JZ", ""],
    ]
    batch = read_file(rows, kind)
    assert [(x.id, x.code, x.modifiers) for x in batch.lines] == [
        ("1", "Q4390", ("LT", "RT")),
        ("2", "J9271", ("JZ",)),
    ]
    assert batch.columns == (
        ("id", "Line ID"),
        ("code", "HCPCS"),
        ("date", "Date of Service"),
        ("modifiers", "Modifier 1"),
        ("modifiers", "Modifier 2"),
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_modifiers_column_still_holds_several(kind):
    batch = read_file([["Code", "Date", "Modifiers"], ["Q4390", "2025-11-01", "LT RT"]], kind)
    assert batch.lines[0].modifiers == ("LT", "RT")
    assert batch.columns == (("code", "Code"), ("date", "Date"), ("modifiers", "Modifiers"))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_header_without_a_code_column_is_refused_naming_its_columns(kind):
    rows = [["Claim", "Service Date", "Item", "Modifier 1"], ["c1", "2025-11-01", "J9271", "JZ"]]
    with pytest.raises(BatchError) as refused:
        read_file(rows, kind)
    message = str(refused.value)
    assert message.startswith(f"claims.{kind}")
    assert "row 1 is a header row, but none of its columns is a code column" in message
    assert "“Claim”, “Service Date”, “Item”, “Modifier 1”" in message


def test_without_a_header_the_columns_are_positional_and_recorded_as_none():
    batch = read_text(
        "E0601, 2025-11-01, ST, line-1\nA0021 2025-01-01", default_day=None, source="s"
    )
    assert [(x.code, x.day, x.modifiers, x.id) for x in batch.lines] == [
        ("E0601", D("2025-11-01"), ("ST",), "line-1"),  # ST, a modifier, is not a state header
        ("A0021", D("2025-01-01"), (), ""),
    ]
    assert batch.columns == ()
    # A first line of bad values that happen to be column names is a bad line, not a header.
    (line,) = read("X123, 2025-13-01, ST", default=None)
    assert "“2025-13-01” is not a date" in line.error


def test_ndcs_as_claims_and_spreadsheets_write_them():
    rows = [
        ["code", "date", "ndc"],
        ["J9271", "2025-11-01", 6302602],  # a number cell: the leading zeros come back
        ["J9271", "2025-11-01", "00006302602"],
        ["J9271", "2025-11-01", "N400006302602 UN1"],
        ["J9271", "2025-11-01", "NDC 12-34"],
    ]
    lines = read_upload(xlsx(rows), "claims.xlsx", default_day=None).lines
    assert [x.ndc for x in lines] == [
        "00006302602",
        "00006302602",
        "N400006302602 UN1",
        "NDC 12-34",
    ]
    assert [x.error for x in lines[:3]] == ["", "", ""]
    assert lines[3].error.startswith("“NDC 12-34” is not an NDC (11 digits, 5-4-2")


def test_canonical_text_carries_units_and_ndcs():
    text = "code,date,units,ndc\nJ9271,2025-11-01,200,0006-3026-02\nJ9271,2025-11-01,,\n"
    batch = read_text(text, default_day=None, source="s")
    again = read_text(canonical(batch), default_day=None, source="s").lines
    assert [(x.units, x.units_given, x.ndc) for x in again] == [
        (200, True, "0006-3026-02"),
        (1, False, ""),
    ]
