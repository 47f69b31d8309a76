"""A batch's results as CSV and xlsx reports that stand up in an audit.

Every row names what it was checked against: the release whose record is cited, the release
in force on the line's date of service, the ASP crosswalk quarter of its NDC, and the time of
the check (``checked_at``, one for the whole batch, given by the caller so that the page and
its report agree).

A cell a spreadsheet would read as a formula gets a leading apostrophe (``csv_safe``, as the
release exports do), so pasting ``=HYPERLINK(...)`` as a line id or code cannot run anything
when the report is opened; control characters an xlsx cannot hold are dropped. The xlsx is
written row by row (openpyxl's write-only mode), with real date cells, a frozen header row,
fixed readable column widths and problem rows filled.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from codes.csv_cells import csv_safe
from codes.validation.batch import BatchResult, LineResult

# Column, and its width in the xlsx (in characters).
WIDTHS = {
    "line": 7,
    "id": 14,
    "code": 9,
    "date": 12,
    "modifiers": 12,
    "valid": 7,
    "status": 18,
    "message": 60,
    "replacements": 16,
    "description": 50,
    "release": 16,
    "release_in_force": 18,
    # The line's NDC against the ASP crosswalk of its quarter (codes/validation/ndc_check).
    "ndc": 16,
    "ndc_status": 16,
    "ndc_codes": 12,
    "ndc_crosswalk": 14,
    "ndc_drug": 24,
    "ndc_billing_unit": 14,
    "ndc_units_per_package": 12,
    "ndc_message": 60,
    # The DMEPOS fee schedule (codes/fees), for lines with a state.
    "state": 7,
    "units": 8,
    "fee_quarter": 14,
    "fee_non_rural": 12,
    "fee_rural": 12,
    "fee_non_rural_total": 14,
    "fee_rural_total": 14,
    "fee_note": 40,
    "checked_at": 22,
}
COLUMNS = list(WIDTHS)
PROBLEM_FILL = "FFF4CCCC"  # light red: the row of a line with a problem
HEADER_FILL = "FFD9D9D9"


def safe(value) -> str:
    """A cell's text, formula-neutralised and without the control characters an xlsx
    cannot hold (openpyxl refuses them, which failed the whole download)."""
    return csv_safe(ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))


def checked_time(checked_at: datetime.datetime | None = None) -> datetime.datetime:
    """The time of a check, aware and in the site's time zone (now when not given)."""
    if checked_at is None:
        return timezone.localtime()
    if timezone.is_naive(checked_at):
        checked_at = timezone.make_aware(checked_at)
    return timezone.localtime(checked_at)


def values(result: LineResult, checked_at: datetime.datetime) -> list:
    """A line's cells as values (text, dates, numbers), in ``COLUMNS`` order."""
    line = result.line
    return [
        line.number,
        line.id,
        line.code,
        line.day or line.raw_date,
        " ".join(line.modifiers),
        "yes" if result.valid else "no",
        result.status,
        result.message,
        " ".join(r.code for r in result.replacements),
        result.description,
        result.release_label,
        result.in_force_label,
        *_ndc(result),
        *_fee(result),
        checked_at,
    ]


def _ndc(result: LineResult) -> tuple:
    check = result.ndc
    if check is None:
        return (result.line.ndc, "", "", "", "", "", "", "")
    return (
        check.ndc,
        check.status,
        " ".join(check.codes),
        check.quarter,
        check.drug_name,
        check.dosage,
        _plain(check.units_per_package) if check.units_per_package is not None else "",
        check.text,
    )


def _plain(number: Decimal) -> int | Decimal:
    """100.0000 -> 100, 2.5000 -> 2.5 (as CMS's file means them, without the padding)."""
    return int(number) if number == number.to_integral_value() else number.normalize()


def _fee(result: LineResult) -> tuple:
    fee = result.fee
    if fee is None:
        units = result.line.units if result.line.units_given or result.line.state else ""
        return (result.line.state, units, "", "", "", "", "", "")
    return (
        fee.state,
        fee.units,
        fee.quarter,
        *(
            "no fee" if v is None and fee.priced else (v if v is not None else "")
            for v in (fee.non_rural, fee.rural, fee.non_rural_total, fee.rural_total)
        ),
        fee.note,
    )


def _text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe(value)


def row(result: LineResult, checked_at: datetime.datetime) -> list[str]:
    """A line's CSV row: every cell text, formula-neutralised."""
    return [_text(v) for v in values(result, checked_at)]


def as_csv(batch: BatchResult, *, checked_at: datetime.datetime | None = None) -> str:
    """The report as CSV text; ``checked_at`` (ISO 8601 with its offset) defaults to now."""
    when = checked_time(checked_at)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(row(r, when) for r in batch.results)
    return out.getvalue()


def as_xlsx(batch: BatchResult, *, checked_at: datetime.datetime | None = None) -> bytes:
    """The report as an xlsx workbook, streamed row by row."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    when = checked_time(checked_at)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("validation")
    # Set before any row is written (write-only sheets write these first).
    for index, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(batch.results) + 1}"

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    problem_fill = PatternFill("solid", fgColor=PROBLEM_FILL)
    # An xlsx holds no time zone: the cell is the local time, its format shows the offset.
    offset = when.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    time_format = f'yyyy-mm-dd hh:mm:ss"{offset}"'
    local_time = when.replace(tzinfo=None)

    def cell(value, fill=None):
        if isinstance(value, datetime.datetime):  # the time of the check
            c = WriteOnlyCell(sheet, local_time)
            c.number_format = time_format
        elif isinstance(value, datetime.date):
            c = WriteOnlyCell(sheet, value)
            c.number_format = "yyyy-mm-dd"
        elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            c = WriteOnlyCell(sheet, value)
        else:
            # Plain strings; openpyxl would store a leading "=" as a formula, ``safe`` prevents it.
            c = WriteOnlyCell(sheet, safe(value))
        if fill is not None:
            c.fill = fill
        return c

    header = []
    for name in COLUMNS:
        c = WriteOnlyCell(sheet, name)
        c.font, c.fill = bold, header_fill
        header.append(c)
    sheet.append(header)
    for result in batch.results:
        fill = None if result.valid else problem_fill
        sheet.append([cell(v, fill) for v in values(result, when)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
