"""Round trip: import every real CMS release in date order; the export must match each CMS
file field for field. The CMS side is read here by an independent, deliberately simple
reader (column positions and header names only), not by codes.cms."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from codes.cms import layout
from codes.releases import exports
from codes.releases.services import release_publish, release_stage
from tests import parsed_files
from tests.conftest import shared_file
from tests.parsed_files import read_release

RELEASES = [
    ("2017_JAN/HCPC17_CONTR_ANWEB.txt", datetime.date(2017, 1, 1)),
    ("2018_JAN/HCPC2018_CONTR_ANWEB_disc.xlsx", datetime.date(2018, 1, 1)),
    ("2019_JAN/HCPC2019_CONTR_ANWEB.xlsx", datetime.date(2019, 1, 1)),
    ("2020_JAN/HCPC2020_ANWEB_w_disclaimer.txt", datetime.date(2020, 1, 1)),
    ("2020_APR/anweb.xlsx", datetime.date(2020, 4, 1)),
    ("2020_JUL/anweb.xlsx", datetime.date(2020, 7, 1)),
    ("2020_OCT/anweb.xlsx", datetime.date(2020, 10, 1)),
    ("2025_JAN/hcpcs-2025.zip", datetime.date(2025, 1, 1)),
    ("2025_OCT/HCPC2025_OCT_ANWEB.xlsx", datetime.date(2025, 10, 1)),
]


ORACLE_SOURCE = Path(__file__).read_text()
DATE_HEADERS = [c.header for c in layout.COLUMNS if c.kind == "date"]


def squash(text: str) -> str:
    return " ".join(text.split())


def tidy(record: dict[str, str]) -> None:
    """What the export does by contract: one-space long descriptions, YYYYMMDD dates. The
    2018 file has five 6-digit ASC_DT values (YYMMDD, e.g. '170401' for C9488); the site
    reads them as 20YY dates and exports them as YYYYMMDD."""
    record["LONG DESCRIPTION"] = squash(record["LONG DESCRIPTION"])
    for header in DATE_HEADERS:
        if len(record[header]) == 6 and record[header].isdigit():
            record[header] = "20" + record[header]


def oracle_text(data: bytes) -> dict[str, dict[str, str]]:
    """CMS records from fixed-width text, keyed by code, values as the export writes them."""
    records: dict[str, dict[str, str]] = {}
    for line in data.decode("cp1252").splitlines():
        if len(line) < 11 or not line[5:10].isdigit() or line[10] not in "3478":
            continue
        code = line[0:5].strip()
        if line[10] in "48":
            records[code]["LONG DESCRIPTION"] += " " + line[11:91]
            continue
        line = line.ljust(320)
        records[code] = {c.header: line[c.start - 1 : c.end].strip() for c in layout.COLUMNS}
        records[code]["HCPC"] = code
        records[code]["SEQNUM"] = line[5:9]
    for record in records.values():
        tidy(record)
    return records


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y%m%d")
    return str(value).strip()


def oracle_xlsx(data: bytes) -> dict[str, dict[str, str]]:
    """CMS records from a workbook: the header row wherever it is, one row per code, plus
    the stray continuation rows (RECID 4) some workbooks have."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    for row in rows:
        if row and row[0] == "HCPC":
            header = [_cell(v) for v in row]
            break
    records: dict[str, dict[str, str]] = {}
    for row in rows:
        values = dict(zip(header, (_cell(v) for v in row)))
        code = values.get("HCPC", "")
        if not code:
            continue
        if values["RECID"] in ("4", "8"):
            if values["LONG DESCRIPTION"] not in records[code]["LONG DESCRIPTION"]:
                records[code]["LONG DESCRIPTION"] += " " + values["LONG DESCRIPTION"]
            continue
        values["SEQNUM"] = values["SEQNUM"].zfill(4)
        records[code] = {h: values[h] for h in layout.HEADERS}
    for record in records.values():
        tidy(record)
    return records


def oracle(path) -> dict[str, dict[str, str]]:
    """The CMS file's records, read once per session (tests/parsed_files.py)."""
    data = path.read_bytes()
    return parsed_files.kept(
        data, f"oracle {path.name}", lambda: _oracle(path, data), depends_on=ORACLE_SOURCE
    )


def _oracle(path, data: bytes) -> dict[str, dict[str, str]]:
    if data[:2] == b"PK" and path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            member = next(n for n in archive.namelist() if n.endswith("ANWEB_12172024.txt"))
            return oracle_text(archive.read(member))
    return oracle_xlsx(data) if data[:2] == b"PK" else oracle_text(data)


def exported() -> dict[str, dict[str, str]]:
    return {row["HCPC"]: row for row in map(exports.export_row, exports.current_records())}


def mismatches(expected, actual) -> list[str]:
    problems = [f"{code}: missing from export" for code in expected if code not in actual]
    problems += [f"{code}: not in the CMS file" for code in actual if code not in expected]
    for code in expected.keys() & actual.keys():
        for header in layout.HEADERS:
            if expected[code][header] != actual[code][header]:
                problems.append(
                    f"{code} {header}: CMS {expected[code][header]!r} "
                    f"export {actual[code][header]!r}"
                )
    return problems


@pytest.fixture
def history(empty_codes):
    """Every real release imported and published in date order; their CMS oracles."""
    oracles = {}
    for relative, effective in RELEASES:
        path = shared_file(relative)
        parsed = read_release(path)
        assert parsed.effective_date == effective, relative
        result = release_stage(parsed=parsed)
        release_publish(release=result.release)
        oracles[effective] = oracle(path)
        assert not mismatches(oracles[effective], exported())[:10], relative
    return oracles


@pytest.mark.slow  # whole releases read or published: not in make test-fast
def test_every_release_round_trips_and_as_of_reproduces_each(history):
    for effective, expected in history.items():
        as_of = {
            row["HCPC"]: row for row in map(exports.export_row, exports.records_as_of(effective))
        }
        assert not mismatches(expected, as_of)[:10], f"as of {effective}"
    # The day before a release, the export is the previous release.
    dates = list(history)
    eve = dates[-1] - datetime.timedelta(days=1)
    before_oct = {r["HCPC"]: r for r in map(exports.export_row, exports.records_as_of(eve))}
    assert not mismatches(history[dates[-2]], before_oct)[:10]


def test_export_command_formats(bundled):
    out = io.StringIO()
    call_command("export_hcpcs", "--format", "jsonl", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 9109  # every code of July 2026, today's release
    first = json.loads(lines[0])
    assert list(first) == list(layout.HEADERS)
    q4390 = next(json.loads(line) for line in lines if line.startswith('{"HCPC": "Q4390"'))
    assert q4390["PRICE1"] == "11"  # pricing indicator 51 became 11 in January 2026
    assert q4390["ADD DT"] == "20251001"
    assert q4390["SEQNUM"] == "0010"

    out = io.StringIO()
    call_command("export_hcpcs", "--format", "csv", "--as-of", "2025-03-01", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 8642
    assert not any(r["HCPC"] == "Q4390" for r in rows)
    modifier = next(r for r in rows if r["HCPC"] == "A1")
    assert modifier["RECID"] == "7"


def test_export_rejects_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not a date"):
        call_command("export_hcpcs", "--as-of", "20251341", stdout=io.StringIO())


def test_csv_neutralises_formulas():
    assert exports.csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports.csv_safe("-5") == "'-5"
    assert exports.csv_safe("Dressing") == "Dressing"
