"""Validating a batch of claim lines: each line's code and modifiers on its date of service.

All lines are answered by one ``validity.check_many`` call (a bounded number of queries), in
input order. A line that could not be read is answered ``invalid_input`` with its message; it
never stops the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from codes.fees.lookup import LineFee, line_fees
from codes.status import CodeStatus
from codes.validation.reading import Line
from codes.validation.validity import Replacement, Verdict, check_many

INVALID_INPUT = "invalid_input"
STATUS_LABELS = {**dict(CodeStatus.choices), INVALID_INPUT: "Invalid input"}


@dataclass(frozen=True)
class LineResult:
    line: Line
    status: str
    valid: bool
    message: str
    verdict: Verdict | None = None
    modifiers: tuple[Verdict, ...] = ()
    fee: LineFee | None = None  # with a state: the DMEPOS fee schedule amount (codes/fees)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def replacements(self) -> list[Replacement]:
        return self.verdict.replacements if self.verdict else []

    @property
    def description(self) -> str:
        return self.verdict.description if self.verdict else ""

    @property
    def release_label(self) -> str:
        release = self.verdict.release if self.verdict else None
        return release.label if release else ""


@dataclass
class BatchResult:
    results: list[LineResult] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.results)
        return {
            "lines": len(self.results),
            "valid": sum(r.valid for r in self.results),
            "problems": sum(not r.valid for r in self.results),
            **{status: counts.get(status, 0) for status in STATUS_LABELS},
        }

    @property
    def has_fees(self) -> bool:
        """Some line carried a state: the report shows the DMEPOS fee schedule column."""
        return any(r.fee for r in self.results)

    def problems(self) -> list[LineResult]:
        return [r for r in self.results if not r.valid]


def _modifier_note(verdict: Verdict) -> str:
    if verdict.status == CodeStatus.UNKNOWN:
        return f"modifier {verdict.code}: not a known modifier"
    if not verdict.is_modifier:
        return f"modifier {verdict.code}: a procedure code, not a modifier"
    return f"modifier {verdict.code}: {verdict.message}"


def validate(lines: list[Line]) -> BatchResult:
    """The verdict of every line, in order."""
    pairs = []
    for line in lines:
        if not line.error:
            pairs.append((line.code, line.day))
            pairs.extend((m, line.day) for m in line.modifiers)
    verdicts = iter(check_many(pairs))
    results = []
    for line in lines:
        if line.error:
            results.append(LineResult(line, INVALID_INPUT, False, line.error))
            continue
        verdict = next(verdicts)
        mods = tuple(next(verdicts) for _ in line.modifiers)
        bad_mods = [m for m in mods if not (m.valid and m.is_modifier)]
        message = verdict.message
        if verdict.valid and verdict.is_modifier:
            message = f"{message} (a modifier, not a procedure code)"
        if bad_mods:
            message = "; ".join([message, *(_modifier_note(m) for m in bad_mods)])
        results.append(
            LineResult(
                line,
                verdict.status,
                verdict.valid and not bad_mods,
                message,
                verdict,
                mods,
            )
        )
    fees = line_fees(
        [
            (r.line.code, r.line.day, r.line.state, r.line.modifiers, r.line.units)
            if r.status != INVALID_INPUT
            else ("", None, "", (), 1)
            for r in results
        ]
    )
    return BatchResult([replace(r, fee=fee) if fee else r for r, fee in zip(results, fees)])
