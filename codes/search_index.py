"""Keeping the search index in step with the published state.

The search backends register their refresh here; publishing calls ``refresh`` inside its
transaction so the index and the published codes change together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_refreshers: list[Callable[[Iterable[str]], None]] = []


def register(refresher: Callable[[Iterable[str]], None]) -> None:
    if refresher not in _refreshers:
        _refreshers.append(refresher)


def refresh(*, codes: Iterable[str]) -> None:
    codes = list(codes)
    for refresher in _refreshers:
        refresher(codes)
