"""Typo tolerance in plain Python (the SQLite backend's), and the rule both engines share."""

from __future__ import annotations

from collections import Counter

import pytest

from codes.search.spelling import Vocabulary, best_correction, edit_distance, words_of


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary.from_texts(
        [
            "Home blood glucose monitor",
            "Blood glucose monitor with integrated voice",
            "Pacemaker monitr audible",
            "Injection, pembrolizumab, 1 mg",
            "Wheelchair seat cushion",
            "Wheelchair back cushion",
            "Monit lead wires",
        ]
    )


@pytest.mark.parametrize(
    "a, b, distance",
    [
        ("monitr", "monitor", 1),
        ("wheelchiar", "wheelchair", 1),
        ("glucoce", "glucose", 1),
        ("pembrolizmab", "pembrolizumab", 1),
        ("cushin", "cushion", 1),
        ("abc", "abc", 0),
        ("kitten", "sitting", 3),
    ],
)
def test_edit_distance_counts_a_swap_as_one_edit(a, b, distance):
    assert edit_distance(a, b) == distance


@pytest.mark.parametrize(
    "typo, word",
    [
        ("wheelchiar", "wheelchair"),
        ("pembrolizmab", "pembrolizumab"),
        ("glucoce", "glucose"),
        ("cushon", "cushion"),
        ("monitorr", "monitor"),
        ("weelchair", "wheelchair"),
    ],
)
def test_closest_word(vocabulary, typo, word):
    assert vocabulary.closest(typo) == word


def test_closest_prefers_the_word_more_codes_use(vocabulary):
    # 'monit' and 'monitor' are both one edit from 'monitr'; two codes say 'monitor'.
    assert vocabulary.closest("monitr") == "monitor"


def test_short_words_numbers_and_far_words_are_not_corrected(vocabulary):
    assert vocabulary.closest("mon") is None
    assert vocabulary.closest("22in") is None
    assert vocabulary.closest("xylophone") is None


def test_known_words_and_completions(vocabulary):
    assert "cushion" in vocabulary
    assert vocabulary.completions("pembro", 5) == ["pembrolizumab"]
    assert vocabulary.completions("monit", 5) == ["monitor", "monit", "monitr"]  # most used
    assert vocabulary.completions("zzz", 5) == []


def test_vocabulary_words_follow_the_postgresql_rule():
    assert words_of("W/c seat, 22in wide; 3-way x") == {"seat", "wide", "way"}


def test_best_correction_needs_to_be_close_enough():
    assert best_correction("abcdefgh", Counter({"abcdefgh": 5, "zzzzzzzz": 9})) is None
