"""One timeline per code: the periods in which it was valid, and the record CMS's files
stated in each. Every dated answer of the site (code pages, the API, batch validation, FHIR,
exports, the search status filter) asks this module; nothing else compares effective dates.

**What it is built from.** The published releases in effective-date order, each a whole CMS
file, and the code's in-force versions (``CodeVersion``: a record stored when it differs from
the record before it in effective-date order, and curators' corrections). Walking the releases
gives one *statement* per release from the code's first appearance on: the record that
release's file states, or "left out" when the file does not list the code.

**The reading** (CMS's files are not always consistent, so the choices are written here):

1. A statement's record says the code is valid from its ADD DT to its TERM DT ("the last date
   the code may be used"), or with no end when TERM DT is blank.
2. Statements are read in effective-date order and form *lives*. A statement starts a new
   life when the current life has ended and either its ADD DT is after that end (a code
   **reused**: J1440 was valid 1994-01-01 to 2013-12-31, and again from 2023-07-01) or its
   ACTION CD is R with an ACT EFF DT after that end (a code **reactivated** from ACT EFF DT:
   J0570's January 2025 file ends it on 2024-12-31, the October 2025 file reactivates it from
   2025-10-01 while keeping its old ADD DT of 2017-01-01, so J0570 is terminated from
   2025-01-01 to 2025-09-30 and valid again from 2025-10-01).
3. Otherwise a statement continues the current life, and **the later file wins**: its TERM DT
   becomes the life's end (a cleared TERM DT reopens it), and its ADD DT the life's start (an
   ADD DT a later release moves: G0681-G0684 first appear in April 2026 with ADD DT 2026-04-01,
   and July 2026 moves it to 2026-01-01, so they are valid from 2026-01-01). The ADD DT of a
   reactivated life's later statements (still the first life's) does not move its start.
4. A code **left out of a file** with no TERM DT is taken to end the day before that release's
   effective date, unless a later file lists it again with dates that continue the life:
   modifier DA is missing from the 2019 January file only, with ADD DT 2011-01-01 and no TERM
   DT before and after, so it stays valid throughout (and an answer for 2019 says the 2019
   file left it out). A code that never comes back ends there (G9976, G9977 left in 2018).
5. Day D's **status**: ``active`` inside a life, ``not_yet_effective`` before the first life,
   ``terminated`` after a life's end and outside any later life, ``unknown`` with no
   statement. Dates carry forward and backward: a day before the first loaded release, or
   in quarters that are not loaded, is answered from the nearest statements' dates.
6. The **record an answer shows and cites** is a statement of the life the answer is about
   whose own dates agree with the answer: the latest such statement effective on or before D,
   else the earliest after D (before the first loaded release, or an ADD DT moved back); when
   none agrees (a code that left the file without a TERM DT), the life's last statement.
   The answer names that statement's release, and notes every fact that a reader could take
   for a contradiction: the release in force on D leaving the code out, a later file moving
   an ADD DT, a reactivation after a TERM DT, a day before the first loaded release.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from codes.cms import compare
from codes.status import (
    ONE_DAY,
    CodeStatus,
    last_valid_day_words,
    spans_status,
    valid_from_words,
)

REACTIVATION = "R"  # ACTION CD of a reactivated code
REMOVED = compare.REMOVED  # the change type of a version that says a file left the code out


@dataclass(frozen=True, slots=True)
class Point:
    """A published release, or a curator's correction, as a point in time."""

    day: datetime.date
    label: str
    release_id: int | None = None

    @property
    def is_correction(self) -> bool:
        return self.release_id is None

    # A point stands in for its release where pages name or link it.
    @property
    def pk(self) -> int | None:
        return self.release_id

    @property
    def effective_date(self) -> datetime.date:
        return self.day


@dataclass(frozen=True, slots=True)
class Statement:
    """What a run of consecutive releases' files (or a correction and the files that kept
    it) say of the code: ``version`` is the record they state (a ``CodeVersion`` or any
    object with its fields), or None when the files leave the code out. ``point`` is the
    first of the run, ``last`` its last (the same for a run of one)."""

    point: Point
    version: object | None
    last: Point | None = None

    @property
    def listed(self) -> bool:
        return self.version is not None

    @property
    def until(self) -> Point:
        return self.last or self.point

    def dates(self) -> tuple:
        v = self.version
        return v.add_dt, v.act_eff_dt, v.term_dt, v.action_cd


