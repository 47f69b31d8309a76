"""The vocabulary search reads besides CMS's descriptions, kept in memory per process.

Three kinds of names point to codes, in this order of trust:

1. drug names from the newest published ASP crosswalk (``brand name Keytruda``: a name
   none of whose words is in the code's short description is a brand);
2. CMS's Table of Drugs (generic and brand names) and Alpha-Numeric Index (``Blood ›
   glucose monitor``), from the bundled JSON;
3. curated synonyms, which are not names of codes but other words for CMS's words: they
   become extra searches of the descriptions (``knee brace`` -> ``knee orthosis``); the
   abbreviations CMS defines in its descriptions and the reviewed list of
   ``data/abbreviations.json`` join them (``codes.search.abbreviations``).

A name matches when every word of the query is one of its words (the last word may be
half-typed). Building reads a few thousand rows; the result is kept as
``codes/search/rechecked.py`` says, forgotten when this process writes the vocabulary.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import product

from django.db.models import Count, Max

from codes.search.drug_terms import Rechecked, Vocabulary, fold
from codes.search.stopwords import STOP_WORDS

RECHECK_SECONDS = 60.0
# Entries a query may match before the rest are ignored (a bare "injection").
MAX_ENTRIES = 60
# Alternative searches one query may expand into through synonyms.
MAX_EXPANSIONS = 6
DRUG_NAME, TABLE_OF_DRUGS, CMS_INDEX = 0, 1, 2
_SPLIT = re.compile(r"[^A-Za-z0-9.]+")


def words(text: str) -> tuple[str, ...]:
    """The searchable words of a text, folded like the query parser folds them."""
    return tuple(w for w in (fold(part.strip(".")) for part in _SPLIT.split(text)) if w)


def singular(word: str) -> str:
    """A plain English plural as its singular, so that 'wheelchairs' and 'supplies' find
    what 'wheelchair' and 'supply' do (the descriptions' search engines stem; names do
    this much)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def key(text_words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(singular(word) for word in text_words)


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    how: str  # "brand name Keytruda", "CMS index: Blood › glucose monitor"
    codes: tuple[str, ...]
    rank: int


@dataclass(frozen=True)
class Expansion:
    """The query with a synonym's meaning in place of the words it names; ``core`` is the
    meaning alone, without the query's other words ("bipap machine" -> the device)."""

    words: tuple[str, ...]
    how: str
    core: tuple[str, ...] = ()


@dataclass
class Lexicon:
    entries: list[Entry] = field(default_factory=list)
    synonyms: dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]] = field(default_factory=dict)
    by_word: dict[str, list[int]] = field(default_factory=dict)
    spelling: Vocabulary = field(default_factory=lambda: Vocabulary(Counter()))

    def __post_init__(self) -> None:
        for index, entry in enumerate(self.entries):
            for word in set(key(entry.words)):
                self.by_word.setdefault(word, []).append(index)
        self._sorted = sorted(self.by_word)
        counts = Counter({word: len(ids) for word, ids in self.by_word.items()})
        for term_key in self.synonyms:
            counts.update(w for w in term_key if w not in counts)
        self.spelling = Vocabulary(counts)
        self._terms_with: dict[str, list[tuple[str, ...]]] = {}
        for term_key in sorted(self.synonyms, key=len, reverse=True):
            if len(term_key) > 1:
                self._terms_with.setdefault(term_key[0], []).append(term_key)

    def gathered(self, query: tuple[str, ...]) -> tuple[str, ...]:
        """The query with the words of a curated term it holds in another order brought
        together in the term's order ("mattress for bed sores" holds "bed sore mattress"),
        so that the term is found wherever its words stand; the query itself when it holds
        none that way. Word order means nothing to the searches of the descriptions."""
        return tuple(query[i] for i in self.gathered_order(query))

    def gathered_order(self, query: tuple[str, ...]) -> list[int]:
        """The positions of the query's words in ``gathered`` order. Only words that stand
        together are gathered: "hospice care in nursing home" does not hold "hospice care
        at home", since "nursing" stands between its words."""
        folded = key(query)
        candidates = sorted(
            {t for word in set(folded) for t in self._terms_with.get(word, ())},
            key=lambda t: (-len(t), t),
        )
        used: set[int] = set()
        groups: list[list[int]] = []
        # Longest terms first; of terms as long, those in place first, which stay as they are.
        for size in sorted({len(t) for t in candidates}, reverse=True):
            same_size = [t for t in candidates if len(t) == size]
            for term_key in same_size:
                for start in range(len(folded) - size + 1):
                    span = set(range(start, start + size))
                    if folded[start : start + size] == term_key and not used & span:
                        used |= span
                        break
            for term_key in same_size:
                places: list[int] = []
                for word in term_key:
                    free = (i for i, w in enumerate(folded) if w == word and i not in used)
                    if (place := next(free, None)) is None:
                        used.difference_update(places)
                        break
                    places.append(place)
                    used.add(place)
                else:
                    if max(places) - min(places) == size - 1:
                        groups.append(places)
                    else:  # words apart: another reading of the query
                        used.difference_update(places)
        group_of = {place: group for group in groups for place in group}
        order: list[int] = []
        for position in range(len(query)):
            if position not in order:
                order += group_of.get(position, [position])
        return order

    def _entries_with(self, word: str, prefix: bool) -> set[int]:
        if not prefix:
            return set(self.by_word.get(word, ()))
        start = bisect.bisect_left(self._sorted, word)
        end = bisect.bisect_left(self._sorted, word + "\uffff", lo=start)
        found: set[int] = set()
        for known in self._sorted[start:end]:
            found.update(self.by_word[known])
        return found

    def names(self, query: tuple[str, ...], *, typing: bool = False) -> list[tuple[str, str]]:
        """(code, how) for the names that contain every word of ``query``, best first:
        drug names, then the Table of Drugs, then the index; whole-name matches first."""
        if not query:
            return []
        matched: set[int] | None = None
        for position, word in enumerate(query):
            half_typed = typing and position == len(query) - 1
            found = self._entries_with(word if half_typed else singular(word), half_typed)
            matched = found if matched is None else matched & found
            if not matched:
                return []
        ranked = sorted(
            matched,
            key=lambda i: (
                self.entries[i].rank,
                key(self.entries[i].words) != key(query),
                len(self.entries[i].words),
                i,
            ),
        )[:MAX_ENTRIES]
        hits: dict[str, str] = {}
        for index in ranked:
            entry = self.entries[index]
            for code in entry.codes:
                hits.setdefault(code, entry.how)
        return list(hits.items())

    def is_known_phrase(self, query: tuple[str, ...]) -> bool:
        """Whether the whole query is a synonym's term: curators said what it means, so
        its meaning ranks above descriptions that merely contain its words."""
        return key(self.gathered(query)) in self.synonyms

    def expansions(self, query: tuple[str, ...]) -> list[Expansion]:
        """The query with synonyms' meanings in place of their terms, longest terms first."""
        spans: list[tuple[int, int, list[tuple[str, ...]], str]] = []
        query = self.gathered(query)
        folded = key(query)
        position = 0
        while position < len(query):
            for end in range(len(query), position, -1):
                if folded[position:end] in self.synonyms:
                    term, meanings = self.synonyms[folded[position:end]]
                    spans.append((position, end, meanings, term))
                    position = end
                    break
            else:
                position += 1
        if not spans:
            return []
        found: list[Expansion] = []
        # "tlso brace": a brace is an orthosis, which "tlso" says already, and CMS's text
        # ("Tlso, flexible, ...") need not repeat it: such a term is left out, and the query
        # without it is tried first, in the user's own words.
        # Only by a term that stays: of two terms that mean the same ("bipap bpap"), one stays.
        within: dict[int, str] = {}
        for n, span in enumerate(spans):
            staying = [other for m, other in enumerate(spans) if m != n and m not in within]
            if by := _absorbed_by(span[2], staying):
                within[n] = by
        if within:
            dropped = {i for n in within for i in range(spans[n][0], spans[n][1])}
            rest = tuple(word for i, word in enumerate(query) if i not in dropped)
            how = "; ".join(f"“{spans[n][3]}” is in what “{by}” means" for n, by in within.items())
            found.append(Expansion(rest, how, rest))
        for choice in product(*(meanings for _, _, meanings, _ in spans)):
            out: list[str] = []
            core: list[str] = []
            last = 0
            hows = []
            for n, ((start, end, _, term), meaning) in enumerate(zip(spans, choice, strict=True)):
                out += query[last:start]
                last = end
                if n in within:
                    continue
                out += meaning
                core += meaning
                hows.append(f"“{term}” means {' '.join(meaning)}")
            out += query[last:]
            found.append(Expansion(tuple(out), "; ".join(hows), tuple(core)))
            if len(found) >= MAX_EXPANSIONS:
                break
        return found

    def closest(self, word: str) -> str | None:
        return self.spelling.closest(word)


