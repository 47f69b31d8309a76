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
