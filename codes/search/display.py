"""A search result as a list shows it: marked descriptions, status, pricing and coverage
at a glance, each coded value with its CMS meaning for a tooltip."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString

from codes import reference_tables
from codes.models import HcpcsCode
from codes.search.highlight import highlighter
from codes.search.query import ParsedQuery, Term
from codes.search.results import SearchResult
from codes.status import CodeStatus, last_valid_day_words, spans_status, valid_from_words

TYPEAHEAD_LIMIT = 8
TYPEAHEAD_MIN_CHARS = 2


@dataclass(frozen=True)
class Coded:
    value: str
    meaning: str

    @property
    def brief(self) -> str:
        """The meaning without its examples, short enough for a list."""
        text = self.meaning.split(" (", 1)[0]
        return text if len(text) <= 48 else text[:47].rstrip() + "…"


@dataclass(frozen=True)
class ResultRow:
    code: str
    url: str
    is_modifier: bool
    short: SafeString
    long: SafeString
    status: str
    status_label: str
    pricing: tuple[Coded, ...]
    coverage: Coded | None
    # How the search found it, when not by its own text ("brand name Keytruda").
    found_via: str = ""


def status_of(code: HcpcsCode, day: datetime.date) -> tuple[CodeStatus, str]:
    """(status, label for a list) on ``day``, from the code's periods of validity
    (``codes.timeline``), phrased from their dates: "Last valid day 2026-03-31", "Valid
    from 2026-07-01", never a bare "Terminated"."""
    spans = code.spans
    status, index, following = spans_status(spans, day)
    if status == CodeStatus.TERMINATED:
        start, end = spans[index]
        label = last_valid_day_words(end).capitalize()
        if following is not None:
            return status, f"{label}; valid again from {spans[following][0]:%Y-%m-%d}"
        if code.term_dt or code.listed:
            return status, label
        return status, f"{label} (no longer in the file)"
    if status == CodeStatus.NOT_YET_EFFECTIVE:
        return status, valid_from_words(spans[0][0]).capitalize()
    if status == CodeStatus.UNKNOWN:
        return status, CodeStatus.UNKNOWN.label
    return status, CodeStatus.ACTIVE.label


def result_rows(
    codes: Iterable[HcpcsCode], *, terms: tuple[Term, ...] = (), day: datetime.date
) -> list[ResultRow]:
    tables = reference_tables.lookup()
    pricing_table = tables["pricing_indicator"]
    coverage_table = tables["coverage"]
    mark = highlighter(terms)
    rows = []
    for code in codes:
        status, label = status_of(code, day)
        prices = dict.fromkeys(p for p in (code.price1, code.price2, code.price3, code.price4) if p)
        rows.append(
            ResultRow(
                code=code.code,
                url=code.get_absolute_url(),
                is_modifier=code.is_modifier,
                short=mark(code.short_description),
                long=mark(code.long_description),
                status=status,
                status_label=label,
                pricing=tuple(
                    Coded(p, pricing_table.get(p, "Not in the CMS table")) for p in prices
                ),
                coverage=Coded(code.cov, coverage_table.get(code.cov, "Not in the CMS table"))
                if code.cov
                else None,
                found_via=getattr(code, "found_via", ""),
            )
        )
    return rows


def suggestions(query: ParsedQuery, result: SearchResult, day: datetime.date) -> dict:
    """The typeahead payload, the same for the page's endpoint and the API."""
    return {
        "query": query.text,
        "corrected": result.corrected,
        "results": [
            {
                "code": code.code,
                "kind": "modifier" if code.is_modifier else "procedure",
                "short_description": code.short_description,
                "long_description": code.long_description,
                "status": status_of(code, day)[0],
                "url": code.get_absolute_url(),
                "found_via": getattr(code, "found_via", ""),
            }
            for code in list(result.codes)[:TYPEAHEAD_LIMIT]
        ],
    }