def _absorbed_by(meanings: list[tuple[str, ...]], others: list) -> str | None:
    """The other term of the query whose meaning holds every meaning of this one ("brace":
    orthosis, within "tlso": thoracic lumbar sacral orthosis), if there is one."""
    for _, _, other, term in others:
        if all(any(set(m) <= set(o) for o in other) for m in meanings):
            return term
    return None


def _display_name(names: Counter[str]) -> str:
    """The spelling most rows use, in title case when a labeler wrote it in capitals."""
    name = names.most_common(1)[0][0]
    return name.title() if name.isupper() else name


def _drug_entries(using: str) -> list[Entry]:
    from codes.models import HcpcsCode
    from codes.models.drugs import CrosswalkRow

    rows = CrosswalkRow.objects.using(using).latest_quarter().values_list("drug_name", "code")
    spellings: dict[tuple[str, ...], Counter[str]] = {}
    codes: dict[tuple[str, ...], Counter[str]] = {}
    for name, code in rows.iterator():
        key = words(name)
        if key:
            spellings.setdefault(key, Counter())[name] += 1
            codes.setdefault(key, Counter())[code] += 1
    all_codes = {code for counter in codes.values() for code in counter}
    shorts = dict(
        HcpcsCode.objects.using(using)
        .filter(code__in=all_codes)
        .values_list("code", "short_description")
    )
    entries = []
    for key, counter in codes.items():
        name = _display_name(spellings[key])
        in_description = any(set(key) & set(words(shorts.get(code, ""))) for code in counter)
        kind = "drug name" if in_description else "brand name"
        ordered = tuple(code for code, _ in counter.most_common())
        entries.append(Entry(key, f"{kind} {name}", ordered, DRUG_NAME))
    return entries


