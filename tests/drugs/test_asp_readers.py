"""The ASP crosswalk and payment limit readers on CMS's real files, and on broken copies."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from codes.cms.errors import CmsFileError
from codes.drugs.asp import CROSSWALK, PAYMENT_LIMITS, looks_like_asp, read_asp
from tests.drugs.conftest import (
    CROSSWALK_JAN_2026,
    CROSSWALK_OCT_2025,
    LIMITS_JAN_2026,
    LIMITS_OCT_2025,
    SHARED_ASP,
)

BUNDLED = [
    (CROSSWALK_OCT_2025, CROSSWALK, datetime.date(2025, 10, 1), 8245),
    (LIMITS_OCT_2025, PAYMENT_LIMITS, datetime.date(2025, 10, 1), 1012),
    (CROSSWALK_JAN_2026, CROSSWALK, datetime.date(2026, 1, 1), 7125),
    (LIMITS_JAN_2026, PAYMENT_LIMITS, datetime.date(2026, 1, 1), 877),
]


@pytest.mark.parametrize(("path", "kind", "starts", "rows"), BUNDLED, ids=lambda v: str(v)[-30:])
def test_bundled_files_are_recognised_by_content(path, kind, starts, rows):
    parsed = read_asp(path.read_bytes(), name=path.name)
    assert (parsed.kind, parsed.starts, len(parsed.rows)) == (kind, starts, rows)
    assert parsed.ends.month == starts.month + 2
    assert looks_like_asp(path.read_bytes())


def test_the_quarter_comes_from_the_effective_line_not_the_name(crosswalk_excerpt):
    parsed = read_asp(crosswalk_excerpt, name="October 2019 crosswalk.csv")
    assert parsed.quarter_label == "Jan–Mar 2026"


def test_crosswalk_rows_keep_keytruda_and_mark_cpt_codes():
    parsed = read_asp(CROSSWALK_JAN_2026.read_bytes(), name="x.csv")
    keytruda = [r for r in parsed.rows if r["ndc"] == "00006-3026-02"]
    assert keytruda == [
        {
            "code": "J9271",
            "ndc": "00006-3026-02",
            "is_ndc": True,
            "short_description": keytruda[0]["short_description"],
            "labeler": keytruda[0]["labeler"],
            "drug_name": "Keytruda",
            "dosage": "1 MG",
            "package_size": keytruda[0]["package_size"],
            "package_quantity": keytruda[0]["package_quantity"],
            "bill_units": keytruda[0]["bill_units"],
            "bill_units_per_package": Decimal("100"),
            "level2": True,
        }
    ]
    cpt = {r["code"] for r in parsed.rows if not r["level2"]}
    assert "90371" in cpt and all(code.isdigit() for code in cpt)
    # In October 2025 skin substitutes carry the maker's product number in NDC2: kept.
    october = read_asp(CROSSWALK_OCT_2025.read_bytes(), name="x.csv")
    numbers = [r for r in october.rows if not r["is_ndc"]]
    assert numbers and all(r["code"].startswith(("Q4", "A2", "J7")) for r in numbers)


def test_payment_limits_read_dollars_and_keep_na():
    parsed = read_asp(LIMITS_JAN_2026.read_bytes(), name="x.csv")
    by_code = {r["code"]: r for r in parsed.rows}
    assert by_code["J9271"]["payment_limit"] == Decimal("59.726")
    assert by_code["J9271"]["dosage"] == "1 MG"
    assert by_code["A9606"]["payment_limit"] is None  # CMS writes N/A
    assert by_code["90371"]["level2"] is False


@pytest.mark.parametrize(
    "folder",
    ["2025_JAN", "2025_OCT", "2026_JAN"],
)
def test_every_real_file_in_the_shared_folder_reads(folder):
    files = sorted((SHARED_ASP / folder).glob("*.csv")) if SHARED_ASP.exists() else []
    if not files:
        pytest.skip(f"the real ASP files are not available at {SHARED_ASP}")
    kinds = {read_asp(f.read_bytes(), name=f.name).kind for f in files}
    assert kinds == {CROSSWALK, PAYMENT_LIMITS}


def _refused(data: bytes, *parts: str) -> str:
    with pytest.raises(CmsFileError) as error:
        read_asp(data, name="broken.csv")
    message = str(error.value)
    for part in parts:
        assert part in message, message
    return message


def test_a_missing_column_is_named(crosswalk_excerpt):
    broken = crosswalk_excerpt.replace(b"BILLUNITSPKG", b"UNITS", 1)
    _refused(broken, "broken.csv", "line 9", "BILLUNITSPKG")


def test_a_malformed_ndc_names_line_and_column(crosswalk_excerpt):
    broken = crosswalk_excerpt.replace(b"13533-0636-01", b"1353-0636-01", 1)
    _refused(broken, "line 10", "field NDC2", "1353-0636-01")


def test_a_non_numeric_billing_unit_names_line_and_column(crosswalk_excerpt):
    lines = crosswalk_excerpt.split(b"\r\n")
    _refused(excerpt_with(lines, 11, "BILLUNITSPKG", "ten"), "line 12", "BILLUNITSPKG", "ten")


def excerpt_with(lines: list[bytes], index: int, column: str, value: str) -> bytes:
    """The excerpt with one cell (by header name) of one line replaced."""
    import csv
    import io

    header = next(csv.reader([lines[8].decode("latin-1")]))
    row = next(csv.reader([lines[index].decode("latin-1")]))
    row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    copy = list(lines)
    copy[index] = out.getvalue().encode("latin-1")
    return b"\r\n".join(copy)


def test_a_non_numeric_payment_limit_names_line_and_column(limits_excerpt):
    lines = limits_excerpt.split(b"\r\n")
    broken = excerpt_with(lines, 12, "Payment Limit", "12,3x")
    _refused(broken, "line 13", "field Payment Limit", "12,3x")


def test_no_effective_line_is_refused(limits_excerpt):
    broken = limits_excerpt.replace(b"Effective", b"Valid", 1)
    _refused(broken, "Effective", "quarter")


def test_utf16_and_utf8_are_refused(limits_excerpt):
    _refused(limits_excerpt.decode("cp1252").encode("utf-16"), "UTF-16")
    resaved = limits_excerpt.decode("cp1252").replace("Notes", "Notes ™").encode("utf-8")
    _refused(resaved, "UTF-8", "Latin-1")


def test_a_file_that_is_not_asp_is_refused():
    _refused(b"HCPC,LONG DESCRIPTION\r\nA0021,Ambulance\r\n", "broken.csv", "Effective")
    assert not looks_like_asp(b"A0021 00100 3Outside state ambulance serv")
