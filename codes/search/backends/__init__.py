"""The two full-text engines behind one interface.

A backend answers five questions about the indexed text of the published codes, and keeps
that index current:

- ``matching_ids``: the primary keys of the codes whose code or descriptions contain the
  terms (all of them, or any of them), restricted to a queryset, best first or in code
  order; given a ``rows`` dict, a backend may also put the codes it found there (by pk,
  with ``results.LIST_FIELDS``), read in the same query; ``matching_ids_each``: the same
  (all of the terms) for each of several sets of terms, in one query, since a query's
  synonyms each mean another search of the descriptions and on PostgreSQL each query is
  a round trip to the server;
- ``allowed_codes``: which of some codes (drug names, found apart from the index) the
  queryset allows;
- ``document_counts``: how many codes use each of some words (absent: not indexed), and
  ``known_prefixes``: which of some half-typed words begin an indexed word;
- ``closest_word``: the nearest indexed word to a misspelt one;
- ``refresh``: re-index some codes (or all) after publishing changed them.

Queries in either engine's language are built here from parsed terms, never from the text
the user typed.
"""

from __future__ import annotations

from typing import Protocol

from django.db import connections
from django.db.models import Count, Max, QuerySet
from django.db.models.expressions import RawSQL

from codes.models import HcpcsCode
from codes.search.query import Term

# How often a process checks whether another one has published (see codes_fingerprint).
VOCABULARY_RECHECK_SECONDS = 60.0


class SearchBackend(Protocol):
    vendor: str

    def matching_ids(
        self,
        terms: tuple[Term, ...],
        *,
        within: QuerySet,
        any_word: bool = False,
        by_relevance: bool = True,
        limit: int | None = None,
        rows: dict[int, HcpcsCode] | None = None,
    ) -> list[int]: ...

    def matching_ids_each(
        self,
        term_sets: list[tuple[Term, ...]],
        *,
        within: QuerySet,
        by_relevance: bool = True,
        limit: int | None = None,
        rows: dict[int, HcpcsCode] | None = None,
    ) -> list[list[int]]: ...

    def allowed_codes(
        self,
        codes: list[str],
        *,
        within: QuerySet,
        rows: dict[int, HcpcsCode] | None = None,
    ) -> dict[str, int]: ...

    def document_counts(self, words: list[str]) -> dict[str, int]: ...

    def known_prefixes(self, words: list[str]) -> set[str]: ...

    def closest_word(self, word: str) -> str | None: ...

    def refresh(self, codes: list[str] | None = None) -> None: ...


def allowed(within: QuerySet, outer_id: str, *, per_row: bool = False) -> tuple[str, tuple]:
    """SQL that is true when the row whose code id is ``outer_id`` (a column of the
    full-text query) is one of the codes the filters allow.

    It is a correlated EXISTS rather than ``IN (all the allowed ids)``: the filters
    usually allow most of the 9,000 codes, and building that list took longer than the
    full-text search itself, while looking up each match by primary key is cheap.

    ``per_row`` keeps it that way on PostgreSQL: its planner turns a plain EXISTS into a
    hash join that first reads every allowed code (about 6 ms), where a look-up for each
    match takes microseconds. ``OFFSET 0`` is what stops it; the rows are the same.
    """
    # Compiled once per queryset: one search asks it for each of its words (partial
    # matching), and compiling the filters' SQL costs more than a short full-text query.
    compiled = within.__dict__.setdefault("_allowed_sql", {})
    if (outer_id, per_row) not in compiled:
        sql, params = (
            within.order_by()
            .filter(pk=RawSQL(outer_id, ()))  # noqa: S611 - a column name of ours
            .values("pk")
            .query.sql_with_params()
        )
        compiled[outer_id, per_row] = (
            f"EXISTS ({sql}{' OFFSET 0' if per_row else ''})",
            tuple(params),
        )
    return compiled[outer_id, per_row]


def codes_fingerprint(alias: str) -> tuple:
    """Changes whenever the published codes do (publishing and corrections update rows,
    ``updated_at``, or add them), and with them the words the index knows: what tells a
    process that its in-memory vocabulary (``codes/search/rechecked.py``) is out of date."""
    stats = HcpcsCode.objects.using(alias).aggregate(
        last=Max("updated_at"), top=Max("id"), rows=Count("id")
    )
    return stats["last"], stats["top"], stats["rows"]


def backend_for(alias: str = "default") -> SearchBackend:
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        from codes.search.backends.postgres import PostgresBackend

        return PostgresBackend(alias)
    if vendor == "sqlite":
        from codes.search.backends.sqlite import SqliteBackend

        return SqliteBackend(alias)
    raise NotImplementedError(f"No search backend for the {vendor} database.")
