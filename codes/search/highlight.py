"""Marking the searched words in a description: escape first, then mark.

The text is split into words and the gaps between them; every piece is HTML-escaped on its
own and only then are ``<mark>`` tags put around the matching words, so nothing from the
data or the query can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from codes.search.query import Term

_WORD = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)*")
# A light stemmer, enough to show that "wheelchairs" found "wheelchair": the engines' own
# stemmers decide what matches; this only decides what is marked.
_SUFFIXES = ("ies", "ing", "es", "ed", "s")


def root(word: str) -> str:
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def highlighter(terms: tuple[Term, ...]) -> Callable[[str], SafeString]:
    """A function that marks the words of ``terms`` in a text."""
    roots = {root(word) for term in terms for word in term.words}
    prefixes = tuple(term.words[-1] for term in terms if term.prefix)

    def matches(word: str) -> bool:
        lower = word.lower()
        return root(lower) in roots or (bool(prefixes) and lower.startswith(prefixes))

    def mark(text: str) -> SafeString:
        if not roots:
            return escape(text)
        pieces: list[str] = []
        end = 0
        for match in _WORD.finditer(text):
            if matches(match.group()):
                pieces.append(escape(text[end : match.start()]))
                pieces.append(f"<mark>{escape(match.group())}</mark>")
                end = match.end()
        pieces.append(escape(text[end:]))
        return mark_safe("".join(pieces))  # noqa: S308 - every piece was escaped above

    return mark
