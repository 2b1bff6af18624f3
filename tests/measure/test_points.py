from __future__ import annotations

from bot.measure.points import story_points
from tests.measure.build import item, period, pr


def test_points_count_in_the_week_the_last_closing_pr_merged() -> None:
    prs = [pr(1, merged=1), pr(2, merged=2), pr(3, merged=9)]
    items = [item(10, 3, 1), item(11, 5, 1, 2), item(12, 8, 2, 3), item(13, None, 1)]
    points = story_points(items, prs, period(0, 7))
    assert points.completed == 8
    assert sorted(points.items.values) == [3, 5]
    assert sorted(points.per_pr.values) == [2.5, 5.5]  # item 11's 5 points split between PRs 1 and 2


def test_a_week_with_no_activity_has_zero_points_and_empty_samples() -> None:
    points = story_points([item(10, 3, 1)], [pr(1, merged=1)], period(14, 7))
    assert (points.completed, points.items.n, points.per_pr.n) == (0, 0, 0)
