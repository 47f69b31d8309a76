"""Limits that keep a hostile upload (a zip or xlsx "bomb") from costing more memory or
time than a real CMS file: checked on what the archive declares, before anything is
unpacked, and while a sheet streams. Real CMS files sit far inside them (the largest zip
since 2017 unpacks to 16 MB in 19 members, at most 30:1; its workbooks have about 50
columns, 20,000 rows and 1.6 MB of shared strings).
"""

from __future__ import annotations

import re
import zipfile

from .errors import CmsFileError

MAX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_MEMBERS = 200
MAX_RATIO = 100
MAX_COLUMNS = 256
MAX_ROWS = 200_000
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')
_SHARED_COUNT = re.compile(rb'uniqueCount="(\d+)"')
MAX_SHARED_STRINGS = 2_000_000


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MiB"


def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip (or the zip inside an xlsx) whose members are too many, unpack to too
    much, or are packed too tightly to be real data. zipfile never unpacks a member past
    its declared size, so the declared sizes are what unpacking can cost."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise CmsFileError(
            name,
            f"the archive holds {len(infos):,} members; a CMS file has at most {MAX_MEMBERS}",
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise CmsFileError(
            name,
            f"the archive unpacks to {_mib(total)}; at most {_mib(MAX_UNPACKED_BYTES)} is accepted",
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise CmsFileError(
                f"{name}!{info.filename}",
                f"packed {ratio:,.0f}:1 ({_mib(info.compress_size)} unpacks to "
                f"{_mib(info.file_size)}); more than {MAX_RATIO}:1 is refused as a zip bomb",
            )


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.decode():
        number = number * 26 + ord(char) - 64
    return number


def check_workbook(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse an xlsx whose sheets declare more columns or rows than a CMS file could have,
    or whose shared strings (read whole into memory) are too large."""
    check_archive(archive, name)
    for info in archive.infolist():
        part = info.filename
        if part.startswith("xl/worksheets/") and part.endswith(".xml"):
            with archive.open(info) as stream:
                head = stream.read(4096)
            match = _DIMENSION.search(head)
            if not match:
                continue
            last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
            columns = _column_number(last_col) if last_col else 0
            rows = int(last_row) if last_row else 0
            if columns > MAX_COLUMNS or rows > MAX_ROWS:
                ref = match.group(0).split(b'"')[1].decode()
                raise CmsFileError(
                    name,
                    f"the sheet declares cells out to {ref} ({columns:,} columns, {rows:,} rows); "
                    f"a CMS file has at most {MAX_COLUMNS} columns and {MAX_ROWS:,} rows",
                    location=part,
                )
        elif part == "xl/sharedStrings.xml":
            if info.file_size > MAX_SHARED_STRINGS_BYTES:
                raise CmsFileError(
                    name,
                    f"the shared strings unpack to {_mib(info.file_size)}; at most "
                    f"{_mib(MAX_SHARED_STRINGS_BYTES)} is accepted",
                    location=part,
                )
            with archive.open(info) as stream:
                count = _SHARED_COUNT.search(stream.read(4096))
            if count and int(count.group(1)) > MAX_SHARED_STRINGS:
                raise CmsFileError(
                    name,
                    f"the workbook declares {int(count.group(1)):,} shared strings; at most "
                    f"{MAX_SHARED_STRINGS:,} are accepted",
                    location=part,
                )


def too_many_rows(name: str, sheet: str) -> CmsFileError:
    return CmsFileError(
        name,
        f"the sheet has more than {MAX_ROWS:,} rows; a CMS file has far fewer",
        location=f"sheet '{sheet}'",
    )
