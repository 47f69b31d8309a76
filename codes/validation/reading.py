"""Reading a batch of claim lines: pasted text, a CSV or an xlsx (plain Python, no ORM).

Each line becomes a ``Line`` with its number in the input (line or sheet row), so every
message can name it. A line that cannot be read keeps its place with an ``error``; only a
file that cannot be read at all (not CSV or xlsx, too many lines, a header row naming no
code column) raises ``BatchError``.

Uploads go through the guarded reader of every uploaded file (``codes.cms.limits``): an
xlsx is counted (members, sizes, rows, cells, shared strings) while it streams before
openpyxl reads it, with the smaller ``ANONYMOUS`` limits unless a curator sends it; text is
read line by line and reading stops at the line limit, so no upload costs more memory than
a batch of ``MAX_LINES`` lines.

Columns: code, date of service, modifiers, line id; and, for the checks that need them, units,
state (the DMEPOS fee schedule) and NDC (the ASP crosswalk). A header row (found among the
first ten rows) may put them in any order and may sit below a title; its names are those of
claim-line exports ("HCPCS", "CPT", "Procedure Code"; "Date of Service", "DOS", "From Date";
"Modifier 1" to "Modifier 4" or "Mod1", read in that order, or one "Modifiers" column; "NDC",
"National Drug Code"; "Line ID", "Claim ID"), compared without case, spaces, underscores or
punctuation. The batch records which column was read as what (``Batch.columns``). A header row
that names no code column is refused, naming the columns it has. Without a header, the
columns are code, date, modifiers, line id, in that order. Extra columns are ignored. Dates
are YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY (as US claims write them).
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
from codes.cms import ndc
from codes.cms.errors import CmsFileError
from codes.cms.records import is_code, normalise_code

MAX_LINES = 10_000
MAX_UNITS = 99_999
HEADER_SCAN_ROWS = 10
# Rows read at most, blank ones included: a text of a million empty lines stops here.
MAX_ROWS = 2 * MAX_LINES + HEADER_SCAN_ROWS
# Header names of each column, compared as ``_name`` folds them (lower case, letters and
# digits only: "Date of Service", "DATE_OF_SERVICE" and "date-of-service" are one name), best
# first: a sheet with "Claim ID" and "Line ID" takes the line id from "Line ID".
HEADERS = {
    "code": (
        "code",
        "hcpcs",
        "hcpcscode",
        "hcpc",
        "hcpcscd",
        "procedurecode",
        "procedurecd",
        "proccode",
        "proccd",
        "procedure",
        "cpt",
        "cptcode",
        "cpthcpcs",
        "hcpcscpt",
        "cpthcpcscode",
        "hcpcscptcode",
        "servicecode",
    ),
    "date": (
        "dateofservice",
        "dos",
        "servicedate",
        "fromdate",
        "date",
        "servicefromdate",
        "fromdateofservice",
        "dateofservicefrom",
        "dosfrom",
        "datefrom",
        "linefromdate",
        "servicedt",
        "fromdt",
    ),
    # One column holding every modifier of the line ("LT RT"); numbered ones are below.
    "modifiers": ("modifiers", "modifier", "mods", "mod", "hcpcsmodifiers", "hcpcsmodifier"),
    "id": (
        "lineid",
        "id",
        "line",
        "claimlineid",
        "claimline",
        "linenumber",
        "lineno",
        "linenum",
        "claimid",
        "claim",
        "claimnumber",
        "claimno",
    ),
    "row": ("row",),  # the source row, kept when a batch is sent back (``canonical``)
    # For the DMEPOS fee schedule amount (codes/fees): the state, and units multiplying it.
    "state": ("state", "st", "beneficiarystate", "statecode"),
    "units": (
        "units",
        "unit",
        "quantity",
        "qty",
        "daysorunits",
        "serviceunits",
        "unitsofservice",
        "serviceunitcount",
        "billedunits",
        "unitcount",
    ),
    # The drug's NDC, checked against the ASP crosswalk of the quarter (``ndc_check``).
    "ndc": ("ndc", "ndccode", "ndcnumber", "ndcno", "ndc11", "nationaldrugcode"),
}
# "Modifier 1", "MOD_2", "Mod3", "HCPCS Modifier 4", "Modifier Code 1": read in their order.
NUMBERED_MODIFIER = re.compile(r"(?:hcpcs|cpt|procedure|proc)?(?:modifier|mod)(?:code|cd)?([1-9])")
# What each field is called where the page and reports name it.
FIELD_LABELS = {
    "code": "code",
    "date": "date of service",
    "modifiers": "modifiers",
    "id": "line id",
    "state": "state",
    "units": "units",
    "ndc": "NDC",
}
# A cell only data has: a procedure code's shape (a letter or digit, three digits, a letter
# or digit), so a header row is not mistaken for data nor a data row for a header.
PROCEDURE_CODE = re.compile(r"[A-Z0-9][0-9]{3}[A-Z0-9]")
DIGIT = re.compile(r"[0-9]")
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
    ndc: str = ""  # as written (a number cell's lost leading zeros put back)
    units_given: bool = False  # a units cell was read (else ``units`` is the default 1)


@dataclass
class Batch:
    lines: list[Line] = field(default_factory=list)
    source: str = "pasted lines"
    # What each column of the header row was read as: (field, the header as written), in
    # the file's order, one entry per modifier column; empty without a header row.
    columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Columns:
    """Where a row's fields are: one position per field, and the modifier columns in the
    order their modifiers are read."""

    positions: dict[str, int]
    modifiers: tuple[int, ...] = ()
    named: tuple[tuple[str, str], ...] = ()  # ``Batch.columns``


POSITIONAL = Columns({"code": 0, "date": 1, "id": 3}, (2,))  # no header row


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
    if type(value) is str and value.isprintable():  # the usual cell: no control character
        return value.strip()
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
    ndc_text = _ndc_cell(values.get("ndc"))
    if ndc_text and not ndc.candidates(ndc_text):
        errors.append(
            f"“{ndc_text[:20]}” is not an NDC (11 digits, 5-4-2 with or without hyphens, or "
            "a 10-digit form such as 4-4-2)"
        )
    return Line(
        number,
        code,
        day,
        mods,
        line_id,
        raw_text,
        "; ".join(errors),
        state=state,
        units=units,
        ndc=ndc_text,
        units_given=bool(units_text),
    )


def _ndc_cell(value) -> str:
    """An NDC cell as written. A spreadsheet that took the NDC for a number dropped its leading
    zeros (00006302602 became 6302602): fewer than ten digits get them back, to eleven."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _cell(value)[:40]
    if text.isdigit() and 6 <= len(text) < 10:
        return text.zfill(11)
    return text


