"""Read CMS HCPCS Level II release files: fixed-width text, xlsx, old .xls, or a CMS zip.

:func:`read_release` is the entry point. It recognises the format from the bytes, never
from the file name: CMS renames its files every release and re-issues quarters as v2, v3,
and whoever passes a file on may rename it again (the 2020 quarterly workbooks here are all
called ``anweb.xlsx``). Every reader yields plain record dicts (see :mod:`.records`) and
every failure is a :class:`~.errors.CmsFileError` naming file, line or row, and field.
"""

from __future__ import annotations

import calendar
import collections
import datetime
import hashlib
import io
import os
import re
import warnings as py_warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from . import compare, layout, limits
from .errors import CmsFileError, NotReleaseFileError
from .records import Value, build_record, cell_text, collapse_whitespace, normalise_field

__all__ = [
    "NameHint",
    "ParsedRelease",
    "content_quarter",
    "infer_release",
    "name_hint",
    "read_release",
    "read_text",
    "read_xls",
    "read_xlsx",
    "release_label",
    "sniff_format",
]

Record = dict[str, Value]
Parsed = tuple[list[Record], list[str]]
Source = str | os.PathLike | bytes | bytearray | memoryview | BinaryIO

NOT_RELEASE = "this is not a CMS HCPCS release file"

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a member header; an empty archive
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # old Office files, .xls among them
UTF8_BOM = b"\xef\xbb\xbf"

# How far down a sheet the header row may be: row 1, 8 or 11 in the real files.
HEADER_SEARCH_ROWS = 30
# A quarter-start date must be the ADD DT or ACT EFF DT of this many records to name the
# release: the March 2018 re-issue of the January file has one code each dated April 1 and
# July 1 2018, while the smallest real quarter (April 2020) has 17.
MIN_RECORDS_FOR_QUARTER = 5
QUARTER_MONTHS = (1, 4, 7, 10)


@dataclass
class ParsedRelease:
    """One release file, read: its records in file order and what it is."""

    source_name: str
    format: str  # "txt", "xlsx", "xls", "zip:txt", "zip:xlsx" ("zip:xls" if CMS ever ships it)
    member_name: str | None
    records: list[Record]
    label: str  # "2025 October"
    effective_date: datetime.date
    sha256: str
    warnings: list[str] = field(default_factory=list)  # every note, the label_notes first
    label_notes: list[str] = field(default_factory=list)  # where the label and date came from

    def by_code(self) -> dict[str, Record]:
        """The records keyed by code (codes are unique in a release)."""
        return {record["code"]: record for record in self.records}


# --------------------------------------------------------------------------- entry points


def read_release(source: Source, *, name: str | None = None) -> ParsedRelease:
    """Read any CMS HCPCS release file; the format is sniffed from the content.

    ``source`` is a path, the file's bytes, or a binary file object; ``name`` (required for
    bytes and unnamed file objects) is the file name used in messages and label inference.
    """
    data, name = _load(source, name)
    kind = sniff_format(data, name)
    if kind == "zip":
        return _read_zip(data, name)
    records, warnings = _PARSERS[kind](data, name)
    return _release(data, name, kind, None, records, warnings)


def read_text(source: Source, *, name: str | None = None) -> ParsedRelease:
    """Read a fixed-width text release file (no sniffing)."""
    return _read_as("txt", source, name)


def read_xlsx(source: Source, *, name: str | None = None) -> ParsedRelease:
    """Read an xlsx release workbook (no sniffing)."""
    return _read_as("xlsx", source, name)


def read_xls(source: Source, *, name: str | None = None) -> ParsedRelease:
    """Read an old-format .xls release workbook (no sniffing)."""
    return _read_as("xls", source, name)


def _read_as(kind: str, source: Source, name: str | None) -> ParsedRelease:
    data, name = _load(source, name)
    _refuse_empty(data, name)
    records, warnings = _PARSERS[kind](data, name)
    return _release(data, name, kind, None, records, warnings)


