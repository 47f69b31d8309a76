"""Whether a code may be used on a day: the one rule, written down once.

**The rule.** A code is valid on day D when its ADD DT <= D and its TERM DT is empty or
D <= TERM DT (TERM DT is "the last date the code may be used"). Both dates are read from the
latest published record of the code, not from the release in force on D: CMS carries ADD DT
and TERM DT forward from release to release, so the latest record answers for days before the
first loaded release and between two loaded releases too (C9304 on 2025-05-15 is valid though
neither the April nor the July 2025 file is loaded). The other field values shown for D still
come from the release in force on D (``codes.validation.validity``).

**Statuses.** ``active`` (valid on D), ``not_yet_effective`` (D < ADD DT), ``terminated``
(D > TERM DT, or past the day a code left the file, below) and ``unknown`` (no loaded release
has the code; only the validity service gives it, a stored code always has a status).

**A code that left CMS's file without a TERM DT** (``HcpcsCode.listed`` false, TERM DT empty)
is treated as terminated from the effective date of the release that first left it out: its
last valid day is the day before. CMS normally keeps a terminated code in the file with its
TERM DT for years, so a silent disappearance means the code is no longer reportable from that
release on, and the day before is the latest day we know it was. Its TERM DT, when it has
one, wins: it is CMS's own date.

**ACTION CD "A" with ACT EFF DT is not part of the rule** (the earlier ``record_status`` made a
code with action "A" not yet effective before its ACT EFF DT). ACTION CD and ACT EFF DT
describe only the latest change CMS made to the record, so they say nothing about days before
it; for an added code ACT EFF DT equals ADD DT (all 76 action-"A" codes of October 2025), and
where they would differ ADD DT is the date CMS defines as the code's first day.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q


class CodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    NOT_YET_EFFECTIVE = "not_yet_effective", "Not yet effective"
    TERMINATED = "terminated", "Terminated"
    UNKNOWN = "unknown", "Unknown code"


# The search filter's value for "whatever the status" (a query parameter, so kept short).
ANY_STATUS = "all"
ONE_DAY = datetime.timedelta(days=1)


def last_valid_day(
    *, term_dt: datetime.date | None, listed: bool = True, removed_on: datetime.date | None = None
) -> datetime.date | None:
    """The last day a code may be used: its TERM DT, else the day before the release that
    left it out of the file took effect, else None (no end)."""
    if term_dt:
        return term_dt
    if not listed and removed_on:
        return removed_on - ONE_DAY
    return None


def status_on(
    day: datetime.date, *, add_dt: datetime.date | None, last_day: datetime.date | None
) -> CodeStatus:
    """The status on ``day`` of a code with this ADD DT and last valid day."""
    if last_day and day > last_day:
        return CodeStatus.TERMINATED
    if add_dt and day < add_dt:
        return CodeStatus.NOT_YET_EFFECTIVE
    return CodeStatus.ACTIVE


def condition(status: str, day: datetime.date) -> Q:
    """The rule as a filter on ``HcpcsCode`` (the published state), for ``with_status``."""
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
    """Why the status holds, in a few words: "terminated 2025-06-30", "valid; terminated
    later on 2025-06-30", "not yet effective: added 2025-10-01"."""
    if status == CodeStatus.UNKNOWN:
        return "not in any loaded release"
    if status == CodeStatus.NOT_YET_EFFECTIVE:
        return f"not yet effective: added {add_dt:%Y-%m-%d}"
    if status == CodeStatus.TERMINATED:
        if term_dt:
            return f"terminated {term_dt:%Y-%m-%d}"
        return f"no longer in CMS's file after {last_day:%Y-%m-%d} (no TERM DT)"
    if last_day == day:
        return (
            f"valid: its last day (TERM DT {last_day:%Y-%m-%d})"
            if term_dt
            else "valid: its last day"
        )
    if last_day:
        if term_dt:
            return f"valid; terminated later on {term_dt:%Y-%m-%d}"
        return f"valid; no longer in CMS's file after {last_day:%Y-%m-%d}"
    return "valid"
