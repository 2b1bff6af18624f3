"""A rise is judged against the weeks before it began: gaming that goes on keeps its warning, and says since when."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.balance.pairs import PairVerdict, Verdict
from bot.measure.weeks import Window
from bot.records import Dataset
from tests.digests import digest_of
from tests.scenarios import HEALTHY, REPORTED, SPEED_GAMED, story

NOW = datetime(2026, 11, 18, tzinfo=UTC)
LOOKBACK = 30


def speed(dataset: Dataset, weeks: int = LOOKBACK) -> PairVerdict:
    digest = digest_of(dataset, Window.ending(REPORTED, weeks, UTC), NOW)
    return next(v for v in digest.verdicts if v.pair.id == "speed-vs-stability")


def test_gaming_that_goes_on_still_warns_fifteen_weeks_after_onset() -> None:
    verdict = speed(story(3, ((HEALTHY, 14), (SPEED_GAMED, 16))))
    assert verdict.verdict is Verdict.WARNING and verdict.held is not None
    assert REPORTED.shift(-15) <= verdict.held.since


def test_a_held_warning_is_judged_against_the_weeks_before_the_rise() -> None:
    verdict = speed(story(3, ((HEALTHY, 14), (SPEED_GAMED, 16))))
    assert verdict.held is not None and verdict.held.baseline.end <= REPORTED.shift(-15).end(UTC)
    assert verdict.driver is not None and verdict.driver.baseline is not None and verdict.driver.baseline < 6


def test_with_only_the_usual_baseline_in_the_window_gaming_fades_into_it() -> None:
    """What the hold fixes: twelve weeks of lookback hold no weeks from before the rise."""
    assert speed(story(3, ((HEALTHY, 14), (SPEED_GAMED, 16))), weeks=12).verdict is not Verdict.WARNING


def test_the_warning_clears_within_four_weeks_of_the_gaming_stopping() -> None:
    verdict = speed(story(3, ((HEALTHY, 14), (SPEED_GAMED, 12), (HEALTHY, 4))))
    assert verdict.verdict is not Verdict.WARNING and verdict.held is None


def test_a_new_warning_holds_since_the_reported_week() -> None:
    verdict = speed(story(3, ((HEALTHY, 26), (SPEED_GAMED, 4))))
    assert verdict.verdict is Verdict.WARNING
    assert verdict.held is not None and verdict.held.since >= REPORTED.shift(-3)


def test_a_steady_team_holds_no_warning() -> None:
    for seed in range(3):
        assert speed(story(seed, ((HEALTHY, 30),))).held is None