def _release(
    data: bytes,
    name: str,
    fmt: str,
    member: str | None,
    records: list[Record],
    warnings: list[str],
) -> ParsedRelease:
    names = [member, name] if member else [name]
    label, effective_date, label_warnings = infer_release(names, records, file=name)
    return ParsedRelease(
        source_name=name,
        format=fmt,
        member_name=member,
        records=records,
        label=label,
        effective_date=effective_date,
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=[*label_warnings, *warnings],
        label_notes=label_warnings,
    )


def _load(source: Source, name: str | None) -> tuple[bytes, str]:
    """The raw bytes of ``source`` and the name to report it under."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = name or path.name
        try:
            return path.read_bytes(), name
        except OSError as exc:
            raise CmsFileError(name, f"cannot read the file: {exc.strerror or exc}") from None
    if isinstance(source, (bytes, bytearray, memoryview)):
        if not name:
            raise TypeError("name= is required when reading from bytes")
        return bytes(source), name
    name = name or _file_object_name(source)
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError("read_release needs a file opened in binary mode ('rb')")
    return data, name


def _file_object_name(source: Any) -> str:
    raw = getattr(source, "name", None)
    if isinstance(raw, str) and raw:
        return Path(raw).name
    raise TypeError("name= is required when reading from a file object without a name")


def _refuse_empty(data: bytes, name: str) -> None:
    if not data:
        raise NotReleaseFileError(name, f"{NOT_RELEASE}: the file is empty (0 bytes)")


# --------------------------------------------------------------------------- sniffing


def sniff_format(data: bytes, name: str = "<bytes>") -> str:
    """'xlsx', 'xls', 'zip' (an archive that is not a workbook) or 'txt', from the bytes."""
    _refuse_empty(data, name)
    if data.startswith(ZIP_SIGNATURES):
        return "xlsx" if _is_workbook(_open_zip(data, name)) else "zip"
    if data.startswith(OLE2_SIGNATURE):
        return "xls"
    return "txt"


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise NotReleaseFileError(name, f"{NOT_RELEASE}: a damaged zip archive ({exc})") from None


def _is_workbook(archive: zipfile.ZipFile) -> bool:
    """An xlsx is a zip too; these two parts are what make it a workbook."""
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


# --------------------------------------------------------------------------- fixed-width text

# A record line: a code (5 letters/digits, or a 2-character modifier right-justified), a
# 5-digit sequence number and a record id. Lines before the first one are disclaimers.
_RECORD_LINE = re.compile(r"(?: {3}[A-Z0-9]{2}|[A-Z0-9]{5})\d{5}[3478]")
# A line that means to be a record but is broken (say a letter in the sequence number). It
# must not be skipped as a disclaimer, or a damaged first record would vanish silently.
_RECORD_ATTEMPT = re.compile(r"(?: {3}[A-Z0-9]{2}|[A-Z0-9]{5})[0-9A-Za-z]{5}")
_DESCRIPTION = layout.BY_ATTR["long_description"]
_CODE_COLUMN = layout.BY_ATTR["code"]
_SEQNUM_COLUMN = layout.BY_ATTR["seqnum"]
_RECID_COLUMN = layout.BY_ATTR["recid"]


@dataclass
class _OpenCode:
    """A code whose first line has been read; continuation lines may still follow."""

    code: str
    recid: str
    line: str
    lineno: int
    chunks: list[str]


def _parse_text(data: bytes, file: str) -> Parsed:
    """Records of a fixed-width text file, in file order."""
    lines = _decode_text(data, file).split("\n")
    records: list[Record] = []
    warnings: list[str] = []
    first_line_of: dict[str, int] = {}
    open_code: _OpenCode | None = None
    skipped = 0
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if not first_line_of and not _RECORD_ATTEMPT.match(line):
            skipped += 1  # disclaimer text above the data
            continue
        code, recid = _line_key(line, lineno, file)
        if recid in layout.FIRST_LINE_RECIDS:
            if open_code:
                records.append(_close_code(open_code, file, warnings))
            _check_unique(code, lineno, first_line_of, file)
            open_code = _OpenCode(code, recid, line, lineno, [_DESCRIPTION.slice(line)])
        else:
            _check_continuation(open_code, code, recid, lineno, file)
            open_code.chunks.append(_DESCRIPTION.slice(line))
            if line[_DESCRIPTION.end :].strip():
                warnings.append(
                    f"{file}, line {lineno}: continuation line of {code} has text after "
                    f"position {_DESCRIPTION.end}; only its description part was used"
                )
    if open_code:
        records.append(_close_code(open_code, file, warnings))
    if not records:
        raise NotReleaseFileError(
            file,
            f"{NOT_RELEASE}: no HCPCS record lines found (a record line starts with a "
            "5-character code, a 5-digit sequence number and a record id 3, 4, 7 or 8)",
        )
    if skipped:
        warnings.insert(0, f"{file}: skipped {skipped} disclaimer lines before the first record")
    return records, warnings


def _decode_text(data: bytes, file: str) -> str:
    """The text, decoded as cp1252 like CMS writes it (disclaimers have 0x92 and 0xA0)."""
    if b"\x00" in data:
        raise NotReleaseFileError(file, f"{NOT_RELEASE}: it holds binary data, not text")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]  # a re-saved copy; records are ASCII either way
    return data.decode("cp1252", errors="replace")


def _line_key(line: str, lineno: int, file: str) -> tuple[str, str]:
    """The code and record id of a record line, or an error saying what is wrong with it."""
    location = f"line {lineno}"
    if len(line) < layout.MIN_RECORD_LENGTH:
        raise CmsFileError(
            file,
            f"the line is {len(line)} characters long; a record line needs at least "
            f"{layout.MIN_RECORD_LENGTH} (HCPC, SEQNUM and RECID): {line.strip()!r}",
            location=location,
        )
    code = normalise_field("code", _CODE_COLUMN.slice(line), file=file, location=location)
    seqnum = _SEQNUM_COLUMN.slice(line)
    if not (seqnum.isascii() and seqnum.isdigit()):
        raise CmsFileError(
            file,
            f"{seqnum!r} is not a sequence number (expected 5 digits in positions 6-10)",
            location=location,
            field=_SEQNUM_COLUMN.header,
        )
    recid = normalise_field("recid", _RECID_COLUMN.slice(line), file=file, location=location)
    return code, recid


def _check_unique(code: str, lineno: int, first_line_of: dict[str, int], file: str) -> None:
    if code in first_line_of:
        raise CmsFileError(
            file,
            f"code {code} appears twice: first line at line {first_line_of[code]}, "
            f"again at line {lineno}",
            location=f"line {lineno}",
            field=_CODE_COLUMN.header,
        )
    first_line_of[code] = lineno


def _check_continuation(
    open_code: _OpenCode | None, code: str, recid: str, lineno: int, file: str
) -> None:
    """A continuation line must directly extend the first line of the same code."""
    if open_code is None or open_code.code != code:
        after = f" (the record before is {open_code.code})" if open_code else ""
        raise CmsFileError(
            file,
            f"continuation line with no first line: RECID {recid} line of {code} does not "
            f"follow a first line (RECID 3 or 7) of {code}{after}",
            location=f"line {lineno}",
        )
    if layout.CONTINUATION_OF[recid] != open_code.recid:
        raise CmsFileError(
            file,
            f"RECID {recid} continues a RECID {layout.CONTINUATION_OF[recid]} first line, but "
            f"{code} started at line {open_code.lineno} with RECID {open_code.recid}",
            location=f"line {lineno}",
            field=_RECID_COLUMN.header,
        )


def _close_code(open_code: _OpenCode, file: str, warnings: list[str]) -> Record:
    """The plain record of a code: its first line's fields and the whole description."""
    line = open_code.line
    values: dict[str, Any] = {column.attr: column.slice(line) for column in layout.COLUMNS}
    # Each chunk is padded to its full width, as in the file: a line trimmed short must
    # not glue the last word of one chunk to the first word of the next.
    values["long_description"] = "".join(
        chunk.ljust(_DESCRIPTION.width) for chunk in open_code.chunks
    )
    location = f"line {open_code.lineno}"
    return build_record(values, file=file, location=location, warnings=warnings)


