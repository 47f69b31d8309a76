"""The statuses a code can have on a day.

The rule that decides them is the timeline's (``codes.timeline.reading``, written down once
in its docstring): a code is valid on day D when D falls in one of its periods of validity,
built from every published release's record of it in effective-date order (ADD DT, TERM DT,
reactivations, codes reused after termination, codes that left CMS's file).

``active`` (valid on D), ``not_yet_effective`` (before its first period), ``terminated``
(after a period's end and in no later period) and ``unknown`` (no loaded release has the code).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import models


class CodeStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    NOT_YET_EFFECTIVE = "not_yet_effective", "Not yet effective"
    TERMINATED = "terminated", "Terminated"
    UNKNOWN = "unknown", "Unknown code"


# How people read a status: from its dates, never a bare "terminated" beside "today" (a code
# whose TERM DT was yesterday was not terminated today: yesterday was its last valid day).
# The machine values above (API fields, filters) stay as they are.


def last_valid_day_words(day: datetime.date) -> str:
    """'last valid day 2026-03-31' (CMS's TERM DT: the last date the code may be used)."""
    return f"last valid day {day:%Y-%m-%d}"


def valid_from_words(day: datetime.date) -> str:
    """'valid from 2026-07-01' (CMS's ADD DT, or a reactivation's ACT EFF DT)."""
    return f"valid from {day:%Y-%m-%d}"


# A status on one day as a badge says it, before the day ("Not valid on 2026-04-01"): the
# dates that explain it follow in the words above, never "Terminated today".
DAY_WORDS: dict[str, str] = {
    CodeStatus.ACTIVE: "Valid",
    CodeStatus.NOT_YET_EFFECTIVE: "Not yet valid",
    CodeStatus.TERMINATED: "Not valid",
    CodeStatus.UNKNOWN: "Unknown code",
}


# The search filter's value for "whatever the status" (a query parameter, so kept short).
ANY_STATUS = "all"
ONE_DAY = datetime.timedelta(days=1)


# A code's periods of validity as (start, end) pairs, oldest first: the form the timeline
# (codes.timeline) derives and stores, which lists and pages read without building it.


def spans_status(spans: Sequence[tuple], day: datetime.date) -> tuple[CodeStatus, int, int | None]:
    """(status on ``day``, index of the span it is about, index of the next span when a
    terminated code is used again later) for a code's spans, oldest first: the reading's
    point 5, shared by timelines and the stored spans."""
    if not spans:
        return CodeStatus.UNKNOWN, -1, None
    for index, (start, end) in enumerate(spans):
        if (start is None or start <= day) and (end is None or day <= end):
            return CodeStatus.ACTIVE, index, None
    first_start = spans[0][0]
    if first_start and day < first_start:
        return CodeStatus.NOT_YET_EFFECTIVE, 0, None
    index = max(i for i, (_, end) in enumerate(spans) if end and end < day)
    following = index + 1 if index + 1 < len(spans) else None
    return CodeStatus.TERMINATED, index, following


def spans_as_json(spans: Iterable[tuple]) -> list[list[str | None]]:
    return [[_json_day(start), _json_day(end)] for start, end in spans]


def spans_from_json(value: Iterable) -> list[tuple]:
    return [(_from_json_day(start), _from_json_day(end)) for start, end in value or ()]


def _json_day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _from_json_day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
