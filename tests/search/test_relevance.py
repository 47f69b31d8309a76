"""Relevance on real data: the judged queries, checked on whichever engine runs."""

from __future__ import annotations

import pytest

from tests.search.judged_queries import JUDGED
from tests.search.relevance import judge_all, scores

pytestmark = pytest.mark.usefixtures("bundled")

TARGET_HIT_AT_5 = 0.9
# The queries of the "done when": each must be a hit on its own.
MUST_HIT = {
    "wheelchair cushion",
    "q4390",
    "E01",
    "E0100-E0199",
    "pembrolizumab",
    "glucose monitr",
    "LT",
}


def test_the_judged_set_is_big_and_varied():
    assert len(JUDGED) >= 40
    assert len({j.query for j in JUDGED}) == len(JUDGED)
    assert {
        "code",
        "prefix",
        "range",
        "list",
        "modifier",
        "words",
        "plural",
        "abbreviation",
        "drug",
        "brand",
        "misspelling",
    } <= {j.kind for j in JUDGED}
    assert {j.query for j in JUDGED} >= MUST_HIT


def test_hit_at_5_meets_the_target():
    judgements = judge_all()
    result = scores(judgements)
    misses = [(j.judged.query, j.top[:5]) for j in judgements if not j.hit(5)]
    assert result["hit@5"] >= TARGET_HIT_AT_5, f"{result}; misses: {misses}"
    assert not [q for q, _ in misses if q in MUST_HIT], misses
