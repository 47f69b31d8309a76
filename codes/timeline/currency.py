"""Whether the published data is current: CMS publishes the HCPCS file quarterly, in force
from January 1, April 1, July 1 and October 1, so the data is behind when the newest
published release took effect before the quarter a day falls in.

The curator's start page, ``/readyz`` and the ``codes.W001`` system check all ask
``data_currency()``; the date arithmetic lives in ``quarter_start`` and ``quarters_behind``
and nowhere else.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from codes.models import Release

QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the CMS quarter ``day`` falls in (2026-12-03 -> 2026-10-01)."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_behind(effective_date: datetime.date, day: datetime.date) -> int:
    """How many quarterly releases CMS has put in force between a release effective on
    ``effective_date`` and ``day``: 0 when that release is of ``day``'s quarter (or later)."""
    current, newest = quarter_start(day), quarter_start(effective_date)
    return max(0, (current.year - newest.year) * 4 + (current.month - newest.month) // 3)


@dataclass(frozen=True)
class DataCurrency:
    """The newest published release against the quarter of ``today``."""

    today: datetime.date
    quarter_start: datetime.date
    latest_label: str | None
    latest_effective_date: datetime.date | None
    quarters_behind: int

    @property
    def behind(self) -> bool:
        """No release at all counts as behind: there is nothing current to answer from."""
        return self.latest_effective_date is None or self.quarters_behind > 0

    @property
    def message(self) -> str:
        if self.latest_effective_date is None:
            return (
                f"No release is published: the data in force since {self.quarter_start} "
                "is missing. Load CMS's current Alpha-Numeric HCPCS File."
            )
        if not self.behind:
            return (
                f"The newest published release, {self.latest_label} (effective "
                f"{self.latest_effective_date}), is of the current quarter "
                f"(from {self.quarter_start})."
            )
        plural = "s" if self.quarters_behind > 1 else ""
        return (
            f"The newest published release, {self.latest_label} (effective "
            f"{self.latest_effective_date}), is {self.quarters_behind} quarter{plural} behind: "
            f"CMS's quarter in force since {self.quarter_start} is not loaded. Load CMS's "
            "current Alpha-Numeric HCPCS File (Releases › Load CMS release, or import_hcpcs)."
        )

    def as_json(self) -> dict:
        return {
            "latest_release": self.latest_label,
            "latest_effective_date": self.latest_effective_date and str(self.latest_effective_date),
            "current_quarter_start": str(self.quarter_start),
            "quarters_behind": self.quarters_behind,
            "behind": self.behind,
        }


def currency_of(
    *, label: str | None, effective_date: datetime.date | None, today: datetime.date
) -> DataCurrency:
    """The currency of a release effective on ``effective_date`` (None: nothing published)."""
    return DataCurrency(
        today=today,
        quarter_start=quarter_start(today),
        latest_label=label,
        latest_effective_date=effective_date,
        quarters_behind=quarters_behind(effective_date, today) if effective_date else 0,
    )


def data_currency(*, today: datetime.date | None = None) -> DataCurrency:
    """The currency of the newest published release (by CMS effective date) on ``today``,
    by default the site's local date."""
    latest = Release.objects.latest_published()
    return currency_of(
        label=latest.label if latest else None,
        effective_date=latest.effective_date if latest else None,
        today=today or timezone.localdate(),
    )
