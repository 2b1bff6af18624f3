"""How one metric moved from the baseline to the current window, and whether that is beyond noise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.balance.stats import counts_greater, rates_greater, values_greater
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import Better, Centre, Metric
from bot.measure.values import Rate, Sample, Total


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    FLAT = "flat"
    """Within the threshold, or not beyond noise at the stated confidence."""


class Test(StrEnum):
    """The test of difference a movement passed or failed."""

    POISSON = "poisson"
    """Counts per week: the exact conditional test of two Poisson rates."""
    FISHER = "fisher"
    """Rates: Fisher's exact test."""
    MANN_WHITNEY = "mann-whitney"
    """Distributions: the Mann-Whitney U test."""
    ESTIMATE_SIZE = "estimate-size"
    """Story points per week, judged by a Mann-Whitney U test on the points of each pointed item completed."""
    PRS_AND_SIZE = "prs-and-size"
    """Delivered change: a Poisson test on merged PRs and a Mann-Whitney U test on PR size."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Movement:
    metric: Metric
    baseline: float | None
    current: float | None
    direction: Direction
    test: Test
    p_value: float | None
    samples: tuple[int, int]
    """(current, baseline) sample sizes."""
    threshold: float | None
    """Relative change a move must reach, like 0.25; None: any change beyond noise."""
    alpha: float | None = None
    """The p-value a move had to fall below to count; None: the pair's stated confidence."""

    @property
    def change(self) -> float | None:
        """Relative change; None when the baseline is zero or missing."""
        if self.baseline in (None, 0) or self.current is None:
            return None
        return (self.current - self.baseline) / self.baseline


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """How a metric must move to count as better or worse."""

    higher_is_better: bool
    threshold: float | None
    """Relative change needed, like 0.25; None means any change beyond noise."""
    alpha: float


def _counts(metric: Metric, current: Total, baseline: Total, *, rule: Rule) -> Movement:
    """Event counts over exposures (weeks): compared as Poisson rates per week."""
    if not (float(current.count).is_integer() and float(baseline.count).is_integer()):
        raise TypeError(f"{metric.id} counts fractional amounts; a Poisson test needs whole events")
    c1, w1, c2, w2 = int(current.count), current.weeks, int(baseline.count), baseline.weeks
    return _judge(
        metric=metric,
        now=current.per_week,
        before=baseline.per_week,
        p_up=counts_greater(c1, w1, c2, w2),
        p_down=counts_greater(c2, w2, c1, w1),
        rule=rule,
        test=Test.POISSON,
        samples=(c1, c2),
    )


def _rates(metric: Metric, current: Rate, baseline: Rate, *, rule: Rule) -> Movement:
    return _judge(
        metric=metric,
        now=current.value,
        before=baseline.value,
        p_up=rates_greater(current.numerator, current.denominator, baseline.numerator, baseline.denominator),
        p_down=rates_greater(baseline.numerator, baseline.denominator, current.numerator, current.denominator),
        rule=rule,
        test=Test.FISHER,
        samples=(current.denominator, baseline.denominator),
    )


def _values(metric: Metric, current: Sample, baseline: Sample, *, rule: Rule) -> Movement:
    """Distributions compared whole; the movement shows the metric's own centre (median or mean)."""
    mean = metric.centre is Centre.MEAN
    return _judge(
        metric=metric,
        now=current.mean if mean else current.median,
        before=baseline.mean if mean else baseline.median,
        p_up=values_greater(current.values, baseline.values),
        p_down=values_greater(baseline.values, current.values),
        rule=rule,
        test=Test.MANN_WHITNEY,
        samples=(current.n, baseline.n),
    )


def move(
    metric: Metric,
    current: PeriodMetrics,
    baseline: PeriodMetrics,
    *,
    threshold: float | None,
    alpha: float,
    higher_is_better: bool | None = None,
) -> Movement:
    """The metric's movement, by the test its values call for: counts, rates or distributions.

    Better is the metric's own better direction unless the pair says otherwise (a pair that watches PR
    size for splitting counts smaller as worse, though smaller PRs are no bad news in themselves).
    """
    rule = Rule(higher_is_better=_higher_is_better(metric, higher_is_better), threshold=threshold, alpha=alpha)
    now, before = metric.read(current), metric.read(baseline)
    if isinstance(now, Total) and isinstance(before, Total):
        return _counts(metric, now, before, rule=rule)
    if isinstance(now, Rate) and isinstance(before, Rate):
        return _rates(metric, now, before, rule=rule)
    if isinstance(now, Sample) and isinstance(before, Sample):
        return _values(metric, now, before, rule=rule)
    raise TypeError(f"{metric.id} has no test of difference for {type(now).__name__} values")


def _higher_is_better(metric: Metric, said: bool | None) -> bool:
    if said is not None:
        return said
    if metric.better is Better.NEITHER:
        raise ValueError(f"{metric.id} is neither better higher nor lower: the pair must say which it watches for")
    return metric.better is Better.HIGHER


def _judge(
    *,
    metric: Metric,
    now: float | None,
    before: float | None,
    p_up: float,
    p_down: float,
    rule: Rule,
    test: Test,
    samples: tuple[int, int],
) -> Movement:
    rose = fell = False
    if now is not None and before is not None:
        rose = now > before and p_up < rule.alpha
        fell = now < before and p_down < rule.alpha
        if rule.threshold is not None:
            relative = (now - before) / before if before else (float("inf") if now > 0 else 0.0)
            rose = rose and relative >= rule.threshold
            fell = fell and -relative >= rule.threshold
    direction = Direction.FLAT
    if rose or fell:
        direction = Direction.BETTER if rose == rule.higher_is_better else Direction.WORSE
    rising = now is not None and before is not None and now >= before
    return Movement(
        metric=metric,
        baseline=before,
        current=now,
        direction=direction,
        test=test,
        p_value=p_up if rising else p_down,
        samples=samples,
        threshold=rule.threshold,
        alpha=rule.alpha,
    )