# --------------------------------------------------------------------------- workbooks

Row = Sequence[Any]
Sheet = tuple[str, Iterator[Row]]


def _parse_xlsx(data: bytes, file: str) -> Parsed:
    """Records of an xlsx workbook, read in openpyxl's streaming read-only mode for speed."""
    import openpyxl  # imported here: the text reader must work without it

    limits.check_workbook(_open_zip(data, file), file)
    try:
        with py_warnings.catch_warnings():
            # CMS workbooks have page headers openpyxl cannot parse; they do not matter.
            py_warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise NotReleaseFileError(
            file, f"{NOT_RELEASE}: not a readable Excel workbook ({exc})"
        ) from None
    sheets = (
        (sheet.title, _xlsx_rows(sheet, file))
        for sheet in book.worksheets
        if hasattr(sheet, "iter_rows")
    )
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")  # see above; sheets are parsed while streaming
            return _parse_sheets(sheets, file)
    finally:
        book.close()


def _xlsx_rows(sheet: Any, file: str) -> Iterator[Row]:
    # Trust the cells, not the stored sheet size: some writers store a wrong one.
    sheet.reset_dimensions()
    try:
        # Cells past the last CMS column are never read, so a row of blanks out to column
        # XFD costs nothing; the row count is bounded as it streams.
        rows = sheet.iter_rows(values_only=True, max_col=limits.MAX_COLUMNS)
        for number, row in enumerate(rows, 1):
            if number > limits.MAX_ROWS:
                raise limits.too_many_rows(file, sheet.title)
            yield row
    except CmsFileError:
        raise
    except Exception as exc:  # damaged sheet XML surfaces only while streaming
        location = f"sheet '{sheet.title}'"
        raise CmsFileError(file, f"the sheet cannot be read: {exc}", location=location) from None


