"""Pooling: counts add, rates add their parts, samples join, and what no part read stays unread."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from bot.measure.dora import Frequency
from bot.measure.history import PeriodMetrics
from bot.measure.values import Period, Rate, Sample
from bot.measure.weeks import IsoWeek
from bot.rollup.pool import PooledWeeks, pooled

WEEK = IsoWeek(2026, 46)
PERIOD = Period(WEEK.start(UTC), WEEK.end(UTC), 1)
UNREAD = PeriodMetrics(PERIOD, *([None] * 15))


def week(**read: object) -> PeriodMetrics:
    return replace(UNREAD, **read)  # type: ignore[arg-type]


def test_counts_and_rates_add_and_samples_join() -> None:
    a = week(commits=3, change_failure=Rate(1, 4), pr_size=Sample((10.0, 30.0)), frequency=Frequency(4, 2, 1))
    b = week(commits=5, change_failure=Rate(0, 6), pr_size=Sample((20.0,)), frequency=Frequency(6, 3, 0))
    both = pooled([a, b], PERIOD)
    assert both.commits == 8 and both.change_failure == Rate(1, 10)
    assert both.pr_size is not None and sorted(both.pr_size.values) == [10.0, 20.0, 30.0]
    assert both.frequency == Frequency(10, 5, 1)


def test_a_value_one_part_did_not_read_is_pooled_from_the_others_and_none_when_no_part_read_it() -> None:
    both = pooled([week(commits=3), week(review_depth=Sample((2.0,)))], PERIOD)
    assert both.commits == 3 and both.review_depth == Sample((2.0,))
    assert both.lead_time is None and both.merged_prs is None and both.contributors is None


def test_a_period_is_the_pool_of_its_weeks() -> None:
    weeks = [WEEK.shift(-n) for n in range(3)]
    weekly = {w: replace(week(commits=n + 1), period=Period(w.start(UTC), w.end(UTC), 1)) for n, w in enumerate(weeks)}
    two = Period(weeks[1].start(UTC), weeks[0].end(UTC), 2)
    measured = PooledWeeks(weekly).period(two)
    assert measured.commits == 1 + 2 and measured.period == two
