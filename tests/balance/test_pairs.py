"""Verdicts from hand-built window metrics: the rules of each pair, without generated data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.balance.pairs import PAIRS, Verdict, judge
from bot.measure.dora import Frequency
from bot.measure.history import PeriodMetrics
from bot.measure.values import Period, Rate, Sample
from bot.publish.format import reason
from bot.settings import BalanceLimits

DAY = 86_400.0
LIMITS = BalanceLimits()


def window(weeks: int, **metrics: object) -> PeriodMetrics:
    start = datetime(2026, 1, 5, tzinfo=UTC)
    unset = [None] * (len(PeriodMetrics.__dataclass_fields__) - 1)
    empty = PeriodMetrics(Period(start, start, weeks), *unset)
    return replace(empty, **metrics)  # type: ignore[arg-type]


def pair(pair_id: str):  # type: ignore[no-untyped-def]
    return next(p for p in PAIRS if p.id == pair_id)


def deploys(count: int, failed: int) -> dict[str, object]:
    return {
        "frequency": Frequency(deployments=count, deploy_days=count, redeploys=0),
        "change_failure": Rate(failed, count),
    }


def test_speed_vs_stability_warns_when_deploys_rise_and_failures_rise_beyond_noise() -> None:
    verdict = judge(pair("speed-vs-stability"), window(4, **deploys(40, 12)), window(8, **deploys(40, 2)), LIMITS)
    assert verdict.verdict is Verdict.WARNING
    assert verdict.driver is not None and verdict.driver.change == 1.0  # 5 -> 10 a week
    assert verdict.guards[0].direction.value == "worse" and verdict.guards[0].p_value < 0.01


def test_fewer_failures_with_more_deploys_is_improving_and_slower_and_worse_is_degrading() -> None:
    up = judge(pair("speed-vs-stability"), window(4, **deploys(40, 0)), window(8, **deploys(40, 10)), LIMITS)
    down = judge(pair("speed-vs-stability"), window(4, **deploys(8, 5)), window(8, **deploys(80, 5)), LIMITS)
    assert (up.verdict, down.verdict) == (Verdict.IMPROVING, Verdict.DEGRADING)


def test_a_rise_below_the_threshold_is_not_a_driver_move_even_when_significant() -> None:
    verdict = judge(pair("speed-vs-stability"), window(4, **deploys(230, 60)), window(8, **deploys(400, 4)), LIMITS)
    assert verdict.driver is not None and verdict.driver.direction.value == "flat"  # +15%
    assert verdict.verdict is Verdict.BALANCED


def test_below_the_minimum_sample_the_verdict_is_insufficient_data_and_says_why() -> None:
    verdict = judge(pair("speed-vs-stability"), window(4, **deploys(4, 3)), window(8, **deploys(40, 0)), LIMITS)
    assert verdict.verdict is Verdict.INSUFFICIENT
    assert reason(verdict) == "4 deployments now and 40 in the baseline; at least 5 in each are needed"


def test_lead_time_vs_rework_warns_when_faster_changes_bring_more_rework() -> None:
    fast = window(4, lead_time=Sample(tuple([0.5 * DAY] * 30)), rework=Rate(10, 30))
    slow = window(8, lead_time=Sample(tuple([2 * DAY] * 60)), rework=Rate(2, 60))
    verdict = judge(pair("lead-time-vs-rework"), fast, slow, LIMITS)
    assert verdict.verdict is Verdict.WARNING
    assert verdict.driver is not None and verdict.driver.direction.value == "better"


def test_a_stricter_confidence_needs_stronger_evidence() -> None:
    current, baseline = window(4, **deploys(20, 5)), window(8, **deploys(20, 1))
    assert judge(pair("speed-vs-stability"), current, baseline, LIMITS).verdict is Verdict.WARNING
    strict = judge(pair("speed-vs-stability"), current, baseline, BalanceLimits(confidence=0.999))
    assert strict.verdict is Verdict.BALANCED


def test_missing_sources_are_insufficient_data_for_every_pair() -> None:
    verdicts = {p.id: judge(p, window(4), window(8), LIMITS).verdict for p in PAIRS}
    assert set(verdicts.values()) == {Verdict.INSUFFICIENT}
