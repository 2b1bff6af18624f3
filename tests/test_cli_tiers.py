"""DORA tiers through the CLI: a tier only on a full basis and enough deployments; otherwise the digest says why."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.cli import main
from tests.fakegithub import FakeGitHub, deployment, issue, pull
from tests.gitrepo import GitRepo, at
from tests.measure.test_activity import build_history

NOW = at("2026-11-18 08:00")


def digest(capsys: pytest.CaptureFixture[str], *argv: str, environ: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """The markdown and the JSON digest of the same run."""
    outputs = {}
    for form in ("markdown", "json"):
        code = main(["digest", "--dry-run", *argv, "--format", form], environ=environ, now=NOW)
        out, err = capsys.readouterr()
        assert code == 0, err
        outputs[form] = out
    return outputs["markdown"], json.loads(outputs["json"])


def headline(data: dict[str, Any], metric: str) -> dict[str, Any]:
    return next(h for h in data["headlines"] if h["metric"] == metric)


def test_change_failure_rate_without_incidents_says_what_it_counts_and_gets_no_tier(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)  # one release tag in W45, no GitHub: incidents and deployment outcomes are not read
    argv = ("--repo-path", str(repo.path), "--week", "2026-W45", "--lookback-weeks", "3")
    markdown, data = digest(capsys, *argv, environ={"GOODHART_CURRENT_WEEKS": "1"})
    assert "| Change failure rate | 0% | n/a | n/a | `··▁` | none,\u00a0see\u00a0below |" in markdown
    assert (
        "- Change failure rate has no DORA tier: it counts reverted commits only; incidents, failed or rolled-back "
        "deployments and reverted or hotfixed pull requests were not read; and it rests on 1 deployment in the last "
        "1 week, and a tier needs at least 5." in markdown
    )
    failure_rate = headline(data, "change-failure-rate")
    assert failure_rate["tier"] is None
    assert failure_rate["basis"]["counted"] == ["reverted commits"]
    assert "incidents" in failure_rate["basis"]["unread"]
    assert data["bases"]["change-failure-rate"]["tier_withheld"].startswith("Change failure rate has no DORA tier")


def test_release_tags_standing_in_for_deployments_give_no_frequency_or_lead_time_tier(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    argv = ("--repo-path", str(repo.path), "--week", "2026-W45", "--lookback-weeks", "3")
    markdown, data = digest(capsys, *argv, environ={"GOODHART_CURRENT_WEEKS": "1"})
    assert (
        "- Deployment frequency has no DORA tier: it counts release tags or merges only; recorded deployments were "
        "not read." in markdown
    )
    assert headline(data, "deployment-frequency")["tier"] is None
    assert headline(data, "lead-time")["basis"]["counted"] == ["release tags or merges", "commit times"]
    assert headline(data, "lead-time")["tier"] is None


def test_a_full_basis_on_a_handful_of_deployments_gets_no_tier(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    github.pulls = [pull(n, merged=at("2026-11-10 10:00")) for n in (1, 2)]
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, at("2026-11-12 10:00")), deployment("b" * 40, at("2026-11-03 10:00"))]
    github.issues = [issue(5, labels=("incident",), created=at("2026-11-13 10:00"))]
    environ = {"GOODHART_TOKEN": "t", "GITHUB_REPOSITORY": "acme/shop"}
    markdown, data = digest(capsys, "--repo-path", str(repo.path), "--week", "2026-W46", environ=environ)
    assert (
        "- Change failure rate has no DORA tier: it rests on 2 deployments in the last 4 weeks, and a tier needs at "
        "least 5." in markdown
    )
    failure_rate = headline(data, "change-failure-rate")
    assert (failure_rate["current"], failure_rate["tier"]) == (0.5, None)
    assert failure_rate["basis"]["unread"] == [] and failure_rate["basis"]["deployments"] == 2
    assert headline(data, "deployment-frequency")["tier"] == "medium"  # a count of deployments is its own sample
