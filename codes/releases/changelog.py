"""What each published release changed, read for a list of releases at once (the feeds):
the codes of each kind of change with their short descriptions, optionally within one
section, in a fixed number of queries whatever the number of releases.

A release can list thousands of codes (the first one loaded adds every code), so each kind
names at most ``CODES_PER_KIND`` codes and counts the rest; the release page lists them all.
Changes a curator held back never took effect and are left out, as on the release pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from codes.cms import layout
from codes.models import CodeVersion, Release
from codes.releases.review import CHANGE_KINDS, backfills

CODES_PER_KIND = 200
FEED_RELEASES = 20


@dataclass(frozen=True)
class ChangedCode:
    code: str
    short_description: str
    url: str


@dataclass
class KindOfChange:
    kind: str
    label: str
    count: int
    codes: list[ChangedCode] = field(default_factory=list)

    @property
    def more(self) -> int:
        """Codes of this kind not named (the release page lists them)."""
        return self.count - len(self.codes)


@dataclass
class ReleaseChanges:
    release: Release
    kinds: list[KindOfChange]
    section: str | None = None  # the section the changes are limited to
    # Published after a newer release: it added history for its dates rather than changing
    # today's codes.
    backfill: bool = False

    @property
    def total(self) -> int:
        return sum(kind.count for kind in self.kinds)


def feed_releases(limit: int = FEED_RELEASES) -> list[Release]:
    """The published releases a feed lists: the most recently published first (a backfill
    published today is news today, whatever its effective date)."""
    return list(Release.objects.published().order_by("-published_at", "-id")[:limit])


def _changes_of(releases: list[Release], section: str | None):
    versions = CodeVersion.objects.filter(
        release__in=releases, held=False, change_type__in=[kind for kind, _ in CHANGE_KINDS]
    )
    if section:
        versions = versions.filter(recid=layout.RECID_PROCEDURE, code__startswith=section)
    return versions


def changes_by_release(
    releases: list[Release], *, section: str | None = None, per_kind: int = CODES_PER_KIND
) -> list[ReleaseChanges]:
    """Each release's changes (within ``section``, a procedure code's first letter, when
    given), in the order of ``releases``; a release with no change there is left out.
    Three queries: the counts, the first ``per_kind`` codes of each kind, and the published
    releases' dates (which of them are backfills)."""
    if not releases:
        return []
    versions = _changes_of(releases, section)
    counts: dict[int, dict[str, int]] = {}
    for release_id, kind, n in (
        versions.values_list("release_id", "change_type").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(release_id, {})[kind] = n
    named: dict[tuple[int, str], list[ChangedCode]] = {}
    rows = (
        versions.annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("release_id"), F("change_type")],
                order_by=F("code").asc(),
            )
        )
        .filter(place__lte=per_kind)
        .order_by("release_id", "change_type", "code")
        .values_list("release_id", "change_type", "code", "short_description", "recid")
    )
    for release_id, kind, code, description, recid in rows:
        page = "codes:modifier-detail" if recid == layout.RECID_MODIFIER else "codes:detail"
        changed = ChangedCode(code, description, reverse(page, kwargs={"code": code}))
        named.setdefault((release_id, kind), []).append(changed)
    older = backfills(releases)
    out = []
    for release in releases:
        by_kind = counts.get(release.pk)
        if not by_kind:
            continue
        kinds = [
            KindOfChange(kind, label, by_kind[kind], named.get((release.pk, kind), []))
            for kind, label in CHANGE_KINDS
            if by_kind.get(kind)
        ]
        out.append(ReleaseChanges(release, kinds, section, release.pk in older))
    return out