def _name(cell) -> str:
    """A header cell as ``HEADERS`` names it: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", _cell(cell).lower())


def _looks_like_data(cell) -> bool:
    """Whether a cell reads as a line's value (a date, a number, a procedure code, anything
    with four digits, such as a mistyped date), which a header row never holds."""
    if isinstance(cell, (datetime.date, int, float)):
        return True
    text = _cell(cell)
    return bool(PROCEDURE_CODE.fullmatch(normalise_code(text))) or len(DIGIT.findall(text)) >= 4


def _header(row: Sequence, number: int, source: str) -> Columns | None:
    """The columns ``row`` names if it is a header row naming the code column; None when it
    is not a header row. A row of column names without a code column is refused: reading
    its file by position would check the wrong column as codes."""
    texts = [_cell(cell).lstrip("\ufeff").strip() for cell in row]
    found: dict[str, tuple[int, int]] = {}  # field -> (rank of its name, position)
    modifiers: list[tuple[int, int]] = []  # (number in its name, 0 for none; position)
    for index, cell in enumerate(row):
        name = _name(cell)
        if not name:
            continue
        if numbered := NUMBERED_MODIFIER.fullmatch(name):
            modifiers.append((int(numbered.group(1)), index))
        elif name in HEADERS["modifiers"]:
            modifiers.append((0, index))
        else:
            for key, wanted in HEADERS.items():
                if name in wanted and (key not in found or wanted.index(name) < found[key][0]):
                    found[key] = (wanted.index(name), index)
    if "code" not in found:
        seen = [text for text in texts if text]
        if (found or modifiers) and len(seen) > 1 and not any(map(_looks_like_data, row)):
            shown = ", ".join(f"“{text[:40]}”" for text in seen[:12])
            more = f" and {len(seen) - 12} more" if len(seen) > 12 else ""
            raise BatchError(
                f"{source}: row {number} is a header row, but none of its columns is a code "
                f"column (named HCPCS, CPT, procedure code or code); its columns are {shown}"
                f"{more}."
            )
        return None
    positions = {key: index for key, (_, index) in found.items()}
    ordered = tuple(index for _, index in sorted(modifiers))
    read = {index: key for key, index in positions.items() if key != "row"}
    read.update((index, "modifiers") for index in ordered)
    named = tuple((read[index], texts[index]) for index in sorted(read))
    return Columns(positions, ordered, named)


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
            header = _header(row, number, source)
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
    return Batch(lines, source, columns.named if columns else ())


def _rows_lines(rows, columns: Columns, default_day) -> Iterable[Line]:
    for number, row in rows:
        cells = {
            key: row[index] if index < len(row) else None
            for key, index in columns.positions.items()
        }
        # Modifier 1 to 4 (or one modifiers column), in order, as one cell "LT RT".
        mods = [_cell(row[index]) for index in columns.modifiers if index < len(row)]
        cells["modifiers"] = " ".join(m for m in mods if m)
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
    # State and units (for the fee schedule) and NDCs only when some line has them.
    fees = any(line.state or line.units_given for line in batch.lines)
    ndcs = any(line.ndc for line in batch.lines)
    extra = ["state", "units"] * fees + ["ndc"] * ndcs
    writer.writerow(["row", "code", "date", "modifiers", "id", *extra])
    for line in batch.lines:
        day = line.day.isoformat() if line.day else line.raw_date
        cells = [line.number, line.code, day, " ".join(line.modifiers), line.id]
        if fees:
            cells += [line.state, line.units if line.units_given else ""]
        if ndcs:
            cells.append(line.ndc)
        writer.writerow(cells)
    return out.getvalue()
