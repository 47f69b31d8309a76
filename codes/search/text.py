"""Cleaning what a user typed before anything else reads it.

Whatever arrives in ``?q=`` is cut to a sane length and stripped of NUL bytes and other
control or formatting characters: PostgreSQL refuses NUL in text, invisible characters make
two equal-looking queries differ, and nothing a coder types needs more than a few hundred
characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Room for the documented 100-code list, each code written "A0021, " or "A0021 | ".
MAX_QUERY_CHARS = 1000
# Only this much of a longer query is looked at at all, so a 10 MB query costs nothing.
_PRE_CUT = MAX_QUERY_CHARS * 4

# Curly quotes and dashes that word processors put in pasted text, mapped to what the
# parser understands.
_TRANSLATE = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class CleanText:
    text: str
    notices: tuple[str, ...] = ()
    cut: bool = False


def _visible(char: str) -> str:
    category = unicodedata.category(char)
    if char.isspace():
        return " "
    if category in {"Cc", "Cf", "Cs", "Co", "Cn"}:
        return ""  # controls (NUL included), format, surrogates, private use, unassigned
    return char


def clean_query(raw: str | None) -> CleanText:
    """The query as the search reads it: normalised, visible characters only, one space
    between words, at most ``MAX_QUERY_CHARS`` long (with a notice when it was cut)."""
    if not raw:
        return CleanText("")
    text = unicodedata.normalize("NFKC", raw[:_PRE_CUT]).translate(_TRANSLATE)
    text = _SPACE.sub(" ", "".join(_visible(char) for char in text)).strip()
    if len(text) <= MAX_QUERY_CHARS:
        return CleanText(text)
    cut = text[:MAX_QUERY_CHARS]
    if " " in cut[-40:]:
        cut = cut.rsplit(" ", 1)[0]  # do not end on half a word
    notice = f"Your search was {len(raw):,} characters long; only the first {len(cut):,} were used."
    return CleanText(cut.strip(), (notice,), cut=True)
