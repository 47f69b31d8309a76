"""Reading CMS's DMEPOS fee schedule CSV (plain Python, no Django).

CMS publishes one CSV a quarter: six banner rows ("Durable Medical Equipment, ...",
"April 2025 Fee Schedule", blank rows), then the header ``HCPCS, Mod, Mod2, JURIS, CATG,
Ceiling, Floor``, a non-rural and a rural column per state or territory (``AL (NR)``,
``AL (R)``, ... ``VI (R)``) and ``Description``. A copy re-saved by a spreadsheet program
loses the banner and the trailing zeros (``0``, ``3.8``) and has LF line ends; both read the
same. Amounts are kept as ``Decimal`` with two places at least, so ``0`` and ``0.00`` are
one value.

The quarter's first day comes from the banner ("April 2025 Fee Schedule") or, without one,
from CMS's file name (``DMEPOS26_JAN``); the caller may give it instead.

Anything else is refused with a ``CmsFileError`` naming the file, the line and the column:
a header that is not the fee schedule's, an amount that is not a number, a code that is not
an HCPCS code, a row given twice.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import hashlib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from codes.cms.errors import CmsFileError

FIXED_COLUMNS = ("HCPCS", "Mod", "Mod2", "JURIS", "CATG", "Ceiling", "Floor")
LAST_COLUMN = "Description"
HEADER_SEARCH_ROWS = 20
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
_STATE_COLUMN = re.compile(r"([A-Z]{2}) \((NR|R)\)")
_CODE = re.compile(r"[A-Z]\d{4}")
_MODIFIER = re.compile(r"[A-Z0-9]{2}")
_BANNER_QUARTER = re.compile(r"\b([A-Z][a-z]+)\s+(\d{4})\s+Fee Schedule", re.IGNORECASE)
_NAME_QUARTER = re.compile(r"DMEPOS(\d{2})_(JAN|APR|JUL|OCT)", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
TWO_PLACES = Decimal("0.01")
_CMS_AMOUNT = re.compile(r"\d{1,9}\.\d\d")
_AMOUNT = re.compile(r"\d{1,9}(?:\.\d{1,4})?")


@dataclass
class ParsedFeeSchedule:
    """One fee schedule file, read and checked: nothing here is saved yet."""

    source_name: str
    sha256: str
    effective_date: datetime.date | None
    banner: str
    states: list[str]
    rows: list[dict] = field(default_factory=list)

    @property
    def codes(self) -> set[str]:
        return {row["code"] for row in self.rows}


def _unzipped(data: bytes, name: str) -> bytes:
    """The CSV's bytes, gzipped or not (the bundled copies are gzipped)."""
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_UNZIPPED_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise CmsFileError(name, f"is not a readable gzip file ({exc})") from None
        if len(data) > MAX_UNZIPPED_BYTES:
            raise CmsFileError(name, "is too large for a fee schedule")
    return data


def _text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise CmsFileError(name, "is not a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def amount(text: str) -> Decimal:
    """A dollar amount as CMS or a spreadsheet wrote it (``50.58``, ``0``, ``3.8``);
    ValueError for anything else (blank, text, a sign, an exponent)."""
    text = text.strip()
    if _CMS_AMOUNT.fullmatch(text):  # CMS's own layout, nearly every cell: as it is
        return Decimal(text)
    if not _AMOUNT.fullmatch(text):
        raise ValueError(f"“{text[:30]}” is not an amount")
    value = Decimal(text)
    return value.quantize(TWO_PLACES) if value.as_tuple().exponent > -2 else value


def quarter_from(banner: str, name: str) -> datetime.date | None:
    """The quarter's first day: from the banner's "April 2025 Fee Schedule", else from a
    CMS file name such as DMEPOS26_JAN."""
    match = _BANNER_QUARTER.search(banner)
    if match and match.group(1).lower() in _MONTHS:
        return datetime.date(int(match.group(2)), _MONTHS[match.group(1).lower()], 1)
    match = _NAME_QUARTER.search(name)
    if match:
        month = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}[match.group(2).upper()]
        return datetime.date(2000 + int(match.group(1)), month, 1)
    return None


