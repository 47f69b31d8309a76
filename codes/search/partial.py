"""Ranked partial matching: codes that have some of the query's words, best covered first.

When no code has every word (or only a few do), the user's words and CMS's words usually
differ in one place: a lay word for one part of the description, a setting CMS does not
repeat. The query is split into *concepts*, each a word or a curated term ("knee brace"), and
each concept is found the ways it can be: literally, or through a synonym's meaning in CMS's
words, which counts exactly like the literal words. A code's score is the share of the query
it covers, each concept weighted by how rare its words are (inverse document frequency), so
a code with three of four words outranks one with the commonest word many times; among equal
coverage, the engine's own field-weighted rank (short description above long) decides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import QuerySet

from codes.search import drug_terms
from codes.search.backends import SearchBackend
from codes.search.query import Term

# The best matches of each concept read (the engine ranks them by field first).
CANDIDATES = 300
# Codes covering less than this share of the query are not shown.
MIN_COVERAGE = 0.3
# About as many codes as CMS publishes: only the ratios of the weights matter.
TOTAL_CODES = 9000


@dataclass(frozen=True)
class Concept:
    words: tuple[str, ...]  # the query's own words
    ways: tuple[tuple[Term, ...], ...]  # the searches that find it: literal, then meanings
    weight: float | None


@dataclass(frozen=True)
class Coverage:
    """Which of the query's words (or curated terms) a code has, and which it lacks."""

    has: tuple[str, ...]
    lacks: tuple[str, ...]


def _idf(documents: int) -> float:
    return math.log((TOTAL_CODES + 1) / (documents + 1)) + 0.5


def _weight(counts: dict[str, int], words: tuple[str, ...]) -> float | None:
    """Inverse document frequency of the words, or None when the vocabulary does not
    count one of them (a two-letter abbreviation, a plural the engine stems): then the
    number of codes the concept finds is its frequency (see ``ranked``)."""
    if not all(word in counts for word in words):
        return None
    return sum(_idf(counts[word]) for word in words)


def concepts(backend: SearchBackend, terms: tuple[Term, ...], lex) -> list[Concept]:
    """The query's terms, curated terms (synonyms and abbreviations) kept together, whatever
    the order of their words (``gathered_order``)."""
    if all(len(term.words) == 1 for term in terms):
        terms = tuple(terms[i] for i in lex.gathered_order(tuple(t.words[0] for t in terms)))
    words = [w for term in terms for w in term.words]
    folded = tuple(drug_terms.terms().singular(word) for word in words)
    spans: list[tuple[int, int, list[tuple[str, ...]]]] = []
    position = 0
    while position < len(words):
        for end in range(len(words), position, -1):
            if folded[position:end] in lex.synonyms:
                spans.append((position, end, lex.synonyms[folded[position:end]][1]))
                position = end
                break
        else:
            position += 1
    counts = backend.document_counts(list({*words, *(w for s in spans for m in s[2] for w in m)}))
    out: list[Concept] = []
    covered: set[int] = set()
    for start, end, meanings in spans:
        literal = tuple(words[start:end])
        ways = [tuple(Term((w,)) for w in literal)]
        for meaning in meanings:
            kept = tuple(w for w in meaning if w in counts or w.isdigit()) or meaning
            ways.append(tuple(Term((w,)) for w in kept))
        out.append(Concept(literal, tuple(dict.fromkeys(ways)), _weight(counts, literal)))
        covered.update(range(start, end))
    position = 0
    for term in terms:
        size = len(term.words)
        if not covered & set(range(position, position + size)):
            out.append(Concept(term.words, ((term,),), _weight(counts, term.words)))
        position += size
    return out


def ranked(
    backend: SearchBackend,
    found: list[Concept],
    within: QuerySet,
    *,
    leave_out: set[int] = frozenset(),
    limit: int | None = None,
) -> tuple[list[int], dict[int, str], dict[int, Coverage]]:
    """(pks best first, how each was found, which of the query's words each has), for codes
    covering at least ``MIN_COVERAGE`` of the query and not in ``leave_out``."""
    if len(found) < 2:
        return [], {}, {}
    score: dict[int, float] = {}
    order: dict[int, float] = {}
    has: dict[int, list[int]] = {}
    total = 0.0
    for index, concept in enumerate(found):
        seen: dict[int, int] = {}
        for way in concept.ways:
            pks = backend.matching_ids(way, within=within, by_relevance=True, limit=CANDIDATES)
            for rank, pk in enumerate(pks):
                seen.setdefault(pk, rank)
        weight = concept.weight
        if weight is None:
            weight = _idf(len(seen)) * len(concept.words)
        total += weight
        for pk, rank in seen.items():
            score[pk] = score.get(pk, 0.0) + weight
            order[pk] = order.get(pk, 0.0) + weight / (1 + rank)
            has.setdefault(pk, []).append(index)
    best = sorted(
        (pk for pk in score if pk not in leave_out and score[pk] / total >= MIN_COVERAGE),
        key=lambda pk: (-round(score[pk], 6), -order[pk], pk),
    )
    if limit is not None:
        best = best[:limit]
    via, coverage = {}, {}
    for pk in best:
        kept = tuple(" ".join(found[i].words) for i in has[pk])
        missing = tuple(" ".join(c.words) for i, c in enumerate(found) if i not in has[pk])
        coverage[pk] = Coverage(kept, missing)
        via[pk] = "some of your words: " + ", ".join(f"“{w}”" for w in kept)
        if missing:
            via[pk] += " (not " + ", ".join(f"“{w}”" for w in missing) + ")"
    return best, via, coverage
