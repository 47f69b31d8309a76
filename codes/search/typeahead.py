"""Typeahead: the suggestions behind the search box, one behaviour for the page's endpoint
(``/autocomplete/``) and the API's (``/api/v1/autocomplete/``).

Under two characters there are no suggestions. Filters narrow the suggestions as they
narrow a search. A filter value the FilterSet rejects makes both endpoints answer 400 with
the errors keyed by filter, as the API's code list does: a list of eight suggestions has no
room for the results page's "Ignored the ... filter" notice, and suggestions that quietly
ignore a filter the caller asked for would be wrong.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from codes.models import HcpcsCode
from codes.search.display import TYPEAHEAD_LIMIT, TYPEAHEAD_MIN_CHARS, suggestions
from codes.search.filters import CodeFilterSet
from codes.search.query import parse
from codes.search.service import search_codes


class InvalidFilters(Exception):
    """Filter values the FilterSet rejected: ``errors`` maps each filter to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def typeahead(params: QueryDict) -> dict:
    """The suggestions for ``params`` (``q`` and any filters), as ``display.suggestions``
    lays them out. Raises InvalidFilters for a filter value the FilterSet rejects."""
    query = parse(params.get("q"))
    if len(query.text) < TYPEAHEAD_MIN_CHARS:
        return {"query": query.text, "corrected": None, "results": []}
    if params.keys() <= {"q"}:  # the search box alone: the filters' defaults
        day = timezone.localdate()
        within = CodeFilterSet.unfiltered(HcpcsCode.objects.all(), params.get("q"), day)
    else:
        filterset = CodeFilterSet(params, queryset=HcpcsCode.objects.all())
        if not filterset.is_valid():
            errors = filterset.errors.items()
            raise InvalidFilters({name: list(messages) for name, messages in errors})
        within, day = filterset.qs, filterset.status_day
    result = search_codes(query, within=within, limit=TYPEAHEAD_LIMIT, typing=True)
    return suggestions(query, result, day)
