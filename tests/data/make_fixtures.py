"""Rebuild the small CMS fixture files in this folder from the real CMS release files.

Run from the repository root: ``.venv/bin/python tests/data/make_fixtures.py``. The real
files are looked up in $HCPCS_SHARED_DIR (default: ../shared/cms-hcpcs beside the repo).
Text lines are copied byte for byte; workbook cells are copied value for value, so the
fixtures keep CMS's quirks (disclaimers, CRLF, trimmed continuation lines, number cells).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("HCPCS_SHARED_DIR", HERE.parents[1].parent / "shared" / "cms-hcpcs"))
RECORD = re.compile(rb"(?: {3}[A-Z0-9]{2}|[A-Z0-9]{5})\d{5}[3478]")

# Codes picked for their quirks: A1 and AD are modifiers (AD with a continuation line),
# A0130 has ACT EFF DT in the text but not in the 2019 workbook, E0210 has TOS4 'R' only in
# the workbook, G0503 has 17 description lines (and a stray RECID 4 row in the workbook),
# G8891 has a continuation line trimmed to 316 characters, J2505 has number cells for dates.
EXCERPT_CODES = ("A1", "AD", "A0130", "E0210", "G0503", "G8891", "J2505")


def text_lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def disclaimer_and_records(lines: list[bytes], keep) -> bytes:
    """The lines before the first record, then every record line whose code ``keep`` wants."""
    first = next(i for i, line in enumerate(lines) if RECORD.match(line))
    picked = [line for line in lines[first:] if RECORD.match(line) and keep(line[:5].strip())]
    return b"\n".join(lines[:first] + picked) + b"\n"


def first_codes(lines: list[bytes], count: int) -> bytes:
    """The first ``count`` codes of a file with their continuation lines (no disclaimer)."""
    out: list[bytes] = []
    seen: set[bytes] = set()
    for line in lines:
        if not RECORD.match(line):
            continue
        code = line[:5]
        if code not in seen and len(seen) == count:
            break
        seen.add(code)
        out.append(line)
    return b"\n".join(out) + b"\n"


def workbook_excerpt(source: Path, target: Path, codes: tuple[str, ...]) -> None:
    """The disclaimer rows, header row and the rows of ``codes`` of a CMS workbook."""
    book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "HCPC")
    picked = [row for row in rows[header + 1 :] if str(row[0] or "").strip() in codes]
    out = openpyxl.Workbook()
    sheet = out.active
    sheet.title = book.worksheets[0].title
    for row in rows[: header + 1] + picked:
        sheet.append(list(row))
    out.save(target)


def main() -> None:
    jan_2025 = text_lines(SHARED / "2025_JAN" / "HCPC2025_JAN_ANWEB_12172024.txt")
    (HERE / "HCPC2025_JAN_ANWEB_first40.txt").write_bytes(first_codes(jan_2025, 40))

    jan_2019 = text_lines(SHARED / "2019_JAN" / "HCPC2019_CONTR_ANWEB.txt")
    wanted = {code.encode() for code in EXCERPT_CODES}
    excerpt = disclaimer_and_records(jan_2019, wanted.__contains__)
    (HERE / "HCPC2019_CONTR_ANWEB_excerpt.txt").write_bytes(excerpt)
    workbook_excerpt(
        SHARED / "2019_JAN" / "HCPC2019_CONTR_ANWEB.xlsx",
        HERE / "HCPC2019_CONTR_ANWEB_excerpt.xlsx",
        EXCERPT_CODES,
    )

    jan_2020 = text_lines(SHARED / "2020_JAN" / "HCPC2020_ANWEB_w_disclaimer.txt")
    excerpt = disclaimer_and_records(jan_2020, {b"AD", b"G0503", b"E0210"}.__contains__)
    (HERE / "HCPC2020_ANWEB_w_disclaimer_excerpt.txt").write_bytes(excerpt)


if __name__ == "__main__":
    main()
