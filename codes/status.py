"""Whether a code may be used on a day: the one rule, written down once.

A code is valid on day D when its ADD DT <= D and its TERM DT is empty or D <= TERM DT,
both read from the latest published record (CMS carries them forward from release to
release, so the latest record answers for days before the first loaded release and between
loaded releases too). Statuses: ``active``, ``not_yet_effective`` (D < ADD DT),
``terminated`` (D > TERM DT) and ``unknown`` (no loaded release has the code).

A code that left CMS's file without a TERM DT (``HcpcsCode.listed`` false) is treated as
terminated from the effective date of the release that left it out: its last valid day is
the day before. CMS keeps terminated codes in the file with their TERM DT for years, so a
silent disappearance means the code is no longer reportable from that release on.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

ONE_DAY = datetime.timedelta(days=1)


class CodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    NOT_YET_EFFECTIVE = "not_yet_effective", "Not yet effective"
    TERMINATED = "terminated", "Terminated"
    UNKNOWN = "unknown", "Unknown code"


def last_valid_day(
    *, term_dt: datetime.date | None, listed: bool = True, removed_on: datetime.date | None = None
) -> datetime.date | None:
    """TERM DT, else the day before the release that left the code out, else None."""
    if term_dt:
        return term_dt
    if not listed and removed_on:
        return removed_on - ONE_DAY
    return None


def status_on(
    day: datetime.date, *, add_dt: datetime.date | None, last_day: datetime.date | None
) -> CodeStatus:
    if last_day and day > last_day:
        return CodeStatus.TERMINATED
    if add_dt and day < add_dt:
        return CodeStatus.NOT_YET_EFFECTIVE
    return CodeStatus.ACTIVE


def condition(status: str, day: datetime.date) -> Q:
    """The rule as a filter on ``HcpcsCode`` (the published state)."""
    removed_before = Q(listed=False, term_dt__isnull=True, release__effective_date__lte=day)
    terminated = Q(term_dt__lt=day) | removed_before
    if status == CodeStatus.TERMINATED:
        return terminated
    if status == CodeStatus.NOT_YET_EFFECTIVE:
        return Q(add_dt__gt=day) & ~terminated
    if status == CodeStatus.ACTIVE:
        return (Q(add_dt__isnull=True) | Q(add_dt__lte=day)) & ~terminated
    if status == CodeStatus.UNKNOWN:
        return Q(pk__in=[])
    raise ValueError(f"Not a code status: {status!r}")


def describe(
    status: CodeStatus,
    *,
    day: datetime.date,
    add_dt: datetime.date | None,
    term_dt: datetime.date | None,
    last_day: datetime.date | None,
) -> str:
    """Why the status holds: "terminated 2025-06-30", "valid; terminated later on ..."."""
    if status == CodeStatus.UNKNOWN:
        return "not in any loaded release"
    if status == CodeStatus.NOT_YET_EFFECTIVE:
        return f"not yet effective: added {add_dt:%Y-%m-%d}"
    if status == CodeStatus.TERMINATED:
        if term_dt:
            return f"terminated {term_dt:%Y-%m-%d}"
        return f"no longer in CMS's file after {last_day:%Y-%m-%d} (no TERM DT)"
    if last_day == day:
        return "valid: its last day"
    if last_day:
        return f"valid; terminated later on {last_day:%Y-%m-%d}"
    return "valid"