def _states(header: list[str], name: str, line: int) -> list[str]:
    """The states of the header's amount columns, checked to come in (NR, R) pairs."""
    middle = header[len(FIXED_COLUMNS) : -1]
    if header[-1] != LAST_COLUMN or not middle or len(middle) % 2:
        raise CmsFileError(
            name,
            f"the header does not end with the state columns and “{LAST_COLUMN}”, as the "
            "DMEPOS fee schedule's does",
            location=f"line {line}",
        )
    states = []
    for offset in range(0, len(middle), 2):
        column = len(FIXED_COLUMNS) + offset + 1
        pair = [
            _STATE_COLUMN.fullmatch(middle[offset]),
            _STATE_COLUMN.fullmatch(middle[offset + 1]),
        ]
        if (
            not all(pair)
            or pair[0].groups() != (pair[0].group(1), "NR")
            or pair[1].groups()
            != (
                pair[0].group(1),
                "R",
            )
        ):
            raise CmsFileError(
                name,
                f"expected a state's “XX (NR)” and “XX (R)” columns, found "
                f"“{middle[offset][:20]}”, “{middle[offset + 1][:20]}”",
                location=f"line {line}, column {column}",
            )
        states.append(pair[0].group(1))
    if len(set(states)) != len(states):
        raise CmsFileError(name, "a state's columns appear twice", location=f"line {line}")
    return states


def read_fee_schedule(
    data: bytes, *, name: str, effective_date: datetime.date | None = None
) -> ParsedFeeSchedule:
    """Read a DMEPOS fee schedule CSV (or the same gzipped); ``effective_date`` overrides
    the quarter read from the banner or the file name."""
    data = _unzipped(data, name)
    sha256 = hashlib.sha256(data).hexdigest()  # of CMS's file, whether it came gzipped or not
    text = _text(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    banner: list[str] = []
    header = None
    header_line = 0
    try:
        for number, row in enumerate(reader, start=1):
            cells = [cell.strip() for cell in row]
            if tuple(cells[: len(FIXED_COLUMNS)]) == FIXED_COLUMNS:
                header, header_line = cells, number
                break
            banner.extend(cell for cell in cells if cell)
            if number >= HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise CmsFileError(name, f"is not a readable CSV ({exc})") from None
    if header is None:
        raise CmsFileError(
            name,
            "is not CMS's DMEPOS fee schedule: no header row starting "
            f"“{', '.join(FIXED_COLUMNS)}” in its first {HEADER_SEARCH_ROWS} lines",
        )
    states = _states(header, name, header_line)
    banner_text = " ".join(banner)
    parsed = ParsedFeeSchedule(
        source_name=name,
        sha256=sha256,
        effective_date=effective_date or quarter_from(banner_text, name),
        banner=banner_text[:255],
        states=states,
    )
    seen: dict[tuple[str, str, str], int] = {}
    width = len(header)
    try:
        for number, row in enumerate(reader, start=header_line + 1):
            if not any(cell.strip() for cell in row):
                continue
            parsed.rows.append(_row(row, number, header, states, width, name, seen))
    except csv.Error as exc:
        raise CmsFileError(name, f"is not a readable CSV ({exc})") from None
    if not parsed.rows:
        raise CmsFileError(name, "has the fee schedule's header but no rows")
    return parsed


def _row(row, number, header, states, width, name, seen) -> dict:
    where = f"line {number}"
    if len(row) != width:
        raise CmsFileError(
            name, f"has {len(row)} columns where the header has {width}", location=where
        )
    cells = [cell.strip() for cell in row]
    code, mod, mod2, juris, category = (cell.upper() for cell in cells[:5])
    if not _CODE.fullmatch(code):
        raise CmsFileError(
            name, f"“{code[:20]}” is not an HCPCS code", location=where, field="HCPCS"
        )
    for column, value in (("Mod", mod), ("Mod2", mod2)):
        if value and not _MODIFIER.fullmatch(value):
            raise CmsFileError(
                name, f"“{value[:20]}” is not a modifier", location=where, field=column
            )
    if not juris or not category:
        missing = "JURIS" if not juris else "CATG"
        raise CmsFileError(name, "is blank", location=where, field=missing)
    key = (code, mod, mod2)
    if key in seen:
        raise CmsFileError(
            name,
            f"{' '.join(k for k in key if k)} is also on line {seen[key]}",
            location=where,
        )
    seen[key] = number

    def money(index: int) -> Decimal:
        try:
            return amount(cells[index])
        except ValueError as exc:
            raise CmsFileError(
                name, str(exc), location=f"{where}, column {index + 1}", field=header[index]
            ) from None

    base = len(FIXED_COLUMNS)
    return {
        "code": code,
        "modifier": mod,
        "modifier2": mod2,
        "jurisdiction": juris[:1],
        "category": category[:2],
        "ceiling": money(5),
        "floor": money(6),
        "amounts": {
            state: (money(base + 2 * i), money(base + 2 * i + 1)) for i, state in enumerate(states)
        },
        "description": cells[-1][:255],
    }
