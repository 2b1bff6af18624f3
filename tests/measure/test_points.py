from __future__ import annotations

from bot.measure.points import story_points
from bot.records import PointsSource
from tests.measure.build import item, period, pr


def test_points_count_in_the_week_the_issue_was_closed_as_completed() -> None:
    prs = [pr(1, merged=1), pr(2, merged=2), pr(3, merged=9)]
    items = [
        item(10, 3, 1, closed=1),
        item(11, 5, 1, 2, closed=2),
        item(12, 8, 2, 3, closed=9),
        item(13, None, 1, closed=1),
    ]
    points = story_points(items, prs, period(0, 7))
    assert points.completed == 8
    assert sorted(points.items.values) == [3, 5]
    assert sorted(points.per_pr.values) == [2.5, 5.5]  # item 11's 5 points split between PRs 1 and 2
    assert (points.unpointed, points.sources) == (1, ((PointsSource.LABEL, 2),))


def test_an_issue_closed_by_hand_adds_points_but_credits_no_pr() -> None:
    points = story_points([item(10, 3, 1, closed=1), item(11, 5, closed=2)], [pr(1, merged=1)], period(0, 7))
    assert points.completed == 8
    assert points.per_pr.values == (3.0,)


def test_a_week_with_no_activity_has_zero_points_and_empty_samples() -> None:
    points = story_points([item(10, 3, 1)], [pr(1, merged=1)], period(14, 7))
    assert (points.completed, points.items.n, points.per_pr.n) == (0, 0, 0)
