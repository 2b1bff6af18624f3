"""On its weekly schedule, the action also audits the KPIs in the first week of each quarter."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakegithub import FakeGitHub
from tests.gitrepo import GitRepo
from tests.test_action import runner  # noqa: F401 - the fixture
from tests.test_cli_audit import team


def scheduled(repo: GitRepo, runner: dict[str, str], tmp_path: Path) -> dict[str, str]:  # noqa: F811
    """A scheduled run in the checkout, where a runner starts the action (and so reads its config file)."""
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"schedule": "17 6 * * 1"}))
    return {
        **runner,
        "GITHUB_EVENT_NAME": "schedule",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(repo.path),
    }


def test_the_first_scheduled_run_of_a_quarter_posts_the_digest_and_the_audit(
    repo: GitRepo,
    github: FakeGitHub,
    runner: dict[str, str],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team(repo)
    monkeypatch.chdir(repo.path)
    first_week_of_q4 = datetime(2026, 9, 30, 6, 17, tzinfo=UTC)  # 2026-W40, whose Thursday is 1 October
    assert main(["action"], scheduled(repo, runner, tmp_path), first_week_of_q4) == 0
    assert github.tracker is not None
    assert len(github.tracker.open_issues("goodhart-digest")) == 1
    (audit,) = github.tracker.open_issues("goodhart-audit")
    assert audit["title"] == "Goodhart KPI audit: acme/shop · 2026-Q3"
    assert json.loads((tmp_path / "temp" / "goodhart-audit.json").read_text())["quarter"] == "2026-Q3"


def test_other_weeks_post_the_digest_alone(
    repo: GitRepo,
    github: FakeGitHub,
    runner: dict[str, str],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team(repo)
    monkeypatch.chdir(repo.path)
    assert main(["action"], scheduled(repo, runner, tmp_path), datetime(2026, 10, 7, 6, tzinfo=UTC)) == 0
    assert github.tracker is not None
    assert len(github.tracker.open_issues("goodhart-digest")) == 1
    assert github.tracker.open_issues("goodhart-audit") == []
