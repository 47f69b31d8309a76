"""Was a code valid on a date of service, and if not, what replaces it?

The status follows the one rule of ``codes.status`` (ADD DT and TERM DT of the latest
published record); the descriptions and the release come from the published release in
force on the day (before a code's first loaded release, its first loaded record's).
``check_many`` answers any number of lines in a few queries per 5,000 distinct codes, never
one per line. Codes are looked up as given: callers decide whether to normalise case.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from codes import status as code_status
from codes.models import CodeVersion, HcpcsCode, Release
from codes.status import CodeStatus

CHUNK = 5000
XREF_ATTRS = tuple(f"xref{n}" for n in range(1, 6))
# HCPCS Level II codes are a letter and four digits; CPT codes (99493) are not.
LEVEL_II = re.compile(r"[A-Z][0-9]{4}")
_STATE_FIELDS = (
    "code",
    "recid",
    "add_dt",
    "term_dt",
    "listed",
    "long_description",
    "short_description",
    *XREF_ATTRS,
    "release__effective_date",
)


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
    release: Release | None = None
    is_modifier: bool = False


def replacements_of(record) -> list[Replacement]:
    """XREF1-5 of a record (model or dict), in order, blanks left out."""
    get = record.get if isinstance(record, dict) else lambda attr: getattr(record, attr)
    codes = [get(attr) for attr in XREF_ATTRS]
    return [Replacement(c, bool(LEVEL_II.fullmatch(c))) for c in codes if c]


@dataclass(frozen=True)
class _State:
    """What the rule needs of a code's latest published record."""

    code: str
    add_dt: datetime.date | None
    term_dt: datetime.date | None
    last_day: datetime.date | None
    replacements: list[Replacement]
    long: str
    short: str
    is_modifier: bool


@dataclass
class _History:
    """A code's in-force versions, oldest first: (release id, long, short) by day."""

    days: list[datetime.date] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)

    def on(self, day: datetime.date) -> tuple | None:
        if not self.rows:
            return None
        index = bisect.bisect_right(self.days, day) - 1
        if index < 0:
            return (None, *self.rows[0][1:])
        release_id = next((r[0] for r in reversed(self.rows[: index + 1]) if r[0]), None)
        return (release_id, *self.rows[index][1:])


def _state(code, recid, add_dt, term_dt, listed, long, short, *rest) -> _State:
    *xrefs, removed_on = rest
    return _State(
        code,
        add_dt,
        term_dt,
        code_status.last_valid_day(term_dt=term_dt, listed=listed, removed_on=removed_on),
        [Replacement(c, bool(LEVEL_II.fullmatch(c))) for c in xrefs if c],
        long,
        short,
        recid == "7",
    )


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _verdict(code, day, state: _State | None, history, releases) -> Verdict:
    if state is None:
        message = code_status.describe(
            CodeStatus.UNKNOWN, day=day, add_dt=None, term_dt=None, last_day=None
        )
        return Verdict(code, day, CodeStatus.UNKNOWN, False, message)
    status = code_status.status_on(day, add_dt=state.add_dt, last_day=state.last_day)
    message = code_status.describe(
        status, day=day, add_dt=state.add_dt, term_dt=state.term_dt, last_day=state.last_day
    )
    if status == CodeStatus.TERMINATED and state.replacements:
        message += "; replaced by " + ", ".join(r.label for r in state.replacements)
    release_id, long, short = (history.on(day) if history else None) or (
        None,
        state.long,
        state.short,
    )
    return Verdict(
        code=code,
        day=day,
        status=status,
        valid=status == CodeStatus.ACTIVE,
        message=message,
        add_dt=state.add_dt,
        term_dt=state.term_dt,
        last_day=state.last_day,
        replacements=state.replacements,
        description=long,
        short_description=short,
        release=releases.get(release_id) if release_id else None,
        is_modifier=state.is_modifier,
    )


def check_many(lines: Sequence[tuple[str, datetime.date]]) -> list[Verdict]:
    """One verdict per (code, day) line, in the order given."""
    states: dict[str, _State] = {}
    histories: dict[str, _History] = {}
    for chunk in _chunks(sorted({code for code, _ in lines})):
        rows = HcpcsCode.objects.filter(code__in=chunk).values_list(*_STATE_FIELDS)
        states.update((row[0], _state(*row)) for row in rows)
        versions = (
            CodeVersion.objects.in_force()
            .filter(code__in=chunk)
            .order_by("code", "effective_date", "id")
            .values_list(
                "code", "effective_date", "release_id", "long_description", "short_description"
            )
        )
        for code, effective, release_id, long, short in versions:
            history = histories.setdefault(code, _History())
            history.days.append(effective)
            history.rows.append((release_id, long, short))
    ids = {r[0] for h in histories.values() for r in h.rows if r[0]}
    releases = Release.objects.defer("summary", "warnings").in_bulk(ids) if ids else {}
    return [
        _verdict(code, day, states.get(code), histories.get(code), releases) for code, day in lines
    ]


def check(code: str, day: datetime.date) -> Verdict:
    """The verdict for one code on one day."""
    return check_many([(code, day)])[0]


def verdict_from(state: HcpcsCode, versions: Iterable[CodeVersion], day: datetime.date) -> Verdict:
    """The verdict for a code whose published record and in-force versions (with their
    releases) are already read: no further query."""
    history = _History()
    releases = {}
    for version in sorted(versions, key=lambda v: (v.effective_date, v.id)):
        history.days.append(version.effective_date)
        history.rows.append(
            (version.release_id, version.long_description, version.short_description)
        )
        if version.release_id:
            releases[version.release_id] = version.release
    row = [getattr(state, f) for f in _STATE_FIELDS[:-1]]
    removed_on = state.release.effective_date if state.release_id else None
    return _verdict(state.code, day, _state(*row, removed_on), history, releases)
