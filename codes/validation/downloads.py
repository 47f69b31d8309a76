"""A batch's results as CSV and xlsx, with formula injection neutralised.

A cell a spreadsheet would read as a formula gets a leading apostrophe (``csv_safe``, as the
release exports do), so pasting ``=HYPERLINK(...)`` as a line id or code
cannot run anything when the report is opened.
"""

from __future__ import annotations

import csv
import io

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from codes.csv_cells import csv_safe
from codes.validation.batch import BatchResult, LineResult

COLUMNS = [
    "line",
    "id",
    "code",
    "date",
    "modifiers",
    "valid",
    "status",
    "message",
    "replacements",
    "description",
    "release",
    # The DMEPOS fee schedule (codes/fees), for lines with a state.
    "state",
    "units",
    "fee_quarter",
    "fee_non_rural",
    "fee_rural",
    "fee_non_rural_total",
    "fee_rural_total",
    "fee_note",
]


def safe(value) -> str:
    """A cell's text, formula-neutralised and without the control characters an xlsx
    cannot hold (openpyxl refuses them, which failed the whole download)."""
    return csv_safe(ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))


def row(result: LineResult) -> list[str]:
    line = result.line
    return [
        safe(v)
        for v in (
            line.number,
            line.id,
            line.code,
            line.day.isoformat() if line.day else line.raw_date,
            " ".join(line.modifiers),
            "yes" if result.valid else "no",
            result.status,
            result.message,
            " ".join(r.code for r in result.replacements),
            result.description,
            result.release_label,
            *_fee(result),
        )
    ]


def _fee(result: LineResult) -> tuple:
    fee = result.fee
    if fee is None:
        return (result.line.state, result.line.units, "", "", "", "", "", "")
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


def as_csv(batch: BatchResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(row(r) for r in batch.results)
    return out.getvalue()


def as_xlsx(batch: BatchResult) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("validation")
    sheet.append(COLUMNS)
    for result in batch.results:
        # Plain strings; openpyxl would store a leading "=" as a formula, ``safe`` prevents it.
        sheet.append(row(result))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
