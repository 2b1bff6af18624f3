"""Issues as outcome series, read from the fake GitHub with the query GitHub's schema validates."""

from __future__ import annotations

from datetime import UTC

from pydantic import SecretStr

from bot.collect.github.issue_outcomes import read_issue_outcomes
from bot.measure.outcomes import outside_bug_reports, reopened_issues
from bot.measure.weeks import IsoWeek
from bot.settings import ConnectionSettings
from tests.fakegithub import FakeGitHub, issue
from tests.gitrepo import at

W45, W46 = IsoWeek(2026, 45), IsoWeek(2026, 46)
CONNECTION = ConnectionSettings(repo="acme/shop", token=SecretStr("t"))


def read(github: FakeGitHub) -> tuple:
    return read_issue_outcomes(CONNECTION, at("2026-11-02 00:00"), clock=lambda: at("2026-11-18 08:00"))


def test_bug_reports_from_outside_the_team_and_reopened_issues_count_by_week(github: FakeGitHub) -> None:
    github.issues = [
        issue(1, labels=("bug",), created=at("2026-11-03 10:00"), association="NONE"),
        issue(2, labels=("Bug",), created=at("2026-11-10 10:00"), association="FIRST_TIME_CONTRIBUTOR"),
        issue(3, labels=("bug",), created=at("2026-11-10 11:00"), association="MEMBER"),  # the team's own
        issue(4, labels=("question",), created=at("2026-11-11 10:00"), association="NONE"),
        issue(
            5,
            created=at("2026-10-01 10:00"),
            closed=at("2026-11-04 10:00"),
            updated=at("2026-11-12 10:00"),
            reopened=(at("2026-11-12 10:00"),),
        ),
    ]
    issues, note = read(github)
    assert note is None and issues is not None
    assert outside_bug_reports(issues, (W45, W46), UTC, ("bug",)) == {W45: 1.0, W46: 1.0}
    assert reopened_issues(issues, (W45, W46), UTC) == {W45: 0.0, W46: 1.0}
    assert github.costs[-1] == ("IssueOutcomes", 2)


def test_without_a_token_they_are_missing_and_say_why(github: FakeGitHub) -> None:
    issues, note = read_issue_outcomes(
        ConnectionSettings(repo="acme/shop"), at("2026-11-02 00:00"), clock=lambda: at("2026-11-18 08:00")
    )
    assert issues is None and note is not None and "need --repo OWNER/NAME and a token" in note.message


def test_a_token_that_may_not_read_issues_leaves_them_missing(github: FakeGitHub) -> None:
    github.forbidden = {"issues"}
    issues, note = read(github)
    assert issues is None and note is not None and note.fix and "issues: read" in note.fix
