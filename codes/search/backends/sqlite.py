"""SQLite FTS5: a full-text table with the porter stemmer, ranked by bm25.

The table ``codes_search_fts`` (migration 0003) holds each published code's code, short and
long description under the code's primary key as rowid. It is filled by ``refresh``, which
publishing calls inside its transaction, rather than by triggers: Django rebuilds a SQLite
table to alter it, and triggers on ``codes_hcpcscode`` would silently vanish with the old
table.

Every user word reaches MATCH inside double quotes, so FTS5 reads it as a string and never
as an operator (``NEAR``, ``AND``, ``-``, ``^``, ``:`` or a column filter).

SQL here is assembled from module constants (table names) and the SQL Django compiles for
the filtered queryset; every value, the query text included, is a bind parameter. That is
what the ``noqa: S608`` comments vouch for.
"""

from __future__ import annotations

from django.db import connections

from codes.models import HcpcsCode
from codes.search.backends import VOCABULARY_RECHECK_SECONDS, allowed, codes_fingerprint
from codes.search.query import NEAR_GAP, Term, near_words
from codes.search.rechecked import Rechecked
from codes.search.results import LIST_FIELDS
from codes.search.spelling import Vocabulary

TABLE = "codes_search_fts"
# bm25 weights of the code, short description and long description columns: a word in
# the code or the short description says more about the code than one in the long text.
WEIGHTS = (10.0, 4.0, 1.0)
# Publishing more codes than this rebuilds the whole table (and drops stale rows).
FULL_REBUILD_AT = 1000
CHUNK = 500


# How many indexed words a half-typed word stands for, those most codes use first.
MAX_COMPLETIONS = 40


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_string(term: Term, completions: dict[str, list[str]] | None = None) -> str:
    """One term as FTS5 syntax: quoted strings only, so nothing in it is an operator.

    A prefix of letters becomes the indexed words it begins, OR-ed: the porter tokenizer
    stems prefix queries too, and "tens"* would search for "ten"*.
    """
    words = (completions or {}).get(term.words[0]) if _completed(term) else None
    if words:
        return "(" + " OR ".join(_quoted(word) for word in words) + ")"
    return _quoted(" ".join(term.words)) + ("*" if term.prefix else "")


# Porter cuts a short acronym's last letters as if they were an ending, and the stem then
# matches hundreds of codes: 'aed' and 'aeds' become 'a', 'bls' 'bl', 'als' 'al'. Such a
# token must also be in the text as itself (or with a plural s).
_STEMMED_ENDINGS = ("s", "ed", "ing")
SHORT_TOKEN = 5


def stemmed_away(term: Term) -> bool:
    """Whether the porter tokenizer would cut a short acronym-like term (not a common
    English word) to something shorter."""
    from codes.search.real_words import is_common

    word = term.words[0]
    return (
        not term.is_phrase
        and not term.prefix
        and len(word) <= SHORT_TOKEN
        and word.isalpha()
        and word.endswith(_STEMMED_ENDINGS)
        and not word.endswith("ss")
        and not is_common(word)
    )


def _as_itself(term: Term) -> str:
    word = term.words[0].removesuffix("s")
    return rf"(?i)\b{word}s?\b"


def _completed(term: Term) -> bool:
    return term.prefix and not term.is_phrase and term.words[0][:1].isalpha()


def fts5_match(
    terms: tuple[Term, ...],
    *,
    any_word: bool = False,
    completions: dict[str, list[str]] | None = None,
) -> str:
    """The MATCH expression. Requiring all of several words, it also offers them as a NEAR
    group: a row that has the words together matches one more phrase, which bm25 scores,
    so 'wheelchair cushion' ranks "wheelchair seat cushion" above a headrest that is
    "cushioned". The rows found are the same."""
    joined = (" OR " if any_word else " AND ").join(
        fts5_string(term, completions) for term in terms
    )
    near = near_words(terms)
    if any_word or near is None:
        return joined
    strings = [_quoted(word) for word in near.words]
    if near.prefix:
        strings[-1] += "*"
    gap = NEAR_GAP * (len(strings) - 1)
    return f"({joined}) OR NEAR({' '.join(strings)}, {gap})"


# The vocabulary is rebuilt when this process re-indexes (``forget_vocabulary``) and, for
# changes other processes publish, when the published codes' fingerprint has changed
# (codes/search/rechecked.py): reading the fingerprint scans the codes.


def _build_vocabulary(alias: str) -> Vocabulary:
    rows = HcpcsCode.objects.using(alias).values_list("short_description", "long_description")
    return Vocabulary.from_texts(f"{short} {long}" for short, long in rows.iterator())


_vocabulary = Rechecked(
    build=_build_vocabulary, fingerprint=codes_fingerprint, seconds=VOCABULARY_RECHECK_SECONDS
)


def forget_vocabulary() -> None:
    _vocabulary.forget()


def expire_vocabulary() -> None:
    _vocabulary.expire()


def vocabulary(alias: str = "default") -> Vocabulary:
    """The words of the published descriptions, built once per process."""
    return _vocabulary.get(alias)


