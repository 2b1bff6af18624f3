"""Work items: issues closed as completed in the window, by a pull request or by hand, with their points."""

from __future__ import annotations

from bot.records import PointsSource
from tests.collect.github.helpers import collect, days_ago
from tests.fakegithub import FakeGitHub, issue


def test_story_points_come_from_labels_then_body_then_project_and_say_which(github: FakeGitHub) -> None:
    github.issues = [
        issue(
            10,
            labels=("points: 5",),
            body="Story points: 8",
            created=days_ago(9),
            closed=days_ago(1),
            project_points=13,
        ),
        issue(11, body="Some text\nStory points: 3\n", created=days_ago(9), closed=days_ago(1), project_points=13),
        issue(12, created=days_ago(9), closed=days_ago(1), project_points=2),
        issue(13, labels=("bug",), created=days_ago(9), closed=days_ago(1)),
    ]
    items = {w.number: (w.points, w.points_source) for w in collect(points_field="Estimate").work_items}
    assert items == {
        10: (5.0, PointsSource.LABEL),
        11: (3.0, PointsSource.BODY),
        12: (2.0, PointsSource.PROJECT),
        13: (None, None),
    }  # each source's number differs from the later ones


def test_issues_closed_by_hand_count_and_those_not_planned_or_open_do_not(github: FakeGitHub) -> None:
    github.issues = [
        issue(10, labels=("sp 3",), created=days_ago(9), closed=days_ago(2), closed_by=({"number": 1}, {"number": 2})),
        issue(11, labels=("sp 2",), created=days_ago(9), closed=days_ago(2)),
        issue(12, labels=("sp 8",), created=days_ago(9), closed=days_ago(2), state_reason="NOT_PLANNED"),
        issue(13, labels=("sp 1",), created=days_ago(9)),
        issue(14, labels=("sp 1",), created=days_ago(90), closed=days_ago(60), updated=days_ago(1)),
    ]
    items = {w.number: (w.points, w.closed_by, w.closed_at) for w in collect().work_items}
    assert items == {10: (3.0, (1, 2), days_ago(2)), 11: (2.0, (), days_ago(2))}


def test_without_project_access_points_still_come_from_labels_and_the_gap_is_noted(github: FakeGitHub) -> None:
    github.forbidden.add("projectItems")
    github.issues = [
        issue(
            10,
            labels=("points: 5",),
            created=days_ago(9),
            closed=days_ago(1),
            project_points=8,
            forbidden=github.forbidden,
        )
    ]
    dataset = collect(points_field="Estimate")
    assert [w.points for w in dataset.work_items] == [5.0]
    assert any("cannot read projects" in n.message for n in dataset.notes)
    assert "work_items" in dataset.read
