"""Scoring the judged queries: rank of the first expected code, hit@k and MRR."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from codes.models import HcpcsCode
from codes.search import parse, search_codes
from codes.search.filters import CodeFilterSet
from tests.search.judged_fresh import FRESH_JUDGED
from tests.search.judged_queries import JUDGED, JudgedQuery
from tests.search.judged_understanding import UNDERSTANDING_JUDGED
from tests.search.judged_vocabulary import VOCABULARY_JUDGED

# The judged sets, by name, as the tests and the benchmark report them.
JUDGED_SETS = {
    "codes and descriptions": JUDGED,
    "drugs and everyday words": VOCABULARY_JUDGED,
    "how people ask": UNDERSTANDING_JUDGED,
    "written apart": FRESH_JUDGED,
}
ALL_JUDGED = [judged for judged_set in JUDGED_SETS.values() for judged in judged_set]

DEPTH = 10


def top_codes(text: str, depth: int = DEPTH) -> list[str]:
    """The first codes the default search (as the results page runs it) returns."""
    params = QueryDict(mutable=True)
    params["q"] = text
    filterset = CodeFilterSet(params, queryset=HcpcsCode.objects.all())
    result = search_codes(parse(text), within=filterset.qs)
    return [code.code for code in result.codes[:depth]]


@dataclass(frozen=True)
class Judgement:
    judged: JudgedQuery
    top: list[str]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first expected code in the top results, or None."""
        return next((i for i, code in enumerate(self.top, 1) if code in self.judged.expected), None)

    def hit(self, k: int) -> bool:
        return self.rank is not None and self.rank <= k


def judge_all(judged: list[JudgedQuery] = JUDGED) -> list[Judgement]:
    return [Judgement(j, top_codes(j.query)) for j in judged]


def scores(judgements: list[Judgement]) -> dict[str, float]:
    n = len(judgements)
    return {
        "queries": n,
        "hit@1": sum(j.hit(1) for j in judgements) / n,
        "hit@5": sum(j.hit(5) for j in judgements) / n,
        "mrr": sum(1 / j.rank for j in judgements if j.rank) / n,
    }


def kind_of(judged: JudgedQuery) -> str:
    """The kind a query is reported under: the first word of its kind ("ndc claim" and
    "ndc 4-4-2" are both "ndc"), "modifier meaning" kept whole."""
    return judged.kind if judged.kind == "modifier meaning" else judged.kind.split()[0]


def by_kind(judgements: list[Judgement]) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[Judgement]] = {}
    for judgement in judgements:
        kinds.setdefault(kind_of(judgement.judged), []).append(judgement)
    return {kind: scores(found) for kind, found in sorted(kinds.items())}
