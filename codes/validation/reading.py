"""Reading a batch of claim lines: pasted text, a CSV or an xlsx (plain Python, no ORM).

Each line becomes a ``Line`` with its number in the input (line or sheet row), so every
message can name it. A line that cannot be read keeps its place with an ``error``; only a
file that cannot be read at all (not CSV or xlsx, too many lines) raises ``BatchError``.

Uploads go through the guarded reader of every uploaded file (``codes.cms.limits``): an
xlsx is counted (members, sizes, rows, cells, shared strings) while it streams before
openpyxl reads it, with the smaller ``ANONYMOUS`` limits unless a curator sends it; text is
read line by line and reading stops at the line limit, so no upload costs more memory than
a batch of ``MAX_LINES`` lines.

Columns: code, date of service, modifiers, line id. A header row (found among the first ten
rows, by names like "code", "date of service", "modifiers", "id") may put them in any order
and may sit below a title; without one, the columns are taken in that order. Extra columns are
ignored. Dates are YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY (as US claims write them).
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from codes.cms import limits as upload_limits
from codes.cms.errors import CmsFileError
from codes.cms.records import is_code, normalise_code

MAX_LINES = 10_000
MAX_UNITS = 99_999
HEADER_SCAN_ROWS = 10
# Rows read at most, blank ones included: a text of a million empty lines stops here.
MAX_ROWS = 2 * MAX_LINES + HEADER_SCAN_ROWS
# Header names of each column, best first (a sheet with "Claim" and "Line ID" takes the
# line id from "Line ID").
HEADERS = {
    "code": ("code", "hcpcs", "hcpcs code", "hcpc", "procedure code", "cpt/hcpcs", "cpt_hcpcs"),
    "date": ("date of service", "date", "dos", "service date", "from date", "date_of_service"),
    "modifiers": ("modifiers", "modifier", "mods", "mod"),
    "id": ("line id", "id", "line_id", "line", "claim line", "claim id", "claim"),
    "row": ("row",),  # the source row, kept when a batch is sent back (``canonical``)
    # For the DMEPOS fee schedule amount (codes/fees): the state, and units multiplying it.
    "state": ("state", "st", "beneficiary state", "state code"),
    "units": ("units", "unit", "quantity", "qty", "days or units", "service units"),
}
FIELDS = ("code", "date", "modifiers", "id")
POSITIONAL = {name: index for index, name in enumerate(FIELDS)}  # no header row
SPLIT_MODIFIERS = re.compile(r"[\s,;:|/-]+")
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class BatchError(ValueError):
    """The input as a whole cannot be read; the message says why."""


class TooManyLines(BatchError):
    def __init__(self, source: str):
        super().__init__(
            f"{source} has more than {MAX_LINES:,} lines; split it into batches of at most "
            f"{MAX_LINES:,}."
        )


@dataclass(frozen=True)
class Line:
    number: int
    code: str = ""
    day: datetime.date | None = None
    modifiers: tuple[str, ...] = ()
    id: str = ""
    raw_date: str = ""
    error: str = ""
    state: str = ""
    units: int = 1


@dataclass
class Batch:
    lines: list[Line] = field(default_factory=list)
    source: str = "pasted lines"


def parse_day(value) -> datetime.date:
    """A date of service from a cell or text; ValueError with a readable message."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    match = US_DATE.fullmatch(text)
    try:
        if match:
            month, day, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if len(text) == 8 and text.isdigit():
            return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"“{text[:30]}” is not a date (use YYYY-MM-DD or MM/DD/YYYY)")


# Control characters (NUL above all, which PostgreSQL refuses) are dropped from cells.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _CONTROL.sub("", str(value)).strip()


def make_line(number: int, values: dict, default_day: datetime.date | None) -> Line:
    """One line from its cells; any problem is kept in ``error``, naming the field."""
    code = normalise_code(_cell(values.get("code")))
    raw_date = values.get("date")
    raw_text = raw_date.isoformat()[:10] if isinstance(raw_date, datetime.date) else _cell(raw_date)
    mods = tuple(m for m in SPLIT_MODIFIERS.split(_cell(values.get("modifiers")).upper()) if m)
    line_id = _cell(values.get("id"))[:100]
    errors = []
    day = None
    if not code:
        errors.append("no code")
    elif not is_code(code):
        errors.append(f"“{code[:20]}” is not an HCPCS code or modifier")
    if raw_text:
        try:
            day = parse_day(raw_date)
        except ValueError as error:
            errors.append(str(error))
    elif default_day:
        day = default_day
    else:
        errors.append("no date of service, and no default date")
    bad_mods = [m for m in mods if len(m) != 2 or not m.isalnum()]
    if bad_mods:
        errors.append(f"“{bad_mods[0][:10]}” is not a modifier (two letters or digits)")
    state = _cell(values.get("state")).upper()
    if state and not (len(state) == 2 and state.isalpha()):
        errors.append(f"“{state[:10]}” is not a state (two letters, such as AL)")
    units_text = _cell(values.get("units"))
    units = int(units_text) if units_text.isdigit() and 0 < int(units_text) <= MAX_UNITS else 1
    if units_text and str(units) != units_text.lstrip("0"):
        errors.append(f"“{units_text[:10]}” is not a number of units (1 to {MAX_UNITS:,})")
    return Line(
        number, code, day, mods, line_id, raw_text, "; ".join(errors), state=state, units=units
    )


