"""GitHub's hourly budgets through the real entry point: what a digest costs, and how it stops when the hour
cannot pay. The fake charges every GraphQL query by GitHub's published formula (tests/graphqlcost.py)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.measure.weeks import IsoWeek
from bot.publish.markers import digest_marker
from tests.fakegithub import FakeGitHub, comment, deployment, issue, pull, review
from tests.gitrepo import at
from tests.graphqlcost import HourlyBudget

NOW = at("2026-11-18 08:00")
ENV = {"GOODHART_TOKEN": "ghp_test", "GOODHART_WRITE_INTERVAL": "0", "GOODHART_MAX_RATE_LIMIT_WAIT": "60"}
ARGV = ["digest", "--repo", "acme/shop", "--week", "2026-W46"]
MARKER = digest_marker("acme/shop", IsoWeek(2026, 46))
ACTIONS_TOKEN = {"points": 1000, "requests": 1000}


def busy(github: FakeGitHub, prs: int, seed: int = 13) -> None:
    """``prs`` merged PRs over the 12 weeks, reviewed and discussed as usual, most closing a pointed issue."""
    rng = random.Random(seed)
    end, span = at("2026-11-15 23:00"), timedelta(days=83)
    for number in range(1, prs + 1):
        merged = end - span * rng.random()
        reviews = tuple(
            review(f"r{rng.randrange(5)}", rng.choice(("APPROVED", "COMMENTED")), merged, "why this?", rng.randrange(3))
            for _ in range(rng.randrange(3))
        )
        comments = tuple(comment(f"c{rng.randrange(5)}") for _ in range(rng.randrange(3)))
        closing = (issue(90_000 + number, labels=("points: 3",), created=merged),) if rng.random() < 0.7 else ()
        github.pulls.append(pull(number, merged=merged, reviews=reviews, comments=comments, closing=closing))
    github.environments = ["production"]
    github.deployments = [deployment(f"{n:040x}", end - span * rng.random()) for n in range(prs // 5)]
    github.issues = [issue(n, labels=("incident",), created=end - span * rng.random()) for n in range(prs // 50)]


def digest(tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([*ARGV, "--repo-path", str(tmp_path)], ENV, NOW)
    out, err = capsys.readouterr()
    return code, out + err


def posted(github: FakeGitHub) -> int:
    assert github.tracker is not None
    return len([i for i in github.tracker.issues.values() if MARKER in i["body"]])


def test_a_4800_pr_digest_fits_the_hour_of_an_actions_token(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    busy(github, 4800)
    github.budget = HourlyBudget(**ACTIONS_TOKEN, resets_at=NOW + timedelta(hours=1))
    code, said = digest(tmp_path, github, capsys)
    assert code == 0, said
    assert posted(github) == 1
    assert github.budget.points_used <= 10 * 48 + 20
    assert github.budget.requests_used <= 1000


def test_the_price_stops_a_run_the_hour_cannot_pay_before_it_spends(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    busy(github, 300)
    github.budget = HourlyBudget(**ACTIONS_TOKEN, points_used=990, resets_at=NOW + timedelta(hours=2))
    code, said = digest(tmp_path, github, capsys)
    assert code == 6 and posted(github) == 0
    assert [op for _, _, op in github.requests if op] == ["Budget"]  # priced, then nothing else spent
    assert "needs about 29 GraphQL points (300 merged pull requests, 0 closed issues, 6 incidents)" in said
    assert "9 of 1,000 left until 2026-11-18 10:00 UTC" in said
    assert "run again after 2026-11-18 10:00 UTC" in said


def test_a_run_bigger_than_the_hour_is_told_to_use_an_app_or_a_shorter_lookback(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    busy(github, 300)
    github.budget = HourlyBudget(points=20, requests=1000, resets_at=NOW + timedelta(minutes=1))
    code, said = digest(tmp_path, github, capsys)
    assert code == 6 and posted(github) == 0
    assert "more than it gets in an hour" in said and "GitHub App or a personal token" in said
    assert "lookback-weeks" in said


def test_graphqls_rate_limit_answer_midway_stops_with_the_reset_time_and_posts_nothing(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    busy(github, 300)
    github.budget = HourlyBudget(points=1000, requests=1000, resets_at=NOW + timedelta(hours=1))
    error = {"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": "API rate limit already exceeded"}
    reset = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int((NOW + timedelta(hours=1)).timestamp()))}
    github.fail(200, {"errors": [error]}, reset, target="graphql", after=2)  # the price, one page of PRs
    code, said = digest(tmp_path, github, capsys)
    assert code == 6 and posted(github) == 0
    assert "GraphQL rate limit is used up and resets at" in said
    assert "query failed (400)" not in said
    assert "(partial): stopped early" in said
