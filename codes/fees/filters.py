"""What the code search's filters ask of the fee schedule: the codes listed in the quarter in
force on a day (in a payment category), and the categories to choose from."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from codes.fees.models import FeeQuarter, FeeRow
from codes.fees.presentation import CATEGORIES

# Categories in CMS's files that have no meaning given here (see ``presentation``).
UNDESCRIBED = ("IL", "LC", "LT", "SC")


def category_choices() -> list[tuple[str, str]]:
    described = [(code, f"{code} - {text}") for code, text in CATEGORIES.items()]
    return sorted([*described, *((code, code) for code in UNDESCRIBED)])


def codes_with_fees(day: datetime.date, *, category: str | None = None) -> QuerySet:
    """The codes (a subquery) with a row in the published quarter in force on ``day``."""
    in_force = (
        FeeQuarter.objects.published()
        .filter(effective_date__lte=day)
        .order_by("-effective_date")
        .values("pk")[:1]
    )
    rows = FeeRow.objects.filter(quarter__in=in_force)
    if category:
        rows = rows.filter(category=category)
    return rows.values("code")