def _header_map(row: Sequence) -> dict[str, int] | None:
    """Column positions if ``row`` is a header row naming at least the code column."""
    names = [_cell(cell).lower().lstrip("\ufeff").strip(" #*:") for cell in row]
    found = {}
    for key, wanted in HEADERS.items():
        ranked = [(wanted.index(n), i) for i, n in enumerate(names) if n in wanted]
        if ranked:
            found[key] = min(ranked)[1]
    return found if "code" in found else None


def rows_to_batch(
    rows: Iterable[tuple[int, Sequence]], default_day: datetime.date | None, source: str
) -> Batch:
    """Lines from numbered rows of cells, finding a header among the first rows."""
    columns = None
    pending: list[tuple[int, Sequence]] = []
    lines: list[Line] = []
    for number, row in rows:
        if number > MAX_ROWS:
            raise TooManyLines(source)
        if columns is None and len(pending) < HEADER_SCAN_ROWS:
            header = _header_map(row)
            if header is not None:
                columns, pending = header, []
                continue
            pending.append((number, row))
            continue
        if columns is None:
            columns = POSITIONAL
            lines.extend(_rows_lines(pending, columns, default_day))
            pending = []
        lines.extend(_rows_lines([(number, row)], columns, default_day))
        if len(lines) > MAX_LINES:
            break
    if pending:
        lines.extend(_rows_lines(pending, columns or POSITIONAL, default_day))
    if len(lines) > MAX_LINES:
        raise TooManyLines(source)
    if not lines:
        raise BatchError(f"{source} has no lines to check.")
    return Batch(lines, source)


def _rows_lines(rows, columns: dict[str, int], default_day) -> Iterable[Line]:
    for number, row in rows:
        cells = {key: row[index] if index < len(row) else None for key, index in columns.items()}
        source_row = _cell(cells.pop("row", None))
        if not any(_cell(v) for v in cells.values()):
            continue  # an empty line
        yield make_line(int(source_row) if source_row.isdigit() else number, cells, default_day)


def _sniff_delimiter(text: str) -> str | None:
    """The most common of comma, semicolon and tab in the first lines; None when there is
    none (then cells are separated by spaces: ``Q4390 2025-11-01 LT``)."""
    sample = "".join(itertools.islice(io.StringIO(text), 20))
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else None


def _text_rows(text: str, delimiter: str | None, source: str) -> Iterator[tuple[int, list]]:
    """Numbered rows of cells, one line at a time (never the whole text split at once)."""
    lines = io.StringIO(text)
    if delimiter is None:
        for number, line in enumerate(lines, start=1):
            yield number, line.split()
        return
    try:
        # A line without the delimiter may still separate its cells with spaces.
        for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            yield number, row[0].split() if len(row) == 1 else row
    except csv.Error as error:
        raise BatchError(f"{source} is not a readable CSV: {error}.") from error


def read_text(text: str, *, default_day: datetime.date | None, source: str) -> Batch:
    """Pasted lines or a CSV file's text: comma, semicolon or tab separated."""
    text = text.lstrip("\ufeff")
    rows = _text_rows(text, _sniff_delimiter(text), source)
    return rows_to_batch(rows, default_day, source)


def read_xlsx(
    data: bytes,
    *,
    default_day: datetime.date | None,
    source: str,
    limits: upload_limits.UploadLimits = upload_limits.ANONYMOUS,
) -> Batch:
    """The first sheet of an xlsx workbook, once the guarded reader has counted it."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            upload_limits.check_workbook(archive, source, limits)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except CmsFileError as error:
        raise BatchError(f"{source} is refused: {error.message}.") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise BatchError(f"{source} is not a readable xlsx workbook.") from error
    try:
        sheet = book.worksheets[0]
        rows = (
            (number, row)
            for number, row in enumerate(
                sheet.iter_rows(values_only=True, max_col=limits.columns), start=1
            )
        )
        return rows_to_batch(rows, default_day, f"{source} (sheet {sheet.title!r})")
    finally:
        book.close()


def read_upload(
    data: bytes,
    name: str,
    *,
    default_day: datetime.date | None,
    limits: upload_limits.UploadLimits = upload_limits.ANONYMOUS,
) -> Batch:
    """A CSV or xlsx upload, recognised from its content rather than its name."""
    source = name[:80] or "the file"
    if data[:4] == b"PK\x03\x04":
        return read_xlsx(data, default_day=default_day, source=source, limits=limits)
    if b"\x00" in data[:4096]:
        raise BatchError(f"{source} is neither a CSV nor an xlsx file.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BatchError(f"{source} is not a text file.")
    return read_text(text, default_day=default_day, source=source)


def canonical(batch: Batch) -> str:
    """The batch as CSV text with each line's source row, to send back with a results page
    (only-problems, downloads) so that nothing is kept on the server between requests."""
    out = io.StringIO()
    writer = csv.writer(out)
    # State and units (for the fee schedule) only when some line has them.
    extra = any(line.state or line.units != 1 for line in batch.lines)
    writer.writerow(["row", "code", "date", "modifiers", "id", *(["state", "units"] * extra)])
    for line in batch.lines:
        day = line.day.isoformat() if line.day else line.raw_date
        fees = [line.state, line.units] if extra else []
        writer.writerow([line.number, line.code, day, " ".join(line.modifiers), line.id, *fees])
    return out.getvalue()