class SqliteBackend:
    vendor = "sqlite"

    def __init__(self, alias: str = "default"):
        self.alias = alias

    def matching_ids(
        self,
        terms: tuple[Term, ...],
        *,
        within,
        any_word: bool = False,
        by_relevance: bool = True,
        limit: int | None = None,
        rows: dict | None = None,  # read apart: no round trip to save in-process
    ) -> list[int]:
        if not terms or within.query.is_empty():
            return []
        search = self._search(terms, within, any_word=any_word, by_relevance=by_relevance)
        return [] if search is None else self._run(search, limit)

    def matching_ids_each(
        self,
        term_sets: list[tuple[Term, ...]],
        *,
        within,
        by_relevance: bool = True,
        limit: int | None = None,
        rows: dict | None = None,  # read apart, as by matching_ids
    ) -> list[list[int]]:
        """``matching_ids`` (all of the terms) for each term set, in one statement: each
        set's search, ordered and limited as ``matching_ids`` does it and tagged with the
        set, joined by UNION ALL, and the whole ordered again by what ordered each."""
        found: list[list[int]] = [[] for _ in term_sets]
        if within.query.is_empty():
            return found
        searches = [
            (n, search)
            for n, terms in enumerate(term_sets)
            if terms and (search := self._search(terms, within, by_relevance=by_relevance))
        ]
        if len(searches) <= 1:
            for n, search in searches:
                found[n] = self._run(search, limit)
            return found
        # What ordered each search (bm25 then rowid, or the code), selected.
        weights = ", ".join(str(w) for w in WEIGHTS)
        key = f"bm25({TABLE}, {weights})" if by_relevance else "h.code"
        selects, params = [], []
        for n, (source, _, search_params) in searches:
            selects.append(
                f"SELECT * FROM (SELECT %s AS term_set, {TABLE}.rowid AS id, "  # noqa: S608
                f"{key} AS score {source} ORDER BY score, id LIMIT %s)"
            )
            params += [n, *search_params, -1 if limit is None else limit]
        sql = " UNION ALL ".join(selects) + " ORDER BY term_set, score, id"
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            for n, pk, _ in cursor.fetchall():
                found[n].append(pk)
        return found

    def allowed_codes(
        self, codes: list[str], *, within, rows: dict | None = None
    ) -> dict[str, int]:
        """The pks of those of ``codes`` that ``within`` allows, by code; given ``rows``,
        their rows too, put there by pk."""
        listed = within.filter(code__in=codes)
        if rows is None:
            return dict(listed.values_list("code", "pk"))
        read = {row.code: row for row in listed.only(*LIST_FIELDS)}
        rows.update((row.pk, row) for row in read.values())
        return {code: row.pk for code, row in read.items()}

    def _run(self, search: tuple[str, str, tuple], limit: int | None) -> list[int]:
        source, order, params = search
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                f"SELECT {TABLE}.rowid {source} ORDER BY {order} LIMIT %s",
                (*params, -1 if limit is None else limit),
            )
            return [row[0] for row in cursor.fetchall()]

    def _search(
        self, terms: tuple[Term, ...], within, *, any_word: bool = False, by_relevance: bool
    ) -> tuple[str, str, tuple] | None:
        """One search's FROM and WHERE, what it is ordered by and its parameters; None when
        a half-typed word begins no indexed word, so that nothing can match."""
        completions: dict[str, list[str]] = {}
        if prefixes := {t.words[0] for t in terms if _completed(t)}:
            vocab = vocabulary(self.alias)
            completions = {p: vocab.completions(p, MAX_COMPLETIONS) for p in prefixes}
        if any_word:  # a prefix that begins no indexed word drops out...
            terms = tuple(t for t in terms if not _completed(t) or completions[t.words[0]])
        elif not all(completions.values()):  # ...or, when all words must match, fails
            return None
        if not terms:
            return None
        inner, inner_params = allowed(within, f"{TABLE}.rowid")
        weights = ", ".join(str(w) for w in WEIGHTS)
        source = connections[self.alias].ops.quote_name(HcpcsCode._meta.db_table)
        # Ties in rank fall back to rowid, not code: reading the code column for every
        # match of a short prefix doubles the query's time. Code order joins the codes.
        if by_relevance:
            join, order = "", f"bm25({TABLE}, {weights}), {TABLE}.rowid"
        else:
            join, order = f"JOIN {source} h ON h.id = {TABLE}.rowid", "h.code"
        itself, itself_params = "", []
        if not any_word:
            for term in terms:
                if stemmed_away(term):
                    itself += (
                        f" AND ({TABLE}.short_description || ' ' || "
                        f"{TABLE}.long_description) REGEXP %s"
                    )
                    itself_params.append(_as_itself(term))
        sql = f"FROM {TABLE} {join} WHERE {TABLE} MATCH %s{itself} AND {inner}"  # noqa: S608
        params = (
            fts5_match(terms, any_word=any_word, completions=completions),
            *itself_params,
            *inner_params,
        )
        return sql, order, params

    def document_counts(self, words: list[str]) -> dict[str, int]:
        counts = vocabulary(self.alias).documents
        return {word: counts[word] for word in words if word in counts}

    def known_prefixes(self, words: list[str]) -> set[str]:
        vocab = vocabulary(self.alias)
        return {word for word in words if vocab.completions(word, 1)}

    def closest_word(self, word: str) -> str | None:
        return vocabulary(self.alias).closest(word)

    def refresh(self, codes: list[str] | None = None) -> None:
        forget_vocabulary()
        connection = connections[self.alias]
        source = connection.ops.quote_name(HcpcsCode._meta.db_table)
        columns = "rowid, code, short_description, long_description"
        select = f"SELECT id, code, short_description, long_description FROM {source}"  # noqa: S608
        with connection.cursor() as cursor:
            if codes is None or len(codes) > FULL_REBUILD_AT:
                cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
                cursor.execute(f"INSERT INTO {TABLE} ({columns}) {select}")
                cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")  # noqa: S608
                return
            for start in range(0, len(codes), CHUNK):
                chunk = codes[start : start + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {TABLE} WHERE rowid IN "  # noqa: S608
                    f"(SELECT id FROM {source} WHERE code IN ({marks}))",
                    chunk,
                )
                cursor.execute(
                    f"INSERT INTO {TABLE} ({columns}) {select} WHERE code IN ({marks})", chunk
                )
