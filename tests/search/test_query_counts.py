"""How many queries a search request makes, and how PostgreSQL runs the full-text one.

On PostgreSQL each query is a round trip to the server, about half a millisecond more than
SQLite's call in the same process, so typeahead's few milliseconds allow only a handful.
The counts are of a warm process (the drug lexicon and the word vocabulary already read)
with the page cache off, so every request runs its search; each includes the one read of
the content version that the release-keyed cache makes on every public request
(codes.ops.caching). SQLite may take one more: it reads the rows shown apart from the
full-text query, a call in the same process rather than a round trip.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.drugs import lexicon
from codes.models import HcpcsCode
from codes.search.backends import backend_for, postgres, sqlite
from codes.search.index import refresh_index
from codes.search.query import Term
from codes.search.results import LIST_FIELDS, OrderedCodes


def forget_kept_values() -> None:
    """Start the minute after which a process re-checks what it keeps now, so that no
    re-check falls inside a counted request: the warm-up request checks it (and builds it
    again only where its sources changed)."""
    lexicon.expire()
    sqlite.expire_vocabulary()
    postgres.expire_words()


@pytest.fixture
def count_queries(client, bundled, settings):
    settings.HCPCS_PAGE_CACHE_SECONDS = 0
    forget_kept_values()
    # Warm-up: what a process keeps (the lexicon, the vocabulary, the code tables).
    assert client.get("/codes/", {"q": "keytruda inf"}).status_code == 200

    def count(url: str, q: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": q})
            assert response.status_code == 200
            return len(queries)

    return count


@pytest.mark.parametrize(
    ("typed", "on_postgres", "on_sqlite"),
    [
        ("E01", 2, 2),  # content version, the codes
        # Content version, full text (on PostgreSQL with the rows shown), the rows shown.
        ("whe", 2, 3),
        ("wheelchair cush", 2, 3),
        ("pembro", 3, 4),  # and the codes of drug names (with their rows), through the filters
        ("knee brace", 3, 4),  # a synonym: its meaning searched too, with the rows shown
        ("cpap mask", 3, 4),  # four meanings, all searched in one query
        ("blood sug", 3, 4),  # nothing has both: typo check in memory, then any word
        ("0023-1", 3, 4),  # not an NDC yet: words, then any of them
        ("LT", 3, 4),  # the modifier first, then the codes using the word
    ],
)
def test_typeahead_queries(count_queries, typed, on_postgres, on_sqlite):
    most = on_postgres if connection.vendor == "postgresql" else on_sqlite
    for url in ("/autocomplete/", "/api/v1/autocomplete/"):
        assert count_queries(url, typed) <= most, (url, typed)


@pytest.mark.parametrize(
    ("query", "most"),
    [
        ("wheelchair cushion", 5),  # and the release choices of the filter form
        ("knee brace", 6),  # the words, then the synonym's meaning, then half-typed
        ("cpap mask", 4),  # the words, then its four meanings, all in one query
        ("glucose monitr", 7),  # the typo corrected (pg_trgm on PostgreSQL)
    ],
)
def test_results_page_queries(count_queries, query, most):
    assert count_queries("/codes/", query) <= most


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@pytest.mark.postgres
def test_postgres_checks_the_filters_of_the_best_matches_only(bundled):
    """A half-typed 'se' matches over a thousand codes; typeahead wants the eight best the
    filters allow. The filters are checked for the best matches one at a time, not by
    reading every allowed code first (a hash join over all 9,000 codes, several ms)."""
    within = HcpcsCode.objects.with_status("active", on=datetime.date(2025, 11, 1))
    backend = backend_for("default")
    terms = (Term(("se",), prefix=True),)
    assert len(backend.matching_ids(terms, within=within)) > 1000
    with CaptureQueriesContext(connection) as queries:
        best = backend.matching_ids(terms, within=within, limit=8)
    assert best == backend.matching_ids(terms, within=within)[:8]
    (sql,) = [query["sql"] for query in queries]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()[0]
    codes_read = [
        node for node in _nodes(plan["Plan"]) if node.get("Relation Name") == "codes_hcpcscode"
    ]
    assert codes_read
    for node in codes_read:
        assert node["Node Type"] == "Index Scan", node["Node Type"]
        assert node["Actual Loops"] < 50, node["Actual Loops"]


@pytest.mark.postgres
def test_postgres_vocabulary_in_memory_follows_publishing(bundled):
    """Word counts and half-typed words come from memory, and re-indexing (which
    publishing does) is seen at once."""
    backend = backend_for("default")
    forget_kept_values()
    backend.document_counts(["wheelchair"])  # read once
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, documents FROM codes_search_vocabulary "
            "WHERE word IN ('wheelchair', 'cushion', 'glucose')"
        )
        expected = dict(cursor.fetchall())
    with CaptureQueriesContext(connection) as queries:
        counts = backend.document_counts(["wheelchair", "cushion", "glucose", "zqxv"])
        prefixes = backend.known_prefixes(["wheelc", "zqx", "glu"])
    assert counts == expected and len(counts) == 3
    assert prefixes == {"wheelc", "glu"}
    assert len(queries) == 0

    code = HcpcsCode.objects.get(code="E2601")
    code.long_description += " zanzibarite"
    code.save()
    refresh_index(["E2601"])
    assert backend.document_counts(["zanzibarite"]) == {"zanzibarite": 1}
    assert backend.known_prefixes(["zanzib"]) == {"zanzib"}


def test_rows_read_with_the_search_are_the_codes_found(bundled):
    """Typeahead's rows come with PostgreSQL's full-text query; the codes shown are then
    read with no further query, and they are the same codes as read apart."""
    within = HcpcsCode.objects.with_status("active", on=datetime.date(2025, 11, 1))
    backend = backend_for("default")
    terms = (Term(("wheelchair",)), Term(("cush",), prefix=True))
    rows: dict[int, HcpcsCode] = {}
    ids = backend.matching_ids(terms, within=within, limit=8, rows=rows)
    assert len(ids) == 8
    assert ids == backend.matching_ids(terms, within=within, limit=8)
    if connection.vendor != "postgresql":
        return  # SQLite reads them apart
    assert set(rows) == set(ids)
    with CaptureQueriesContext(connection) as queries:
        shown = [
            [getattr(code, name) for name in LIST_FIELDS] for code in OrderedCodes(ids, rows=rows)
        ]
    assert len(queries) == 0
    apart = HcpcsCode.objects.only(*LIST_FIELDS).in_bulk(ids)
    assert shown == [[getattr(apart[pk], name) for name in LIST_FIELDS] for pk in ids]
