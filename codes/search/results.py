"""What a search returns: the codes in order, and what the search did to find them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from codes.models import HcpcsCode
from codes.search.query import ParsedQuery, Term

# The columns a list of results shows (the page, typeahead and the API list). Reading only
# these keeps long rows of unused CMS columns out of every search.
LIST_FIELDS = (
    "id",
    "code",
    "recid",
    "short_description",
    "long_description",
    "price1",
    "price2",
    "price3",
    "price4",
    "cov",
    "betos",
    "action_cd",
    "add_dt",
    "act_eff_dt",
    "term_dt",
    "listed",
    "lives",
)


class OrderedCodes(Sequence):
    """Codes in an order decided elsewhere (relevance), known by primary key.

    Rows are read only for the slice a page shows, so a search that matches a thousand
    codes reads twenty-five.
    """

    def __init__(
        self,
        ids: list[int],
        *,
        fields: tuple[str, ...] = LIST_FIELDS,
        using: str = "default",
        via: dict[int, str] | None = None,
        rows: dict[int, HcpcsCode] | None = None,
    ):
        self.ids = ids
        self.fields = fields
        self.using = using
        # How a code found through the vocabulary was found ("brand name Keytruda"), by pk;
        # each row read carries it as ``found_via``.
        self.via = via or {}
        # Rows already read, with at least ``fields`` (by the search itself, or before).
        self.rows = rows if rows is not None else {}

    def __len__(self) -> int:
        return len(self.ids)

    def _rows(self, ids: list[int]) -> list[HcpcsCode]:
        missing = [pk for pk in ids if pk not in self.rows]
        if missing:
            self.rows.update(
                HcpcsCode.objects.using(self.using).only(*self.fields).in_bulk(missing)
            )
        found = [self.rows[pk] for pk in ids if pk in self.rows]
        for row in found:
            row.found_via = self.via.get(row.pk, "")
        return found

    def __iter__(self):
        return iter(self._rows(self.ids))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(self.ids[index])
        return self._rows([self.ids[index]])[0]


@dataclass
class SearchResult:
    query: ParsedQuery
    codes: QuerySet | OrderedCodes
    # How the codes were found: browse, code, prefix, range, list, words, corrected,
    # any-word, or none.
    mode: str
    exact: HcpcsCode | None = None
    # Set when the words were corrected ("Showing results for ...") or could be ("Did you
    # mean ...").
    corrected: str | None = None
    did_you_mean: str | None = None
    # The terms that found the codes (corrected, or any of the words), for highlighting.
    terms: tuple[Term, ...] = ()
    modifiers: list[HcpcsCode] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # How codes found through drug names, CMS's index or synonyms were found, by pk.
    via: dict[int, str] = field(default_factory=dict)
    # A dose typed after a drug or code ("keytruda 200 mg") in each code's billing units.
    billing: list = field(default_factory=list)
    # The NDC(s) the query was read as, when it was one.
    ndcs: list[str] = field(default_factory=list)
    # For an NDC: the NDC (5-4-2) each code was found by, so its page can say so.
    ndc_by_code: dict[str, str] = field(default_factory=dict)
    # When no code has every word: which of them the first code has and lacks
    # (``codes.search.partial.Coverage``).
    coverage: object | None = None