def _index_entries(using: str) -> list[Entry]:
    from codes.models.drugs import IndexEntry

    grouped: dict[tuple[str, str, str], list[str]] = {}
    for source, term, subterm, code in (
        IndexEntry.objects.using(using)
        .order_by("source", "term", "subterm", "code")
        .values_list("source", "term", "subterm", "code")
        .iterator()
    ):
        grouped.setdefault((source, term, subterm), []).append(code)
    entries = []
    for (source, term, subterm), codes in grouped.items():
        path = f"{term} › {subterm}" if subterm else term
        if subterm.startswith("see "):
            path = f"{term}, {subterm}"  # "Toradol, see Ketorolac tromethamine"
        if source == IndexEntry.Source.TABLE_OF_DRUGS:
            how, rank = f"CMS Table of Drugs: {path}", TABLE_OF_DRUGS
        else:
            how, rank = f"CMS index: {path}", CMS_INDEX
        key = words(f"{term} {subterm}")
        if key:
            entries.append(Entry(key, how, tuple(dict.fromkeys(codes)), rank))
    return entries


def _synonyms(using: str) -> dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]]:
    from codes.models.drugs import Synonym

    table = {}
    for term, expansions in (
        Synonym.objects.using(using).filter(active=True).values_list("term", "expansions")
    ):
        meanings = [w for w in (words(line) for line in expansions.splitlines()) if w]
        if words(term) and meanings:
            table.setdefault(key(words(term)), (term, meanings))
    return table


