"""The ``date`` input of every operation: a FHIR ``dateTime``, so a year (``2024``), a
month (``2024-06``), a day or a full date-time.

A year or a month is a span of days. The service's rule for a span: a code is valid over
it when it is valid on **every** day of it (a claim's service period must be covered
whole). Validity by the site's rule is one interval (ADD DT to the last valid day), so
judging the span's first and last day is judging every day of it. The record and release
that speak for a span are those in force on its first day. A date-time names one day, the
date as written (its time and offset are not used: CMS's dates have no time of day).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

# FHIR R4 dateTime: YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss(.sss)(Z|+hh:mm);
# seconds and the offset may be left out (clients send local times), the ranges are FHIR's.
_DATE_TIME = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d{1,9})?)?"
    r"(?:Z|[+-](?:0\d|1[0-3]):[0-5]\d|[+-]14:00)?)?)?)?"
)
FORMS = "YYYY, YYYY-MM, YYYY-MM-DD or a date-time YYYY-MM-DDThh:mm:ss+zz:zz"


@dataclass(frozen=True)
class DaySpan:
    """The days a ``date`` input names, first to last (one day for a day or date-time)."""

    first: datetime.date
    last: datetime.date
    text: str

    @property
    def is_day(self) -> bool:
        return self.first == self.last

    def describe(self) -> str:
        """How the span was judged, for an answer's message."""
        return (
            f"date {self.text} is the span {self.first.isoformat()} to {self.last.isoformat()}, "
            "judged valid only when valid on every day of it"
        )


@lru_cache(maxsize=4096)
def parse_span(text: str) -> DaySpan | None:
    """The span a FHIR dateTime names, or None when it is not one (cached: a claim's lines
    share a few dates)."""
    text = text.strip()
    match = _DATE_TIME.fullmatch(text)
    if not match:
        return None
    year = int(match["year"])
    try:
        if match["month"] is None:
            return DaySpan(datetime.date(year, 1, 1), datetime.date(year, 12, 31), text)
        month = int(match["month"])
        if match["day"] is None:
            last = calendar.monthrange(year, month)[1]
            return DaySpan(datetime.date(year, month, 1), datetime.date(year, month, last), text)
        day = datetime.date(year, month, int(match["day"]))
    except (ValueError, calendar.IllegalMonthError):
        return None
    return DaySpan(day, day, text)
