"""Reading CMS's quarterly ASP files: the NDC-HCPCS crosswalk and the payment limit file.

Both are "section 508" CSV files in Windows-1252 (Latin-1 with ™ and ®), with a preamble
before the header: a title, ``Effective <Month d, yyyy> through <Month d, yyyy>`` (the
quarter: read from here, never from the file name, whose spelling varies), a disclaimer and
blank rows, and every row padded with empty columns. The kind is recognised by the header:
the crosswalk's first column carries the year (``_2026_CODE``) and it has ``NDC2``; the
payment limit file starts ``HCPCS Code`` and has ``Payment Limit``.

Errors are ``CmsFileError`` naming the file, the line and the column. Plain Python.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import gzip
import hashlib
import io
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from codes.cms import limits as upload_limits
from codes.cms import ndc
from codes.cms.errors import CmsFileError

CROSSWALK = "crosswalk"
PAYMENT_LIMITS = "payment_limits"
KIND_LABELS = {CROSSWALK: "NDC-HCPCS crosswalk", PAYMENT_LIMITS: "payment limits"}

# Header (lower-cased, spaces collapsed) -> attribute, per kind. The crosswalk's first
# column is matched by pattern (its name carries the year).
_CROSSWALK_COLUMNS = {
    "short description": "short_description",
    "labeler name": "labeler",
    "ndc2": "ndc",
    "drug name": "drug_name",
    "hcpcs dosage": "dosage",
    "pkg size": "package_size",
    "pkg qty": "package_quantity",
    "billunits": "bill_units",
    "billunitspkg": "bill_units_per_package",
}
_LIMIT_COLUMNS = {
    "hcpcs code": "code",
    "short description": "short_description",
    "hcpcs code dosage": "dosage",
    "payment limit": "payment_limit",
    "co-insurance percentage": "coinsurance",
    "notes": "notes",
}
_CROSSWALK_NUMBERS = ("package_size", "package_quantity", "bill_units", "bill_units_per_package")
_YEAR_CODE = re.compile(r"_?(\d{4})_code")
_EFFECTIVE = re.compile(
    r"effective\s+([a-z]+\.?\s+\d{1,2},?\s+\d{4})\s+(?:through|thru|to|-)\s+"
    r"([a-z]+\.?\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)
_CODE = re.compile(r"[A-Z0-9]\d{3}[A-Z0-9]")
_LEVEL2 = re.compile(r"[A-V]\d{4}")
# A maker's product number in place of an NDC: letters, digits, hyphens and dots.
_PRODUCT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,29}")
# Values CMS writes where a payment limit is not set (A9606 in every quarter here).
_NOT_SET = {"N/A", "NA", ""}
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
# Rows read at most (the guarded reader's curator limit; a quarter has about 10,000).
MAX_ROWS = upload_limits.CURATOR.rows
# Rows of preamble above the header in the files seen; the header is looked for this far.
_HEADER_SEARCH_ROWS = 30


@dataclass
class ParsedAspFile:
    """One ASP file, read and checked: nothing here is saved yet."""

    kind: str
    source_name: str
    sha256: str
    title: str
    starts: datetime.date
    ends: datetime.date
    rows: list[dict] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.starts, self.ends)


def quarter_label(starts: datetime.date, ends: datetime.date) -> str:
    """'Jan–Mar 2026', as the code pages name a quarter."""
    return f"{starts:%b}–{ends:%b %Y}"


def is_level2(code: str) -> bool:
    """HCPCS Level II codes are a letter and four digits; CPT codes (90371) are not."""
    return bool(_LEVEL2.fullmatch(code))


def looks_like_asp(data: bytes) -> bool:
    """Whether the bytes are one of CMS's ASP CSV files (as opposed to an HCPCS release), so
    the upload page can route the file; a broken ASP file still counts, to report it."""
    head = gunzipped(data, "")[:4000].decode("latin-1").lower()
    return "effective" in head and ("asp" in head or "part b drugs" in head) and "," in head


def read_asp(data: bytes, *, name: str) -> ParsedAspFile:
    """Read an ASP crosswalk or payment limit file, recognised by its content (gzipped or
    not: the project bundles its quarters gzipped)."""
    data = gunzipped(data, name)
    text = _decode(data, name)
    # Read a row at a time (never the whole file split at once), at most MAX_ROWS of them.
    reader = csv.reader(io.StringIO(text))
    rows = list(itertools.islice(reader, _HEADER_SEARCH_ROWS))
    starts, ends, title = _quarter(rows, name)
    for index, row in enumerate(rows):
        header = [_header_name(cell) for cell in row]
        if header and _YEAR_CODE.fullmatch(header[0]):
            kind, columns = CROSSWALK, {header[0]: "code", **_CROSSWALK_COLUMNS}
        elif header and header[0] == "hcpcs code":
            kind, columns = PAYMENT_LIMITS, _LIMIT_COLUMNS
        else:
            continue
        positions = _positions(header, columns, name, index + 1)
        parse = _crosswalk_row if kind == CROSSWALK else _limit_row
        parsed = []
        following = itertools.chain(rows[index + 1 :], reader)
        for lineno, raw in enumerate(following, start=index + 2):
            if lineno > MAX_ROWS:
                raise CmsFileError(
                    name, f"the file has more than {MAX_ROWS:,} rows; an ASP file has far fewer"
                )
            if not any(cell.strip() for cell in raw):
                continue
            values = {
                attr: raw[pos].strip() if pos < len(raw) else "" for attr, pos in positions.items()
            }
            parsed.append(parse(values, name, lineno))
        if not parsed:
            raise CmsFileError(name, "the file has a header but no rows")
        return ParsedAspFile(
            kind=kind,
            source_name=name,
            sha256=hashlib.sha256(data).hexdigest(),
            title=title,
            starts=starts,
            ends=ends,
            rows=parsed,
        )
    raise CmsFileError(
        name,
        "no header row of an ASP NDC-HCPCS crosswalk (first column _YYYY_CODE, then NDC2 ...) "
        "or payment limit file (HCPCS Code, ..., Payment Limit) in its first "
        f"{_HEADER_SEARCH_ROWS} rows",
    )


def gunzipped(data: bytes, name: str) -> bytes:
    """The bytes of a gzipped file, at most MAX_UNZIPPED_BYTES of them; others as they are."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as archive:
            out = archive.read(MAX_UNZIPPED_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise CmsFileError(name, f"the gzip file is damaged ({exc})") from None
    if len(out) > MAX_UNZIPPED_BYTES:
        raise CmsFileError(name, "the gzip file unpacks to more than 100 MB; not an ASP file")
    ratio = len(out) / max(len(data), 1)
    if len(out) > 1024 * 1024 and ratio > upload_limits.CURATOR.ratio:
        raise CmsFileError(
            name,
            f"packed {ratio:,.0f}:1; more than {upload_limits.CURATOR.ratio}:1 is refused as a "
            "zip bomb",
        )
    return out


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise CmsFileError(name, "the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4000]:
        raise CmsFileError(
            name,
            "the file is UTF-16 text; CMS's ASP files are CSV in Latin-1 (Windows-1252). "
            "Use the CSV file as downloaded from CMS",
        )
    if data.startswith(codecs.BOM_UTF8) or _has_utf8_sequences(data):
        raise CmsFileError(
            name,
            "the file is UTF-8 text; CMS's ASP files are CSV in Latin-1 (Windows-1252), so "
            "this one was re-saved by another program. Use the CSV file as downloaded from CMS",
        )
    return data.decode("cp1252", errors="replace").replace("\ufffd", " ")


def _has_utf8_sequences(data: bytes) -> bool:
    if all(byte < 0x80 for byte in data[:200000]):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _header_name(cell: str) -> str:
    return " ".join(cell.replace("\xa0", " ").split()).lower()


def _quarter(rows: list[list[str]], name: str) -> tuple[datetime.date, datetime.date, str]:
    title = next((row[0].strip() for row in rows if row and row[0].strip()), "")
    for row in rows[:_HEADER_SEARCH_ROWS]:
        for cell in row[:3]:
            if match := _EFFECTIVE.search(cell.replace("\xa0", " ")):
                starts, ends = (_date(text, name) for text in match.groups())
                if ends < starts:
                    raise CmsFileError(name, f"the quarter ends before it starts: {cell.strip()}")
                return starts, ends, title
    raise CmsFileError(
        name,
        'no "Effective <Month d, yyyy> through <Month d, yyyy>" line in its first '
        f"{_HEADER_SEARCH_ROWS} rows, so the quarter it covers is unknown",
    )


def _date(text: str, name: str) -> datetime.date:
    clean = " ".join(text.replace(",", " ").replace(".", " ").split())
    for pattern in ("%B %d %Y", "%b %d %Y"):
        try:
            return datetime.datetime.strptime(clean, pattern).date()
        except ValueError:
            continue
    raise CmsFileError(name, f"'{text}' in the Effective line is not a date")


def _positions(header: list[str], columns: dict[str, str], name: str, lineno: int) -> dict:
    positions = {}
    for column, attr in columns.items():
        if column not in header:
            if attr == "notes":
                continue  # the note column is optional
            raise CmsFileError(
                name, f"the header has no column '{column.upper()}'", location=f"line {lineno}"
            )
        positions[attr] = header.index(column)
    return positions


def _number(value: str, name: str, lineno: int, column: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise CmsFileError(
            name, f"'{value}' is not a number", location=f"line {lineno}", field=column
        )
    return number


def _code(values: dict, name: str, lineno: int, column: str) -> str:
    code = values["code"].upper()
    if not _CODE.fullmatch(code):
        raise CmsFileError(
            name,
            f"'{values['code']}' is not a HCPCS or CPT code",
            location=f"line {lineno}",
            field=column,
        )
    return code


def _crosswalk_row(values: dict, name: str, lineno: int) -> dict:
    row = {"code": _code(values, name, lineno, "_YYYY_CODE")}
    row["ndc"], row["is_ndc"] = _product_id(values["ndc"], name, lineno)
    for attr in ("short_description", "labeler", "drug_name", "dosage"):
        row[attr] = " ".join(values[attr].replace("\xa0", " ").split())
    if not row["drug_name"]:
        raise CmsFileError(
            name, "the drug name is empty", location=f"line {lineno}", field="Drug Name"
        )
    headers = {"package_size": "PKG SIZE", "package_quantity": "PKG QTY"}
    headers |= {"bill_units": "BILLUNITS", "bill_units_per_package": "BILLUNITSPKG"}
    for attr in _CROSSWALK_NUMBERS:
        row[attr] = _number(values[attr], name, lineno, headers[attr])
    row["level2"] = is_level2(row["code"])
    return row


def _product_id(value: str, name: str, lineno: int) -> tuple[str, bool]:
    """The NDC2 value: an 11-digit NDC for drugs; for skin substitutes and devices CMS
    lists the maker's product or catalogue number (``850046045240``, ``PS12345``), kept
    as written. Three groups of digits that are not 5-4-2 are a broken NDC."""
    if cms_ndc := ndc.normalise_cms(value):
        return cms_ndc, True
    where = {"location": f"line {lineno}", "field": "NDC2"}
    if re.fullmatch(r"\d+-\d+-\d+", value):
        raise CmsFileError(name, f"'{value}' is not an 11-digit NDC (5-4-2)", **where)
    if not _PRODUCT_ID.fullmatch(value):
        shown = value[:40] or "(empty)"
        raise CmsFileError(
            name, f"'{shown}' is neither an NDC (5-4-2) nor a product number", **where
        )
    return value, False


def _limit_row(values: dict, name: str, lineno: int) -> dict:
    row = {"code": _code(values, name, lineno, "HCPCS Code")}
    row["short_description"] = " ".join(values["short_description"].split())
    row["dosage"] = " ".join(values["dosage"].replace("\xa0", " ").split())
    row["notes"] = " ".join(values.get("notes", "").split())
    for attr, column in (
        ("payment_limit", "Payment Limit"),
        ("coinsurance", "Co-insurance Percentage"),
    ):
        value = values[attr]
        row[attr] = None if value.upper() in _NOT_SET else _number(value, name, lineno, column)
    row["level2"] = is_level2(row["code"])
    return row
