"""Typo tolerance in plain Python: the closest word of a vocabulary, by edit distance.

SQLite has no trigram index, so the SQLite backend keeps the words of the indexed text in
memory and finds corrections with symmetric deletes (the SymSpell idea): every word is
stored under itself and each string made by deleting one of its letters; a misspelling is
looked up under itself and the strings made by deleting up to two of its letters. That
finds a missing, extra, wrong or swapped letter with a few dictionary lookups instead of
comparing against every word. Candidates are then ranked by their true edit distance, and
by how many codes use them.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Iterable

# Vocabulary words: what ``regexp_split_to_table(lower(text), '[^a-z0-9]+')`` gives in
# PostgreSQL, keeping words of three or more characters that start with a letter. The
# PostgreSQL backend builds its vocabulary table with the same rule.
_SPLIT = re.compile(r"[^a-z0-9]+")
MIN_WORD_LENGTH = 3
# Words shorter than this are not corrected: too many real words are one letter apart.
MIN_CORRECTABLE_LENGTH = 4


def words_of(text: str) -> set[str]:
    return {
        word
        for word in _SPLIT.split(text.lower())
        if len(word) >= MIN_WORD_LENGTH and word[0].isalpha()
    }


def max_distance(word: str) -> int:
    """How many edits a correction of ``word`` may need: one for short words, two above."""
    return 1 if len(word) <= 5 else 2


def _deletes(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): insert, delete, replace,
    or swap two neighbouring letters, each one edit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def correctable(word: str) -> bool:
    return len(word) >= MIN_CORRECTABLE_LENGTH and word.isalpha()


def best_correction(word: str, candidates: dict[str, int]) -> str | None:
    """The candidate fewest edits away from ``word`` (within ``max_distance``), the one most
    codes use on a tie: the rule both engines use to pick a correction."""
    limit = max_distance(word)
    scored = [
        (distance, -documents, candidate)
        for candidate, documents in candidates.items()
        if candidate != word
        and abs(len(candidate) - len(word)) <= limit
        and (distance := edit_distance(word, candidate)) <= limit
    ]
    return min(scored)[2] if scored else None


class Vocabulary:
    """The words of the indexed text, with the number of codes that use each."""

    def __init__(self, documents: Counter[str]):
        self.documents = documents
        self._sorted = sorted(documents)
        self._by_delete: dict[str, list[str]] = {}
        for word in documents:
            for variant in _deletes(word, 1):
                self._by_delete.setdefault(variant, []).append(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(words_of(text))
        return cls(counts)

    def __len__(self) -> int:
        return len(self.documents)

    def __contains__(self, word: str) -> bool:
        return word in self.documents

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The words that begin with ``prefix``, those most codes use first."""
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix + "\uffff", lo=start)
        words = self._sorted[start:end]
        return heapq.nsmallest(limit, words, key=lambda w: (-self.documents[w], w))

    def closest(self, word: str) -> str | None:
        """The vocabulary word nearest to ``word``, or None when none is close enough."""
        if not correctable(word):
            return None
        candidates = {
            candidate: self.documents[candidate]
            for variant in _deletes(word, max_distance(word))
            for candidate in self._by_delete.get(variant, ())
        }
        return best_correction(word, candidates)
