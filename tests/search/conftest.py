"""Search test helpers: engine markers, and shortcuts for running a search as a page does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict

from codes.models import HcpcsCode
from codes.search import SearchResult, parse, search_codes
from codes.search.filters import CodeFilterSet

ENGINE_MARKERS = {"postgres": "postgresql", "sqlite": "sqlite"}


def pytest_runtest_setup(item):
    """Tests marked for one engine are skipped on the other."""
    for marker, vendor in ENGINE_MARKERS.items():
        if item.get_closest_marker(marker) and connection.vendor != vendor:
            pytest.skip(f"needs {vendor}, running on {connection.vendor}")


def run_search(
    text: str, *, sort: str = "relevance", typing: bool = False, **filters: str
) -> SearchResult:
    """Search as the results page does: the default filters, plus ``filters``."""
    params = QueryDict(mutable=True)
    params["q"] = text
    params.update(filters)
    filterset = CodeFilterSet(params, queryset=HcpcsCode.objects.all())
    assert filterset.is_valid(), filterset.errors
    return search_codes(parse(text), within=filterset.qs, sort=sort, typing=typing)


def codes(text: str, limit: int | None = None, **options) -> list[str]:
    result = run_search(text, **options)
    found = result.codes if limit is None else result.codes[:limit]
    return [code.code for code in found]
