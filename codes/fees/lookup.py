"""Reads of the fee schedule: which quarter is in force on a date, a code's rows in it and in
the quarter before, and the amount of one claim line. Published quarters only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from codes.fees import snapshot
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
    meanings: dict[str, str] = field(default_factory=dict)  # pricing modifier -> CMS's words

    def before(self, row: FeeRow) -> FeeRow | None:
        return self.previous_rows.get(row.key)


def code_fees(code: str, day: datetime.date, *, version: int | None = None) -> CodeFees | None:
    """The code's fee schedule on ``day``; None for a code in no published quarter. Read
    from the kept snapshot (``snapshot``) of the content ``version``: no query on a page."""
    snap = snapshot.current(version)
    if code not in snap.codes:
        return None
    quarters = snap.quarters  # newest first
    in_force = next((q for q in quarters if q.effective_date <= day), None)
    if in_force is None:
        return CodeFees(code, day, None, [], earliest=quarters[-1], meanings=snap.meanings)
    rows = snapshot.rows_of(snap, in_force, code)
    older = quarters[quarters.index(in_force) + 1 :]
    previous = older[0] if older else None
    before = {}
    if previous is not None:
        before = {r.key: r for r in snapshot.rows_of(snap, previous, code)}
    return CodeFees(code, day, in_force, rows, previous, before, meanings=snap.meanings)


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
    """What the fee schedule says about one claim line: the amounts of the row its pricing
    modifiers choose, in the quarter in force on its date; without amounts, ``note`` says
    why. An amount of None is "no fee" (0.00 in CMS's file)."""

    state: str
    units: int
    quarter: str = ""
    modifiers: str = ""
    non_rural: Decimal | None = None
    rural: Decimal | None = None
    note: str = ""

    @property
    def priced(self) -> bool:
        return not self.note

    @property
    def non_rural_total(self) -> Decimal | None:
        return None if self.non_rural is None else self.non_rural * self.units

    @property
    def rural_total(self) -> Decimal | None:
        return None if self.rural is None else self.rural * self.units

    @property
    def text(self) -> str:
        """'January 2026, AL, RR: non-rural $51.94, rural $97.02' (× units = totals)."""
        if self.note:
            return self.note

        def money(amount, total) -> str:
            if amount is None:
                return "no fee"
            return f"${amount}" + (f" × {self.units} = ${total}" if self.units != 1 else "")

        head = ", ".join(p for p in (self.quarter, self.state, self.modifiers) if p)
        return (
            f"{head}: non-rural {money(self.non_rural, self.non_rural_total)}, "
            f"rural {money(self.rural, self.rural_total)}"
        )


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


def _fee_of(row: FeeRow, quarter: FeeQuarter, state: str, units: int) -> LineFee:
    pair = row.amounts.get(state)
    if pair is None:
        return LineFee(state, units, note=f"{state} is not in the DMEPOS fee schedule")
    amounts = [Decimal(value) or None for value in pair]
    return LineFee(state, units, quarter.label, row.modifiers, amounts[0], amounts[1])


def line_fees(
    lines: list[tuple[str, datetime.date | None, str, tuple[str, ...], int]],
) -> list[LineFee | None]:
    """For each (code, day, state, modifiers, units), its fee; None for a line without a
    state or a date. Reads every quarter once and each (quarter, code) row set once."""
    asked = [(code, day, state, mods, units) for code, day, state, mods, units in lines]
    quarters = quarters_by_day({day for _, day, state, _, _ in asked if day and state})
    wanted = {
        (quarters[day].pk, code)
        for code, day, state, _, _ in asked
        if day and state and quarters[day]
    }
    rows: dict[tuple[int, str], list[FeeRow]] = {}
    quarter_ids = {q for q, _ in wanted}
    codes = {c for _, c in wanted}
    if wanted:
        for row in FeeRow.objects.filter(quarter_id__in=quarter_ids, code__in=codes):
            rows.setdefault((row.quarter_id, row.code), []).append(row)
    answers: list[LineFee | None] = []
    for code, day, state, mods, units in asked:
        if not (day and state):
            answers.append(None)
            continue
        quarter = quarters[day]
        if quarter is None:
            answers.append(
                LineFee(state, units, note=f"no DMEPOS fee schedule loaded for {day:%Y-%m-%d}")
            )
            continue
        candidates = rows.get((quarter.pk, code), [])
        if not candidates:
            answers.append(
                LineFee(state, units, note=f"not on the DMEPOS fee schedule of {quarter.label}")
            )
            continue
        row = choose_row(candidates, mods)
        if row is None:
            priced = ", ".join(sorted({r.modifiers for r in candidates if r.modifiers}))
            answers.append(
                LineFee(
                    state,
                    units,
                    quarter.label,
                    note=f"no fee for these modifiers in {quarter.label}: {code} is priced "
                    f"with {priced}",
                )
            )
            continue
        answers.append(_fee_of(row, quarter, state, units))
    return answers
