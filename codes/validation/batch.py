"""Validating a batch of claim lines: each line's code and modifiers on its date of service,
and its NDC against the ASP crosswalk of the quarter (``ndc_check``).

All lines are answered by one ``validity.check_many`` call and, when some line has an NDC, one
``ndc_check.check_many`` call (each a bounded number of queries), in input order. A line that
could not be read is answered ``invalid_input`` with its message; it never stops the others.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field, replace

from codes.fees.lookup import LineFee, line_fees
from codes.status import CodeStatus
from codes.timeline import store as timeline_store
from codes.timeline.reading import Point
from codes.validation import ndc_check
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
    ndc: ndc_check.NdcCheck | None = None  # with an NDC: the ASP crosswalk's word on it
    in_force: Point | None = None  # the published release in force on the line's date

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

    @property
    def in_force_label(self) -> str:
        """The data release in force on the date of service (the one a claim was coded
        against), which the reports name beside the release whose record is cited."""
        return self.in_force.label if self.in_force else ""


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

    @property
    def has_ndc(self) -> bool:
        """Some line carried an NDC: the report shows the crosswalk column."""
        return any(r.line.ndc for r in self.results)

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
    results = [replace(r, fee=fee) if fee else r for r, fee in zip(results, fees)]
    return BatchResult(_with_ndcs(_with_in_force(results)))


def _with_in_force(results: list[LineResult]) -> list[LineResult]:
    """Each checked line's release in force on its date: its verdict's, else (a code no
    release has) found among the published releases, read once."""
    published: list[Point] | None = None
    out = []
    for r in results:
        in_force = r.verdict.in_force if r.verdict else None
        if in_force is None and r.verdict is not None:
            if published is None:
                published = timeline_store.published_points()
            index = bisect.bisect_right(published, r.line.day, key=lambda p: p.day) - 1
            in_force = published[index] if index >= 0 else None
        out.append(replace(r, in_force=in_force) if in_force else r)
    return out


def _with_ndcs(results: list[LineResult]) -> list[LineResult]:
    """Each checked line with an NDC against the crosswalk of its quarter; an NDC of another
    code, or missing from a crosswalk that lists the code, makes the line a problem."""
    carrying = [r for r in results if r.line.ndc and r.verdict is not None]
    if not carrying:
        return results
    checks = ndc_check.check_many(
        [(r.line.code, r.line.day, r.line.ndc, r.line.units_given) for r in carrying]
    )
    found = {id(r): check for r, check in zip(carrying, checks)}
    out = []
    for r in results:
        check = found.get(id(r))
        if check is None:
            out.append(r)
        elif check.problem:
            out.append(replace(r, ndc=check, valid=False, message=f"{r.message}; {check.text}"))
        else:
            out.append(replace(r, ndc=check))
    return out
