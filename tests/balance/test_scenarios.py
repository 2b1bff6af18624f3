"""Generated 12-week histories: each gaming pattern raises its warning, healthy teams raise none."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.balance.pairs import Verdict
from bot.measure.weeks import Window
from bot.records import Dataset
from bot.report import build_digest
from bot.settings import BalanceLimits, MeasureSettings
from tests.scenarios import HEALTHY, REPORTED, SPEED_GAMED, Team, changed, generate

NOW = datetime(2026, 11, 18, tzinfo=UTC)
SEEDS = range(5)


def verdicts(dataset: Dataset) -> dict[str, Verdict]:
    window = Window.ending(REPORTED, 12, UTC)
    digest = build_digest("acme/shop", dataset, window, MeasureSettings().rules(), BalanceLimits(), 4, 8, r"^v", NOW)
    return {v.pair: v.verdict for v in digest.verdicts}


def warnings(dataset: Dataset) -> set[str]:
    return {pair for pair, verdict in verdicts(dataset).items() if verdict is Verdict.WARNING}


@pytest.mark.parametrize(
    ("pair", "current"),
    [
        ("speed-vs-stability", SPEED_GAMED),
        ("volume-vs-review", changed(HEALTHY, commits_per_week=120, review_comments=0.3, silent_approvals=0.9)),
        ("points-vs-delivery", changed(HEALTHY, points_per_pr=7)),
        ("throughput-vs-size", changed(HEALTHY, prs_per_week=25, median_lines=50)),
    ],
)
def test_each_gaming_pattern_raises_its_own_warning_and_no_other(pair: str, current: Team) -> None:
    """A warning is a test at 90% confidence, so a few draws of a gamed history stay below it, and an
    unrelated pair has its small false-alarm rate: over 20 fixed seeds at least 18 must warn on their
    own pair, and at most one on another pair."""
    found = [warnings(generate(seed, HEALTHY, current)) for seed in range(20)]
    assert sum(1 for w in found if pair in w) >= 18
    assert sum(1 for w in found if w - {pair}) <= 1


def test_a_healthy_steady_team_gets_no_warning() -> None:
    for seed in SEEDS:
        assert warnings(generate(seed, HEALTHY, HEALTHY)) == set()


def test_more_deploys_with_fewer_failures_is_improving_not_a_warning() -> None:
    shaky = changed(HEALTHY, failure_rate=0.3)
    better = changed(HEALTHY, deploys_per_week=10, failure_rate=0.0)
    for seed in SEEDS:
        assert verdicts(generate(seed, shaky, better))["speed-vs-stability"] is Verdict.IMPROVING


def test_a_noisy_but_unchanged_team_raises_false_alarms_under_five_percent() -> None:
    """Any warning in a digest counts; bench/balance_noise.py reports the rates in full."""
    small = changed(HEALTHY, deploys_per_week=2, prs_per_week=4, commits_per_week=15, failure_rate=0.15)
    alarms = sum(1 for seed in range(100) if warnings(generate(5000 + seed, small, small)))
    assert alarms < 5


def test_too_few_deployments_is_insufficient_data_not_a_verdict() -> None:
    rare = changed(HEALTHY, deploys_per_week=0.5)
    assert verdicts(generate(1, rare, rare))["speed-vs-stability"] is Verdict.INSUFFICIENT
