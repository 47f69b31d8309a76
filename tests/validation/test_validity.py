"""The one validity rule on the bundled 2025 releases: each status with the codes CMS's own
dates decide, the same answer from the queryset, the record and the service."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.models import HcpcsCode, Release
from codes.status import CodeStatus
from codes.validation.validity import Replacement, check, check_many

D = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("code", "day", "status", "message"),
    [
        # Neither April nor July 2025 is loaded: CMS's dates still answer.
        ("C9304", "2025-05-15", CodeStatus.ACTIVE, "valid; last valid day 2025-06-30"),
        # Before the first loaded release (January 2025).
        ("J0135", "2024-06-01", CodeStatus.ACTIVE, "valid; last valid day 2024-12-31"),
        ("J0135", "2025-06-01", CodeStatus.TERMINATED, "last valid day 2024-12-31"),
        (
            "Q4390",
            "2025-06-30",
            CodeStatus.NOT_YET_EFFECTIVE,
            "not yet effective; valid from 2025-10-01",
        ),
        ("Q4390", "2025-10-01", CodeStatus.ACTIVE, "valid"),
        ("J2310", "2025-06-30", CodeStatus.ACTIVE, "valid: its last day (TERM DT 2025-06-30)"),
        ("J2310", "2025-07-01", CodeStatus.TERMINATED, "last valid day 2025-06-30"),
        (
            "C9173",
            "2025-07-01",
            CodeStatus.TERMINATED,
            "last valid day 2025-06-30; replaced by Q5148",
        ),
        (
            "G0503",
            "2025-01-01",
            CodeStatus.TERMINATED,
            "last valid day 2017-12-31; replaced by 99493 (CPT, not HCPCS Level II)",
        ),
        ("ZZ999", "2025-01-01", CodeStatus.UNKNOWN, "not in any loaded release"),
    ],
)
def test_each_status_from_cms_dates(bundled, code, day, status, message):
    verdict = check(code, D(day))
    assert verdict.status == status
    assert verdict.valid is (status == CodeStatus.ACTIVE)
    assert verdict.message == message
    assert verdict.code == code and verdict.day == D(day)


def test_replacements_mark_cpt_codes(bundled):
    assert check("C9173", D("2025-07-01")).replacements == [Replacement("Q5148", True)]
    assert check("G0503", D("2025-07-01")).replacements == [Replacement("99493", False)]
    assert check("Q4390", D("2025-11-01")).replacements == []


def test_values_come_from_the_release_whose_file_states_them(bundled):
    january = Release.objects.get(label="2025 January")
    october = Release.objects.get(label="2025 October")
    # J2310's TERM DT first appears in October 2025's file: that file is cited, not
    # January's (in force on the day, but without the TERM DT the answer rests on).
    verdict = check("J2310", D("2025-07-01"))
    assert verdict.release.pk == october.pk and verdict.release.label == "2025 October"
    assert verdict.in_force.pk == january.pk
    assert verdict.add_dt == D("1996-01-01") and verdict.term_dt == D("2025-06-30")
    active = check("A6549", D("2025-08-01"))
    assert active.release.pk == january.pk  # unchanged until October: January's file
    assert check("Q4390", D("2025-11-01")).release.pk == october.pk
    assert check("Q4390", D("2025-11-01")).description.startswith("Ascendion, per square")
    # Between 2020 October and 2025 January no release is loaded: the 2020 file, in force
    # here, still states J0135.
    assert check("J0135", D("2024-06-01")).release.label == "2020 October"
    # Before the first loaded release, the first file's record is shown, and cited.
    early = check("J0135", D("2016-06-01"))
    assert early.release.label == "2017 January" and early.in_force is None
    assert early.short_description == "Adalimumab injection"
    assert any("before the first loaded release" in note for note in early.notes)
    assert check("ZZ999", D("2025-01-01")).release is None


def test_codes_are_taken_as_given(bundled):
    assert check("q4390", D("2025-11-01")).status == CodeStatus.UNKNOWN
    assert check("Q4390", D("2025-11-01")).status == CodeStatus.ACTIVE


def test_check_many_keeps_order_and_a_bounded_number_of_queries(bundled):
    codes = list(HcpcsCode.objects.values_list("code", flat=True)[:3000])
    lines = [(c, D("2025-07-01")) for c in codes] + [
        ("C9304", D("2025-05-15")),
        ("NOPE", D("2025-01-01")),
    ]
    with CaptureQueriesContext(connection) as queries:
        verdicts = check_many(lines)
    assert 2 <= len(queries) <= 4, [q["sql"][:80] for q in queries]
    assert [(v.code, v.day) for v in verdicts] == lines
    assert verdicts[-2].status == CodeStatus.ACTIVE
    assert verdicts[-1].status == CodeStatus.UNKNOWN


DAYS = ["2005-01-01", "2024-12-31", "2025-05-15", "2025-07-01", "2026-01-01"]


@pytest.mark.slow  # every code's record on five days: not in make test-fast
def test_queryset_record_and_service_agree(bundled):
    """On each day, the status filter in SQL, the record's own ``status_on`` and the service
    put every code in the same status (the 9,000 records are read once, not once a day)."""
    codes = list(HcpcsCode.objects.select_related("release"))
    for day in map(D, DAYS):
        by_queryset = {
            status: set(
                HcpcsCode.objects.with_status(status, on=day).values_list("code", flat=True)
            )
            for status in (CodeStatus.ACTIVE, CodeStatus.NOT_YET_EFFECTIVE, CodeStatus.TERMINATED)
        }
        assert sum(len(c) for c in by_queryset.values()) == len(codes), day
        by_record = {}
        for obj in codes:
            by_record.setdefault(obj.status_on(day), set()).add(obj.code)
        assert by_record == {s: c for s, c in by_queryset.items() if c}, day
        sample = sorted(by_queryset[CodeStatus.TERMINATED])[:200]
        verdicts = check_many([(c, day) for c in sample])
        assert {v.status for v in verdicts} <= {CodeStatus.TERMINATED}, day


def test_a_code_that_left_the_file_without_term_dt(bundled):
    """G9976 is in the 2018 file with no TERM DT and in no later one: it ends the day before
    the 2019 file, which left it out."""
    assert check("G9976", D("2018-12-31")).status == CodeStatus.ACTIVE
    assert (
        check("G9976", D("2018-12-31")).message
        == "valid: its last day (the next file leaves it out)"
    )
    gone = check("G9976", D("2019-01-01"))
    assert gone.status == CodeStatus.TERMINATED
    assert gone.message == (
        "last valid day 2018-12-31: no longer in CMS's file after it (left out of 2019 January "
        "with no TERM DT)"
    )
    assert gone.last_day == D("2018-12-31") and gone.term_dt is None
    assert gone.release.label == "2018 January"
    on_day = HcpcsCode.objects.with_status(CodeStatus.TERMINATED, on=D("2019-01-01"))
    assert on_day.filter(code="G9976").exists()
    before = HcpcsCode.objects.with_status(CodeStatus.ACTIVE, on=D("2018-12-31"))
    assert before.filter(code="G9976").exists()


def test_with_status_refuses_an_unknown_status(bundled):
    with pytest.raises(ValueError, match="Not a code status"):
        HcpcsCode.objects.with_status("pending", on=D("2025-01-01"))
