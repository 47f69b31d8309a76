"""NDCs in their printed forms and doses in billing units (plain Python)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from codes.cms.ndc import candidates, looks_like_ndc
from codes.drugs.dose import billing_units, split_dose


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("00006-3026-02", ["00006-3026-02"]),  # 5-4-2, as billed
        ("0006-3026-02", ["00006-3026-02"]),  # 4-4-2, as on the Keytruda vial
        ("57894-030-01", ["57894-0030-01"]),  # 5-3-2
        ("67684-2000-0", ["67684-2000-00"]),  # 5-4-1
        ("00006302602", ["00006-3026-02"]),  # 11 digits
        ("0006 3026 02", ["00006-3026-02"]),  # spaces
        ("NDC: 0006-3026-02", ["00006-3026-02"]),  # as printed on a claim
    ],
)
def test_printed_forms_become_the_billing_form(typed, expected):
    assert looks_like_ndc(typed)
    assert candidates(typed) == expected


def test_ten_bare_digits_try_all_three_shapes():
    assert candidates("0006302602") == ["00006-3026-02", "00063-0026-02", "00063-0260-02"]


@pytest.mark.parametrize("typed", ["12345", "E0607", "0006-3026-2", "1-2-3", "keytruda"])
def test_what_is_not_an_ndc(typed):
    assert not looks_like_ndc(typed) or candidates(typed) == []


def test_dose_after_a_name_or_code():
    rest, dose = split_dose("keytruda 200 mg")
    assert (rest, str(dose)) == ("keytruda", "200 mg")
    rest, dose = split_dose("J9271 200mg")
    assert (rest, str(dose)) == ("J9271", "200 mg")
    assert split_dose("tens unit") == ("tens unit", None)
    assert split_dose("200 mg")[1] is None  # a dose alone names nothing


def test_units_to_bill():
    dose = split_dose("x 200 mg")[1]
    billing = billing_units("J9271", dose, "1 MG")
    assert billing.units == Decimal(200)
    assert billing.message == "200 mg ÷ 1 mg = 200 units of J9271."
    assert billing_units("J2506", split_dose("x 6 mg")[1], "0.5 MG").units == 12
    assert billing_units("J0000", split_dose("x 1.5 g")[1], "500 MG").units == 3


def test_a_partial_unit_is_billed_as_the_next_whole_unit():
    billing = billing_units("J1745", split_dose("x 425 mg")[1], "10 MG")
    assert billing.units == 43
    assert "42.5" in billing.message and "next whole unit" in billing.message


def test_incompatible_units_say_so():
    billing = billing_units("J9271", split_dose("x 200 ml")[1], "1 MG")
    assert billing.units is None
    assert "not compatible" in billing.message
    combo = billing_units("J7999", split_dose("x 2 mg")[1], "2.5 MG/0.5 MG")
    assert combo.units is None and "not a single amount" in combo.message
