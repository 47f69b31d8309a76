"""Timelines read from the stored versions, and the spans derived from them kept current.

Reads take a bounded number of queries whatever the number of codes (one for the published
releases, one per 5,000 codes for their versions), so a batch of 10,000 claim lines builds
its timelines in one pass.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator

from django.core.cache import cache
from django.db import transaction

from codes.models import CodeLife, CodeVersion, HcpcsCode, Release, bulk
from codes.status import spans_as_json
from codes.timeline.reading import Point, Timeline, build, points_index

CHUNK = 5000
# Past this many codes, reading every version beats long IN lists.
WHOLE_TABLE = 2000
XREF_ATTRS = tuple(f"xref{n}" for n in range(1, 6))

# What a timeline and a verdict need of each version: its place in time, its dates and what
# a verdict shows. The full record is read only where a page shows every field.
LIGHT_FIELDS = (
    "id",
    "code",
    "effective_date",
    "release_id",
    "change_type",
    "add_dt",
    "act_eff_dt",
    "term_dt",
    "action_cd",
    "recid",
    "long_description",
    "short_description",
    *XREF_ATTRS,
)
VersionRow = namedtuple("VersionRow", LIGHT_FIELDS)


def published_points(content_version: int | None = None) -> list[Point]:
    """Every published release as a point in time, oldest first.

    With the content version the request was served for (read in the request's transaction,
    ``request.content_version``) they are kept in the site's cache under it, so they always
    belong to the state the rest of the answer reads; without one they are read afresh."""
    key = f"codes:published-points:{content_version}"
    points = cache.get(key) if content_version is not None else None
    if points is None:
        rows = Release.objects.published().order_by("effective_date", "id")
        points = [
            Point(day, label, pk)
            for pk, day, label in rows.values_list("pk", "effective_date", "label")
        ]
        if content_version is not None:
            cache.set(key, points, 3600)
    return points


def _fetch(queryset) -> Iterator[VersionRow]:
    return (VersionRow(*row) for row in bulk.value_rows(queryset, LIGHT_FIELDS))


def _version_rows(codes: list[str]) -> Iterator[VersionRow]:
    versions = CodeVersion.objects.in_force().order_by("code", "effective_date", "id")
    if len(codes) > WHOLE_TABLE:
        wanted = set(codes)
        return (row for row in _fetch(versions) if row.code in wanted)
    return (
        row
        for start in range(0, len(codes), CHUNK)
        for row in _fetch(versions.filter(code__in=codes[start : start + CHUNK]))
    )


def _grouped(rows: Iterable) -> Iterator[tuple[str, list]]:
    code, group = None, []
    for row in rows:
        if row.code != code:
            if group:
                yield code, group
            code, group = row.code, []
        group.append(row)
    if group:
        yield code, group


def load(codes: Iterable[str], points: list[Point] | None = None) -> dict[str, Timeline]:
    """{code: timeline} of the codes that any published release or correction states."""
    points = published_points() if points is None else points
    index = points_index(points)
    wanted = sorted(set(codes))
    return {
        code: build(code, rows, points, index) for code, rows in _grouped(_version_rows(wanted))
    }


def load_full(code: str, points: list[Point] | None = None) -> Timeline | None:
    """One code's timeline whose statements carry full ``CodeVersion`` records (with their
    releases), for the pages that show every field."""
    points = published_points() if points is None else points
    versions = list(
        CodeVersion.objects.in_force()
        .filter(code=code)
        .select_related("release")
        .order_by("effective_date", "id")
    )
    return build(code, versions, points) if versions else None


def _all_codes() -> list[str]:
    return list(CodeVersion.objects.in_force().values_list("code", flat=True).distinct())


@transaction.atomic
def refresh(codes: Iterable[str] | None = None) -> int:
    """Rewrite the derived spans (``CodeLife`` rows and ``HcpcsCode.lives``) of ``codes``,
    or of every code; inside the writer's transaction, so they change with the versions."""
    wanted = sorted(set(codes)) if codes is not None else sorted(_all_codes())
    if not wanted:
        return 0
    timelines = load(wanted)
    for start in range(0, len(wanted), CHUNK):
        CodeLife.objects.filter(code__in=wanted[start : start + CHUNK]).delete()
    bulk.insert_values(
        CodeLife,
        (
            {"code": code, "start": life.start, "end": life.end}
            for code, timeline in timelines.items()
            for life in timeline.lives
        ),
    )
    spans = {
        code: spans_as_json((life.start, life.end) for life in timeline.lives)
        for code, timeline in timelines.items()
    }
    changed = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        stored = HcpcsCode.objects.filter(code__in=chunk).values_list("pk", "code", "lives")
        for pk, code, lives in stored:
            new = spans.get(code, [])
            if lives != new:
                changed.append({"id": pk, "lives": new})
    bulk.update_values(HcpcsCode, changed, ["lives"])
    return len(changed)
