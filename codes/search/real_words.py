"""Which words the spelling corrector must leave alone.

A word that is real English (wordfreq's English frequency list knows it at least as well as
``REAL_WORD_ZIPF``), a medical term or drug name the lexicon knows, or an abbreviation (CMS's
own or the reviewed list's) is what the user meant, even when no description has it: it is
never "corrected" to a nearby word of the index. Only words none of these know are typos.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from wordfreq import zipf_frequency

from codes.search.drug_terms import terms

# Zipf frequency (log10 of uses per billion words, plus 3) from which a word is real:
# 1.4 keeps "pessary" (1.57), "bipap" (1.48) and "qid" (1.72) and still corrects
# "humera" (1.2, a misspelling of Humira seen on the web) and "monitr" (0).
REAL_WORD_ZIPF = 1.4


# Web text has common misspellings too ("matress" 1.72): a rare word of six letters or more
# one edit away from a word at least 30 times as common (1.5 more on the Zipf scale) is taken
# as its misspelling. Shorter words have common neighbours by chance ("qid": "aid", "ileal":
# "ideal").
RARE_WORD_ZIPF = 2.0
COMMONER_BY = 1.5
MISSPELLING_MIN_LENGTH = 6
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in LETTERS),
        *(a + c + b for a, b in splits for c in LETTERS),
    } - {word}


def misspelt_common_word(word: str, zipf: float) -> bool:
    return any(zipf_frequency(near, "en") >= zipf + COMMONER_BY for near in one_edit(word))


@lru_cache(maxsize=4096)
def is_english(word: str) -> bool:
    zipf = zipf_frequency(word, "en")
    if (
        REAL_WORD_ZIPF <= zipf < RARE_WORD_ZIPF
        and len(word) >= MISSPELLING_MIN_LENGTH
        and misspelt_common_word(word, zipf)
    ):
        return False
    return zipf >= REAL_WORD_ZIPF


# From this Zipf frequency a word is common ("bags", "abs"): a search engine's stemming of it
# is what the user expects.
COMMON_WORD_ZIPF = 3.0


@lru_cache(maxsize=4096)
def is_common(word: str) -> bool:
    return zipf_frequency(word, "en") >= COMMON_WORD_ZIPF


def protected(using: str = "default") -> Callable[[str], bool]:
    """A test of whether a word must not be corrected, for ``using``'s lexicon."""
    lex = terms().lexicon(using)

    def known(word: str) -> bool:
        return (
            word.isdigit()
            or is_english(word)
            or (word,) in lex.synonyms
            or terms().singular(word) in lex.by_word
        )

    return known
