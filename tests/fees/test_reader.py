"""Reading CMS's DMEPOS fee schedule: both layouts (CMS's own with the banner, and re-saved
without it), the same values from either, and clear refusals naming line and column."""

from __future__ import annotations

import datetime
import gzip
from decimal import Decimal

import pytest

from codes.cms.errors import CmsFileError
from codes.fees.reader import amount, quarter_from, read_fee_schedule
from tests.conftest import ROOT
from tests.fees.conftest import APRIL_2025, JANUARY_2026, excerpt, unzipped, with_line

SHARED = ROOT.parent / "shared" / "cms-dmepos"


def test_cms_file_with_its_banner():
    parsed = read_fee_schedule(APRIL_2025.read_bytes(), name=APRIL_2025.name)
    assert parsed.effective_date == datetime.date(2025, 4, 1)  # "April 2025 Fee Schedule"
    assert len(parsed.rows) == 3511 and len(parsed.codes) == 2100
    assert parsed.states[:3] == ["AL", "AR", "AZ"] and parsed.states[-1] == "VI"
    (cpap,) = [r for r in parsed.rows if r["code"] == "E0601"]
    assert (cpap["modifier"], cpap["jurisdiction"], cpap["category"]) == ("RR", "D", "CR")
    assert cpap["amounts"]["AL"] == (Decimal("50.58"), Decimal("94.93"))


def test_resaved_file_without_banner_or_trailing_zeros():
    parsed = read_fee_schedule(JANUARY_2026.read_bytes(), name=JANUARY_2026.name)
    assert parsed.banner == ""
    assert parsed.effective_date == datetime.date(2026, 1, 1)  # from DMEPOS26_JAN
    assert len(parsed.rows) == 3515 and len(parsed.codes) == 2106
    (cpap,) = [r for r in parsed.rows if r["code"] == "E0601"]
    assert cpap["amounts"]["AL"] == (Decimal("51.94"), Decimal("97.02"))
    (k0001,) = [r for r in parsed.rows if r["code"] == "K0001" and r["modifier"] == "RR"]
    assert k0001["amounts"]["AL"] == (Decimal("31.07"), Decimal("48.77"))
    # "0" and "0.00" are one value, kept with two places.
    assert str(parsed.rows[0]["amounts"]["AL"][1]) == "0.00"


def test_both_layouts_of_one_quarter_read_the_same():
    """CMS's April file, and the same re-saved as a spreadsheet does (banner gone, LF, no
    trailing zeros), give the same rows."""
    original = unzipped(APRIL_2025)
    lines = original.split(b"\r\n")[6:]
    resaved = b"\n".join(
        b",".join(
            (c.rstrip(b"0").rstrip(b".") if c[:1].isdigit() and b"." in c else c)
            for c in line.split(b",")
        )
        for line in lines
    )
    assert b",3.8," in resaved or b",0," in resaved
    a = read_fee_schedule(original, name="DMEPOS25_APR.csv")
    b = read_fee_schedule(resaved, name="DMEPOS25_APR_resaved.csv")
    assert a.rows == b.rows and b.effective_date == a.effective_date


def test_bundled_files_are_cms_files_byte_for_byte():
    original = SHARED / "DMEPOS25_APR.csv"
    if not original.exists():
        pytest.skip("shared CMS files absent")
    assert unzipped(APRIL_2025) == original.read_bytes()
    parsed = read_fee_schedule(APRIL_2025.read_bytes(), name="x.csv.gz")
    assert parsed.sha256 == (
        "3132b2c17d936304eb489a8c317115dffb3c5bc86c955ef4864541795a2ea2e1"
    )  # of CMS's file, as data/README.md gives it: gzipped or not, the same


def test_amounts():
    assert amount("0") == amount("0.00") == Decimal("0.00")
    assert str(amount("3.8")) == "3.80"
    for bad in ("", "abc", "-1.00", "NaN", "1e999999999", "1,000.00", "$5"):
        with pytest.raises(ValueError):
            amount(bad)


def test_quarter_from_banner_or_name():
    assert quarter_from("July 2024 Fee Schedule", "x.csv") == datetime.date(2024, 7, 1)
    assert quarter_from("", "DMEPOS24_OCT.csv") == datetime.date(2024, 10, 1)
    assert quarter_from("", "fees.csv") is None


def test_a_header_that_is_not_the_fee_schedule_is_refused():
    data = excerpt(JANUARY_2026).replace(b"HCPCS,Mod,Mod2", b"HCPCS,Modifier,Mod2", 1)
    with pytest.raises(CmsFileError, match="is not CMS's DMEPOS fee schedule") as info:
        read_fee_schedule(data, name="fees.csv")
    assert str(info.value).startswith("fees.csv: ")
    other = b"HCPC,SEQNUM,RECID\nA0021,00100,3\n"
    with pytest.raises(CmsFileError, match="no header row"):
        read_fee_schedule(other, name="hcpcs.csv")


def test_state_columns_out_of_pairs_are_refused_naming_the_column():
    data = excerpt(JANUARY_2026).replace(b"AL (R)", b"AL (X)", 1)
    with pytest.raises(CmsFileError, match=r"line 1, column 8: expected a state's"):
        read_fee_schedule(data, name="fees.csv")


def test_an_amount_that_is_not_a_number_names_line_and_column():
    data = with_line(excerpt(APRIL_2025), 8, b",0.62,0.53,0.57,", b",0.62,0.53,abc,")
    with pytest.raises(CmsFileError) as info:
        read_fee_schedule(data, name="DMEPOS25_APR.csv")
    assert str(info.value) == (
        "DMEPOS25_APR.csv, line 8, column 8, field AL (NR): “abc” is not an amount"
    )


def test_other_broken_rows():
    base = excerpt(JANUARY_2026)
    cases = [
        (with_line(base, 3, b"A4217", b"A421"), "line 3, field HCPCS: “A421” is not an HCPCS"),
        (with_line(base, 2, b",J,OS,", b",J,,"), "line 2, field CATG: is blank"),
        (with_line(base, 3, b"A4217", b"A4216"), "line 3: A4216 is also on line 2"),
        (with_line(base, 2, b",0.58,", b",0.58,,"), "line 2: has 115 columns"),
    ]
    for data, message in cases:
        with pytest.raises(CmsFileError, match=message):
            read_fee_schedule(data, name="DMEPOS26_JAN.csv")


def test_gzip_and_garbage():
    data = gzip.compress(excerpt(JANUARY_2026), mtime=0)
    assert len(read_fee_schedule(data, name="DMEPOS26_JAN.csv.gz").rows) == 30
    with pytest.raises(CmsFileError, match="not a readable gzip"):
        read_fee_schedule(data[:50], name="x.gz")
    with pytest.raises(CmsFileError, match="not a CSV"):
        read_fee_schedule(b"\x00\x01PK", name="x.csv")