# A mined abbreviation that is also this common an English word ("gap", "tip", "pet") is
# left to the reviewed list: the word is more often meant than the abbreviation.
MINED_MAX_ZIPF = 3.5


def _abbreviations(using: str) -> dict[tuple[str, ...], tuple[str, list[tuple[str, ...]]]]:
    """Abbreviations CMS defines in its long descriptions (three letters or more, not a
    common word), then the reviewed list's, which wins (``codes.search.abbreviations``)."""
    from wordfreq import zipf_frequency

    from codes.models import HcpcsCode
    from codes.search import abbreviations

    rows = HcpcsCode.objects.using(using).values_list("code", "long_description")
    found = {
        term: abbreviation
        for term, abbreviation in abbreviations.mined(rows.iterator()).items()
        if len(term) >= 3 and zipf_frequency(term, "en") < MINED_MAX_ZIPF
    }
    found.update(abbreviations.reviewed())
    table = {}
    for abbreviation in found.values():
        meanings = [w for w in (words(m) for m in abbreviation.means) if w]
        if words(abbreviation.term) and meanings:
            table[key(words(abbreviation.term))] = (abbreviation.term, meanings)
    return table


# Negations the parser drops with the other stop words: "no waste" without "no" is not the term.
NEGATIONS = frozenset({"no", "not", "nor"})


def _as_parsed(table: dict[tuple[str, ...], tuple]) -> dict[tuple[str, ...], tuple]:
    """The terms also as the query parser leaves them, without its stop words ("shot in the
    joint" is searched as "shot joint"), when two words or more are left, none of the dropped
    ones was a negation, and no other term reads the same ("above knee prosthesis" and "below
    knee prosthesis" are both "knee prosthesis": neither is meant)."""
    read_as: dict[tuple[str, ...], list[tuple]] = {}
    for term_key, value in table.items():
        content = tuple(w for w in term_key if w not in STOP_WORDS)
        if content != term_key and len(content) >= 2 and not NEGATIONS & set(term_key):
            read_as.setdefault(content, []).append(value)
    unambiguous = {k: v[0] for k, v in read_as.items() if len(v) == 1 and k not in table}
    return {**table, **unambiguous}


def build(using: str = "default") -> Lexicon:
    # Curated synonyms win over abbreviations of the same term.
    synonyms = _as_parsed({**_abbreviations(using), **_synonyms(using)})
    return Lexicon(entries=_drug_entries(using) + _index_entries(using), synonyms=synonyms)


def _fingerprint(using: str) -> tuple:
    from codes.models.drugs import AspFile, IndexEntry, Synonym

    files = AspFile.objects.using(using).aggregate(top=Max("published_at"), n=Count("id"))
    synonyms = Synonym.objects.using(using).aggregate(top=Max("updated_at"), n=Count("id"))
    return (
        files["top"],
        files["n"],
        synonyms["top"],
        synonyms["n"],
        IndexEntry.objects.using(using).count(),
    )


_lexicon = Rechecked(build=build, fingerprint=_fingerprint, seconds=RECHECK_SECONDS)


def forget() -> None:
    _lexicon.forget()


def expire() -> None:
    _lexicon.expire()


def current(using: str = "default") -> Lexicon:
    """The lexicon of ``using``'s database, built once and re-checked now and then."""
    return _lexicon.get(using)
