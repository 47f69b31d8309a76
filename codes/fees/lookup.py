"""Reads of the fee schedule: which quarter is in force on a date, a code's rows in it and in
the quarter before, and the amount of one claim line. Published quarters only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from codes.fees.models import FeeQuarter, FeeRow


@dataclass
class CodeFees:
    """A code's rows in the quarter in force on a day, and in the published quarter before."""

    code: str
    day: datetime.date
    quarter: FeeQuarter | None
    rows: list[FeeRow]
    previous_quarter: FeeQuarter | None = None
    previous_rows: dict[tuple, FeeRow] = field(default_factory=dict)
    earliest: FeeQuarter | None = None  # set when ``day`` is before every loaded quarter

    def before(self, row: FeeRow) -> FeeRow | None:
        return self.previous_rows.get(row.key)


def has_fees(code: str) -> bool:
    return FeeRow.objects.published().filter(code=code).exists()


def code_fees(code: str, day: datetime.date) -> CodeFees | None:
    """The code's fee schedule on ``day``; None for a code in no published quarter."""
    quarters = list(FeeQuarter.objects.published().filter(rows__code=code).distinct())
    if not quarters:
        return None
    in_force = FeeQuarter.objects.in_force_on(day)
    if in_force is None:
        earliest = min(quarters, key=lambda q: q.effective_date)
        return CodeFees(code, day, None, [], earliest=earliest)
    rows = list(FeeRow.objects.filter(quarter=in_force, code=code))
    previous = FeeQuarter.objects.before(in_force)
    before = {}
    if previous is not None:
        before = {r.key: r for r in FeeRow.objects.filter(quarter=previous, code=code)}
    return CodeFees(code, day, in_force, rows, previous, before)


def every_quarter(code: str) -> list[tuple[FeeQuarter, list[FeeRow]]]:
    """Every published quarter that lists the code, newest first, with its rows."""
    rows = (
        FeeRow.objects.published()
        .filter(code=code)
        .select_related("quarter")
        .order_by("-quarter__effective_date", "modifier", "modifier2")
    )
    quarters: dict[int, tuple[FeeQuarter, list[FeeRow]]] = {}
    for row in rows:
        quarters.setdefault(row.quarter_id, (row.quarter, []))[1].append(row)
    return list(quarters.values())


@dataclass(frozen=True)
class LineFee:
    """What the fee schedule says about one claim line (``amount`` None: ``note`` says why)."""

    quarter: str
    state: str
    modifiers: str
    rural: bool
    amount: Decimal | None
    units: int
    note: str = ""

    @property
    def total(self) -> Decimal | None:
        return None if self.amount is None else self.amount * self.units


def choose_row(rows: list[FeeRow], modifiers: tuple[str, ...]) -> FeeRow | None:
    """The row a line's modifiers price: the one with the most of its modifiers on the line
    (``E1390 RR QB`` before ``E1390 RR``); a row without modifiers prices a line without
    pricing modifiers."""
    given = set(modifiers)
    fitting = [r for r in rows if {m for m in (r.modifier, r.modifier2) if m} <= given]
    if not fitting:
        return None
    return max(fitting, key=lambda r: (bool(r.modifier) + bool(r.modifier2)))


def quarters_by_day(days: set[datetime.date]) -> dict[datetime.date, FeeQuarter | None]:
    """The quarter in force on each day, from one read of the published quarters."""
    published = list(FeeQuarter.objects.published().order_by("-effective_date"))
    return {day: next((q for q in published if q.effective_date <= day), None) for day in days}
