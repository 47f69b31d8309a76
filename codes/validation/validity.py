"""Was a code valid on a date of service, and if not, what replaces it?

The status follows the one rule of ``codes.status`` (ADD DT and TERM DT of the latest
published record); the descriptions and the release come from the published release in force
on the day. ``check_many`` answers any number of lines with a bounded number of queries (a few
per 5,000 distinct codes), never one per line. Codes are looked up as given: callers decide
whether to normalise case (FHIR is case-sensitive, the pages are not).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from codes import status as code_status
from codes.cms import layout
from codes.models import CodeVersion, HcpcsCode, Release
from codes.status import CodeStatus

CHUNK = 5000
XREF_ATTRS = tuple(f"xref{n}" for n in range(1, 6))
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
    get = record.get if isinstance(record, dict) else lambda a: getattr(record, a)
    codes = [get(attr) for attr in XREF_ATTRS]
    return [Replacement(c, bool(LEVEL_II.fullmatch(c))) for c in codes if c]


@dataclass(frozen=True, slots=True)
class _Code:
    """What the rule needs of a code's latest published record, read once per code."""

    code: str
    add_dt: datetime.date | None
    term_dt: datetime.date | None
    last_day: datetime.date | None
    replacements: list[Replacement]
    long: str
    short: str
    is_modifier: bool

    @classmethod
    def of(cls, state: HcpcsCode) -> _Code:
        return cls(
            state.code,
            state.add_dt,
            state.term_dt,
            state.last_valid_day,
            replacements_of(state),
            state.long_description,
            state.short_description,
            state.is_modifier,
        )

    def message(self, status: CodeStatus, day: datetime.date) -> str:
        text = code_status.describe(
            status, day=day, add_dt=self.add_dt, term_dt=self.term_dt, last_day=self.last_day
        )
        if status == CodeStatus.TERMINATED and self.replacements:
            text += "; replaced by " + ", ".join(r.label for r in self.replacements)
        return text


