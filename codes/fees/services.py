"""The writes of the fee schedule: stage, publish and discard a quarter. Each runs in one
transaction and leaves an audit entry; a refusal changes nothing.

Staging compares the file with the published quarter it follows (the same quarter when CMS
re-issues one, else the latest earlier one) and keeps what changed in ``FeeQuarter.summary``
for the review page: new rows, removed rows, and changed amounts with their percentages.

The audit trail uses the core actions for loading, publishing and discarding a CMS file,
with ``field_name`` "DMEPOS fee schedule", so that no migration of the core app is needed.
"""

from __future__ import annotations

import datetime
import statistics
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from codes.fees.models import FeeQuarter, FeeRow
from codes.fees.reader import ParsedFeeSchedule
from codes.models import AuditEntry, PublishedState

AUDIT_FIELD = "DMEPOS fee schedule"
# How many new, removed and changed rows the summary lists by name (the counts are complete).
SUMMARY_SAMPLE = 300
BATCH = 1000


class FeeScheduleError(Exception):
    """A quarter cannot be staged or published; the message says why."""

    def __init__(self, message: str, *, quarter: FeeQuarter | None = None):
        super().__init__(message)
        self.quarter = quarter


def _key_text(key: tuple[str, str, str]) -> str:
    return " ".join(part for part in key if part)


def percent(old: Decimal, new: Decimal) -> float | None:
    """The change from ``old`` to ``new`` in percent, one decimal; None from 0.00."""
    if old == 0:
        return None
    return round(float((new - old) / old * 100), 1)


def _columns(ceiling, floor, amounts: dict) -> dict[str, Decimal]:
    """A row's amounts by column name, as the file names them."""
    columns = {"Ceiling": Decimal(ceiling), "Floor": Decimal(floor)}
    for state, (non_rural, rural) in amounts.items():
        columns[f"{state} (NR)"] = Decimal(non_rural)
        columns[f"{state} (R)"] = Decimal(rural)
    return columns


def compare(new_rows: list[dict], previous: FeeQuarter | None, *, using: str) -> dict:
    """What ``new_rows`` change against the rows of ``previous``."""
    new = {(r["code"], r["modifier"], r["modifier2"]): r for r in new_rows}
    codes = {key[0] for key in new}
    summary = {
        "compared_with": previous.label if previous else None,
        "compared_with_id": previous.pk if previous else None,
        "rows": len(new),
        "codes": len(codes),
    }
    if previous is None:
        return {**summary, "added": len(new), "removed": 0, "changed": 0, "unchanged": 0}
    old = {
        (code, mod, mod2): (ceiling, floor, amounts)
        for code, mod, mod2, ceiling, floor, amounts in FeeRow.objects.using(using)
        .filter(quarter=previous)
        .values_list("code", "modifier", "modifier2", "ceiling", "floor", "amounts")
    }
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = []
    percents: list[float] = []
    for key in sorted(set(new) & set(old)):
        row = new[key]
        before = _columns(*old[key])
        after = _columns(row["ceiling"], row["floor"], row["amounts"])
        cells = []
        for column, value in after.items():
            was = before.get(column)
            if was is not None and was != value:
                pct = percent(was, value)
                cells.append({"column": column, "old": str(was), "new": str(value), "pct": pct})
                if pct is not None:
                    percents.append(pct)
        if cells:
            row_pcts = [c["pct"] for c in cells if c["pct"] is not None]
            changed.append(
                {
                    "key": _key_text(key),
                    "cells": len(cells),
                    "min_pct": min(row_pcts) if row_pcts else None,
                    "max_pct": max(row_pcts) if row_pcts else None,
                    "first": cells[0],
                }
            )
    old_codes = {key[0] for key in old}
    return {
        **summary,
        "added": len(added),
        "removed": len(removed),
        "changed": len(changed),
        "unchanged": len(new) - len(added) - len(changed),
        "changed_amounts": len(percents),
        "median_pct": statistics.median(percents) if percents else None,
        "added_sample": [
            {
                "key": _key_text(k),
                "category": new[k]["category"],
                "description": new[k]["description"],
            }
            for k in added[:SUMMARY_SAMPLE]
        ],
        "removed_sample": [_key_text(k) for k in removed[:SUMMARY_SAMPLE]],
        "changed_sample": changed[:SUMMARY_SAMPLE],
        "codes_added": sorted(codes - old_codes),
        "codes_removed": sorted(old_codes - codes),
    }


