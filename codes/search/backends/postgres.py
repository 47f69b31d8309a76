"""PostgreSQL full-text search: a stored, weighted tsvector per code with a GIN index, and
pg_trgm over the indexed words for typos.

``codes_search_document`` (migration 0003) holds, for each published code, its code and
short description at weight A and its long description at weight B, parsed with the
``english`` configuration (Snowball stemming, English stop words). ``refresh`` rewrites the
rows of the codes a release changed, inside the publishing transaction.
``codes_search_vocabulary`` holds every word of the descriptions with a trigram GIN index,
for "did you mean"; its word counts are also kept in memory (``Words``).

The tsquery is assembled here from parsed terms whose words are only ``[a-z0-9.]``, each
written as a quoted lexeme and passed to ``to_tsquery`` as a bind parameter.

SQL here is assembled from module constants (table names) and the SQL Django compiles for
the filtered queryset; every value, the query text included, is a bind parameter. That is
what the ``noqa: S608`` comments vouch for.
"""

from __future__ import annotations

import bisect

from django.db import connections, transaction

from codes.models import HcpcsCode
from codes.search.backends import VOCABULARY_RECHECK_SECONDS, allowed, codes_fingerprint
from codes.search.query import NEAR_GAP, Term, near_words
from codes.search.rechecked import Rechecked
from codes.search.results import LIST_FIELDS
from codes.search.spelling import (
    MIN_WORD_LENGTH,
    best_correction,
    correctable,
    max_distance,
)

DOCUMENTS = "codes_search_document"
VOCABULARY = "codes_search_vocabulary"
CONFIG = "english"
FULL_REBUILD_AT = 1000
# How many look-alike words pg_trgm proposes for the edit-distance rule to choose from.
CORRECTION_CANDIDATES = 30

# The document as stored: code and short description weigh A, the long description B.
# Slashes become spaces first: PostgreSQL's parser reads "Fitting/orientation/checking"
# as one file-path token, and "fitting" would not be found.
DOCUMENT_SQL = (
    f"setweight(to_tsvector('{CONFIG}', code), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', translate(short_description, '/', ' ')), 'A') || "
    f"setweight(to_tsvector('{CONFIG}', translate(long_description, '/', ' ')), 'B')"
)
# Added to the rank of a row that has the words together (see query.NEAR_GAP), in order.
NEAR_BOOST = 0.5
# ts_rank's weights for D, C, B and A lexemes.
RANK_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"


def _lexeme(word: str, prefix: bool = False) -> str:
    return "'" + word.replace("'", "''") + "'" + (":*" if prefix else "")


def tsquery_term(term: Term) -> str:
    """One term in tsquery syntax: a quoted lexeme, or quoted lexemes joined by <->."""
    if not term.is_phrase:
        return _lexeme(term.words[0], term.prefix)
    last = len(term.words) - 1
    words = [_lexeme(w, term.prefix and i == last) for i, w in enumerate(term.words)]
    return "(" + " <-> ".join(words) + ")"


def near_tsquery(near: Term) -> str:
    """Each word followed by the next one with at most NEAR_GAP words between them."""
    words = [_lexeme(w, near.prefix and i == len(near.words) - 1) for i, w in enumerate(near.words)]
    pairs = []
    for first, second in zip(words, words[1:], strict=False):
        distances = [f"{first} <{gap + 1}> {second}" for gap in range(NEAR_GAP + 1)]
        pairs.append("(" + " | ".join(distances) + ")")
    return " & ".join(pairs)


def _unstemmed_prefix(term: Term) -> bool:
    return term.prefix and not term.is_phrase and term.words[0][:1].isalpha()


