"""The published fee schedule kept in memory, so that a code page reads nothing more from the
database for its fee section (the page's query budget is fixed, tests/codes/test_detail.py).

- The published quarters and the meanings of the pricing modifiers they use: read once per
  content version (``PublishedState``), which every publish moves; a few dozen rows.
- The rows of the two newest published quarters (what today's pages and the quarter before
  need), by code: read once per set of published quarters, so only a fee publish rebuilds
  them, not every curation edit. Each row keeps its state amounts as the JSON text the
  database holds (about 5 MB for two quarters), decoded only for the code a page shows.

Older quarters (a page ``as_of`` a date years back) are read from the database when asked.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast

from codes.fees.models import FeeQuarter, FeeRow
from codes.models import HcpcsCode, PublishedState

KEPT_QUARTERS = 2
_COLUMNS = ("code", "modifier", "modifier2", "jurisdiction", "category", "ceiling", "floor")


@dataclass
class Snapshot:
    version: int
    quarters: list[FeeQuarter]  # published, newest first
    meanings: dict[str, str]  # pricing modifier -> CMS's long description
    codes: frozenset[str]  # every code in a published quarter
    kept: dict[int, dict[str, list[tuple]]] = field(default_factory=dict)


_lock = threading.Lock()
_current: Snapshot | None = None
_kept_key: tuple = ()
_kept: dict[int, dict[str, list[tuple]]] = {}


def forget() -> None:
    """Drop what is kept (tests roll back and reuse content versions)."""
    global _current, _kept_key, _kept
    with _lock:
        _current, _kept_key, _kept = None, (), {}


def _rows_by_code(quarter_ids: list[int]) -> dict[int, dict[str, list[tuple]]]:
    kept: dict[int, dict[str, list[tuple]]] = {pk: {} for pk in quarter_ids}
    rows = (
        FeeRow.objects.filter(quarter_id__in=quarter_ids)
        .annotate(amounts_text=Cast("amounts", TextField()))
        .order_by("code", "modifier", "modifier2")
        .values_list("quarter_id", *_COLUMNS, "amounts_text")
    )
    for quarter_id, *values in rows:
        kept[quarter_id].setdefault(values[0], []).append(tuple(values))
    return kept


def current(version: int | None = None) -> Snapshot:
    """The snapshot for the content ``version`` (read when not given)."""
    global _current, _kept_key, _kept
    if version is None:
        version = PublishedState.objects.current()[0]
    snapshot = _current
    if snapshot is not None and snapshot.version == version:
        return snapshot
    quarters = list(FeeQuarter.objects.published().order_by("-effective_date"))
    used = FeeRow.objects.published().values("code")
    published = FeeRow.objects.published()
    modifiers = set(published.values_list("modifier", flat=True).distinct()) | set(
        published.values_list("modifier2", flat=True).distinct()
    )
    modifiers.discard("")
    meanings = dict(
        HcpcsCode.objects.filter(code__in=modifiers).values_list("code", "long_description")
    )
    codes = frozenset(used.distinct().values_list("code", flat=True))
    key = tuple((q.pk, q.published_at) for q in quarters[:KEPT_QUARTERS])
    with _lock:
        if key != _kept_key:
            _kept = _rows_by_code([pk for pk, _ in key])
            _kept_key = key
        snapshot = Snapshot(version, quarters, meanings, codes, _kept)
        _current = snapshot
    return snapshot


def rows_of(snapshot: Snapshot, quarter: FeeQuarter, code: str) -> list[FeeRow]:
    """The code's rows in ``quarter`` (unsaved instances, for reading)."""
    kept = snapshot.kept.get(quarter.pk)
    if kept is None:
        return list(FeeRow.objects.filter(quarter=quarter, code=code))
    return [
        FeeRow(
            quarter_id=quarter.pk,
            **dict(zip(_COLUMNS, values[:-1])),
            amounts=json.loads(values[-1]),
        )
        for values in kept.get(code, [])
    ]
