"""Limits that keep a hostile upload (a zip or xlsx "bomb", a sheet of millions of cells, a
text of millions of lines) from costing more memory or time than a real file: checked on
what the archive declares, before anything is unpacked, and then on what a sheet holds,
counted while its XML streams past in chunks (rows, cells in each row and in all, the last
row a row names, shared strings), whether or not the sheet declares its size.
Only then does openpyxl read it, which builds each row whole in memory.

Two sets: ``CURATOR`` for the CMS and drug files curators load in the admin (real CMS
files sit far inside them: the largest zip since 2017 unpacks to 16 MB in 19 members, at
most 30:1; its workbooks have about 50 columns, 20,000 rows and 1.6 MB of shared strings),
and the smaller ``ANONYMOUS`` for the claim-line batches anyone may upload to ``/validate/``
(10,000 lines of a few columns).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from .errors import CmsFileError


@dataclass(frozen=True)
class UploadLimits:
    members: int
    unpacked_bytes: int
    ratio: int
    columns: int
    rows: int
    cells: int
    shared_strings_bytes: int
    shared_strings: int
    who: str


CURATOR = UploadLimits(
    members=200,
    unpacked_bytes=128 * 1024 * 1024,
    ratio=100,
    columns=256,
    rows=200_000,
    cells=10_000_000,
    shared_strings_bytes=32 * 1024 * 1024,
    shared_strings=2_000_000,
    who="a CMS file",
)
ANONYMOUS = UploadLimits(
    members=50,
    unpacked_bytes=16 * 1024 * 1024,
    ratio=100,
    columns=64,
    rows=20_000,
    cells=400_000,
    shared_strings_bytes=4 * 1024 * 1024,
    shared_strings=200_000,
    who="a batch file",
)

# The curator limits by their former names (readers and tests use them).
MAX_UNPACKED_BYTES = CURATOR.unpacked_bytes
MAX_MEMBERS = CURATOR.members
MAX_RATIO = CURATOR.ratio
MAX_COLUMNS = CURATOR.columns
MAX_ROWS = CURATOR.rows
MAX_SHARED_STRINGS_BYTES = CURATOR.shared_strings_bytes
MAX_SHARED_STRINGS = CURATOR.shared_strings

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_SHARED_COUNT = re.compile(rb'uniqueCount="(\d+)"')
# Sheet XML as it streams: row and cell start tags, a row's index, and a shared string item.
# (A cell's column letters are not limited: writers emit styled blank cells out to XFD,
# which openpyxl skips past the columns read; what costs memory is cells in a row.)
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_INDEX = re.compile(rb'<(?:\w+:)?row\b[^>]{0,400}?\sr="(\d{1,12})"')
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si[\s>/]")
CHUNK = 1024 * 1024


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MiB"


def check_archive(archive: zipfile.ZipFile, name: str, limits: UploadLimits = CURATOR) -> None:
    """Refuse a zip (or the zip inside an xlsx) whose members are too many, unpack to too
    much, or are packed too tightly to be real data. zipfile never unpacks a member past
    its declared size, so the declared sizes are what unpacking can cost."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise CmsFileError(
            name,
            f"the archive holds {len(infos):,} members; {limits.who} has at most {limits.members}",
        )
    total = sum(info.file_size for info in infos)
    if total > limits.unpacked_bytes:
        raise CmsFileError(
            name,
            f"the archive unpacks to {_mib(total)}; at most {_mib(limits.unpacked_bytes)} "
            "is accepted",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > limits.ratio:
            raise CmsFileError(
                f"{name}!{info.filename}",
                f"packed {ratio:,.0f}:1 ({_mib(info.compress_size)} unpacks to "
                f"{_mib(info.file_size)}); more than {limits.ratio}:1 is refused as a zip bomb",
            )


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.decode():
        number = number * 26 + ord(char) - 64
    return number


def check_workbook(archive: zipfile.ZipFile, name: str, limits: UploadLimits = CURATOR) -> None:
    """Refuse an xlsx whose sheets declare or hold more columns, rows or cells than
    ``limits`` allow, or whose shared strings (read whole into memory) are too large or too
    many. Sheets are counted as they stream, a chunk at a time, stopping at the limit."""
    check_archive(archive, name, limits)
    for info in archive.infolist():
        part = info.filename
        if part.startswith("xl/worksheets/") and part.endswith(".xml"):
            with archive.open(info) as stream:
                head = stream.read(4096)
            match = _DIMENSION.search(head)
            if match:
                last_col = match.group(3) or match.group(1)
                last_row = match.group(4) or match.group(2)
                columns = _column_number(last_col) if last_col else 0
                rows = int(last_row) if last_row else 0
                if columns > limits.columns or rows > limits.rows:
                    ref = match.group(0).split(b'"')[1].decode()
                    raise CmsFileError(
                        name,
                        f"the sheet declares cells out to {ref} ({columns:,} columns, {rows:,} "
                        f"rows); {limits.who} has at most {limits.columns} columns and "
                        f"{limits.rows:,} rows",
                        location=part,
                    )
            _count_sheet(archive, info, name, limits)
        elif part == "xl/sharedStrings.xml":
            _count_shared_strings(archive, info, name, limits)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The member's bytes in chunks that end just before a tag starts, so no tag is split
    (a stretch of text without one is cut anywhere: it holds nothing counted)."""
    carry = b""
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            if cut <= 0 or len(buffer) - cut > 64 * 1024:
                cut = len(buffer)
            yield buffer[:cut]
            carry = buffer[cut:]
    if carry:
        yield carry


def _count_sheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: UploadLimits
) -> None:
    part = info.filename
    rows = row_cells = cells = 0

    def refuse(what: str) -> CmsFileError:
        return CmsFileError(
            name, f"{what}; {limits.who} has at most {_limits_text(limits)}", location=part
        )

    for chunk in _chunks(archive, info):
        for index, piece in enumerate(_ROW.split(chunk)):
            if index:
                rows, row_cells = rows + 1, 0
            found = len(_CELL.findall(piece))
            row_cells += found
            cells += found
            if row_cells > limits.columns:
                raise refuse(f"row {rows:,} of the sheet has more than {limits.columns} cells")
        if rows > limits.rows:
            raise refuse(f"the sheet has more than {limits.rows:,} rows")
        if cells > limits.cells:
            raise refuse(f"the sheet has more than {limits.cells:,} cells")
        indexes = _ROW_INDEX.findall(chunk)
        if indexes and max(int(i) for i in indexes) > limits.rows:
            raise refuse(f"the sheet has a row numbered {max(int(i) for i in indexes):,}")


def _limits_text(limits: UploadLimits) -> str:
    return f"{limits.columns} columns, {limits.rows:,} rows and {limits.cells:,} cells"


def _count_shared_strings(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: UploadLimits
) -> None:
    part = info.filename
    if info.file_size > limits.shared_strings_bytes:
        raise CmsFileError(
            name,
            f"the shared strings unpack to {_mib(info.file_size)}; at most "
            f"{_mib(limits.shared_strings_bytes)} is accepted",
            location=part,
        )
    count = 0
    for number, chunk in enumerate(_chunks(archive, info)):
        declared = _SHARED_COUNT.search(chunk[:4096]) if number == 0 else None
        if declared and int(declared.group(1)) > limits.shared_strings:
            raise CmsFileError(
                name,
                f"the workbook declares {int(declared.group(1)):,} shared strings; at most "
                f"{limits.shared_strings:,} are accepted",
                location=part,
            )
        count += len(_SHARED_ITEM.findall(chunk))
        if count > limits.shared_strings:
            raise CmsFileError(
                name,
                f"the workbook has more than {limits.shared_strings:,} shared strings; at most "
                f"{limits.shared_strings:,} are accepted",
                location=part,
            )


def too_many_rows(name: str, sheet: str) -> CmsFileError:
    return CmsFileError(
        name,
        f"the sheet has more than {MAX_ROWS:,} rows; a CMS file has far fewer",
        location=f"sheet '{sheet}'",
    )