def tsquery_sql(terms: tuple[Term, ...], *, any_word: bool = False) -> tuple[str, list[str]]:
    """The tsquery as SQL: one ``to_tsquery`` per term, joined with && or ||.

    A prefix of letters is the word itself, stemmed, or any lexeme it begins, unstemmed
    (the ``simple`` configuration): the ``english`` one would stem the prefix too, and
    'tens:*' would look for 'ten:*', 'ins:*' for 'in:*'. Stems keep the start of their
    words, so an unstemmed prefix finds them.
    """
    parts, params = [], []
    for term in terms:
        if _unstemmed_prefix(term):
            parts.append(f"(to_tsquery('{CONFIG}', %s) || to_tsquery('simple', %s))")
            params += [_lexeme(term.words[0]), _lexeme(term.words[0], prefix=True)]
        else:
            parts.append(f"to_tsquery('{CONFIG}', %s)")
            params.append(tsquery_term(term))
    return "(" + (" || " if any_word else " && ").join(parts) + ")", params


class Words:
    """``codes_search_vocabulary`` in memory: how many codes use each word, and which
    half-typed words begin one. A search asks that up to four times (the vocabulary's
    words, then typo correction), each a round trip to the server; the table is small
    (about 11,000 words), changes only when codes are published, and is read whole in a
    few milliseconds. Typo correction itself stays with pg_trgm (``closest_word``)."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts
        self._sorted = sorted(counts)

    def begins_a_word(self, prefix: str) -> bool:
        at = bisect.bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)


def _read_words(alias: str) -> Words:
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT word, documents FROM {VOCABULARY}")  # noqa: S608
        return Words(dict(cursor.fetchall()))


# Forgotten when this process re-indexes; other processes' publishing is seen when the
# published codes' fingerprint has changed (codes/search/rechecked.py).
_words = Rechecked(
    build=_read_words, fingerprint=codes_fingerprint, seconds=VOCABULARY_RECHECK_SECONDS
)


def forget_words() -> None:
    _words.forget()


def expire_words() -> None:
    _words.expire()


# The columns a list of results shows (``results.LIST_FIELDS``), as SQL.
_LIST_COLUMNS = tuple(f'"{HcpcsCode._meta.get_field(name).column}"' for name in LIST_FIELDS)


class PostgresBackend:
    vendor = "postgresql"

    def __init__(self, alias: str = "default"):
        self.alias = alias

    def _fetch(self, sql: str, params) -> list[tuple]:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def matching_ids(
        self,
        terms: tuple[Term, ...],
        *,
        within,
        any_word: bool = False,
        by_relevance: bool = True,
        limit: int | None = None,
        rows: dict[int, HcpcsCode] | None = None,
    ) -> list[int]:
        if not terms or within.query.is_empty():
            return []
        inner, inner_params = allowed(within, "m.code_id", per_row=True)
        query, query_params = tsquery_sql(terms, any_word=any_word)
        near = None if any_word else near_words(terms)
        # Normalisation 1 divides by 1 + log(length), as bm25 weighs length on SQLite: a
        # long description naming the words in passing does not outrank a short one.
        rank = f"ts_rank({RANK_WEIGHTS}, d.document, q.query, 1)"
        boost: tuple[str, ...] = ()
        if near is not None and by_relevance:
            rank += (
                f" + CASE WHEN d.document @@ to_tsquery('{CONFIG}', %s) "
                f"THEN {NEAR_BOOST} ELSE 0 END"
            )
            boost = (near_tsquery(near),)
        if not by_relevance:
            rank = "0"
        # The matches are ranked first and the filters checked after, one match at a time
        # in rank order, until ``limit`` pass (OFFSET 0 keeps PostgreSQL from checking the
        # filters before ranking): typeahead's eight best of a thousand matches of "se"
        # need about eight look-ups, not a thousand. With ``rows``, the codes' list
        # columns come in the same query (one round trip fewer for typeahead).
        columns, join = self._columns(rows, "m.code_id")
        sql = (
            f"SELECT {columns} FROM (SELECT d.code_id, d.code, {rank} AS rank "  # noqa: S608
            f"FROM {DOCUMENTS} d, (SELECT {query} AS query) q WHERE d.document @@ q.query "
            f"ORDER BY rank DESC, d.code OFFSET 0) m{join} "
            f"WHERE {inner} ORDER BY m.rank DESC, m.code LIMIT %s"
        )
        params = (*boost, *query_params, *inner_params, limit)
        if rows is None:
            return [row[0] for row in self._fetch(sql, params)]
        found = list(HcpcsCode.objects.using(self.alias).raw(sql, params))
        rows.update((code.pk, code) for code in found)
        return [code.pk for code in found]

    def matching_ids_each(
        self,
        term_sets: list[tuple[Term, ...]],
        *,
        within,
        by_relevance: bool = True,
        limit: int | None = None,
        rows: dict[int, HcpcsCode] | None = None,
    ) -> list[list[int]]:
        """``matching_ids`` (all of the terms) for each term set, in one statement.

        Each set's tsquery (and its NEAR_BOOST one) is a row of a VALUES list, and one
        LATERAL subquery, the statement ``matching_ids`` runs, reads each row's matches:
        PostgreSQL plans it once (planning a full-text search with its filters takes longer
        than running it) and the server is asked once. A set alone is asked as
        ``matching_ids`` asks it. The rank adds 0 where a set has no NEAR_BOOST query,
        which leaves the order as it was, and each set keeps its own order and limit.
        """
        found: list[list[int]] = [[] for _ in term_sets]
        asked = [n for n, terms in enumerate(term_sets) if terms]
        if not asked or within.query.is_empty():
            return found
        options = {"within": within, "by_relevance": by_relevance, "limit": limit, "rows": rows}
        if len(asked) == 1:
            found[asked[0]] = self.matching_ids(term_sets[asked[0]], **options)
            return found
        values, values_params = [], []
        for n in asked:
            query, query_params = tsquery_sql(term_sets[n])
            near = near_words(term_sets[n]) if by_relevance else None
            boost = f"to_tsquery('{CONFIG}', %s)" if near is not None else "NULL::tsquery"
            values.append(f"(%s, {query}, {boost})")
            values_params += [n, *query_params, *([] if near is None else [near_tsquery(near)])]
        inner, inner_params = allowed(within, "m.code_id", per_row=True)
        rank = "0"
        if by_relevance:
            rank = (
                f"ts_rank({RANK_WEIGHTS}, d.document, v.query, 1) + "
                f"CASE WHEN d.document @@ v.near THEN {NEAR_BOOST} ELSE 0 END"
            )
        columns, join = self._columns(rows, "f.code_id")
        sql = (
            f"SELECT v.n AS term_set, {columns} FROM (VALUES {', '.join(values)}) "  # noqa: S608
            "v(n, query, near) CROSS JOIN LATERAL (SELECT m.code_id, m.code, m.rank FROM "
            f"(SELECT d.code_id, d.code, {rank} AS rank FROM {DOCUMENTS} d "
            "WHERE d.document @@ v.query ORDER BY rank DESC, d.code OFFSET 0) m "
            f"WHERE {inner} ORDER BY m.rank DESC, m.code LIMIT %s) f{join} "
            "ORDER BY v.n, f.rank DESC, f.code"
        )
        params = (*values_params, *inner_params, limit)
        if rows is None:
            for n, pk in self._fetch(sql, params):
                found[n].append(pk)
            return found
        for code in HcpcsCode.objects.using(self.alias).raw(sql, params):
            rows[code.pk] = code
            found[code.term_set].append(code.pk)
        return found

    def allowed_codes(
        self,
        codes: list[str],
        *,
        within,
        rows: dict[int, HcpcsCode] | None = None,
    ) -> dict[str, int]:
        """The pks of those of ``codes`` that ``within`` allows, by code; given ``rows``,
        their rows too, put there by pk. The filters are checked with the SQL ``allowed``
        compiled for the request's full-text search: compiling them again, as
        ``within.filter(code__in=codes)`` would, takes as long as the query itself."""
        if not codes or within.query.is_empty():
            return {}
        inner, inner_params = allowed(within, "m.code_id", per_row=True)
        source = connections[self.alias].ops.quote_name(HcpcsCode._meta.db_table)
        named = f"(SELECT id AS code_id, code FROM {source} WHERE code = ANY(%s)) m"  # noqa: S608
        params = (list(codes), *inner_params)
        if rows is None:
            sql = f"SELECT m.code, m.code_id FROM {named} WHERE {inner}"  # noqa: S608
            return dict(self._fetch(sql, params))
        columns, join = self._columns(rows, "m.code_id")
        sql = f"SELECT {columns} FROM {named}{join} WHERE {inner}"  # noqa: S608
        found = list(HcpcsCode.objects.using(self.alias).raw(sql, params))
        rows.update((code.pk, code) for code in found)
        return {code.code: code.pk for code in found}

    def _columns(self, rows: dict | None, code_id: str) -> tuple[str, str]:
        """What a search selects: the code ids, or with ``rows`` the codes' list columns
        (joined)."""
        if rows is None:
            return code_id, ""
        source = connections[self.alias].ops.quote_name(HcpcsCode._meta.db_table)
        columns = ", ".join(f"h.{column}" for column in _LIST_COLUMNS)
        return columns, f" JOIN {source} h ON h.id = {code_id}"

    def document_counts(self, words: list[str]) -> dict[str, int]:
        counts = _words.get(self.alias).counts
        return {word: counts[word] for word in words if word in counts}

    def known_prefixes(self, words: list[str]) -> set[str]:
        known = _words.get(self.alias)
        return {word for word in words if known.begins_a_word(word)}

    def closest_word(self, word: str) -> str | None:
        """pg_trgm finds the indexed words that look like ``word`` (the trigram index makes
        that fast); the same edit-distance rule as SQLite's then picks one, since trigram
        similarity alone prefers 'monit' to 'monitor' for 'monitr'."""
        if not correctable(word):
            return None
        spread = max_distance(word)
        rows = self._fetch(
            f"SELECT word, documents FROM {VOCABULARY} WHERE word %% %s "  # noqa: S608
            "AND length(word) BETWEEN %s AND %s "
            "ORDER BY similarity(word, %s) DESC LIMIT %s",
            [word, len(word) - spread, len(word) + spread, word, CORRECTION_CANDIDATES],
        )
        return best_correction(word, dict(rows))

    def refresh(self, codes: list[str] | None = None) -> None:
        # Now, for this transaction's next search, and at commit, for everyone else's.
        forget_words()
        transaction.on_commit(forget_words, using=self.alias)
        source = connections[self.alias].ops.quote_name(HcpcsCode._meta.db_table)
        insert = (
            f"INSERT INTO {DOCUMENTS} (code_id, code, document) "  # noqa: S608
            f"SELECT id, code, {DOCUMENT_SQL} FROM {source}"
        )
        with connections[self.alias].cursor() as cursor:
            full = codes is None or len(codes) > FULL_REBUILD_AT
            if full:
                cursor.execute(f"DELETE FROM {DOCUMENTS}")  # noqa: S608
                cursor.execute(insert)
            else:
                cursor.execute(
                    f"DELETE FROM {DOCUMENTS} WHERE code_id IN "  # noqa: S608
                    f"(SELECT id FROM {source} WHERE code = ANY(%s))",
                    [codes],
                )
                cursor.execute(f"{insert} WHERE code = ANY(%s)", [codes])
            # The vocabulary is small (about 11,000 words); rebuilding it whole is simpler
            # than counting which words a change added or removed.
            cursor.execute(f"DELETE FROM {VOCABULARY}")  # noqa: S608
            cursor.execute(
                f"INSERT INTO {VOCABULARY} (word, documents) "  # noqa: S608
                "SELECT word, count(DISTINCT id) FROM "
                f"{source}, regexp_split_to_table(lower(short_description || ' ' || "
                "long_description), '[^a-z0-9]+') AS word "
                f"WHERE length(word) >= {MIN_WORD_LENGTH} AND word ~ '^[a-z]' GROUP BY word"
            )
            if full:
                # After a bulk load the planner's statistics still describe the old tables
                # (an empty one, on a first load) until autovacuum comes round, and it
                # would plan searches for a handful of rows.
                cursor.execute(f"ANALYZE {source}, {DOCUMENTS}, {VOCABULARY}")
