"""Points vs delivery judges estimate size, not how many PRs happened to close a pointed issue."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.balance.movement import Direction
from bot.balance.pairs import Counted, PairVerdict, TooFew, Verdict
from bot.measure.weeks import Window
from bot.records import Dataset
from bot.settings import BalanceLimits
from tests.digests import digest_of
from tests.scenarios import REPORTED, Team, changed, generate

NOW = datetime(2026, 11, 18, tzinfo=UTC)
BOARD = Team(prs_per_week=60, commits_per_week=240, deploys_per_week=15, pointed_share=0.25, by_hand_per_week=5)
"""A quarter of PRs close an issue estimated on the Fibonacci scale; some pointed issues are closed by hand."""


def points(dataset: Dataset) -> PairVerdict:
    digest = digest_of(dataset, Window.ending(REPORTED, 12, UTC), NOW)
    return next(v for v in digest.verdicts if v.pair.id == "points-vs-delivery")


def test_estimates_two_steps_up_the_scale_warn() -> None:
    inflated = changed(BOARD, estimate_steps=2)
    assert all(points(generate(seed, BOARD, inflated)).verdict is Verdict.WARNING for seed in range(3))


def test_more_prs_closing_pointed_issues_is_no_rise_in_estimates() -> None:
    """Points per week rise by half when the share of PRs linked to pointed issues does; estimates did not grow."""
    linked = changed(BOARD, pointed_share=0.4)
    for seed in range(3):
        verdict = points(generate(seed, BOARD, linked))
        assert verdict.driver is not None and verdict.driver.direction is Direction.FLAT
        assert verdict.verdict is not Verdict.WARNING


def test_delivered_change_growing_a_little_does_not_excuse_inflated_estimates() -> None:
    inflated = changed(BOARD, estimate_steps=2, prs_per_week=72)
    for seed in range(3):
        verdict = points(generate(seed, BOARD, inflated))
        assert verdict.guards[0].direction is not Direction.BETTER
        assert verdict.verdict is Verdict.WARNING


def test_delivered_change_growing_with_the_points_is_no_inflation() -> None:
    """Twice the PRs, each closing an issue of the same size: points and delivery grew together."""
    grown = changed(BOARD, prs_per_week=120, commits_per_week=480)
    for seed in range(3):
        assert points(generate(seed, BOARD, grown)).verdict is not Verdict.WARNING


def test_a_small_team_with_few_pointed_items_gets_insufficient_data_not_a_guess() -> None:
    """Ten PRs a week, 15% closing a pointed issue: about eight pointed items in four weeks, too few to judge."""
    small = Team(prs_per_week=10, commits_per_week=40, deploys_per_week=3, pointed_share=0.15, by_hand_per_week=0.5)
    inflated = changed(small, estimate_steps=2)
    for seed in range(3):
        verdict = points(generate(seed, small, inflated))
        assert verdict.verdict is Verdict.INSUFFICIENT
        assert isinstance(verdict.unjudged, TooFew) and verdict.unjudged.counted is Counted.POINTED_ITEMS
        assert verdict.unjudged.minimum == BalanceLimits().min_pointed_items == 15
        assert verdict.unjudged.current < 15
