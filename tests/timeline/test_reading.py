"""The timeline's reading of CMS's dates (codes/timeline/reading.py), one case each, on the
twelve bundled releases: reuse, reactivation, a moved ADD DT, a file leaving a code out,
a code of one quarter, a modifier added in 2026, and the statement each answer cites."""

from __future__ import annotations

import datetime

import pytest

from codes.models import CodeLife, HcpcsCode
from codes.status import CodeStatus
from codes.timeline import store

pytestmark = pytest.mark.usefixtures("bundled")
D = datetime.date.fromisoformat


def answer(code: str, day: str):
    return store.load([code])[code].answer(D(day))


def spans(code: str) -> list[tuple]:
    return [(life.start, life.end) for life in store.load([code])[code].lives]


def test_a_code_reused_after_termination_has_two_lives():
    assert spans("J1440") == [(D("1994-01-01"), D("2013-12-31")), (D("2023-07-01"), None)]
    assert answer("J1440", "1999-01-01").status == CodeStatus.ACTIVE
    between = answer("J1440", "2018-06-01")
    assert between.status == CodeStatus.TERMINATED
    assert between.message() == "last valid day 2013-12-31; in use again from 2023-07-01"
    assert answer("J1440", "2023-08-01").cited.label == "2025 January"


def test_a_reactivation_starts_a_life_at_its_act_eff_dt():
    assert spans("J0570") == [(D("2017-01-01"), D("2024-12-31")), (D("2025-10-01"), None)]
    gap = answer("J0570", "2025-02-15")
    assert gap.status == CodeStatus.TERMINATED
    assert gap.cited.label == "2025 January" and gap.version.term_dt == D("2024-12-31")
    again = answer("J0570", "2026-05-01")
    assert again.valid and again.valid_from == D("2025-10-01")
    assert any("reactivated it from 2025-10-01" in note for note in again.notes)


def test_a_later_file_moving_add_dt_back_wins_and_is_cited():
    assert spans("G0681")[0][0] == D("2026-01-01")
    early = answer("G0681", "2026-02-01")
    assert early.valid
    assert early.cited.label == "2026 July"  # April's file still said 2026-04-01
    assert early.version.add_dt == D("2026-01-01")
    assert any("moved it to 2026-01-01" in note for note in early.notes)


def test_a_file_that_leaves_a_code_out_does_not_end_it_when_a_later_file_continues_it():
    assert spans("DA") == [(D("2011-01-01"), None)]
    in_2019 = answer("DA", "2019-06-01")
    assert in_2019.valid
    assert in_2019.in_force.label == "2019 January"
    assert in_2019.cited.label == "2018 January"
    assert any("2019 January" in note and "does not list DA" in note for note in in_2019.notes)


def test_a_code_that_leaves_for_good_without_term_dt_ends_before_that_file():
    left = answer("G9976", "2019-01-01")
    assert left.status == CodeStatus.TERMINATED
    assert left.last_day == D("2018-12-31")
    assert "left out of 2019 January with no TERM DT" in left.message()


def test_a_code_of_one_quarter_and_a_code_only_in_old_releases():
    assert spans("C9309") == [(D("2026-04-01"), D("2026-06-30"))]
    assert answer("C9309", "2026-07-01").status == CodeStatus.TERMINATED
    old = answer("C9292", "2013-01-01")
    assert old.valid and old.cited.label == "2017 January"
    assert not HcpcsCode.objects.get(code="C9292").listed


def test_todays_data_is_july_2026():
    assert answer("G0577", "2026-12-03").valid
    assert answer("AC", "2026-12-03").valid  # the modifier July 2026 added
    assert answer("J3365", "2026-02-01").status == CodeStatus.TERMINATED
    assert answer("C9145", "2026-05-01").status == CodeStatus.TERMINATED


def test_the_stored_spans_match_the_timelines_and_the_sql_status_filter():
    for code in ("J1440", "J0570", "G0681", "DA", "C9309"):
        stored = list(
            CodeLife.objects.filter(code=code).order_by("start").values_list("start", "end")
        )
        assert stored == spans(code)
        assert HcpcsCode.objects.get(code=code).spans == spans(code)
    active = HcpcsCode.objects.with_status(CodeStatus.ACTIVE, on=D("2018-06-01"))
    terminated = HcpcsCode.objects.with_status(CodeStatus.TERMINATED, on=D("2018-06-01"))
    assert not active.filter(code="J1440").exists()
    assert terminated.filter(code="J1440").exists()
    assert active.filter(code="J1440").exists() is False
    on_2024 = HcpcsCode.objects.with_status(CodeStatus.ACTIVE, on=D("2024-01-01"))
    assert on_2024.filter(code="J1440").exists()
    assert (
        HcpcsCode.objects.with_status(CodeStatus.NOT_YET_EFFECTIVE, on=D("2025-12-01"))
        .filter(code="G0681")
        .exists()
    )
