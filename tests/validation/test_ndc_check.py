"""A claim line's NDC against the bundled ASP crosswalks (October 2025 and January 2026, loaded
and published with the session's data): the batch check, its page and the API."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.models import AspFile
from codes.validation import batch as batches
from codes.validation import ndc_check
from codes.validation.reading import read_text

pytestmark = pytest.mark.usefixtures("bundled")

D = datetime.date.fromisoformat


def one(code: str, day: str, written: str, units: bool = False) -> ndc_check.NdcCheck:
    return ndc_check.check_many([(code, D(day), written, units)])[0]


def test_an_ndc_that_belongs_to_its_code_names_the_billing_unit_when_units_are_given():
    keytruda = one("J9271", "2026-02-01", "00006-3026-02", units=True)
    assert keytruda.ok and not keytruda.problem and keytruda.status == ndc_check.BELONGS
    assert keytruda.text == (
        "NDC 00006-3026-02 belongs to J9271 in the Jan–Mar 2026 crosswalk "
        "(Keytruda; billing unit 1 MG; 100 units per package)"
    )
    assert (keytruda.quarter, keytruda.codes, keytruda.dosage) == (
        "Jan–Mar 2026",
        ("J9271",),
        "1 MG",
    )
    assert keytruda.units_per_package == Decimal("100") and keytruda.units_per_package_text == "100"
    without_units = one("J9271", "2025-11-01", "00006-3026-04")
    assert (
        without_units.text
        == "NDC 00006-3026-04 belongs to J9271 in the Oct–Dec 2025 crosswalk (Keytruda)"
    )
    assert without_units.units_per_package_text == "200"


@pytest.mark.parametrize(
    "written",
    ["00006302602", "00006-3026-02", "0006-3026-02", "0006302602", "N400006302602 UN1"],
)
def test_ndcs_as_claims_write_them(written):
    check = one("J9271", "2026-02-01", written)
    assert check.ok and check.ndc == "00006-3026-02"


def test_the_quarter_of_the_date_decides():
    # CMS moved pentamidine's NDC from J2545 (300 MG) to J2516 (1 MG) in January 2026.
    october = one("J2545", "2025-12-31", "13925-0522-01", units=True)
    assert october.ok and october.dosage == "300 MG" and october.units_per_package_text == "1"
    january = one("J2545", "2026-01-01", "13925-0522-01")
    assert january.problem and january.status == ndc_check.OTHER_CODE
    assert january.codes == ("J2516",)
    assert january.text == (
        "NDC 13925-0522-01 (Pentamidine Isethionate) belongs to J2516, not J2545, in the "
        "Jan–Mar 2026 crosswalk"
    )


def test_an_ndc_of_two_other_codes_names_both():
    check = one("J9271", "2026-02-01", "00052-0602-02")
    assert check.problem and check.codes == ("90586", "J9030")
    assert "belongs to 90586 and J9030, not J9271" in check.text


def test_an_ndc_missing_from_a_crosswalk_that_lists_the_code():
    # Listed with J0165 in October 2025, gone from January 2026's crosswalk.
    assert one("J0165", "2025-11-01", "00517-1171-10").ok
    check = one("J0165", "2026-02-01", "00517-1171-10")
    assert check.problem and check.status == ndc_check.NOT_LISTED
    assert check.text == (
        "NDC 00517-1171-10 is not in the Jan–Mar 2026 crosswalk, which lists 6 NDCs for J0165"
    )


def test_a_code_the_crosswalk_does_not_list_is_not_checked():
    check = one("J3490", "2026-02-01", "00517-1171-10")
    assert not check.ok and not check.problem and check.status == ndc_check.CODE_NOT_LISTED
    assert "lists neither it nor J3490" in check.text


def test_no_crosswalk_for_the_quarter_names_the_loaded_ones():
    check = one("J9271", "2025-07-01", "00006-3026-02")
    assert not check.ok and not check.problem and check.status == ndc_check.NO_CROSSWALK
    assert check.text == (
        "NDC 00006-3026-02 not checked: no NDC–HCPCS crosswalk is loaded for the quarter of "
        "2025-07-01 (loaded: Oct–Dec 2025, Jan–Mar 2026)"
    )


def test_a_ten_digit_ndc_not_found_shows_how_it_was_read():
    check = one("J9271", "2026-02-01", "1234567890")
    assert check.status == ndc_check.NOT_LISTED
    assert "NDC 1234567890 (read as 01234-5678-90, 12345-0678-90 or 12345-6789-00)" in check.text


def test_a_draft_crosswalk_is_not_read():
    AspFile.objects.filter(kind=AspFile.Kind.CROSSWALK, starts=D("2026-01-01")).update(
        status=AspFile.Status.DRAFT
    )
    check = one("J9271", "2026-02-01", "00006-3026-02")
    assert check.status == ndc_check.NO_CROSSWALK and "(loaded: Oct–Dec 2025)" in check.text


def test_a_whole_batch_in_a_bounded_number_of_queries():
    lines = [("J9271", D("2026-02-01"), f"00006-3026-{n % 100:02d}", False) for n in range(6000)]
    lines += [("J2545", D("2025-11-01"), "13925-0522-01", True)] * 4000
    with CaptureQueriesContext(connection) as queries:
        checks = ndc_check.check_many(lines)
    assert len(checks) == 10_000 and checks[-1].ok
    assert sum(c.ok for c in checks[:6000]) == 6000 // 100 * 2  # -02 and -04 of every hundred
    assert len(queries) == 3, [q["sql"][:80] for q in queries]


BATCH = """Line ID,HCPCS,Date of Service,Modifier 1,Modifier 2,Units,NDC
1,J9271,2026-02-01,JZ,,200,00006-3026-02
2,J2545,2026-02-01,,,1,13925-0522-01
3,J9271,2025-07-01,,,,00006-3026-02
4,J9271,2026-02-01,JZ,ZZ,,
5,J9271,2026-02-01,,,,12-34
"""


def test_the_batch_marks_a_mismatching_ndc_as_a_problem_of_its_line():
    lines = read_text(BATCH, default_day=None, source="s").lines
    result = batches.validate(lines)
    belongs, other, unchecked, bad_modifier, not_an_ndc = result.results
    assert result.has_ndc
    assert belongs.valid and belongs.ndc.ok and belongs.message == "valid"
    assert "billing unit 1 MG; 100 units per package" in belongs.ndc.text
    assert not other.valid and other.status == "active"
    assert (
        other.message == f"valid; {other.ndc.text}"
        and "belongs to J2516, not J2545" in other.message
    )
    assert unchecked.valid and unchecked.ndc.status == ndc_check.NO_CROSSWALK
    # Modifiers from Modifier 1..4 columns are checked on the date like a modifiers column.
    assert bad_modifier.ndc is None and not bad_modifier.valid
    assert [m.code for m in bad_modifier.modifiers] == ["JZ", "ZZ"]
    assert "modifier ZZ: not a known modifier" in bad_modifier.message
    assert not_an_ndc.status == "invalid_input" and not_an_ndc.ndc is None
    assert "“12-34” is not an NDC" in not_an_ndc.message
    assert not batches.validate(lines[3:4]).has_ndc


def test_the_api_answers_the_ndc(client):
    body = {
        "lines": [
            {"code": "J9271", "date": "2026-02-01", "ndc": "0006-3026-02", "units": 200},
            {"code": "J2545", "date": "2026-02-01", "ndc": "13925-0522-01"},
            {"code": "J9271", "date": "2026-02-01"},
        ]
    }
    response = client.post("/api/v1/validate/", body, content_type="application/json")
    first, other, plain = response.json()["results"]
    assert first["valid"] is True
    assert first["ndc"] == {
        "ndc": "00006-3026-02",
        "ok": True,
        "problem": False,
        "status": "belongs",
        "text": "NDC 00006-3026-02 belongs to J9271 in the Jan–Mar 2026 crosswalk "
        "(Keytruda; billing unit 1 MG; 100 units per package)",
        "crosswalk": "Jan–Mar 2026",
        "codes": ["J9271"],
        "drug_name": "Keytruda",
        "billing_unit": "1 MG",
        "units_per_package": "100",
    }
    assert other["valid"] is False and other["ndc"]["codes"] == ["J2516"]
    assert "belongs to J2516, not J2545" in other["message"]
    assert "ndc" not in plain
    csv_answer = client.post("/api/v1/validate/", BATCH, content_type="text/csv").json()
    assert csv_answer["results"][1]["ndc"]["status"] == "other_code"
