"""Abbreviations and acronyms: those CMS defines in its own text, and a reviewed list.

CMS's long descriptions define many abbreviations in parentheses after the words they stand
for ("transcutaneous electrical nerve stimulation (TENS) device"); ``defined_in`` finds them
by checking that the letters of the abbreviation can be read, in order, from the words
before it, the first letter starting a word (the rule of Schwartz and Hearst's abbreviation
finder, written here for this text). The reviewed list (``data/abbreviations.json``) adds
the acronyms coders and billers use that CMS does not spell out, each with its source.

Both become synonyms of the lexicon (``codes.drugs.lexicon``): a search for the abbreviation
also searches for its meaning in CMS's words. Plain Python, no database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REVIEWED_FILE = Path(__file__).resolve().parents[2] / "data" / "abbreviations.json"

# "(TENS)", "(cgm)", "(BiPAP)": two to eight letters or digits in parentheses (CMS writes
# many in lower case); whether they abbreviate the words before them is checked after.
_DEFINITION = re.compile(r"\(([A-Za-z][A-Za-z0-9]{1,7})\)")
_WORD = re.compile(r"[A-Za-z0-9]+")
# Words an abbreviation usually leaves out.
_MINOR = frozenset({"of", "and", "the", "with", "for", "to", "in", "or", "a", "an", "by", "on"})
# How many words before the parenthesis may be read, at most.
MAX_WORDS = 10


@dataclass(frozen=True)
class Abbreviation:
    term: str  # lower case: "tens"
    means: tuple[str, ...]  # meanings in CMS's words, each a phrase
    source: str  # "CMS long description of E0720", or the reviewed list's source


def _in_order(letters: str, word: str) -> bool:
    at = 0
    for letter in letters:
        at = word.find(letter, at) + 1
        if not at:
            return False
    return True


def _spells(letters: str, words: list[str]) -> bool:
    """Whether ``letters`` can be read, in order, from ``words``: each word that is not a
    minor one gives its first letter and perhaps up to two more of its letters in order
    ("BiPAP": bi-level positive airway pressure); minor words may give none."""
    letters, words = letters.lower(), [w.lower() for w in words]

    def read(li: int, wi: int) -> bool:
        if wi == len(words):
            return li == len(letters)
        word = words[wi]
        if word in _MINOR and read(li, wi + 1):
            return True
        if li == len(letters) or word[0] != letters[li]:
            return False
        return any(
            _in_order(letters[li + 1 : li + taken], word[1:]) and read(li + taken, wi + 1)
            for taken in range(1, min(3, len(letters) - li) + 1)
        )

    return read(0, 0)


def defined_in(text: str) -> list[tuple[str, str]]:
    """(abbreviation, the words it stands for) for each abbreviation ``text`` defines."""
    found = []
    for match in _DEFINITION.finditer(text):
        abbreviation = match[1]
        letters = "".join(c for c in abbreviation if c.isalpha())
        if len(letters) < 2:
            continue
        before = _WORD.findall(text[: match.start()])[-MAX_WORDS:]
        # The fewest words that spell it, ending right before the parenthesis.
        for count in range(1, len(before) + 1):
            words = before[-count:]
            if words[0].lower() in _MINOR:
                continue
            if _spells(letters, words):
                found.append((abbreviation.lower(), " ".join(words).lower()))
                break
    return found


def mined(texts: Iterable[tuple[str, str]]) -> dict[str, Abbreviation]:
    """The abbreviations defined in (code, description) texts; the meaning most codes give
    wins, and each keeps the first code that defines it as its source."""
    meanings: dict[str, dict[str, list[str]]] = {}
    for code, text in texts:
        for abbreviation, words in defined_in(text):
            meanings.setdefault(abbreviation, {}).setdefault(words, []).append(code)
    out = {}
    for abbreviation, by_meaning in meanings.items():
        words, codes = max(by_meaning.items(), key=lambda item: (len(item[1]), item[0]))
        out[abbreviation] = Abbreviation(
            abbreviation, (words,), f"CMS long description of {sorted(codes)[0]}"
        )
    return out


@cache
def reviewed() -> dict[str, Abbreviation]:
    """The reviewed list, by abbreviation."""
    document = json.loads(REVIEWED_FILE.read_text(encoding="utf-8"))
    return {
        entry["term"].lower(): Abbreviation(
            entry["term"].lower(), tuple(entry["means"]), entry["source"]
        )
        for entry in document["entries"]
    }
