"""The top of a code page: its validity timeline, the verdict for the date asked, what it
replaces and what replaces it, and which releases between the values shown and that date are
not loaded here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q

from codes.models import HcpcsCode
from codes.validation.validity import XREF_ATTRS, Replacement, Verdict

MONTHS = {1: "January", 4: "April", 7: "July", 10: "October"}
MAX_LISTED_QUARTERS = 8


@dataclass(frozen=True)
class Validity:
    """What the top of a code page says of its validity: every period (more than one when
    CMS reused or reactivated the code) and what it replaces or is replaced by."""

    spans: list[tuple[datetime.date | None, datetime.date | None]]
    replaced_by: list[Replacement] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = []
        for start, end in self.spans:
            start_text = f"{start:%Y-%m-%d}" if start else "(no ADD DT)"
            end_text = f"{end:%Y-%m-%d}" if end else "no end date"
            parts.append(f"{start_text} → {end_text}")
        return "Valid " + "; again ".join(parts) if parts else "Not in any loaded release"


REPLACED_BY_TTL = 600


def _replaced_by_map(release_key: object) -> dict[str, list[str]]:
    """{code: codes whose XREF1-5 name it}, read in one pass over the codes that have a
    cross-reference and cached per content version (``release_key``)."""
    key = f"codes:replaced-by:{release_key}"
    found = cache.get(key)
    if found is None:
        has_xref = Q()
        for attr in XREF_ATTRS:
            has_xref |= ~Q(**{attr: ""})
        found = {}
        for code, *xrefs in HcpcsCode.objects.filter(has_xref).values_list("code", *XREF_ATTRS):
            for xref in dict.fromkeys(x for x in xrefs if x and x != code):
                found.setdefault(xref, []).append(code)
        cache.set(key, found, REPLACED_BY_TTL)
    return found


def related(code: str, xrefs: list[str], release_key: object) -> tuple[dict[str, str], list[str]]:
    """The pages of the codes ``code`` cross-references ({code: url}), and the codes whose
    XREF1-5 name ``code`` (what it replaces)."""
    wanted = [x for x in xrefs if x]
    links = {}
    if wanted:
        rows = HcpcsCode.objects.filter(code__in=wanted).only("code", "recid")
        links = {row.code: row.get_absolute_url() for row in rows}
    return links, sorted(_replaced_by_map(release_key).get(code, []))


def validity(code: HcpcsCode, verdict: Verdict, replaced: list[str]) -> Validity:
    ended = verdict.last_day is not None
    return Validity(
        spans=code.spans,
        replaced_by=verdict.replacements if ended else [],
        replaces=replaced,
    )


def _quarter_starts(after: datetime.date, until: datetime.date) -> list[datetime.date]:
    """Quarter starts q with after < q <= until."""
    starts = []
    year, month = after.year, ((after.month - 1) // 3) * 3 + 1
    while True:
        month += 3
        if month > 12:
            year, month = year + 1, 1
        start = datetime.date(year, month, 1)
        if start > until:
            return starts
        starts.append(start)


def quarter_label(day: datetime.date) -> str:
    return f"{day.year} {MONTHS.get(day.month, day.strftime('%B'))}"


def unloaded_between(release, day: datetime.date, releases: list) -> list[str]:
    """The quarterly releases after ``release`` and up to ``day`` that are not loaded here
    (``releases``: the published ones, anything with an ``effective_date``), e.g.
    ["2025 April", "2025 July"]; the most recent ones when there are many."""
    if release is None:
        return []
    loaded = {r.effective_date for r in releases}
    missing = [q for q in _quarter_starts(release.effective_date, day) if q not in loaded]
    return [quarter_label(q) for q in missing[-MAX_LISTED_QUARTERS:]]
