"""The one validity rule (codes.status) and the validity service, on the bundled releases,
with the real codes an auditor asks about."""

from __future__ import annotations

import datetime

import pytest

from codes.models import HcpcsCode
from codes.status import CodeStatus, condition
from codes.validation.validity import check, check_many

D = datetime.date


@pytest.mark.parametrize(
    ("code", "day", "status", "words"),
    [
        ("C9304", D(2025, 5, 15), CodeStatus.ACTIVE, "terminated later on 2025-06-30"),
        ("C9304", D(2025, 7, 1), CodeStatus.TERMINATED, "replaced by J7172"),
        ("J0135", D(2024, 6, 1), CodeStatus.ACTIVE, "valid"),
        ("J0135", D(2025, 2, 1), CodeStatus.TERMINATED, "terminated 2024-12-31"),
        ("Q4390", D(2025, 6, 30), CodeStatus.NOT_YET_EFFECTIVE, "added 2025-10-01"),
        ("Q4390", D(2025, 10, 1), CodeStatus.ACTIVE, "valid"),
        ("J2310", D(2025, 6, 30), CodeStatus.ACTIVE, "last day"),
        ("J2310", D(2025, 7, 1), CodeStatus.TERMINATED, "terminated 2025-06-30"),
        ("C9173", D(2025, 7, 1), CodeStatus.TERMINATED, "replaced by Q5148"),
        ("G0503", D(2025, 1, 1), CodeStatus.TERMINATED, "99493 (CPT, not HCPCS Level II)"),
        ("ZZZZZ", D(2025, 1, 1), CodeStatus.UNKNOWN, "not in any loaded release"),
        ("q4390", D(2025, 11, 1), CodeStatus.UNKNOWN, "not in any loaded release"),
    ],
)
def test_verdicts_on_real_codes(bundled, code, day, status, words):
    verdict = check(code, day)
    assert verdict.status == status
    assert verdict.valid is (status == CodeStatus.ACTIVE)
    assert words in verdict.message


def test_descriptions_and_release_come_from_the_release_in_force(bundled):
    before, after = check_many([("A6549", D(2025, 3, 1)), ("A6549", D(2025, 11, 1))])
    assert before.description == "Gradient compression garment, not otherwise specified"
    assert "for daytime use" in after.description
    assert before.release.label == "2025 January"
    assert after.release.label == "2025 October"
    cross = check("G0503", D(2025, 1, 1)).replacements
    assert [(r.code, r.in_hcpcs) for r in cross] == [("99493", False)]


def test_check_many_is_a_bounded_number_of_queries(bundled, django_assert_max_num_queries):
    codes = list(HcpcsCode.objects.values_list("code", flat=True)[:3000])
    lines = [(code, D(2025, 5, 15)) for code in codes] * 3
    with django_assert_max_num_queries(4):
        verdicts = check_many(lines)
    assert len(verdicts) == len(lines)
    assert [v.code for v in verdicts] == [code for code, _ in lines]


def test_the_rule_as_a_filter_agrees_with_the_verdicts(bundled):
    day = D(2025, 5, 15)
    active = set(
        HcpcsCode.objects.filter(condition(CodeStatus.ACTIVE, day)).values_list("code", flat=True)
    )
    sample = ["C9304", "J0135", "Q4390", "J2310", "E2601"]
    for verdict in check_many([(code, day) for code in sample]):
        assert (verdict.code in active) is verdict.valid
