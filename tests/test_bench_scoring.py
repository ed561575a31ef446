"""bench.scoring: the bag-of-words token overlap used to score extracted bodies."""

from __future__ import annotations

from collections import Counter

import pytest

from bench.scoring import token_prf, tokens


def test_tokens_are_lowercased_word_runs_in_a_bag():
    assert tokens("The cat, the HAT; the_end 42!") == Counter({"the": 2, "cat": 1, "hat": 1, "the_end": 1, "42": 1})
    assert tokens("Café—naïve") == Counter({"café": 1, "naïve": 1})
    assert tokens("") == Counter() and tokens(" ,. ") == Counter()


def test_identical_texts_score_one_whatever_the_layout():
    assert token_prf("A b c.\n\nD e", "d e a B C") == (1.0, 1.0, 1.0)


def test_both_empty_is_a_perfect_match_and_one_empty_is_zero():
    assert token_prf("", "") == (1.0, 1.0, 1.0)
    assert token_prf("...", "  ") == (1.0, 1.0, 1.0)
    assert token_prf("", "gold text") == (0.0, 0.0, 0.0)
    assert token_prf("predicted text", "") == (0.0, 0.0, 0.0)


def test_multiset_intersection_counts_repeats_once_per_occurrence():
    # predicted: the x3, cat x1 (4 tokens); gold: the x1, cat x1, sat x1 (3 tokens); overlap: the, cat = 2
    precision, recall, f1 = token_prf("the the the cat", "the cat sat")
    assert precision == pytest.approx(2 / 4)
    assert recall == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))


def test_extra_and_missing_text():
    assert token_prf("a b c d", "a b") == (0.5, 1.0, pytest.approx(2 / 3))
    assert token_prf("a b", "a b c d") == (1.0, 0.5, pytest.approx(2 / 3))
    assert token_prf("x y", "a b") == (0.0, 0.0, 0.0)
