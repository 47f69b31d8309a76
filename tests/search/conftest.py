"""Search test helpers: shortcuts for running a search as a page does."""

from __future__ import annotations

from django.http import QueryDict

from codes.models import HcpcsCode
from codes.search import SearchResult, parse, search_codes
from codes.search.filters import CodeFilterSet


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