STATE_FIELDS = (
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


def _code_from_row(row: tuple) -> _Code:
    code, recid, add_dt, term_dt, listed, long, short, *xrefs, removed_on = row
    return _Code(
        code,
        add_dt,
        term_dt,
        code_status.last_valid_day(term_dt=term_dt, listed=listed, removed_on=removed_on),
        [Replacement(x, bool(LEVEL_II.fullmatch(x))) for x in xrefs if x],
        long,
        short,
        recid == layout.RECID_MODIFIER,
    )


@dataclass
class _History:
    """A code's published versions, oldest first, for finding the one in force on a day."""

    days: list[datetime.date] = field(default_factory=list)
    rows: list[tuple[bool, str, str]] = field(default_factory=list)  # (listed, long, short)

    def add(self, version_day: datetime.date, change_type: str, long: str, short: str) -> None:
        self.days.append(version_day)
        self.rows.append((change_type != CodeVersion.ChangeType.REMOVED, long, short))

    def on(self, day: datetime.date) -> tuple[bool, str, str] | None:
        """(listed on ``day``, long, short) from the version in force; before the first
        loaded version, the first version's descriptions, not listed."""
        if not self.rows:
            return None
        index = bisect.bisect_right(self.days, day) - 1
        if index < 0:
            return (False, *self.rows[0][1:])
        return self.rows[index]


def _release_on(day: datetime.date, releases: list[Release]) -> Release | None:
    """The latest published release in force on ``day`` (releases oldest first)."""
    index = bisect.bisect_right([r.effective_date for r in releases], day) - 1
    return releases[index] if index >= 0 else None


def published_releases() -> list[Release]:
    return Release.objects.published_in_order()


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# Past this many codes, reading every row beats a long IN list.
WHOLE_TABLE = 2000


def _rows(queryset, codes: list[str], *fields: str) -> Iterable[tuple]:
    if len(codes) > WHOLE_TABLE:
        wanted = set(codes)
        return (row for row in queryset.values_list(*fields) if row[0] in wanted)
    return (
        row
        for chunk in _chunks(codes)
        for row in queryset.filter(code__in=chunk).values_list(*fields)
    )


def _load(codes: set[str]) -> tuple[dict[str, _Code], dict[str, _History], list[Release]]:
    wanted = sorted(codes)
    states = {
        row[0]: _code_from_row(row) for row in _rows(HcpcsCode.objects.all(), wanted, *STATE_FIELDS)
    }
    histories: dict[str, _History] = {}
    versions = CodeVersion.objects.in_force().order_by("code", "effective_date", "id")
    fields = ("code", "effective_date", "change_type", "long_description", "short_description")
    for code, day, change_type, long, short in _rows(versions, wanted, *fields):
        histories.setdefault(code, _History()).add(day, change_type, long, short)
    releases = published_releases()
    gone = [code for code in histories if code not in states]
    if gone:
        states.update(_states_from_history(gone, releases))
    return states, histories, releases


def _states_from_history(codes: list[str], releases: list[Release]) -> dict[str, _Code]:
    """Codes that only older (backfilled) releases list: their latest record stands in for
    the published one, not listed since the release that left them out."""
    dates = [r.effective_date for r in releases]
    latest: dict[str, CodeVersion] = {}
    for chunk in _chunks(codes):
        for version in (
            CodeVersion.objects.in_force()
            .filter(code__in=chunk)
            .order_by("code", "effective_date", "id")
        ):
            latest[version.code] = version
    states = {}
    for code, version in latest.items():
        if version.change_type == CodeVersion.ChangeType.REMOVED:
            removed_on = version.effective_date
        else:
            removed_on = next((d for d in dates if d > version.effective_date), None)
        state = HcpcsCode(**version.record(), listed=removed_on is None)
        state.release = Release(effective_date=removed_on or version.effective_date)
        states[code] = _Code.of(state)
    return states


def _verdict(
    code: str,
    day: datetime.date,
    state: _Code | None,
    history: _History | None,
    releases: list[Release],
) -> Verdict:
    if state is None:
        return Verdict(
            code=code,
            day=day,
            status=CodeStatus.UNKNOWN,
            valid=False,
            message=code_status.describe(
                CodeStatus.UNKNOWN, day=day, add_dt=None, term_dt=None, last_day=None
            ),
        )
    status = code_status.status_on(day, add_dt=state.add_dt, last_day=state.last_day)
    in_force = history.on(day) if history else None
    listed, long, short = in_force or (False, state.long, state.short)
    return Verdict(
        code=code,
        day=day,
        status=status,
        valid=status == CodeStatus.ACTIVE,
        message=state.message(status, day),
        add_dt=state.add_dt,
        term_dt=state.term_dt,
        last_day=state.last_day,
        replacements=state.replacements,
        description=long,
        short_description=short,
        release=_release_on(day, releases) if listed else None,
        is_modifier=state.is_modifier,
    )


def verdict_from(
    state: HcpcsCode,
    versions: Iterable[CodeVersion],
    day: datetime.date,
    releases: list[Release] | None = None,
) -> Verdict:
    """The verdict for a code whose published record and in-force versions a page has
    already read; ``releases`` (published, oldest first) is read when not given."""
    history = _History()
    for version in sorted(versions, key=lambda v: (v.effective_date, v.id)):
        history.add(
            version.effective_date,
            version.change_type,
            version.long_description,
            version.short_description,
        )
    releases = published_releases() if releases is None else releases
    return _verdict(state.code, day, _Code.of(state), history, releases)


def check_many(lines: Sequence[tuple[str, datetime.date]]) -> list[Verdict]:
    """One verdict per (code, day) line, in the order given (a repeated pair is answered
    once: verdicts are immutable)."""
    states, histories, releases = _load({code for code, _ in lines})
    answered: dict[tuple[str, datetime.date], Verdict] = {}
    out = []
    for code, day in lines:
        verdict = answered.get((code, day))
        if verdict is None:
            verdict = _verdict(code, day, states.get(code), histories.get(code), releases)
            answered[(code, day)] = verdict
        out.append(verdict)
    return out


def check(code: str, day: datetime.date) -> Verdict:
    """The verdict for one code on one day."""
    return check_many([(code, day)])[0]
