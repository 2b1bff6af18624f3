"""The tests against values worked out by hand or known from tables."""

from __future__ import annotations

import pytest

from bot.balance.stats import counts_greater, rates_greater, values_greater


def test_fishers_exact_test_matches_the_hand_worked_tea_tasting_example() -> None:
    # Fisher's lady tasting tea: 3 of 4 right in each group of 4 -> one-sided p = 17/70.
    assert rates_greater(3, 4, 1, 4) == pytest.approx(17 / 70)


def test_the_most_extreme_table_has_its_own_chance_as_p() -> None:
    # 2 of 2 failed against 0 of 2: P(X = 2) = C(2,2) C(2,0) / C(4,2) = 1/6; the other way, every table counts.
    assert rates_greater(2, 2, 0, 2) == pytest.approx(1 / 6)
    assert rates_greater(0, 2, 2, 2) == pytest.approx(1.0)


def test_equal_rates_are_not_significant_and_empty_samples_decide_nothing() -> None:
    assert rates_greater(5, 50, 5, 50) > 0.5
    assert rates_greater(1, 0, 0, 10) == 1.0


def test_counts_greater_is_the_binomial_tail() -> None:
    # 10 events against 2 in equal exposure: P(X >= 10 | n=12, p=0.5) = (66 + 12 + 1) / 4096
    assert counts_greater(10, 4, 2, 4) == pytest.approx(79 / 4096)
    assert counts_greater(20, 4, 40, 8) > 0.4  # the same rate


def test_mann_whitney_detects_a_clear_shift_and_not_an_equal_one() -> None:
    assert values_greater([10, 11, 12, 13, 14, 15], [1, 2, 3, 4, 5, 6]) < 0.01
    assert values_greater([1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]) > 0.4
    assert values_greater([0, 0, 0], [0, 0, 0]) == 1.0
