"""What search asks of the drug vocabulary, as an interface that ``codes.drugs`` implements.

Search reads drug names, CMS's Table of Drugs and Index, curated synonyms, NDCs and doses;
all of these belong to ``codes.drugs``, which builds its lexicon with search's own word
folding and typo tolerance. So that the two packages do not import each other, search
names here what it needs (``DrugTerms``) and what an implementation may build on (``fold``,
``Rechecked``, ``Vocabulary``); ``codes.drugs.search_terms`` implements it and the app
registers that implementation at start-up (``codes.apps``). Search imports nothing of
``codes.drugs``.
"""

from __future__ import annotations

from typing import Any, Protocol

from codes.search.query import fold
from codes.search.rechecked import Rechecked
from codes.search.spelling import Vocabulary

__all__ = ["DrugTerms", "Rechecked", "Vocabulary", "fold", "provide", "terms"]


class DrugTerms(Protocol):
    """The drug vocabulary as search reads it."""

    def lexicon(self, using: str) -> Any:
        """The names, index entries and synonyms of database ``using``: an object with
        ``by_word``, ``is_known_phrase``, ``names``, ``expansions`` and ``closest``
        (``codes.drugs.lexicon.Lexicon``)."""

    def singular(self, word: str) -> str:
        """A plain English plural as its singular, as the names are matched."""

    def looks_like_ndc(self, text: str) -> bool:
        """Whether the whole query reads as an NDC."""

    def ndc_candidates(self, text: str) -> list[str]:
        """The 11-digit NDCs an NDC as typed may stand for."""

    def split_dose(self, text: str) -> tuple[str, Any]:
        """The query without a trailing dose ("50 mg"), and the dose (or None)."""

    def billing_units(self, code: str, dose: Any, dosage: str) -> Any:
        """How many billing units of ``code`` (whose unit is ``dosage``) a dose is."""


_provided: list[DrugTerms] = []


def provide(implementation: DrugTerms) -> None:
    """Register the implementation (done once, when the app is ready)."""
    _provided[:] = [implementation]


def terms() -> DrugTerms:
    if not _provided:
        raise RuntimeError("no drug vocabulary registered (codes.apps registers codes.drugs')")
    return _provided[0]