@dataclass
class Life:
    """One period of validity: ``start`` to ``end`` (None: open), and the statements that
    describe it. ``ended_by`` says what ended it: ``term`` (a TERM DT), ``left`` (left out of
    ``left_in``'s file without one) or "" (open)."""

    start: datetime.date | None
    end: datetime.date | None
    reactivated: bool = False
    ended_by: str = ""
    left_in: Point | None = None
    statements: list[Statement] = field(default_factory=list)

    def covers(self, day: datetime.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def text(self) -> str:
        start = f"{self.start:%Y-%m-%d}" if self.start else "(no ADD DT)"
        end = f"{self.end:%Y-%m-%d}" if self.end else "no end date"
        return f"{start} → {end}"


@dataclass(frozen=True)
class Answer:
    """The timeline's answer for one day."""

    code: str
    day: datetime.date
    status: CodeStatus
    life: Life | None = None
    statement: Statement | None = None
    in_force: Point | None = None  # the published release in force on ``day``
    next_life: Life | None = None
    timeline: Timeline | None = field(default=None, repr=False, compare=False)

    @property
    def notes(self) -> tuple[str, ...]:
        """Facts behind the answer a reader could take for a contradiction (worked out
        when asked: a batch of claim lines does not show them)."""
        if self.timeline is None or self.life is None:
            return ()
        return tuple(self.timeline._notes(self.day, self.life, self.statement, self.in_force))

    @property
    def valid(self) -> bool:
        return self.status == CodeStatus.ACTIVE

    @property
    def version(self):
        return self.statement.version if self.statement else None

    @property
    def cited(self) -> Point | None:
        return self.statement.point if self.statement else None

    @property
    def valid_from(self) -> datetime.date | None:
        return self.life.start if self.life else None

    @property
    def last_day(self) -> datetime.date | None:
        return self.life.end if self.life else None

    def message(self) -> str:
        """Why the status holds, in a few words, from the life's dates: the last valid day
        (TERM DT, the last date the code may be used) rather than a bare "terminated"."""
        if self.status == CodeStatus.UNKNOWN:
            return "not in any loaded release"
        life = self.life
        if self.status == CodeStatus.NOT_YET_EFFECTIVE:
            return f"not yet effective; {valid_from_words(life.start)}"
        if self.status == CodeStatus.TERMINATED:
            if life.ended_by == "left":
                text = (
                    f"{last_valid_day_words(life.end)}: no longer in CMS's file after it "
                    f"(left out of {life.left_in.label} with no TERM DT)"
                )
            else:
                text = last_valid_day_words(life.end)
            if self.next_life:
                again = "reactivated" if self.next_life.reactivated else "in use again"
                text += f"; {again} from {self.next_life.start:%Y-%m-%d}"
            return text
        if life.end == self.day:
            if life.ended_by == "left":
                return "valid: its last day (the next file leaves it out)"
            return f"valid: its last day (TERM DT {life.end:%Y-%m-%d})"
        if life.end:
            if life.ended_by == "left":
                return f"valid; no longer in CMS's file after {life.end:%Y-%m-%d}"
            return f"valid; {last_valid_day_words(life.end)}"
        return "valid"


def _plain_status(version, day: datetime.date) -> CodeStatus:
    """What a record says of ``day`` read alone, by its ADD DT and TERM DT."""
    if version.term_dt and day > version.term_dt:
        return CodeStatus.TERMINATED
    if version.add_dt and day < version.add_dt:
        return CodeStatus.NOT_YET_EFFECTIVE
    return CodeStatus.ACTIVE


@dataclass
class Timeline:
    """A code's statements, oldest first, and the lives they describe."""

    code: str
    statements: list[Statement]
    points: Sequence[Point]  # every published release, oldest first (for "in force on D")
    versions: Sequence = ()
    lives: list[Life] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lives = _lives(self.statements)
        self._days = [p.day for p in self.points]

    # -- reading the timeline -------------------------------------------------------------

    @property
    def latest(self) -> Statement | None:
        """The newest statement that lists the code (its latest record)."""
        for statement in reversed(self.statements):
            if statement.listed:
                return statement
        return None

    @property
    def listed(self) -> bool:
        """Whether the newest release lists the code."""
        return bool(self.statements) and self.statements[-1].listed

    def versions_newest_first(self) -> list:
        """The stored versions (changes, corrections, removals), newest first: the code's
        history of changes."""
        return sorted(self.versions, key=lambda v: (v.effective_date, v.id), reverse=True)

    def in_force(self, day: datetime.date) -> Point | None:
        index = bisect.bisect_right(self._days, day) - 1
        return self.points[index] if index >= 0 else None

    def statement_on(self, day: datetime.date) -> Statement | None:
        """The run of statements in force on ``day`` (a release's or a correction's)."""
        found = None
        for statement in self.statements:
            if statement.point.day > day:
                break
            found = statement
        return found

    def _cited_point(self, statement: Statement, day: datetime.date, in_force: Point | None):
        """The release of a run to cite for ``day``: the one in force then when the run
        covers it, else the run's last one before ``day``, else its first."""
        if statement.point.day > day:
            return statement.point
        if in_force and statement.point.day <= in_force.day <= statement.until.day:
            return in_force
        return statement.until if statement.until.day <= day else statement.point

    def status_on(self, day: datetime.date) -> CodeStatus:
        return self.answer(day).status

    def answer(self, day: datetime.date) -> Answer:
        in_force = self.in_force(day)
        if not self.lives:
            return Answer(self.code, day, CodeStatus.UNKNOWN, in_force=in_force)
        status, life, next_life = self._status(day)
        run = _cite(life, day, status)
        statement = Statement(self._cited_point(run, day, in_force), run.version, run.last)
        return Answer(
            self.code,
            day,
            status,
            life=life,
            statement=statement,
            in_force=in_force,
            next_life=next_life,
            timeline=self,
        )

    def _status(self, day: datetime.date) -> tuple[CodeStatus, Life, Life | None]:
        spans = [(life.start, life.end) for life in self.lives]
        status, index, following = spans_status(spans, day)
        return status, self.lives[index], (self.lives[following] if following is not None else None)

    def _notes(
        self, day: datetime.date, life: Life, statement: Statement, in_force: Point | None
    ) -> list[str]:
        notes = []
        first = self.statements[0].point
        if day < first.day:
            notes.append(
                f"{day:%Y-%m-%d} is before the first loaded release that lists {self.code} "
                f"({first.label}); its dates answer for earlier days."
            )
        on_day = self.statement_on(day)
        if in_force and on_day is not None and not on_day.listed:
            notes.append(
                f"CMS's file of {in_force.label}, in force on {day:%Y-%m-%d}, does not "
                f"list {self.code}; the record shown is from {statement.point.label}."
            )
        elif in_force and statement.point.day > day and not statement.point.is_correction:
            notes.append(
                f"The record shown is from a later file, {statement.point.label}, whose dates "
                f"cover {day:%Y-%m-%d}."
            )
        for earlier, later in zip(life.statements, life.statements[1:]):
            if earlier.version.add_dt != later.version.add_dt and not life.reactivated:
                notes.append(
                    f"CMS's file of {earlier.point.label} gave ADD DT "
                    f"{_iso(earlier.version.add_dt)}; {later.point.label} moved it to "
                    f"{_iso(later.version.add_dt)}."
                )
        if life.reactivated:
            opener = life.statements[0]
            before = self.lives[self.lives.index(life) - 1]
            ender = before.statements[-1]
            notes.append(
                f"CMS's file of {ender.until.label} ended it on {before.end:%Y-%m-%d} (TERM DT); "
                f"{opener.point.label} reactivated it from {life.start:%Y-%m-%d} (ACTION CD R, "
                f"ACT EFF DT) and kept its ADD DT {_iso(opener.version.add_dt)} of its first use."
            )
        return notes


def _iso(day: datetime.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else "(blank)"


def _lives(statements: Iterable[Statement]) -> list[Life]:
    """The reading of the module docstring, points 1-4."""
    lives: list[Life] = []
    for statement in statements:
        if not statement.listed:
            if lives and lives[-1].end is None:
                current = lives[-1]
                current.end = statement.point.day - ONE_DAY
                current.ended_by, current.left_in = "left", statement.point
            continue
        add, act, term, action = statement.dates()
        ended_by = "term" if term else ""
        current = lives[-1] if lives else None
        if current is None:
            lives.append(Life(add, term, ended_by=ended_by, statements=[statement]))
            continue
        if current.end is not None:
            if add and add > current.end:
                lives.append(Life(add, term, ended_by=ended_by, statements=[statement]))
                continue
            if action == REACTIVATION and act and act > current.end:
                lives.append(
                    Life(act, term, reactivated=True, ended_by=ended_by, statements=[statement])
                )
                continue
        previous = lives[-2] if len(lives) > 1 else None
        if not current.reactivated and (previous is None or (add and add > previous.end)):
            current.start = add
        current.end, current.ended_by, current.left_in = term, ended_by, None
        current.statements.append(statement)
    return lives


def _cite(life: Life, day: datetime.date, status: CodeStatus) -> Statement:
    """The reading's point 6."""
    # The last agreeing statement made on or before the day, else the first agreeing one,
    # else the last: searched from the end, which finds the usual answer first.
    statements = life.statements
    for statement in reversed(statements):
        if statement.point.day <= day and _agrees(statement, day, status, life):
            return statement
    for statement in statements:
        if statement.point.day > day and _agrees(statement, day, status, life):
            return statement
    return statements[-1]


def _agrees(statement: Statement, day: datetime.date, status: CodeStatus, life: Life) -> bool:
    plain = _plain_status(statement.version, day)
    if life.reactivated and plain == CodeStatus.ACTIVE and status == CodeStatus.ACTIVE:
        return True
    return plain == status


# ---------------------------------------------------------------------------------------
# Building timelines from stored versions


def points_index(points: Sequence[Point]) -> tuple[list[datetime.date], dict]:
    """(effective dates, {release id: position}) of the releases: built once for a batch."""
    return [p.day for p in points], {p.release_id: i for i, p in enumerate(points)}


def statements_of(
    versions: Sequence, points: Sequence[Point], index: tuple | None = None
) -> list[Statement]:
    """A code's statements from its in-force versions (each with ``effective_date``, ``id``,
    ``release_id`` and ``change_type``) and the published releases (``index``: their
    ``points_index``, when the caller has it), as runs of consecutive releases that state
    the same record.

    A release that stored no version for the code states the record before it (versions
    are stored only when they change); a ``removed`` version means the file left it out. A
    correction starts a run of its own from its date (after a release of the same day).
    """
    days, position = points_index(points) if index is None else index
    events = []
    for v in versions:
        if v.release_id is None:
            events.append((v.effective_date, 1, v.id, v, None))
        elif v.release_id in position:
            i = position[v.release_id]
            events.append((days[i], 0, v.id, v, i))
    events.sort(key=lambda e: e[:3])
    while events and events[0][4] is None:  # a correction before the code's first release
        events.pop(0)
    statements = []
    for k, (day, _, _, version, index) in enumerate(events):
        stop = bisect.bisect_left(days, events[k + 1][0]) if k + 1 < len(events) else len(days)
        if index is None:
            first = Point(day, "a correction")
            begin = bisect.bisect_left(days, day)
            if begin < len(days) and days[begin] == day:
                begin += 1  # the release of that day came before the correction
            stated = version
        else:
            first, begin = points[index], index + 1
            stated = None if version.change_type == REMOVED else version
        last = points[stop - 1] if stop - 1 >= begin else None
        statements.append(Statement(first, stated, last))
    return statements


def build(
    code: str,
    versions: Sequence,
    points: Sequence[Point],
    index: tuple | None = None,
) -> Timeline:
    return Timeline(code, statements_of(versions, points, index), points, versions)
