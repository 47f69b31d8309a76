"""Pagination for code searches: the standard page, plus how the query was read."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class SearchPagination(PageNumberPagination):
    """Page-number pagination (page size from settings) whose response also says how the
    search read the query: as a code, prefix, range, list or words, and any correction."""

    def get_paginated_response(self, data, search: dict | None = None) -> Response:
        response = super().get_paginated_response(data)
        response.data["search"] = search or {}
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["search"] = {
            "type": "object",
            "description": "How the query was read.",
            "properties": {
                "query": {"type": "string", "description": "The query as it was read."},
                "interpreted_as": {
                    "type": "string",
                    "enum": ["empty", "code", "prefix", "range", "list", "words"],
                },
                "mode": {
                    "type": "string",
                    "description": (
                        "How the codes were found: browse, code, prefix, range, list, words, "
                        "corrected (typos fixed), any-word (not all words matched), modifier "
                        "or none."
                    ),
                },
                "corrected": {"type": "string", "nullable": True},
                "did_you_mean": {"type": "string", "nullable": True},
                "notices": {"type": "array", "items": {"type": "string"}},
            },
        }
        return paginated
