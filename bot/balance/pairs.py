"""The five pairs: a driver that people are pushed to raise, and a guard that gaming it would hurt.

Each pair compares the current window with the baseline. It warns only when the driver improved by its
threshold *and* beyond noise while the guard worsened beyond noise, at the configured confidence; below
the minimum sample sizes its verdict is "insufficient data". Adding a pair is adding one entry to PAIRS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.balance.limits import Limits
from bot.balance.movement import Direction, Movement, Rule, counts, rates, values
from bot.measure.history import PeriodMetrics


class Verdict(StrEnum):
    WARNING = "warning"
    BALANCED = "balanced"
    IMPROVING = "improving"
    DEGRADING = "degrading"
    INSUFFICIENT = "insufficient data"


@dataclass(frozen=True, slots=True)
class PairVerdict:
    pair: str
    title: str
    verdict: Verdict
    driver: Movement | None
    guards: tuple[Movement, ...]
    reason: str
    """Plain language: what moved, by how much, against which threshold."""
    look_at: str
    confidence: float


Reading = tuple[Movement, tuple[Movement, ...]]


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    title: str
    look_at: str
    enough: Callable[[PeriodMetrics, PeriodMetrics, Limits], str | None]
    """None when both windows have the samples the pair needs, else what is missing."""
    read: Callable[[PeriodMetrics, PeriodMetrics, Limits], Reading]
    warns: Callable[[Movement, tuple[Movement, ...]], bool]


def _guard_worse(driver: Movement, guards: tuple[Movement, ...]) -> bool:
    return driver.direction is Direction.BETTER and any(g.direction is Direction.WORSE for g in guards)


def _delivery_not_keeping_up(driver: Movement, guards: tuple[Movement, ...]) -> bool:
    return driver.direction is Direction.BETTER and all(g.direction is not Direction.BETTER for g in guards)


def _weeks(m: PeriodMetrics) -> float:
    return float(m.period.weeks)


# -- speed vs stability -------------------------------------------------------------------------------
def _speed_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> str | None:
    if cur.change_failure is None or base.change_failure is None or cur.frequency is None or base.frequency is None:
        return "no deployment data"
    return _at_least(
        "deployments", cur.change_failure.denominator, base.change_failure.denominator, limits.min_deployments
    )


def _speed(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    assert cur.frequency and base.frequency and cur.change_failure and base.change_failure
    driver = counts(
        "deployment frequency",
        "deploys/week",
        (cur.frequency.deployments, _weeks(cur)),
        (base.frequency.deployments, _weeks(base)),
        Rule(True, limits.deploy_rise, limits.alpha),
    )
    guard = rates("change failure rate", cur.change_failure, base.change_failure, Rule(False, None, limits.alpha))
    return driver, (guard,)


# -- volume vs review ---------------------------------------------------------------------------------
def _volume_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> str | None:
    if cur.commits is None or base.commits is None:
        return "no commit history"
    if cur.review_depth is None or base.review_depth is None:
        return "no review data"
    return _at_least("commits", cur.commits, base.commits, limits.min_commits) or _at_least(
        "merged PRs", cur.review_depth.n, base.review_depth.n, limits.min_merged_prs
    )


def _volume(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    assert cur.commits is not None and base.commits is not None
    assert cur.review_depth and base.review_depth and cur.rubber_stamp and base.rubber_stamp
    driver = counts(
        "commit volume",
        "commits/week",
        (cur.commits, _weeks(cur)),
        (base.commits, _weeks(base)),
        Rule(True, limits.commit_rise, limits.alpha),
    )
    depth = values(
        "review depth",
        "substantive comments per PR",
        cur.review_depth,
        base.review_depth,
        Rule(True, limits.review_depth_drop, limits.alpha),
        centre="mean",
    )
    stamps = rates("rubber-stamp rate", cur.rubber_stamp, base.rubber_stamp, Rule(False, None, limits.alpha))
    return driver, (depth, stamps)


# -- points vs delivery -------------------------------------------------------------------------------
def _points_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> str | None:
    if cur.points is None or base.points is None or cur.pr_size is None or base.pr_size is None:
        return "no story points"
    return _at_least("pointed work items", cur.points.items.n, base.points.items.n, limits.min_merged_prs)


def _points(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    assert cur.points and base.points and cur.pr_size and base.pr_size
    weekly = values(
        "story points per PR",
        "points",
        cur.points.per_pr,
        base.points.per_pr,
        Rule(True, limits.points_rise, limits.alpha),
        centre="mean",
    )
    driver = _scaled(
        weekly,
        "story points completed",
        "points/week",
        cur.points.completed,
        base.points.completed,
        _weeks(cur),
        _weeks(base),
        limits.points_rise,
    )
    delivered = _delivered(cur, base, limits)
    return driver, (delivered,)


def _scaled(
    per_item: Movement, metric: str, unit: str, now: float, before: float, w_now: float, w_before: float, rise: float
) -> Movement:
    """Points per week, judged better only when the per-PR points rose beyond noise too."""
    rate_now, rate_before = now / w_now, before / w_before
    grew = rate_before > 0 and (rate_now - rate_before) / rate_before >= rise
    direction = Direction.BETTER if grew and per_item.direction is Direction.BETTER else Direction.FLAT
    return Movement(
        metric,
        unit,
        rate_before,
        rate_now,
        direction,
        f"{per_item.test} on points per merged PR",
        per_item.p_value,
        per_item.samples,
        f"a rise of at least {rise:.0%}",
    )


def _delivered(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Movement:
    """Meaningful lines merged per week; it grew only if more PRs were merged or PRs grew, beyond noise.

    Sizes vary widely, so a +20% week-to-week swing in lines is common noise: without the tests, real
    estimate inflation (points doubling on the same work) read as "both improved".
    """
    assert cur.pr_size and base.pr_size
    rule = Rule(True, limits.delivery_flat, limits.alpha)
    count = counts("merged PRs", "PRs/week", (cur.pr_size.n, _weeks(cur)), (base.pr_size.n, _weeks(base)), rule)
    size = values("PR size", "meaningful lines", cur.pr_size, base.pr_size, rule)
    moves = {count.direction, size.direction}
    direction = Direction.FLAT
    if Direction.BETTER in moves:
        direction = Direction.BETTER
    elif Direction.WORSE in moves:
        direction = Direction.WORSE
    p_values = [m.p_value for m in (count, size) if m.p_value is not None]
    return Movement(
        "delivered change",
        "meaningful lines merged/week",
        sum(base.pr_size.values) / _weeks(base),
        sum(cur.pr_size.values) / _weeks(cur),
        direction,
        "exact Poisson test on merged PRs and Mann-Whitney U test on PR size",
        min(p_values) if p_values else None,
        (cur.pr_size.n, base.pr_size.n),
        f"growth beyond {limits.delivery_flat:.0%} and beyond noise",
    )


# -- throughput vs size -------------------------------------------------------------------------------
def _throughput_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> str | None:
    if cur.pr_size is None or base.pr_size is None:
        return "no pull request data"
    return _at_least("merged PRs", cur.pr_size.n, base.pr_size.n, limits.min_merged_prs)


def _throughput(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    assert cur.pr_size and base.pr_size
    driver = counts(
        "merged PRs",
        "PRs/week",
        (cur.pr_size.n, _weeks(cur)),
        (base.pr_size.n, _weeks(base)),
        Rule(True, limits.pr_count_rise, limits.alpha),
    )
    size = values(
        "PR size", "meaningful lines", cur.pr_size, base.pr_size, Rule(True, limits.pr_size_drop, limits.alpha)
    )
    return driver, (size,)


# -- lead time vs rework ------------------------------------------------------------------------------
def _lead_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> str | None:
    if cur.lead_time is None or base.lead_time is None or cur.rework is None or base.rework is None:
        return "no deployment data"
    return _at_least("deployments", cur.rework.denominator, base.rework.denominator, limits.min_deployments)


def _lead(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    assert cur.lead_time and base.lead_time and cur.rework and base.rework
    driver = values(
        "lead time for changes",
        "seconds",
        cur.lead_time,
        base.lead_time,
        Rule(False, limits.lead_time_drop, limits.alpha),
        kind="duration",
    )
    return driver, (rates("rework rate", cur.rework, base.rework, Rule(False, None, limits.alpha)),)


def _at_least(what: str, current: int, baseline: int, minimum: int) -> str | None:
    if current < minimum or baseline < minimum:
        return f"{current} {what} now and {baseline} in the baseline; at least {minimum} in each are needed"
    return None


PAIRS: tuple[Pair, ...] = (
    Pair(
        "speed-vs-stability",
        "Speed vs stability",
        "the failure trace below: which deploys failed, and whether the extra deploys were smaller or rushed",
        _speed_enough,
        _speed,
        _guard_worse,
    ),
    Pair(
        "volume-vs-review",
        "Volume vs review",
        "large PRs approved without comments, and whether reviewers have the time the extra volume needs",
        _volume_enough,
        _volume,
        _guard_worse,
    ),
    Pair(
        "points-vs-delivery",
        "Points vs delivery",
        "how estimates are set: more points for the same delivered change suggests estimate inflation",
        _points_enough,
        _points,
        _delivery_not_keeping_up,
    ),
    Pair(
        "throughput-vs-size",
        "Throughput vs size",
        "whether work is being split into many small PRs to raise the count",
        _throughput_enough,
        _throughput,
        _guard_worse,
    ),
    Pair(
        "lead-time-vs-rework",
        "Lead time vs rework",
        "reverts and hotfixes after fast merges: speed bought with rework",
        _lead_enough,
        _lead,
        _guard_worse,
    ),
)


def judge(pair: Pair, current: PeriodMetrics, baseline: PeriodMetrics, limits: Limits) -> PairVerdict:
    missing = pair.enough(current, baseline, limits)
    if missing is not None:
        return PairVerdict(
            pair.id, pair.title, Verdict.INSUFFICIENT, None, (), missing, pair.look_at, limits.confidence
        )
    driver, guards = pair.read(current, baseline, limits)
    verdict = _verdict(pair, driver, guards)
    return PairVerdict(
        pair.id, pair.title, verdict, driver, guards, explain(verdict, driver, guards), pair.look_at, limits.confidence
    )


def _verdict(pair: Pair, driver: Movement, guards: tuple[Movement, ...]) -> Verdict:
    if pair.warns(driver, guards):
        return Verdict.WARNING
    if driver.direction is Direction.BETTER and all(g.direction is Direction.BETTER for g in guards):
        return Verdict.IMPROVING
    if driver.direction is Direction.WORSE and all(g.direction is Direction.WORSE for g in guards):
        return Verdict.DEGRADING
    return Verdict.BALANCED


def explain(verdict: Verdict, driver: Movement, guards: tuple[Movement, ...]) -> str:
    moved = "; ".join(_describe(m) for m in (driver, *guards))
    lead = {
        Verdict.WARNING: f"{driver.metric} improved while its guard worsened",
        Verdict.IMPROVING: "both improved",
        Verdict.DEGRADING: "both worsened",
        Verdict.BALANCED: "no pair of opposite moves beyond noise",
        Verdict.INSUFFICIENT: "not enough data",
    }[verdict]
    return f"{lead}: {moved}"


def _describe(m: Movement) -> str:
    change = "" if m.change is None else f" ({m.change:+.0%})"
    p = "" if m.p_value is None else f", p={m.p_value:.2f}"
    return f"{m.metric} {_show(m.baseline)} -> {_show(m.current)} {m.unit}{change}, {m.direction.value}{p}"


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def judge_all(current: PeriodMetrics, baseline: PeriodMetrics, limits: Limits) -> tuple[PairVerdict, ...]:
    return tuple(judge(pair, current, baseline, limits) for pair in PAIRS)


__all__ = ["PAIRS", "Limits", "PairVerdict", "Verdict", "judge", "judge_all"]
