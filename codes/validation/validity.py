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
    rows: list[tuple] = field(default_factory=list)  # (release_id, long, short)

    def on(self, day: datetime.date) -> tuple[int | None, str, str] | None:
        """(release id, long, short) in force on ``day``; before the first loaded version,
        the first version's descriptions with no release."""
        if not self.rows:
            return None
        index = bisect.bisect_right(self.days, day) - 1
        if index < 0:
            return (None, *self.rows[0][1:])
        release_id = next((r[0] for r in reversed(self.rows[: index + 1]) if r[0]), None)
        return (release_id, *self.rows[index][1:])


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _load(codes: set[str]) -> tuple[dict[str, HcpcsCode], dict[str, _History], dict[int, Release]]:
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
                "code", "effective_date", "release_id", "long_description", "short_description"
            )
        )
        for code, day, release_id, long, short in rows:
            history = histories.setdefault(code, _History())
            history.days.append(day)
            history.rows.append((release_id, long, short))
    release_ids = {r[0] for h in histories.values() for r in h.rows if r[0]}
    releases = {r.pk: r for r in Release.objects.filter(pk__in=release_ids)} if release_ids else {}
    return states, histories, releases


def _verdict(
    code: str,
    day: datetime.date,
    state: HcpcsCode | None,
    history: _History | None,
    releases: dict[int, Release],
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
    release_id, long, short = in_force or (None, state.long_description, state.short_description)
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
        release=releases.get(release_id) if release_id else None,
        is_modifier=state.is_modifier,
    )


def verdict_from(state: HcpcsCode, versions: Iterable[CodeVersion], day: datetime.date) -> Verdict:
    """The verdict for a code whose published record and in-force versions (with their
    releases) a page has already read: no further query."""
    history = _History()
    releases = {}
    for version in sorted(versions, key=lambda v: (v.effective_date, v.id)):
        history.days.append(version.effective_date)
        history.rows.append(
            (version.release_id, version.long_description, version.short_description)
        )
        if version.release_id:
            releases[version.release_id] = version.release
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
