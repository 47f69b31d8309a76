"""The drug vocabulary as search asks for it (``codes.search.drug_terms.DrugTerms``): the
lexicon, NDCs and doses of this package behind search's interface."""

from __future__ import annotations

from codes.cms import ndc
from codes.drugs import dose, lexicon


class DrugSearchTerms:
    def lexicon(self, using: str) -> lexicon.Lexicon:
        return lexicon.current(using)

    def singular(self, word: str) -> str:
        return lexicon.singular(word)

    def looks_like_ndc(self, text: str) -> bool:
        return ndc.looks_like_ndc(text)

    def ndc_candidates(self, text: str) -> list[str]:
        return ndc.candidates(text)

    def split_dose(self, text: str) -> tuple[str, dose.Amount | None]:
        return dose.split_dose(text)

    def billing_units(self, code: str, amount: dose.Amount, dosage: str) -> dose.Billing:
        return dose.billing_units(code, amount, dosage)
