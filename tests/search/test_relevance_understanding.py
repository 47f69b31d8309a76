"""Relevance on how people ask (issue 17): every judged set together, the held-out fifth
apart, and each kind of query, on whichever engine runs (CI runs both)."""

from __future__ import annotations

import pytest

from tests.search.relevance import ALL_JUDGED, by_kind, judge_all, kind_of, scores

pytestmark = pytest.mark.usefixtures("bundled")

# The target for all queries, met on both engines.
TARGET_HIT_AT_5 = 0.92
# The held-out queries meet the target too (93 of 101 on both engines:
# benchmarks/results/search.md), and every kind meets the 0.85.
HELD_OUT_FLOOR = TARGET_HIT_AT_5
KIND_FLOOR = 0.85


def test_the_judged_queries_are_three_times_as_many_and_a_fifth_is_held_out():
    queries = [j.query.lower() for j in ALL_JUDGED]
    assert len(queries) >= 300 and len(set(queries)) == len(queries)
    assert sum(j.held_out for j in ALL_JUDGED) >= len(ALL_JUDGED) / 5
    kinds = {kind_of(j) for j in ALL_JUDGED}
    assert {"modifier meaning", "abbreviation", "lay", "service", "partial", "dose"} <= kinds
    assert {"ndc", "misspelling"} <= kinds
    assert "ndc claim" in {j.kind for j in ALL_JUDGED}


def test_hit_at_5_meets_the_target_and_the_held_out_queries_do_not_fall():
    judgements = judge_all(ALL_JUDGED)
    overall = scores(judgements)
    misses = [(j.judged.query, j.top[:5]) for j in judgements if not j.hit(5)]
    assert overall["hit@5"] >= TARGET_HIT_AT_5, f"{overall}; misses: {misses}"
    held_out = scores([j for j in judgements if j.judged.held_out])
    assert held_out["hit@5"] >= HELD_OUT_FLOOR, held_out
    low = {kind: s for kind, s in by_kind(judgements).items() if s["hit@5"] < KIND_FLOOR}
    assert not low, low
