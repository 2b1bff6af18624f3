"""Story points through the CLI: what a board shows as done in the week, by a PR or by hand, and from where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakegithub import FakeGitHub, issue, pull
from tests.gitrepo import at

NOW = at("2026-11-18 08:00")


def test_story_points_count_issues_closed_as_completed_by_a_pr_or_by_hand_and_say_where_they_came_from(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    github.forbidden.add("projectItems")
    hidden = github.forbidden
    by_pr = issue(10, labels=("points: 3",), created=at("2026-11-02"), closed=at("2026-11-10 10:00"), forbidden=hidden)
    by_pr["closedByPullRequestsReferences"] = lambda _i, **a: {"nodes": [{"number": 1}]}
    github.pulls = [pull(1, merged=at("2026-11-10 10:00"), closing=(by_pr,))]
    github.issues = [
        by_pr,
        issue(11, body="Story points: 5", created=at("2026-11-02"), closed=at("2026-11-12"), forbidden=hidden),
        issue(12, labels=("points: 8",), created=at("2026-11-02"), closed=at("2026-11-12"), state_reason="NOT_PLANNED"),
    ]
    argv = ["digest", "--dry-run", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46"]
    environ = {"GOODHART_TOKEN": "t", "GOODHART_CURRENT_WEEKS": "1", "GOODHART_POINTS_FIELD": "Estimate"}
    assert main([*argv, "--lookback-weeks", "3"], environ=environ, now=NOW) == 0
    markdown, _ = capsys.readouterr()
    assert "| Story points per week | 8 |" in markdown
    assert (
        "**Story points**: 8 points from 2 issues closed as completed in the last 1 week, by a PR or by hand "
        "(1 from labels, 1 from issue bodies)." in markdown
    )
    assert "story points from the project field 'Estimate' could not be read" in markdown
    assert main([*argv, "--lookback-weeks", "3", "--format", "json"], environ=environ, now=NOW) == 0
    data = json.loads(capsys.readouterr()[0])
    assert data["current"]["story-points"]["total"] == 8
    assert data["current"]["points-per-pr"]["n"] == 1 and data["current"]["points-per-pr"]["value"] == 3
