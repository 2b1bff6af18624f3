"""The hold through ``goodhart digest`` at the default lookback: gaming that goes on still warns months later."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.settings.sections import CollectionSettings
from tests.fakegithub import FakeGitHub, deployment, issue
from tests.gitrepo import at
from tests.scenarios import HEALTHY, SPEED_GAMED, story

NOW = at("2026-11-18 08:00")  # the last complete week is 2026-W46, the scenarios' reported week


def speed_verdict(tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    argv = ["digest", "--dry-run", "--format", "json", "--repo", "acme/shop", "--repo-path", str(tmp_path)]
    assert main([*argv, "--week", "2026-W46"], environ={"GOODHART_TOKEN": "t"}, now=NOW) == 0
    data = json.loads(capsys.readouterr()[0])
    verdict: dict[str, Any] = next(v for v in data["balance"] if v["pair"] == "speed-vs-stability")
    return verdict


def serve(github: FakeGitHub, seed: int, phases: tuple[tuple[Any, int], ...]) -> None:
    """Deployments and incident issues of a generated history, as GitHub would list them."""
    dataset = story(seed, phases)
    github.environments = ["production"]
    github.deployments = [deployment(d.sha, d.finished_at) for d in dataset.deployments]
    github.issues = [
        issue(i.number, labels=("incident",), created=i.created_at, closed=i.closed_at) for i in dataset.incidents
    ]


def test_the_default_lookback_reaches_back_before_a_rise_fifteen_weeks_on(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert CollectionSettings.model_fields["lookback_weeks"].default == 26
    serve(github, 1, ((HEALTHY, 14), (SPEED_GAMED, 16)))
    verdict = speed_verdict(tmp_path, github, capsys)
    assert verdict["verdict"] == "warning"
    assert verdict["held"]["weeks"] >= 14 and verdict["held"]["since"] <= "2026-W33"
    assert verdict["held"]["baseline"]["end"] <= "2026-07-27"  # before the gaming began (2026-W31)


def test_a_steady_team_is_not_warned_at_the_default_lookback(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    serve(github, 1, ((HEALTHY, 30),))
    assert speed_verdict(tmp_path, github, capsys)["held"] is None
