"""Understanding the one search box, in plain Python (no database).

What a coder types is read, in this order, as:

1. an exact code, any case and spacing (``q4390``, `` Q 4390 ``);
2. a code prefix (``E01``, ``E01*``, ``E``), a range within one letter (``E0100-E0199``,
   ``E0100 - E0199``, ``E0100 to E0199``) or a list (``A0021, E1130 J9271``);
3. anything else is words: quoted phrases, a trailing ``*`` for a prefix; ``typing_terms``
   also match the last word as a prefix, so that a half-typed word already finds something
   (typeahead tries them first, the results page when the whole words find nothing).

Queries made only of two-character tokens (``LT``, ``rt``, ``E1``, ``LT RT``) are also
looked up as modifiers before the rest; that needs the database, so the parser only marks
them.

Words are folded to lower-case ASCII letters, digits and decimal points. That is the whole
alphabet of the CMS descriptions, and it is also what makes it safe to write the words into
the FTS5 and tsquery query languages: no quote, operator or bracket survives parsing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from codes.search.stopwords import STOP_WORDS
from codes.search.text import clean_query

CODE_RE = re.compile(r"[A-Z][0-9]{4}")
MODIFIER_RE = re.compile(r"[A-Z0-9]{2}")
PREFIX_RE = re.compile(r"([A-Z][0-9]{0,4})\*?")
RANGE_RE = re.compile(r"([A-Z][0-9]{4})\s*(?:-|\.\.|TO|THROUGH|THRU)\s*([A-Z]?[0-9]{4})")
_LIST_SPLIT = re.compile(r"[\s,;]+")
_EDGE_PUNCTUATION = " .,;:"

MAX_LIST_CODES = 100
MAX_TERMS = 12
MAX_PHRASE_WORDS = 8
MAX_WORD_CHARS = 40
MAX_MODIFIER_TOKENS = 10

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"|(?P<word>\d+(?:\.\d+)+|[^\W_]+)(?P<star>\*)?')
_WORD = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")
_SEARCHABLE = re.compile(r"[a-z0-9]+(?:\.[0-9]+)*")


class Kind(StrEnum):
    EMPTY = "empty"
    CODE = "code"
    PREFIX = "prefix"
    RANGE = "range"
    LIST = "list"
    WORDS = "words"


@dataclass(frozen=True)
class Term:
    """One word, or the words of a quoted phrase, as lower-case ASCII.

    ``prefix`` asks for the words that begin with the term. Both engines stem a prefix as
    if it were a word ('tens*' would look for 'ten*'), so each backend matches a prefix of
    letters its own way: see ``matching_ids`` in ``backends.sqlite`` and
    ``backends.postgres``.
    """

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        text = " ".join(self.words)
        return f'"{text}"' if self.is_phrase else text


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    kind: Kind
    # CODE: (code,); PREFIX: (prefix,); RANGE: (first, last); LIST: the codes as given.
    codes: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    # Two-character tokens to look up as modifiers before anything else.
    modifiers: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def words_text(self) -> str:
        """The words searched for, as a coder would type them again."""
        return " ".join(str(term) for term in self.terms)

    @property
    def names_codes(self) -> bool:
        """True when the query names codes one by one (a code or a list)."""
        return self.kind in {Kind.CODE, Kind.LIST}

    @property
    def typing_terms(self) -> tuple[Term, ...]:
        """The terms with the last word matched as a prefix ('wheelchair cush')."""
        if self.modifiers:
            return self.terms  # 'LT' is a modifier, not the start of 'ltd'
        return _with_last_word_prefix(self.terms)


def fold(word: str) -> str:
    """Lower-case ASCII: 'Café' -> 'cafe'. Empty when nothing searchable is left."""
    decomposed = unicodedata.normalize("NFKD", word)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return ascii_only if _SEARCHABLE.fullmatch(ascii_only) else ""


def _words_query(text: str) -> tuple[tuple[Term, ...], list[str]]:
    """Terms from free text, and notices about what was left out."""
    if text.count('"') % 2:
        head, _, tail = text.rpartition('"')  # an unbalanced quote is just a character
        text = head + " " + tail
    terms: list[Term] = []
    unsearchable: list[str] = []
    common: list[str] = []
    for match in _TOKEN.finditer(text):
        if match["phrase"] is not None:
            raw = _WORD.findall(match["phrase"])[:MAX_PHRASE_WORDS]
            words = tuple(w for w in map(fold, raw) if w and len(w) <= MAX_WORD_CHARS)
            unsearchable += [w for w in raw if not fold(w)]
            if len(words) > 1 and not all(w in STOP_WORDS for w in words):
                terms.append(Term(words))
                continue
        else:
            words = (fold(match["word"]),)
            if not words[0]:
                unsearchable.append(match["word"])
                continue
            if len(words[0]) > MAX_WORD_CHARS:
                continue
        for word in words:
            if word in STOP_WORDS:
                common.append(word)
            else:
                terms.append(Term((word,), prefix=bool(match["star"])))
    notices = []
    if unsearchable:
        shown = ", ".join(f"“{w[:20]}”" for w in dict.fromkeys(unsearchable))
        notices.append(f"Left out {shown}: code descriptions use only English letters and digits.")
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notices.append(f"Only the first {MAX_TERMS} words were used.")
    if common and not terms:
        shown = ", ".join(f"“{w}”" for w in dict.fromkeys(common))
        notices.append(
            f"{shown} {'is' if len(common) == 1 else 'are'} too common to search "
            "for; add a more specific word."
        )
    return tuple(terms), notices


# Words of a query count as "together" in a description when at most this many other
# words come between neighbours: 'wheelchair cushion' in "wheelchair seat cushion".
NEAR_GAP = 1


def near_words(terms: tuple[Term, ...]) -> Term | None:
    """The words of several single-word terms, in order, for ranking the rows that have
    them together (see ``NEAR_GAP``) above rows that have them apart; None when there is
    nothing to look for."""
    if len(terms) < 2 or any(term.is_phrase for term in terms):
        return None
    return Term(tuple(term.words[0] for term in terms), prefix=terms[-1].prefix)


def _with_last_word_prefix(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """Match the last word as a prefix, so 'wheelchair cush' finds cushions as one types."""
    if not terms or terms[-1].is_phrase or terms[-1].prefix:
        return terms
    last = terms[-1]
    if last.words[0].replace(".", "").isdigit():
        return terms  # '22' should not find '220'
    return (*terms[:-1], Term(last.words, prefix=True))


def parse(raw: str | None) -> ParsedQuery:
    """Read the search box."""
    clean = clean_query(raw)
    text, notices = clean.text, list(clean.notices)
    if not text:
        return ParsedQuery("", Kind.EMPTY, notices=tuple(notices))

    upper = text.upper().strip(_EDGE_PUNCTUATION)
    compact = "".join(upper.split())
    if CODE_RE.fullmatch(compact):
        return ParsedQuery(text, Kind.CODE, codes=(compact,), notices=tuple(notices))

    if match := RANGE_RE.fullmatch(upper):
        first, last = match[1], match[2]
        if len(last) == 4:
            last = first[0] + last  # 'E0100-0199'
        if first[0] != last[0]:
            notices.append(f"A range stays within one letter; showing {first} and {last}.")
            return ParsedQuery(text, Kind.LIST, codes=(first, last), notices=tuple(notices))
        first, last = sorted((first, last))
        return ParsedQuery(text, Kind.RANGE, codes=(first, last), notices=tuple(notices))

    tokens = [t for t in _LIST_SPLIT.split(upper) if t]
    if len(tokens) == 1 and (match := PREFIX_RE.fullmatch(tokens[0])):
        modifiers = (tokens[0],) if MODIFIER_RE.fullmatch(tokens[0]) else ()
        return ParsedQuery(
            text, Kind.PREFIX, codes=(match[1],), modifiers=modifiers, notices=tuple(notices)
        )
    if (
        len(tokens) > 1
        and all(CODE_RE.fullmatch(t) or MODIFIER_RE.fullmatch(t) for t in tokens)
        and any(CODE_RE.fullmatch(t) for t in tokens)
    ):
        codes = tuple(dict.fromkeys(tokens))
        if len(codes) > MAX_LIST_CODES:
            notices.append(f"Only the first {MAX_LIST_CODES} codes of the list were used.")
            codes = codes[:MAX_LIST_CODES]
        return ParsedQuery(text, Kind.LIST, codes=codes, notices=tuple(notices))

    modifiers: tuple[str, ...] = ()
    if len(tokens) <= MAX_MODIFIER_TOKENS and all(MODIFIER_RE.fullmatch(t) for t in tokens):
        modifiers = tuple(dict.fromkeys(tokens))
    terms, word_notices = _words_query(text)
    return ParsedQuery(
        text, Kind.WORDS, terms=terms, modifiers=modifiers, notices=tuple(notices + word_notices)
    )
