"""Searching through the drug and everyday vocabulary (``drug_terms``), on either
engine: names become codes directly; synonyms become more searches of the descriptions
through the same backend, all of a query's meanings in one query (``matching_ids_each``).

The order is CMS's own text first: codes whose code or descriptions have all the words,
then drug names, the Table of Drugs and CMS's index, then synonyms. One exception: when the
whole query is a curated term ("tens unit", "knee brace"), its meaning comes first, since
descriptions that merely contain its words ("ten units" of blood) are not what it means.
"""

from __future__ import annotations

from django.db.models import QuerySet

from codes.models import HcpcsCode
from codes.search import real_words
from codes.search.backends import SearchBackend
from codes.search.drug_terms import terms
from codes.search.query import Term

# The codes one synonym's meaning adds to a results page, best first: enough for any page a
# coder reads, and it keeps a common meaning ("orthosis") from ranking hundreds of codes.
EXPANSION_ROWS = 100
# A word of the query used by at most this many codes names something of its own.
DISTINCTIVE_DOCUMENTS = 10


def query_words(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(word for term in terms for word in term.words)


def search(
    backend: SearchBackend,
    words: tuple[str, ...],
    within: QuerySet,
    *,
    by_relevance: bool,
    limit: int | None,
    typing: bool,
    found: int = 0,
    rows: dict[int, HcpcsCode] | None = None,
) -> tuple[list[int], dict[int, str], bool]:
    """(pks in order, how each was found, whether they rank above the descriptions).

    ``found`` is how many codes the descriptions already gave: when that fills ``limit``
    (typeahead's eight) and the query is not a curated term, nothing here would show.
    Given ``rows``, the codes' list columns are read with them and put there by pk, so
    typeahead needs no further query for its rows."""
    if not words:
        return [], {}, False
    lex = terms().lexicon(within.db)
    first = lex.is_known_phrase(words)
    if limit is not None and found >= limit and not first:
        return [], {}, False
    via: dict[int, str] = {}
    named = lex.names(words, typing=typing)
    if not named and len(words) > 1:
        # "keytruda infusion": a name no description has, with ordinary words around it.
        known = backend.document_counts(list(words))
        distinctive = tuple(
            w
            for w in words
            if len(w) >= 3
            and w[0].isalpha()
            and terms().singular(w) in lex.by_word
            and w not in known
        )
        if distinctive and distinctive != words:
            named = lex.names(distinctive)
    if named:
        pks = backend.allowed_codes([code for code, _ in named], within=within, rows=rows)
        for code, how in named:
            if code in pks:
                via.setdefault(pks[code], how)
    expanded: dict[int, str] = {}
    expansions = lex.expansions(words)
    # One look-up of which words the descriptions use, for every expansion.
    known = (
        backend.document_counts(list({w for e in expansions for w in e.words}))
        if expansions
        else {}
    )
    cap = EXPANSION_ROWS if limit is None else limit

    def described(meanings: list[tuple[str, tuple[str, ...]]]) -> None:
        """The codes of each meaning (how it was found, its words), in order, all searched
        for in one query: on PostgreSQL a query is a round trip to the server."""
        term_sets = [_described_terms(words, known, typing) for _, words in meanings]
        found = backend.matching_ids_each(
            term_sets, within=within, by_relevance=by_relevance, limit=cap, rows=rows
        )
        for (how, _), pks in zip(meanings, found, strict=True):
            for pk in pks:
                expanded.setdefault(pk, how)

    described([(expansion.how, expansion.words) for expansion in expansions])
    # Words no description uses ("tens unit") are left out; if no meaning finds anything
    # with the query's other words ("bipap machine"), the meanings alone. Not when another
    # word names something of its own ("ketorolac iv"): the meaning alone would drop it,
    # and partial matching ranks codes with both.
    if not expanded:
        described(
            [
                (expansion.how, expansion.core)
                for expansion in expansions
                if expansion.core != expansion.words
                and not any(
                    0 < known.get(w, 0) <= DISTINCTIVE_DOCUMENTS
                    for w in expansion.words
                    if w not in expansion.core
                )
            ]
        )
    ordered = dict(expanded if first else via)
    for pk, how in (via if first else expanded).items():
        ordered.setdefault(pk, how)
    return list(ordered), ordered, first


def _described_terms(
    words: tuple[str, ...], known: dict[str, int], typing: bool
) -> tuple[Term, ...]:
    """A meaning as terms to search the descriptions for: the words they use (all of
    them if none), the last one half-typed while typing."""
    kept = tuple(w for w in words if w in known or w.isdigit()) or words
    terms = tuple(Term((word,)) for word in kept)
    if typing and not kept[-1].isdigit():
        terms = (*terms[:-1], Term(terms[-1].words, prefix=True))
    return terms


def corrected_words(backend: SearchBackend, words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words with misspelt drug names and terms corrected ("keytrda" -> "keytruda"),
    or None when no word needs it. A word CMS's descriptions use, a real word, a known
    term or an abbreviation is left alone (``real_words``)."""
    alias = getattr(backend, "alias", "default")
    lex = terms().lexicon(alias)
    known = backend.document_counts(list(words))
    real = real_words.protected(alias)
    fixed = tuple(
        word if word in known or real(word) else (lex.closest(word) or word) for word in words
    )
    return fixed if fixed != words else None


def merge(
    described: list[int],
    found: list[int],
    via: dict[int, str],
    *,
    first: bool,
    limit: int | None,
) -> tuple[list[int], dict[int, str]]:
    """One list, each code once; ``via`` kept only for codes the descriptions did not find
    first."""
    ordered = (found + described) if first else (described + found)
    ids = list(dict.fromkeys(ordered))
    if not first:
        shown = set(described)
        via = {pk: how for pk, how in via.items() if pk not in shown}
    return (ids if limit is None else ids[:limit]), via
