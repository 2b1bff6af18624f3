"""How one metric moved from the baseline to the current window, and whether that is beyond noise."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.balance.stats import counts_greater, rates_greater, values_greater
from bot.measure.values import Rate, Sample


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    FLAT = "flat"
    """Within the threshold, or not beyond noise at the stated confidence."""


@dataclass(frozen=True, slots=True)
class Movement:
    metric: str
    unit: str
    baseline: float | None
    current: float | None
    direction: Direction
    test: str
    p_value: float | None
    samples: tuple[int, int]
    """(current, baseline) sample sizes."""
    threshold: str
    kind: str = "number"
    """How its values read: "number", "share" (0..1) or "duration" (seconds)."""

    @property
    def change(self) -> float | None:
        """Relative change; None when the baseline is zero or missing."""
        if self.baseline in (None, 0) or self.current is None:
            return None
        return (self.current - self.baseline) / self.baseline


@dataclass(frozen=True, slots=True)
class Rule:
    """How a metric must move to count as better or worse."""

    higher_is_better: bool
    threshold: float | None
    """Relative change needed, like 0.25; None means any change beyond noise."""
    alpha: float


def counts(metric: str, unit: str, current: tuple[int, float], baseline: tuple[int, float], rule: Rule) -> Movement:
    """Event counts over exposures (weeks): compared as Poisson rates per week."""
    (c1, w1), (c2, w2) = current, baseline
    now, before = c1 / w1 if w1 else None, c2 / w2 if w2 else None
    up, down = counts_greater(c1, w1, c2, w2), counts_greater(c2, w2, c1, w1)
    return _judge(metric, unit, now, before, up, down, rule, "exact Poisson rate test", (c1, c2))


def rates(metric: str, current: Rate, baseline: Rate, rule: Rule) -> Movement:
    up = rates_greater(current.numerator, current.denominator, baseline.numerator, baseline.denominator)
    down = rates_greater(baseline.numerator, baseline.denominator, current.numerator, current.denominator)
    return _judge(
        metric,
        "share",
        current.value,
        baseline.value,
        up,
        down,
        rule,
        "Fisher's exact test",
        (current.denominator, baseline.denominator),
        kind="share",
    )


def values(
    metric: str, unit: str, current: Sample, baseline: Sample, rule: Rule, centre: str = "median", kind: str = "number"
) -> Movement:
    now, before = (current.median, baseline.median) if centre == "median" else (current.mean, baseline.mean)
    up = values_greater(current.values, baseline.values)
    down = values_greater(baseline.values, current.values)
    test = "Mann-Whitney U test"
    return _judge(metric, unit, now, before, up, down, rule, test, (current.n, baseline.n), centre, kind)


def _judge(
    metric: str,
    unit: str,
    now: float | None,
    before: float | None,
    p_up: float,
    p_down: float,
    rule: Rule,
    test: str,
    samples: tuple[int, int],
    centre: str = "",
    kind: str = "number",
) -> Movement:
    rose = now is not None and before is not None and now > before and p_up < rule.alpha
    fell = now is not None and before is not None and now < before and p_down < rule.alpha
    if rule.threshold is not None and now is not None and before is not None:
        relative = (now - before) / before if before else (float("inf") if now > 0 else 0.0)
        rose = rose and relative >= rule.threshold
        fell = fell and -relative >= rule.threshold
    direction = Direction.FLAT
    if rose or fell:
        direction = Direction.BETTER if rose == rule.higher_is_better else Direction.WORSE
    threshold = "any change beyond noise" if rule.threshold is None else f"a change of at least {rule.threshold:.0%}"
    label = f"{centre} {unit}".strip()
    p_value = p_up if now is not None and before is not None and now >= before else p_down
    return Movement(metric, label, before, now, direction, test, p_value, samples, threshold, kind)
