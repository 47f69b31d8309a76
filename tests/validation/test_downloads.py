"""The batch check's CSV and xlsx reports on the bundled releases and ASP crosswalks: every line
names the release in force on its date, its NDC's crosswalk and the time of the check."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest

from codes.validation import batch as batches
from codes.validation import downloads
from codes.validation.reading import Line, read_text

pytestmark = pytest.mark.usefixtures("bundled")

LINES = """Line ID,HCPCS,Date of Service,Modifier 1,Units,NDC,State
k-1,J9271,2026-02-01,JZ,200,00006-3026-02,
p-1,J2545,2026-02-01,,,13925-0522-01,
x-1,ZZ999,2025-01-01,,,,
e-1,E0601,2026-02-01,RR,1,,AL
b-1,J9271,2026-13-01,,,,
f-1,"=HYPERLINK(""http://x"")",2025-01-01,,,,
c-1,J9271,2026-02-01,,,,
"""
CHECKED = datetime.datetime(2026, 2, 3, 14, 5, 6, tzinfo=datetime.UTC)


@pytest.fixture
def result():
    return batches.validate(read_text(LINES, default_day=None, source="s").lines)


def test_the_csv_names_releases_crosswalks_and_the_time_of_the_check(result):
    rows = list(csv.reader(io.StringIO(downloads.as_csv(result, checked_at=CHECKED))))
    assert rows[0] == downloads.COLUMNS
    assert rows[0][:8] == ["line", "id", "code", "date", "modifiers", "valid", "status", "message"]
    assert {"release_in_force", "ndc", "ndc_status", "ndc_message", "checked_at"} <= set(rows[0])
    by_id = {r["id"]: r for r in (dict(zip(rows[0], row)) for row in rows[1:])}
    keytruda, pentamidine = by_id["k-1"], by_id["p-1"]
    assert keytruda["release_in_force"] == "2026 January"
    assert (keytruda["ndc"], keytruda["ndc_status"], keytruda["ndc_codes"]) == (
        "00006-3026-02",
        "belongs",
        "J9271",
    )
    assert (keytruda["ndc_crosswalk"], keytruda["ndc_drug"]) == ("Jan–Mar 2026", "Keytruda")
    assert (keytruda["ndc_billing_unit"], keytruda["ndc_units_per_package"]) == ("1 MG", "100")
    assert keytruda["units"] == "200" and keytruda["valid"] == "yes"
    assert pentamidine["valid"] == "no" and pentamidine["ndc_status"] == "other_code"
    assert pentamidine["ndc_codes"] == "J2516"
    assert pentamidine["message"].endswith(pentamidine["ndc_message"])
    # A code no release has still names the release in force on its date.
    assert by_id["x-1"]["status"] == "unknown"
    assert by_id["x-1"]["release_in_force"] == "2025 January"
    assert by_id["b-1"]["date"] == "2026-13-01" and by_id["b-1"]["release_in_force"] == ""
    assert by_id["f-1"]["code"].startswith("'=HYPERLINK")
    assert by_id["c-1"]["ndc"] == "" and by_id["c-1"]["units"] == ""
    assert by_id["e-1"]["fee_quarter"] == "January 2026"
    # One time for the whole batch, in the site's time zone, with its offset.
    assert {r[-1] for r in rows[1:]} == {"2026-02-03T09:05:06-05:00"}


def test_the_time_of_the_check_defaults_to_now(result):
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    rows = list(csv.reader(io.StringIO(downloads.as_csv(result))))
    stamp = datetime.datetime.fromisoformat(rows[1][-1])
    assert stamp.tzinfo is not None and before <= stamp <= datetime.datetime.now(datetime.UTC)


def test_the_xlsx_has_dates_a_frozen_header_widths_and_problem_rows_marked(result):
    data = downloads.as_xlsx(result, checked_at=CHECKED)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    assert header == downloads.COLUMNS
    column = {name: index for index, name in enumerate(header)}
    assert sheet.freeze_panes == "A2"
    assert all(c.font.bold for c in sheet[1])
    letters = {name: openpyxl.utils.get_column_letter(i + 1) for name, i in column.items()}
    assert sheet.column_dimensions[letters["message"]].width == 60
    assert sheet.column_dimensions[letters["code"]].width == 9
    assert all(sheet.column_dimensions[letters[n]].width >= 7 for n in header)
    rows = list(sheet.iter_rows(min_row=2))
    keytruda, pentamidine, unknown, fee, bad_date, injected, plain = rows
    day = keytruda[column["date"]]
    assert day.value == datetime.datetime(2026, 2, 1) and day.number_format == "yyyy-mm-dd"
    assert day.is_date
    checked = keytruda[column["checked_at"]]
    assert checked.is_date and checked.value == datetime.datetime(2026, 2, 3, 9, 5, 6)
    assert checked.number_format == 'yyyy-mm-dd hh:mm:ss"-05:00"'
    assert keytruda[column["line"]].value == 2 and keytruda[column["units"]].value == 200
    assert keytruda[column["ndc_units_per_package"]].value == 100
    assert bad_date[column["date"]].value == "2026-13-01"
    assert injected[column["code"]].value.startswith("'=HYPERLINK")

    def filled(row) -> set:
        return {c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None for c in row}

    assert filled(pentamidine) == filled(unknown) == filled(bad_date) == {downloads.PROBLEM_FILL}
    assert filled(keytruda) == filled(fee) == filled(plain) == {None}
    assert all(
        not (isinstance(c.value, str) and c.value.startswith("=")) for row in rows for c in row
    )


def test_control_characters_and_formulas_stay_harmless():
    # The reader drops control characters already; a line made otherwise (the API's) may not.
    line = Line(1, code="A0021", day=datetime.date(2025, 1, 1), id="a\x07b", ndc="@SUM(1)")
    result = batches.validate([line])
    sheet = openpyxl.load_workbook(io.BytesIO(downloads.as_xlsx(result))).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("id") + 1).value == "ab"
    (row,) = list(csv.DictReader(io.StringIO(downloads.as_csv(result))))
    assert (row["id"], row["ndc"]) == ("ab", "'@SUM(1)")
    assert sheet.cell(2, header.index("ndc") + 1).value == "'@SUM(1)"