def _previous(effective_date: datetime.date, *, using: str) -> FeeQuarter | None:
    """The published quarter a new file is compared with: the same quarter (a re-issue)
    or the latest before it."""
    return (
        FeeQuarter.objects.using(using)
        .published()
        .filter(effective_date__lte=effective_date)
        .order_by("-effective_date", "-published_at")
        .first()
    )


def _stored(row: dict) -> dict:
    return {
        **row,
        "amounts": {state: [str(nr), str(r)] for state, (nr, r) in row["amounts"].items()},
    }


def fee_stage(*, parsed: ParsedFeeSchedule, user=None, using: str = "default") -> FeeQuarter:
    """Store a read fee schedule as a draft quarter with its comparison. Refused: a file
    without a quarter, and the same bytes already loaded (and not discarded)."""
    if parsed.effective_date is None:
        raise FeeScheduleError(
            f"{parsed.source_name}: the quarter is neither in the file's banner nor in its "
            "name (DMEPOS26_JAN); give its effective date."
        )
    if parsed.effective_date.day != 1 or parsed.effective_date.month not in (1, 4, 7, 10):
        raise FeeScheduleError(
            f"{parsed.source_name}: {parsed.effective_date:%Y-%m-%d} is not the first day of a "
            "quarter (January, April, July or October 1)."
        )
    with transaction.atomic(using=using):
        existing = (
            FeeQuarter.objects.using(using)
            .filter(sha256=parsed.sha256)
            .exclude(status__in=[FeeQuarter.Status.DISCARDED, FeeQuarter.Status.REPLACED])
            .first()
        )
        if existing is not None:
            raise FeeScheduleError(
                f"{parsed.source_name} is already loaded as the {existing}.", quarter=existing
            )
        previous = _previous(parsed.effective_date, using=using)
        quarter = FeeQuarter.objects.using(using).create(
            effective_date=parsed.effective_date,
            source_name=parsed.source_name[:255],
            sha256=parsed.sha256,
            row_count=len(parsed.rows),
            code_count=len(parsed.codes),
            states=parsed.states,
            summary=compare(parsed.rows, previous, using=using),
            loaded_by=user,
        )
        FeeRow.objects.using(using).bulk_create(
            (FeeRow(quarter=quarter, **_stored(row)) for row in parsed.rows), batch_size=BATCH
        )
        AuditEntry.objects.using(using).create(
            action=AuditEntry.Action.STAGED,
            user=user,
            field_name=AUDIT_FIELD,
            new_value=str(quarter),
            reason=f"Loaded {parsed.source_name} (SHA-256 {parsed.sha256[:12]}…).",
        )
    return quarter


def fee_publish(*, quarter: FeeQuarter, user=None, using: str = "default") -> FeeQuarter:
    """Make a draft the published file of its quarter, replacing the one before; pages,
    search and the API show it from the commit on (the content version moves)."""
    with transaction.atomic(using=using):
        locked = FeeQuarter.objects.using(using).select_for_update().get(pk=quarter.pk)
        if not locked.is_draft:
            raise FeeScheduleError(
                f"The {locked} is {locked.get_status_display().lower()}; only a draft can be "
                "published.",
                quarter=locked,
            )
        FeeQuarter.objects.using(using).published().filter(
            effective_date=locked.effective_date
        ).update(status=FeeQuarter.Status.REPLACED)
        locked.status = FeeQuarter.Status.PUBLISHED
        locked.published_by = user
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_by", "published_at"])
        AuditEntry.objects.using(using).create(
            action=AuditEntry.Action.PUBLISHED,
            user=user,
            field_name=AUDIT_FIELD,
            new_value=str(locked),
        )
        PublishedState.objects.db_manager(using).record_change(published=False)
    return locked


def fee_discard(*, quarter: FeeQuarter, user=None, reason: str, using: str = "default") -> None:
    """Drop a draft's rows; the quarter stays, marked discarded, for the record."""
    with transaction.atomic(using=using):
        locked = FeeQuarter.objects.using(using).select_for_update().get(pk=quarter.pk)
        if not locked.is_draft:
            raise FeeScheduleError(f"The {locked} is not a draft.", quarter=locked)
        locked.rows.all().delete()
        locked.status = FeeQuarter.Status.DISCARDED
        locked.save(update_fields=["status"])
        AuditEntry.objects.using(using).create(
            action=AuditEntry.Action.DISCARDED,
            user=user,
            field_name=AUDIT_FIELD,
            new_value=str(locked),
            reason=reason,
        )
