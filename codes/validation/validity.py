"""Was a code valid on a date of service, and if not, what replaces it?

The answer is the code's timeline's (``codes.timeline``): its status from the code's periods
of validity, and the record (descriptions, cross-references) of the statement the timeline
cites for that day, with that statement's release. ``check_many`` answers any number of
lines with a bounded number of queries (one per 5,000 distinct codes, and one for the
releases), never one per line. Codes are looked up as given: callers decide whether to
normalise case (FHIR is case-sensitive, the pages are not).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from codes.cms import layout
from codes.status import CodeStatus, last_valid_day_words
from codes.timeline import store as timeline_store
from codes.timeline.reading import Answer, Point, Timeline

XREF_ATTRS = timeline_store.XREF_ATTRS
# HCPCS Level II codes are a letter and four digits; CPT (Level I) codes are five digits or
# four digits and a letter (category II/III, PLA), so a cross-reference like 99493 is CPT.
LEVEL_II = re.compile(r"[A-Z][0-9]{4}")


@dataclass(frozen=True)
class Replacement:
    """A cross-reference (XREF1-5) of a code; ``in_hcpcs`` is false for a CPT code."""

    code: str
    in_hcpcs: bool

    @property
    def label(self) -> str:
        return self.code if self.in_hcpcs else f"{self.code} (CPT, not HCPCS Level II)"


@dataclass(frozen=True)
class Verdict:
    """A code on a day: the status and why, the dates of the period it is about
    (``valid_from`` to ``last_day``), and the record of the cited release (``release``, whose
    file states ``add_dt``, ``term_dt`` and the descriptions)."""

    code: str
    day: datetime.date
    status: CodeStatus
    valid: bool
    message: str
    add_dt: datetime.date | None = None
    term_dt: datetime.date | None = None
    last_day: datetime.date | None = None
    replacements: list[Replacement] = field(default_factory=list)
    description: str = ""
    short_description: str = ""
    release: Point | None = None
    is_modifier: bool = False
    valid_from: datetime.date | None = None
    in_force: Point | None = None
    version: object | None = None
    answer: Answer | None = field(default=None, repr=False, compare=False)

    @property
    def notes(self) -> tuple[str, ...]:
        return self.answer.notes if self.answer else ()


def replacements_of(record) -> list[Replacement]:
    """XREF1-5 of a record (model, row or dict), in order, blanks left out."""
    get = record.get if isinstance(record, dict) else lambda a: getattr(record, a)
    codes = [get(attr) for attr in XREF_ATTRS]
    return [Replacement(c, bool(LEVEL_II.fullmatch(c))) for c in codes if c]


def verdict_of(answer: Answer) -> Verdict:
    """The verdict a timeline's answer gives."""
    if answer.status == CodeStatus.UNKNOWN:
        return Verdict(
            code=answer.code,
            day=answer.day,
            status=CodeStatus.UNKNOWN,
            valid=False,
            message=answer.message(),
            in_force=answer.in_force,
        )
    version = answer.version
    replacements = replacements_of(version)
    message = answer.message()
    if answer.status == CodeStatus.TERMINATED and replacements:
        message += "; replaced by " + ", ".join(r.label for r in replacements)
    return Verdict(
        code=answer.code,
        day=answer.day,
        status=answer.status,
        valid=answer.valid,
        message=message,
        add_dt=version.add_dt,
        term_dt=version.term_dt,
        last_day=answer.last_day,
        replacements=replacements,
        description=version.long_description,
        short_description=version.short_description,
        release=answer.cited,
        is_modifier=version.recid == layout.RECID_MODIFIER,
        valid_from=answer.valid_from,
        in_force=answer.in_force,
        version=version,
        answer=answer,
    )


def over_span(first: Verdict, last: Verdict | None) -> Verdict:
    """The verdict for every day from ``first.day`` to ``last.day``: valid when both are
    valid in the same period of validity (a code reused or reactivated in between was not
    valid on the days between its periods); the record stays the first day's."""
    if last is None or not first.valid:
        return first
    if not last.valid:
        return replace(first, valid=False, status=last.status, message=last.message)
    apart = first.answer is not None and last.answer is not None
    if apart and first.answer.life is not last.answer.life:
        return replace(
            first,
            valid=False,
            status=CodeStatus.TERMINATED,
            message=f"{last_valid_day_words(first.answer.life.end)}; valid again from "
            f"{last.answer.life.start:%Y-%m-%d}",
        )
    return first


def unknown(code: str, day: datetime.date) -> Verdict:
    return verdict_of(Answer(code, day, CodeStatus.UNKNOWN))


def verdict_from(timeline: Timeline | None, code: str, day: datetime.date) -> Verdict:
    """The verdict of a timeline a page has already read (None: no release has the code)."""
    return verdict_of(timeline.answer(day)) if timeline else unknown(code, day)


def check_many(lines: Sequence[tuple[str, datetime.date]]) -> list[Verdict]:
    """One verdict per (code, day) line, in the order given (a repeated pair is answered
    once: verdicts are immutable)."""
    timelines = timeline_store.load({code for code, _ in lines})
    answered: dict[tuple[str, datetime.date], Verdict] = {}
    out = []
    for code, day in lines:
        verdict = answered.get((code, day))
        if verdict is None:
            verdict = verdict_from(timelines.get(code), code, day)
            answered[(code, day)] = verdict
        out.append(verdict)
    return out


def check(code: str, day: datetime.date) -> Verdict:
    """The verdict for one code on one day."""
    return check_many([(code, day)])[0]
