from __future__ import annotations

from bot.collect.github.incidents import root_cause
from tests.collect.github.helpers import collect, days_ago
from tests.fakegithub import FakeGitHub, issue


def test_incidents_touched_in_the_window_with_their_root_cause(github: FakeGitHub) -> None:
    github.issues = [
        issue(1, labels=("incident", "sev2"), body="Root cause: `ABCDEF1234`", created=days_ago(3), closed=days_ago(2)),
        issue(2, labels=("incident",), created=days_ago(60), closed=days_ago(59)),
        issue(3, labels=("bug",), created=days_ago(3)),
        issue(4, labels=("incident",), created=days_ago(40), closed=days_ago(5)),
    ]
    incidents = {i.number: i for i in collect().incidents}
    assert set(incidents) == {1, 4}
    assert incidents[1].root_cause_sha == "abcdef1234"
    assert (incidents[1].created_at, incidents[1].closed_at) == (days_ago(3), days_ago(2))


def test_root_cause_lines_are_read_loosely_but_need_a_sha() -> None:
    assert root_cause("root-cause: 1a2b3c4\nmore") == "1a2b3c4"
    assert root_cause("root cause: the config") is None
