"""Loading fee schedule quarters: staging compares with the quarter before, publishing moves
the content version and replaces a re-issued quarter, and a bad file changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from codes.fees.models import FeeQuarter, FeeRow
from codes.fees.reader import read_fee_schedule
from codes.fees.services import FeeScheduleError, fee_discard, fee_publish, fee_stage
from codes.models import AuditEntry, PublishedState
from tests.fees.conftest import JANUARY_2026, excerpt, unzipped, with_line

pytestmark = pytest.mark.usefixtures("bundled")


def counts() -> tuple:
    return FeeQuarter.objects.count(), FeeRow.objects.count(), AuditEntry.objects.count()


def test_a_fresh_install_has_both_quarters_published():
    quarters = list(FeeQuarter.objects.published().order_by("effective_date"))
    assert [(q.label, q.row_count, q.code_count) for q in quarters] == [
        ("April 2025", 3511, 2100),
        ("January 2026", 3515, 2106),
    ]
    january = quarters[1].summary
    assert january["compared_with"] == "April 2025"
    assert (january["added"], january["removed"], january["changed"]) == (7, 3, 3420)
    assert january["changed_sample"][0] == {
        "key": "A4216",
        "cells": 55,
        "min_pct": 1.6,
        "max_pct": 2.1,
        "first": {"column": "Ceiling", "old": "0.62", "new": "0.63", "pct": 1.6},
    }
    assert january["median_pct"] == 2.0
    assert january["codes_removed"] == ["E0765"]
    assert january["removed_sample"] == ["E0765 NU", "E0765 RR", "E0765 UE"]
    assert "E0658" in january["codes_added"]
    assert FeeRow.objects.get(quarter=quarters[1], code="E0601").amounts["AL"] == [
        "51.94",
        "97.02",
    ]
    assert (
        AuditEntry.objects.filter(
            field_name="DMEPOS fee schedule", action=AuditEntry.Action.PUBLISHED
        ).count()
        == 2
    )


def test_the_quarter_in_force_on_a_date():
    assert FeeQuarter.objects.in_force_on(datetime.date(2025, 6, 1)).label == "April 2025"
    assert FeeQuarter.objects.in_force_on(datetime.date(2026, 1, 1)).label == "January 2026"
    assert FeeQuarter.objects.in_force_on(datetime.date(2025, 3, 31)) is None


def test_a_reissued_quarter_is_compared_with_and_replaces_the_published_one():
    data = with_line(
        excerpt(JANUARY_2026, rows=3515),
        750,
        b"E0601,RR,,D,CR,0,0,51.94,",
        b"E0601,RR,,D,CR,0,0,52.00,",
    )
    parsed = read_fee_schedule(data, name="DMEPOS26_JAN_corrected.csv")
    before = PublishedState.objects.get().content_version
    draft = fee_stage(parsed=parsed)
    assert draft.summary["compared_with"] == "January 2026"
    assert (draft.summary["added"], draft.summary["removed"], draft.summary["changed"]) == (0, 0, 1)
    assert draft.summary["changed_sample"][0]["first"]["pct"] == 0.1
    assert PublishedState.objects.get().content_version == before  # a draft shows nothing
    fee_publish(quarter=draft)
    assert PublishedState.objects.get().content_version == before + 1
    old = FeeQuarter.objects.get(source_name=JANUARY_2026.name)
    assert old.status == FeeQuarter.Status.REPLACED
    assert FeeQuarter.objects.in_force_on(datetime.date(2026, 2, 1)) == draft
    with pytest.raises(FeeScheduleError, match="only a draft can be published"):
        fee_publish(quarter=draft)


def test_the_same_file_twice_is_refused_and_a_discarded_one_can_come_back():
    parsed = read_fee_schedule(unzipped(JANUARY_2026), name="DMEPOS26_JAN_again.csv")
    with pytest.raises(FeeScheduleError, match="already loaded as the DMEPOS fee schedule"):
        fee_stage(parsed=parsed)
    small = read_fee_schedule(excerpt(JANUARY_2026), name="DMEPOS26_JAN_part.csv")
    draft = fee_stage(parsed=small)
    assert draft.summary["removed"] == 3515 - 30
    fee_discard(quarter=draft, reason="Only part of the file.")
    draft.refresh_from_db()
    assert draft.status == FeeQuarter.Status.DISCARDED and not draft.rows.exists()
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.DISCARDED).latest("at")
    assert entry.field_name == "DMEPOS fee schedule" and entry.reason == "Only part of the file."
    assert fee_stage(parsed=small).is_draft


def test_a_file_without_a_quarter_is_refused():
    parsed = read_fee_schedule(excerpt(JANUARY_2026), name="fees.csv")
    assert parsed.effective_date is None
    with pytest.raises(FeeScheduleError, match="give its effective date"):
        fee_stage(parsed=parsed)
    parsed = read_fee_schedule(
        excerpt(JANUARY_2026), name="fees.csv", effective_date=datetime.date(2026, 2, 1)
    )
    with pytest.raises(FeeScheduleError, match="not the first day of a quarter"):
        fee_stage(parsed=parsed)


def test_command_loads_all_or_nothing(tmp_path):
    good = tmp_path / "DMEPOS26_JUL.csv"
    good.write_bytes(excerpt(JANUARY_2026))
    bad = tmp_path / "DMEPOS26_OCT.csv"
    bad.write_bytes(with_line(excerpt(JANUARY_2026), 5, b",25.87,", b",n/a,"))
    before = counts()
    with pytest.raises(
        CommandError,
        match=r"DMEPOS26_OCT.csv, line 5, column \d+, field .*: “n/a” is not an amount. "
        "Nothing was saved.",
    ):
        call_command("load_dmepos", str(good), str(bad), "--publish")
    assert counts() == before
    out = io.StringIO()
    call_command("load_dmepos", str(good), "--dry-run", stdout=out)
    assert (
        "July 2026, 30 rows" in out.getvalue() and "Dry run: nothing was saved." in out.getvalue()
    )
    assert counts() == before
    call_command("load_dmepos", str(good), "--effective-date", "2026-04-01", stdout=out)
    assert FeeQuarter.objects.get(effective_date=datetime.date(2026, 4, 1)).is_draft
    with pytest.raises(CommandError, match="not a date"):
        call_command("load_dmepos", str(good), "--effective-date", "April")
