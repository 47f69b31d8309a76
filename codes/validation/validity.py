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


def _message(
    status: CodeStatus, day: datetime.date, state: HcpcsCode, replacements: list[Replacement]
) -> str:
    text = code_status.describe(
        status,
        day=day,
        add_dt=state.add_dt,
        term_dt=state.term_dt,
        last_day=state.last_valid_day,
    )
    if status == CodeStatus.TERMINATED and replacements:
        text += "; replaced by " + ", ".join(r.label for r in replacements)
    return text


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
    return list(Release.objects.published().order_by("effective_date", "id"))


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _load(codes: set[str]) -> tuple[dict[str, HcpcsCode], dict[str, _History], list[Release]]:
    states: dict[str, HcpcsCode] = {}
    histories: dict[str, _History] = {}
    wanted = sorted(codes)
    for chunk in _chunks(wanted):
        states.update(
            (s.code, s)
            for s in HcpcsCode.objects.filter(code__in=chunk)
            .select_related("release")
            .only(
                "code",
                "recid",
                "add_dt",
                "term_dt",
                "listed",
                "long_description",
                "short_description",
                *XREF_ATTRS,
                "release__effective_date",
                "release__label",
            )
        )
        rows = (
            CodeVersion.objects.in_force()
            .filter(code__in=chunk)
            .order_by("code", "effective_date", "id")
            .values_list(
                "code", "effective_date", "change_type", "long_description", "short_description"
            )
        )
        for code, day, change_type, long, short in rows:
            histories.setdefault(code, _History()).add(day, change_type, long, short)
    releases = published_releases()
    gone = [code for code in histories if code not in states]
    if gone:
        states.update(_states_from_history(gone, releases))
    return states, histories, releases


def _states_from_history(codes: list[str], releases: list[Release]) -> dict[str, HcpcsCode]:
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
        states[code] = state
    return states


def _verdict(
    code: str,
    day: datetime.date,
    state: HcpcsCode | None,
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
    status = state.status_on(day)
    replacements = replacements_of(state)
    in_force = history.on(day) if history else None
    listed, long, short = in_force or (False, state.long_description, state.short_description)
    return Verdict(
        code=code,
        day=day,
        status=status,
        valid=status == CodeStatus.ACTIVE,
        message=_message(status, day, state, replacements),
        add_dt=state.add_dt,
        term_dt=state.term_dt,
        last_day=state.last_valid_day,
        replacements=replacements,
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
    return _verdict(state.code, day, state, history, releases)


def check_many(lines: Sequence[tuple[str, datetime.date]]) -> list[Verdict]:
    """One verdict per (code, day) line, in the order given."""
    states, histories, releases = _load({code for code, _ in lines})
    return [
        _verdict(code, day, states.get(code), histories.get(code), releases) for code, day in lines
    ]


def check(code: str, day: datetime.date) -> Verdict:
    """The verdict for one code on one day."""
    return check_many([(code, day)])[0]
