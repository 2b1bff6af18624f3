"""Pooling: many repositories' weeks, or many weeks, into one period's metrics, as if they were one history.

Counts add up, rates add numerator and denominator, samples are joined: a pair then tests the pooled events
and values through the same balancer a repository's digest uses, never an average of repositories' verdicts.
A value no part read stays None; a value some parts did not read is pooled from those that did.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from bot.measure.dora import Frequency
from bot.measure.history import PeriodMetrics
from bot.measure.points import Points
from bot.measure.values import Period, Rate, Sample
from bot.measure.weeks import IsoWeek

T = TypeVar("T")


def pooled(parts: Sequence[PeriodMetrics], period: Period) -> PeriodMetrics:
    """The parts (repositories over one week, or weeks of one pool) as one period's metrics."""
    return PeriodMetrics(
        period=period,
        frequency=_frequency(p.frequency for p in parts),
        lead_time=_sample(p.lead_time for p in parts),
        change_failure=_rate(p.change_failure for p in parts),
        time_to_restore=_sample(p.time_to_restore for p in parts),
        rework=_rate(p.rework for p in parts),
        commits=_sum(p.commits for p in parts),
        meaningful_lines=_sum(p.meaningful_lines for p in parts),
        contributors=None,  # distinct people do not add up across repositories or weeks
        merged_prs=_sum(p.merged_prs for p in parts),
        review_depth=_sample(p.review_depth for p in parts),
        review_coverage=_rate(p.review_coverage for p in parts),
        rubber_stamp=_rate(p.rubber_stamp for p in parts),
        pr_size=_sample(p.pr_size for p in parts),
        cycle_time=_sample(p.cycle_time for p in parts),
        points=_points(p.points for p in parts),
    )


class PooledWeeks:
    """Pooled weekly metrics that measure any period made of whole weeks (``bot.report.Measures``)."""

    def __init__(self, weekly: Mapping[IsoWeek, PeriodMetrics]) -> None:
        self.weekly = weekly

    def period(self, period: Period) -> PeriodMetrics:
        inside = [m for m in self.weekly.values() if period.start <= m.period.start < period.end]
        return pooled(inside, period)


def _read(values: Iterable[T | None]) -> list[T]:
    return [v for v in values if v is not None]


def _sum(values: Iterable[int | None]) -> int | None:
    read = _read(values)
    return sum(read) if read else None


def _rate(rates: Iterable[Rate | None]) -> Rate | None:
    read = _read(rates)
    if not read:
        return None
    return Rate(sum(r.numerator for r in read), sum(r.denominator for r in read))


def _sample(samples: Iterable[Sample | None]) -> Sample | None:
    read = _read(samples)
    if not read:
        return None
    return Sample(tuple(itertools.chain.from_iterable(s.values for s in read)))


def _frequency(frequencies: Iterable[Frequency | None]) -> Frequency | None:
    read = _read(frequencies)
    if not read:
        return None
    return Frequency(
        deployments=sum(f.deployments for f in read),
        deploy_days=sum(f.deploy_days for f in read),
        redeploys=sum(f.redeploys for f in read),
    )


def _points(points: Iterable[Points | None]) -> Points | None:
    read = _read(points)
    if not read:
        return None
    per_pr = _sample(p.per_pr for p in read)
    return Points(
        completed=sum(p.completed for p in read),
        items=_sample(p.items for p in read) or Sample(()),
        per_pr=per_pr or Sample(()),
        unpointed=sum(p.unpointed for p in read),
        sources=(),
    )
