"""A query's synonyms each mean a search of the descriptions ("cpap mask": an oral nasal
mask, a full face mask, a nasal interface...). All of them are one query
(``matching_ids_each``), one round trip to PostgreSQL rather than one each, and find what
searching them one at a time finds, in the same order."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.drugs.lexicon import Expansion
from codes.models import HcpcsCode
from codes.search import vocabulary
from codes.search.backends import backend_for
from codes.search.drug_terms import terms
from codes.search.query import Term
from codes.search.results import LIST_FIELDS

pytestmark = pytest.mark.usefixtures("bundled")

FULL_TEXT_TABLES = ("codes_search_document", "codes_search_fts")

TERM_SETS = [
    (Term(("wheelchair",)), Term(("cushion",))),  # words together: ranked higher
    (Term(("knee",)), Term(("orthosis",))),
    (Term(("zqxvbw",)),),  # finds nothing
    (),  # no terms: nothing to search
    (Term(("glucose",)), Term(("mon",), prefix=True)),  # half-typed
    (Term(("orthosis",)),),  # hundreds of codes
    (Term(("lumbar", "sacral")), Term(("orthosis",))),  # a phrase
    (Term(("zqx",), prefix=True),),  # half-typed, beginning no indexed word
    (Term(("aeds",)),),  # a short acronym the porter stemmer would cut (SQLite)
]


def _within():
    return HcpcsCode.objects.with_status("active", on=datetime.date(2025, 11, 1))


def _full_text(queries) -> int:
    return sum(any(table in query["sql"] for table in FULL_TEXT_TABLES) for query in queries)


@pytest.mark.parametrize("by_relevance", [True, False])
@pytest.mark.parametrize("limit", [None, 8, 100])
def test_each_set_finds_in_one_query_what_it_finds_alone(by_relevance, limit):
    backend = backend_for("default")
    within = _within()
    options = {"within": within, "by_relevance": by_relevance, "limit": limit}
    alone = [backend.matching_ids(term_set, **options) for term_set in TERM_SETS]
    assert sum(map(bool, alone)) >= 5, "several sets find codes"
    with CaptureQueriesContext(connection) as queries:
        together = backend.matching_ids_each(TERM_SETS, **options)
    assert len(queries) == 1
    assert together == alone


def test_the_rows_shown_come_with_the_one_query():
    """As ``matching_ids`` does for typeahead, on PostgreSQL (SQLite reads them apart)."""
    backend = backend_for("default")
    within = _within()
    rows: dict[int, HcpcsCode] = {}
    together = backend.matching_ids_each(TERM_SETS, within=within, limit=8, rows=rows)
    assert together == [backend.matching_ids(t, within=within, limit=8) for t in TERM_SETS]
    if connection.vendor != "postgresql":
        return
    found = {pk for pks in together for pk in pks}
    assert set(rows) == found
    apart = HcpcsCode.objects.only(*LIST_FIELDS).in_bulk(found)
    for pk in found:
        assert [getattr(rows[pk], name) for name in LIST_FIELDS] == [
            getattr(apart[pk], name) for name in LIST_FIELDS
        ]


def test_one_set_is_searched_as_alone_and_none_costs_nothing():
    backend = backend_for("default")
    within = _within()
    one = (Term(("knee",)), Term(("orthosis",)))
    with CaptureQueriesContext(connection) as queries:
        found = backend.matching_ids_each([(), one, ()], within=within, limit=8)
    assert found == [[], backend.matching_ids(one, within=within, limit=8), []]
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        assert backend.matching_ids_each([], within=within) == []
        assert backend.matching_ids_each([(), ()], within=within) == [[], []]
        assert backend.matching_ids_each(TERM_SETS, within=within.none()) == [[]] * len(TERM_SETS)
    assert len(queries) == 0


def _meanings(monkeypatch, expansions: list[Expansion]) -> None:
    """The lexicon reads these meanings into any query (and names no drug in it)."""
    lexicon = terms().lexicon("default")
    monkeypatch.setattr(lexicon, "expansions", lambda words: expansions)
    monkeypatch.setattr(lexicon, "names", lambda words, typing=False: [])


def _one_at_a_time(meanings, *, within, limit, typing) -> dict[int, str]:
    """What searching each meaning on its own finds, in order, and how."""
    backend = backend_for("default")
    found: dict[int, str] = {}
    for how, words in meanings:
        meaning = tuple(Term((word,)) for word in words)
        if typing:
            meaning = (*meaning[:-1], Term(meaning[-1].words, prefix=True))
        for pk in backend.matching_ids(meaning, within=within, limit=limit):
            found.setdefault(pk, how)
    return found


@pytest.mark.parametrize("typing", [False, True])
def test_the_meanings_of_a_query_are_one_query(monkeypatch, typing):
    meanings = [
        ("“cpap mask” means oral nasal mask", ("oral", "nasal", "mask")),
        ("“cpap mask” means full face mask", ("full", "face", "mask")),
        ("“cpap mask” means nasal interface", ("nasal", "interface")),
        ("“cpap mask” means nasal cushion", ("nasal", "cushion")),
    ]
    _meanings(monkeypatch, [Expansion(words, how, words) for how, words in meanings])
    within = _within()
    limit = 8 if typing else None
    with CaptureQueriesContext(connection) as queries:
        ids, via, _ = vocabulary.search(
            backend_for("default"),
            ("cpap", "mask"),
            within,
            by_relevance=True,
            limit=limit,
            typing=typing,
            rows={},
        )
    assert _full_text(queries) == 1
    cap = vocabulary.EXPANSION_ROWS if limit is None else limit
    expected = _one_at_a_time(meanings, within=within, limit=cap, typing=typing)
    assert len(set(expected.values())) >= 2, "several meanings find codes"
    assert via == expected
    assert ids == list(expected)


def test_the_meanings_alone_are_one_more_query(monkeypatch):
    """No meaning finds anything with the query's other words: the meanings alone are
    searched, all in one query too."""
    backend = backend_for("default")
    within = _within()
    alone = [("“x” means insulin", ("insulin",)), ("“y” means glucose", ("glucose",))]
    expansions = [Expansion(("wheelchair", *core), how, core) for how, core in alone]
    for expansion in expansions:
        together = tuple(Term((word,)) for word in expansion.words)
        assert not backend.matching_ids(together, within=within), expansion.words
    _meanings(monkeypatch, expansions)
    with CaptureQueriesContext(connection) as queries:
        ids, via, _ = vocabulary.search(
            backend, ("zqxvbw", "wheelchair"), within, by_relevance=True, limit=None, typing=False
        )
    assert _full_text(queries) == 2
    expected = _one_at_a_time(alone, within=within, limit=vocabulary.EXPANSION_ROWS, typing=False)
    assert len(set(expected.values())) == 2
    assert via == expected
    assert ids == list(expected)


def test_codes_named_apart_are_checked_against_the_filters_in_one_query():
    """Drug names give codes directly; those the filters allow are read in one query (on
    PostgreSQL through the filters' SQL the full-text search compiled)."""
    backend = backend_for("default")
    within = _within()
    left_out = list(
        HcpcsCode.objects.exclude(pk__in=within.values("pk")).values_list("code", flat=True)[:3]
    )
    assert left_out, "the bundled releases have codes no longer active"
    codes = ["J9271", "E0601", *left_out, "Z9999", "J9271"]
    expected = dict(within.filter(code__in=codes).values_list("code", "pk"))
    assert {"J9271", "E0601"} <= set(expected) and not set(left_out) & set(expected)
    with CaptureQueriesContext(connection) as queries:
        assert backend.allowed_codes(codes, within=within) == expected
    assert len(queries) == 1
    rows: dict[int, HcpcsCode] = {}
    assert backend.allowed_codes(codes, within=within, rows=rows) == expected
    assert set(rows) == set(expected.values())
    apart = HcpcsCode.objects.only(*LIST_FIELDS).in_bulk(list(rows))
    for pk, row in rows.items():
        assert [getattr(row, name) for name in LIST_FIELDS] == [
            getattr(apart[pk], name) for name in LIST_FIELDS
        ]
    assert backend.allowed_codes(codes, within=within.none()) == {}
