# ruff: noqa: E501 - the package parts are quoted whole, as Excel writes them
"""Hostile uploads, written to disk as a stream (never held whole in memory): workbooks of
one enormous row or many cells, with or without a declared size, and texts of a million
lines. The values vary so that the zips pack well under 100:1 and pass the ratio check:
what is tested is the counting of what the sheet really holds."""

from __future__ import annotations

import gzip
import random
import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="lines" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook(path: Path, *, rows: int, cells_per_row: int, dimension: str = "") -> Path:
    """An xlsx of ``rows`` rows of ``cells_per_row`` numeric cells without cell references
    (so openpyxl builds each row whole), declaring ``dimension`` if given."""
    rng = random.Random(16)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for _ in range(rows):
                sheet.write(b"<row>")
                left = cells_per_row
                while left:
                    batch = min(left, 10_000)
                    sheet.write(
                        "".join(
                            f"<c><v>{rng.randrange(10**9)}</v></c>" for _ in range(batch)
                        ).encode()
                    )
                    left -= batch
                sheet.write(b"</row>")
            sheet.write(b"</sheetData></worksheet>")
    return path


def short_lines(path: Path, *, megabytes: int) -> Path:
    """A text of one-character lines: millions of lines in a few megabytes."""
    path.write_bytes(b"x\n" * (megabytes * 1024 * 1024 // 2))
    return path


def gzipped_lines(path: Path, *, megabytes: int) -> Path:
    """A gzipped text whose first line looks like an ASP file's and the rest empty lines."""
    with gzip.open(path, "wb") as out:
        out.write(b"ASP pricing file, Effective January 1, 2026 through March 31, 2026\n")
        for _ in range(megabytes):
            out.write(b"\n" * 1024 * 1024)
    return path