def _parse_xls(data: bytes, file: str) -> Parsed:
    """Records of an old-format .xls workbook (JAN 2020), through the same row handling."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors, ...
        raise NotReleaseFileError(
            file, f"{NOT_RELEASE}: not a readable .xls workbook ({exc})"
        ) from None
    sheets = ((sheet.name, _xls_rows(sheet, book.datemode)) for sheet in book.sheets())
    return _parse_sheets(sheets, file)


def _xls_rows(sheet: Any, datemode: int) -> Iterator[Row]:
    for index in range(sheet.nrows):
        yield [_xls_value(cell, datemode) for cell in sheet.row(index)]


def _xls_value(cell: Any, datemode: int) -> Any:
    """An xlrd cell as the value openpyxl would give: None, str, float, bool or datetime."""
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return cell.value


@dataclass
class _Header:
    row: int  # 1-based sheet row of the header
    columns: dict[str, int]  # attr -> 0-based column index
    found: list[str]  # CMS headers present
    missing: list[str]  # CMS headers absent


def _parse_sheets(sheets: Iterable[Sheet], file: str) -> Parsed:
    """Records of the first sheet with a full CMS header row, for xlsx and xls alike."""
    partial: tuple[str, _Header] | None = None
    titles = []
    for title, rows in sheets:
        titles.append(title)
        header = _find_header(rows)
        if header is None:
            continue
        if not header.missing:
            return _parse_data_rows(rows, header, file=file, sheet=title)
        if partial is None or len(header.missing) < len(partial[1].missing):
            partial = (title, header)
    if partial:
        title, header = partial
        raise NotReleaseFileError(
            file,
            f"{NOT_RELEASE}: the header row lacks {len(header.missing)} of the "
            f"{len(layout.HEADERS)} CMS HCPCS columns ({', '.join(header.missing)}); it has "
            f"only {', '.join(header.found)}. This does not look like a full CMS HCPCS file "
            "(a cut-down copy?)",
            location=f"sheet '{title}' row {header.row}",
        )
    raise NotReleaseFileError(
        file,
        f"{NOT_RELEASE}: no header row (HCPC, SEQNUM, RECID, LONG DESCRIPTION, ...) in the "
        f"first {HEADER_SEARCH_ROWS} rows of any sheet (sheets: {', '.join(titles) or 'none'})",
    )


def _find_header(rows: Iterator[Row]) -> _Header | None:
    """The header row (the one with an HCPC cell) within the first rows; consumes up to it."""
    for number, row in enumerate(rows, 1):
        names = [_header_name(cell) for cell in row]
        if "HCPC" in names:
            return _header_from(number, names)
        if number >= HEADER_SEARCH_ROWS:
            break
    return None


def _header_name(cell: Any) -> str:
    return " ".join(cell.split()).upper() if isinstance(cell, str) else ""


def _header_from(number: int, names: list[str]) -> _Header:
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)  # the first of two same-named columns wins
    columns = {c.attr: index[c.header] for c in layout.COLUMNS if c.header in index}
    return _Header(
        row=number,
        columns=columns,
        found=[h for h in layout.HEADERS if h in index],
        missing=[h for h in layout.HEADERS if h not in index],
    )


def _parse_data_rows(rows: Iterator[Row], header: _Header, *, file: str, sheet: str) -> Parsed:
    records: list[Record] = []
    warnings: list[str] = []
    row_of_code: dict[str, int] = {}
    for number, row in enumerate(rows, header.row + 1):
        if _is_blank(row):
            continue
        location = f"sheet '{sheet}' row {number}"
        values = {attr: row[i] if i < len(row) else None for attr, i in header.columns.items()}
        code = normalise_field("code", values["code"], file=file, location=location)
        recid = normalise_field("recid", values["recid"], file=file, location=location)
        if recid in layout.CONTINUATION_OF:
            warnings.append(_merge_continuation_row(records, code, recid, values, file, location))
            continue
        if code in row_of_code:
            raise CmsFileError(
                file,
                f"code {code} appears twice: first at row {row_of_code[code]}, again at row "
                f"{number}",
                location=location,
                field=_CODE_COLUMN.header,
            )
        row_of_code[code] = number
        records.append(build_record(values, file=file, location=location, warnings=warnings))
    if not records:
        raise NotReleaseFileError(
            file,
            f"{NOT_RELEASE}: sheet '{sheet}' has the CMS header row but no records",
            location=f"sheet '{sheet}' row {header.row}",
        )
    return records, warnings


def _is_blank(row: Row) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


def _merge_continuation_row(
    records: list[Record], code: str, recid: str, values: dict[str, Any], file: str, location: str
) -> str:
    """Fold a stray RECID 4/8 row into the row above; returns the warning to report.

    The 2019-2020 workbooks have one for G0503: the row above holds its description cut off
    before "goals and are prepared for discharge from active treatment", which only this row
    has. A workbook whose row above already holds the text would just repeat it.
    """
    previous = records[-1] if records else None
    if previous is None or previous["code"] != code:
        raise CmsFileError(
            file,
            f"continuation row with no first row: RECID {recid} row of {code} does not "
            f"follow a row of {code}",
            location=location,
        )
    if layout.CONTINUATION_OF[recid] != previous["recid"]:
        raise CmsFileError(
            file,
            f"RECID {recid} continues a RECID {layout.CONTINUATION_OF[recid]} row, but the "
            f"row of {code} above has RECID {previous['recid']}",
            location=location,
            field=_RECID_COLUMN.header,
        )
    text = collapse_whitespace(cell_text(values.get("long_description")))
    if text in previous["long_description"]:
        return (
            f"{file}, {location}: dropped a RECID {recid} row of {code}: its text is already "
            "in the description of the row above"
        )
    previous["long_description"] = collapse_whitespace(f"{previous['long_description']} {text}")
    return (
        f"{file}, {location}: appended the text of a RECID {recid} row of {code} to the long "
        "description of the row above (the workbook splits it like the text file)"
    )


# --------------------------------------------------------------------------- zip archives


@dataclass
class _Candidate:
    member: str
    kind: str
    records: list[Record]
    warnings: list[str]


def _read_zip(data: bytes, name: str) -> ParsedRelease:
    """The release in a CMS zip: the member that parses as a record file, found by content.

    A CMS zip also holds corrections and transaction-report workbooks, the record layout and
    processing notes. Both the text and the xlsx of the release parse; the one with more
    records wins, and the text file on a tie (it is CMS's primary format).
    """
    archive = _open_zip(data, name)
    limits.check_archive(archive, name)
    candidates, broken, listing = _zip_candidates(archive, name)
    if not candidates:
        if broken:
            raise broken[0]
        raise NotReleaseFileError(
            name,
            f"{NOT_RELEASE}: a zip archive that is not an Excel workbook (no xl/workbook.xml) "
            "and holds no HCPCS data file (fixed-width text or workbook of HCPCS records); "
            f"it holds: {', '.join(listing) or 'nothing'}",
        )
    best = max(candidates, key=lambda c: (len(c.records), c.kind == "txt"))
    others = [
        f"{c.member} ({c.kind}, {len(c.records)} records)" for c in candidates if c is not best
    ]
    notes = list(best.warnings)
    if others:
        notes.insert(
            0,
            f"{name}: used {best.member} ({len(best.records)} records); also a data file: "
            + ", ".join(others),
        )
    for other in candidates:
        if other is not best and other.kind != best.kind:
            notes.extend(
                compare.format_disagreements(best.member, best.records, other.member, other.records)
            )
    return _release(data, name, f"zip:{best.kind}", best.member, best.records, notes)


def _zip_candidates(
    archive: zipfile.ZipFile, name: str
) -> tuple[list[_Candidate], list[CmsFileError], list[str]]:
    candidates: list[_Candidate] = []
    broken: list[CmsFileError] = []
    listing: list[str] = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        listing.append(info.filename)
        member_file = f"{name}!{info.filename}"
        try:
            member_data = archive.read(info)
            kind = sniff_format(member_data, member_file)
            if kind == "zip":
                continue  # nested archives are not supported
            records, warnings = _PARSERS[kind](member_data, member_file)
        except NotReleaseFileError:
            continue
        except CmsFileError as exc:
            broken.append(exc)  # a record file with a bad record: worth reporting
            continue
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
            broken.append(CmsFileError(member_file, f"cannot be unpacked: {exc}"))
            continue
        candidates.append(_Candidate(info.filename, kind, records, warnings))
    return candidates, broken, listing


_PARSERS: dict[str, Callable[[bytes, str], Parsed]] = {
    "txt": _parse_text,
    "xlsx": _parse_xlsx,
    "xls": _parse_xls,
}


# --------------------------------------------------------------------------- release label

_NAME_YEAR = re.compile(r"HCPCS?[\s_-]*((?:19|20)\d{2}|\d{2})(?!\d)", re.IGNORECASE)
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_NAME_MONTH = re.compile(
    r"(?<![A-Z])(JANUARY|JAN|APRIL|APR|JULY|JUL|OCTOBER|OCT)(?![A-Z])", re.IGNORECASE
)
_ANNUAL = re.compile(r"(?<![A-Z])CONTR(?![A-Z])", re.IGNORECASE)  # the annual contractor file


@dataclass(frozen=True)
class NameHint:
    """What a file name says about its release; month is None when it only gives the year."""

    year: int
    month: int | None
    why: str


def release_label(effective_date: datetime.date) -> str:
    """'2025 October' for 2025-10-01."""
    return f"{effective_date.year} {calendar.month_name[effective_date.month]}"


def name_hint(name: str) -> NameHint | None:
    """The release a file name states: HCPC2025_OCT_ANWEB..., HCPC17_CONTR_ANWEB (January)."""
    stem = Path(name.replace("\\", "/")).name
    match = _NAME_YEAR.search(stem) or _BARE_YEAR.search(stem)
    if not match:
        return None
    year = int(match.group(1))
    year = year + 2000 if year < 100 else year
    month = _NAME_MONTH.search(stem)
    if month:
        number = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}[month.group(1)[:3].upper()]
        return NameHint(year, number, f"{month.group(1)!r} in the file name {stem!r}")
    if _ANNUAL.search(stem):
        return NameHint(year, 1, f"the file name {stem!r} (CONTR: the annual January file)")
    return NameHint(year, None, f"the year in the file name {stem!r}")


def content_quarter(records: Iterable[Record]) -> tuple[datetime.date, int, bool] | None:
    """The quarter a release's content points at: (quarter start, records, convincing).

    Each release adds codes and changes others effective on its first day, so its date is
    the latest quarter start (Jan/Apr/Jul/Oct 1) that is the ADD DT or ACT EFF DT of at least
    MIN_RECORDS_FOR_QUARTER records. Without one, the latest such date of any record is used
    and ``convincing`` is False.
    """
    counts: collections.Counter[datetime.date] = collections.Counter()
    for record in records:
        for day in {record["add_dt"], record["act_eff_dt"]}:
            if day and day.day == 1 and day.month in QUARTER_MONTHS:
                counts[day] += 1
    if not counts:
        return None
    convincing = [day for day, count in counts.items() if count >= MIN_RECORDS_FOR_QUARTER]
    if convincing:
        day = max(convincing)
        return day, counts[day], True
    day = max(counts)
    return day, counts[day], False


def infer_release(
    names: Sequence[str], records: list[Record], *, file: str
) -> tuple[str, datetime.date, list[str]]:
    """(label, effective date, warnings saying how) from the file names, else the content.

    ``names`` are tried in order (for a zip: the member, then the archive). A name with a
    year and a quarter month (or CONTR) decides. Otherwise convincing content decides, then a
    year in the name (January of it), then whatever the content has.
    """
    hints = [hint for hint in map(name_hint, names) if hint]
    content = content_quarter(records)
    full = next((hint for hint in hints if hint.month), None)
    if full:
        return _label_from_name(full, content)
    if content and content[2]:
        return _label_from_content(content, hints)
    if hints:
        day = datetime.date(hints[0].year, 1, 1)
        notes = [
            f"release {release_label(day)} assumed from {hints[0].why}: too few record dates "
            "to tell the quarter"
        ]
        return release_label(day), day, notes
    if content:
        return _label_from_content(content, hints)
    raise CmsFileError(
        file,
        "cannot tell which release this is: the file name does not say and no record has an "
        "ADD DT or ACT EFF DT on a quarter start",
    )


def _label_from_name(
    hint: NameHint, content: tuple[datetime.date, int, bool] | None
) -> tuple[str, datetime.date, list[str]]:
    day = datetime.date(hint.year, hint.month or 1, 1)
    notes = [f"release {release_label(day)} taken from {hint.why}"]
    if content and content[2] and content[0] > day:
        notes.append(
            f"the content points at a later release: {_records(content[1])} have the ADD DT "
            f"or ACT EFF DT {content[0]:%Y-%m-%d}; check the file name"
        )
    return release_label(day), day, notes


def _label_from_content(
    content: tuple[datetime.date, int, bool], hints: list[NameHint]
) -> tuple[str, datetime.date, list[str]]:
    day, count, convincing = content
    strength = (
        f"the latest quarter start that is the ADD DT or ACT EFF DT of at least "
        f"{MIN_RECORDS_FOR_QUARTER} records ({count})"
        if convincing
        else f"the latest quarter-start ADD DT or ACT EFF DT, but only {_records(count)} have it"
    )
    notes = [
        f"release {release_label(day)} inferred from the content: {day:%Y-%m-%d} is {strength}"
    ]
    if hints and hints[0].year != day.year:
        notes.append(f"{hints[0].why} says {hints[0].year}, the content says {day.year}")
    return release_label(day), day, notes


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"
