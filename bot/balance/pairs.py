"""The five pairs: a driver that people are pushed to raise, and a guard that gaming it would hurt.

Each pair compares the current window with the baseline. It warns only when the driver improved by its
threshold *and* beyond noise while the guard worsened beyond noise, at the configured confidence; below
the minimum sample sizes it is not judged, and says what was missing. Adding a pair is adding one entry
to PAIRS: the digest, its charts and the JSON read the pair's metrics from the registry.
Verdicts are numbers and kinds; publish/ words them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.balance.limits import Limits
from bot.balance.movement import Direction, Movement, Test, move
from bot.balance.stats import values_greater
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import (
    CHANGE_FAILURE_RATE,
    COMMITS,
    DELIVERED_CHANGE,
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    MERGED_PRS,
    PR_SIZE,
    REVIEW_DEPTH_MEAN,
    REWORK_RATE,
    RUBBER_STAMP_RATE,
    STORY_POINTS,
    Metric,
)
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek


class Verdict(StrEnum):
    WARNING = "warning"
    BALANCED = "balanced"
    IMPROVING = "improving"
    DEGRADING = "degrading"
    INSUFFICIENT = "insufficient data"


class Absent(StrEnum):
    """A source a pair needs that was not read."""

    DEPLOYMENTS = "deployments"
    COMMITS = "commits"
    REVIEWS = "reviews"
    POINTS = "points"
    PULL_REQUESTS = "pull-requests"


class Counted(StrEnum):
    """What a pair counts to decide whether it has enough data."""

    DEPLOYMENTS = "deployments"
    COMMITS = "commits"
    MERGED_PRS = "merged-prs"
    POINTED_ITEMS = "pointed-items"


@dataclass(frozen=True, slots=True, kw_only=True)
class TooFew:
    """Fewer than ``minimum`` of ``counted`` in one of the windows."""

    counted: Counted
    current: int
    baseline: int
    minimum: int


Unjudged = Absent | TooFew
Reading = tuple[Movement, tuple[Movement, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    id: str
    title: str
    driver: Metric
    guards: tuple[Metric, ...]
    look_at: str
    enough: Callable[[PeriodMetrics, PeriodMetrics, Limits], Unjudged | None]
    """None when both windows have the samples the pair needs, else what is missing."""
    read: Callable[[PeriodMetrics, PeriodMetrics, Limits], Reading]
    warns: Callable[[Movement, tuple[Movement, ...]], bool]

    @property
    def charted(self) -> tuple[Metric, Metric]:
        """The driver and the guard it is drawn against."""
        return self.driver, self.guards[0]


@dataclass(frozen=True, slots=True, kw_only=True)
class Held:
    """A warning given in consecutive weekly digests, judged all along against the baseline it began with."""

    since: IsoWeek
    """The first reported week of the run of warnings."""
    weeks: int
    """Weekly digests in the run, this one included."""
    baseline: Period
    """The baseline the warning is judged against: the one before the weeks it began in."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PairVerdict:
    pair: Pair
    verdict: Verdict
    driver: Movement | None
    guards: tuple[Movement, ...]
    unjudged: Unjudged | None
    """Why the pair was not judged; None when it was."""
    confidence: float
    held: Held | None = None
    """For a warning: since when it has held; None for any other verdict."""
    guard_span: tuple[Period, Period] | None = None
    """The (current, baseline) periods the guards were judged over, when not the driver's own: a longer
    baseline, or the weeks since a rise (see hold.py); None when they share the driver's."""


def guard_worse(driver: Movement, guards: tuple[Movement, ...]) -> bool:
    return driver.direction is Direction.BETTER and any(g.direction is Direction.WORSE for g in guards)


def _delivery_not_keeping_up(driver: Movement, guards: tuple[Movement, ...]) -> bool:
    return driver.direction is Direction.BETTER and all(g.direction is not Direction.BETTER for g in guards)


def at_least(counted: Counted, *, current: int, baseline: int, minimum: int) -> TooFew | None:
    if current < minimum or baseline < minimum:
        return TooFew(counted=counted, current=current, baseline=baseline, minimum=minimum)
    return None


# -- speed vs stability -------------------------------------------------------------------------------
def _speed_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Unjudged | None:
    if cur.change_failure is None or base.change_failure is None or cur.frequency is None or base.frequency is None:
        return Absent.DEPLOYMENTS
    return at_least(
        Counted.DEPLOYMENTS,
        current=cur.change_failure.denominator,
        baseline=base.change_failure.denominator,
        minimum=limits.min_deployments,
    )


def _speed(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    driver = move(DEPLOYMENT_FREQUENCY, cur, base, threshold=limits.deploy_rise, alpha=limits.alpha)
    return driver, (move(CHANGE_FAILURE_RATE, cur, base, threshold=None, alpha=limits.alpha),)


# -- volume vs review ---------------------------------------------------------------------------------
def _volume_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Unjudged | None:
    if cur.commits is None or base.commits is None:
        return Absent.COMMITS
    if cur.review_depth is None or base.review_depth is None:
        return Absent.REVIEWS
    return at_least(
        Counted.COMMITS, current=cur.commits, baseline=base.commits, minimum=limits.min_commits
    ) or at_least(
        Counted.MERGED_PRS, current=cur.review_depth.n, baseline=base.review_depth.n, minimum=limits.min_merged_prs
    )


def _volume(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    driver = move(COMMITS, cur, base, threshold=limits.commit_rise, alpha=limits.alpha)
    depth = move(REVIEW_DEPTH_MEAN, cur, base, threshold=limits.review_depth_drop, alpha=limits.alpha)
    return driver, (depth, move(RUBBER_STAMP_RATE, cur, base, threshold=None, alpha=limits.alpha))


# -- points vs delivery -------------------------------------------------------------------------------
def _points_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Unjudged | None:
    if cur.points is None or base.points is None or cur.pr_size is None or base.pr_size is None:
        return Absent.POINTS
    return at_least(
        Counted.POINTED_ITEMS,
        current=cur.points.items.n,
        baseline=base.points.items.n,
        minimum=limits.min_pointed_items,
    )


def _points(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    driver = _points_per_week(cur, base, rise=limits.points_rise, alpha=limits.alpha**2)
    return driver, (_delivered(cur, base, limits, points_rise=driver.change),)


def _points_per_week(cur: PeriodMetrics, base: PeriodMetrics, *, rise: float, alpha: float) -> Movement:
    """Points per week, judged better only when estimates grew beyond noise: the points of each pointed item.

    Judging the points per merged PR instead mixed estimate size with how many PRs happened to close a
    pointed issue, a share that wobbles widely on a small team where a minority of PRs carry points.
    Its guard (delivery not keeping up) is the usual state of a team, so this one test carries the warning: it
    must pass at ``alpha`` squared, the evidence the other pairs ask of a driver and a guard at ``alpha`` each.
    """
    assert cur.points and base.points
    now, before = STORY_POINTS.value(cur), STORY_POINTS.value(base)
    grew = now is not None and before is not None and before > 0 and (now - before) / before >= rise
    p_value = values_greater(cur.points.items.values, base.points.items.values)
    return Movement(
        metric=STORY_POINTS,
        baseline=before,
        current=now,
        direction=Direction.BETTER if grew and p_value < alpha else Direction.FLAT,
        test=Test.ESTIMATE_SIZE,
        p_value=p_value,
        samples=(cur.points.items.n, base.points.items.n),
        threshold=rise,
        alpha=alpha,
    )


def _delivered(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits, *, points_rise: float | None) -> Movement:
    """Meaningful lines merged per week; it kept up with the points only if it grew beyond noise (more PRs
    merged, or larger PRs) *and* by at least half as much as the points per week.

    Sizes vary widely, so a +20% swing in lines is common noise: judged by noise alone, a chance rise in
    delivered change excused real estimate inflation (points doubling on the same work).
    """
    assert cur.pr_size and base.pr_size
    flat = limits.delivery_flat
    count = move(MERGED_PRS, cur, base, threshold=flat, alpha=limits.alpha)
    size = move(PR_SIZE, cur, base, threshold=flat, alpha=limits.alpha, higher_is_better=True)
    moves = {count.direction, size.direction}
    now, before = DELIVERED_CHANGE.value(cur), DELIVERED_CHANGE.value(base)
    needed = max(flat, (points_rise or 0.0) * KEEP_UP)
    rose = now is not None and before is not None and before > 0 and (now - before) / before >= needed
    direction = Direction.FLAT
    if Direction.BETTER in moves and rose:
        direction = Direction.BETTER
    elif Direction.WORSE in moves and Direction.BETTER not in moves:
        direction = Direction.WORSE
    p_values = [m.p_value for m in (count, size) if m.p_value is not None]
    return Movement(
        metric=DELIVERED_CHANGE,
        baseline=before,
        current=now,
        direction=direction,
        test=Test.PRS_AND_SIZE,
        p_value=min(p_values) if p_values else None,
        samples=(cur.pr_size.n, base.pr_size.n),
        threshold=needed,
    )


KEEP_UP = 0.5
"""Share of the rise in points per week that delivered change must match to count as keeping up."""


# -- throughput vs size -------------------------------------------------------------------------------
def _throughput_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Unjudged | None:
    if cur.pr_size is None or base.pr_size is None:
        return Absent.PULL_REQUESTS
    return at_least(Counted.MERGED_PRS, current=cur.pr_size.n, baseline=base.pr_size.n, minimum=limits.min_merged_prs)


def _throughput(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    driver = move(MERGED_PRS, cur, base, threshold=limits.pr_count_rise, alpha=limits.alpha)
    smaller = move(PR_SIZE, cur, base, threshold=limits.pr_size_drop, alpha=limits.alpha, higher_is_better=True)
    return driver, (smaller,)  # split work: PRs got smaller as their count rose


# -- lead time vs rework ------------------------------------------------------------------------------
def _lead_enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Unjudged | None:
    if cur.lead_time is None or base.lead_time is None or cur.rework is None or base.rework is None:
        return Absent.DEPLOYMENTS
    return at_least(
        Counted.DEPLOYMENTS,
        current=cur.rework.denominator,
        baseline=base.rework.denominator,
        minimum=limits.min_deployments,
    )


def _lead(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    driver = move(LEAD_TIME, cur, base, threshold=limits.lead_time_drop, alpha=limits.alpha)
    return driver, (move(REWORK_RATE, cur, base, threshold=None, alpha=limits.alpha),)


PAIRS: tuple[Pair, ...] = (
    Pair(
        id="speed-vs-stability",
        title="Speed vs stability",
        driver=DEPLOYMENT_FREQUENCY,
        guards=(CHANGE_FAILURE_RATE,),
        look_at="the failure trace below: which deploys failed, and whether the extra deploys were smaller or rushed",
        enough=_speed_enough,
        read=_speed,
        warns=guard_worse,
    ),
    Pair(
        id="volume-vs-review",
        title="Volume vs review",
        driver=COMMITS,
        guards=(REVIEW_DEPTH_MEAN, RUBBER_STAMP_RATE),
        look_at="large PRs approved without comments, and whether reviewers have the time the extra volume needs",
        enough=_volume_enough,
        read=_volume,
        warns=guard_worse,
    ),
    Pair(
        id="points-vs-delivery",
        title="Points vs delivery",
        driver=STORY_POINTS,
        guards=(DELIVERED_CHANGE,),
        look_at="how estimates are set: more points for the same delivered change suggests estimate inflation",
        enough=_points_enough,
        read=_points,
        warns=_delivery_not_keeping_up,
    ),
    Pair(
        id="throughput-vs-size",
        title="Throughput vs size",
        driver=MERGED_PRS,
        guards=(PR_SIZE,),
        look_at="whether work is being split into many small PRs to raise the count",
        enough=_throughput_enough,
        read=_throughput,
        warns=guard_worse,
    ),
    Pair(
        id="lead-time-vs-rework",
        title="Lead time vs rework",
        driver=LEAD_TIME,
        guards=(REWORK_RATE,),
        look_at="reverts and hotfixes after fast merges: speed bought with rework",
        enough=_lead_enough,
        read=_lead,
        warns=guard_worse,
    ),
)


def judge(pair: Pair, current: PeriodMetrics, baseline: PeriodMetrics, limits: Limits) -> PairVerdict:
    missing = pair.enough(current, baseline, limits)
    if missing is not None:
        return PairVerdict(
            pair=pair,
            verdict=Verdict.INSUFFICIENT,
            driver=None,
            guards=(),
            unjudged=missing,
            confidence=limits.confidence,
        )
    driver, guards = pair.read(current, baseline, limits)
    read = (driver.metric, *(g.metric for g in guards))
    if read != (pair.driver, *pair.guards):
        raise ValueError(f"{pair.id} reads {[m.id for m in read]}, not the driver and guards it names")
    return PairVerdict(
        pair=pair,
        verdict=verdict_of(pair, driver, guards),
        driver=driver,
        guards=guards,
        unjudged=None,
        confidence=limits.confidence,
    )


def verdict_of(pair: Pair, driver: Movement, guards: tuple[Movement, ...]) -> Verdict:
    """The verdict a driver's and guards' movements give (the hold re-reads them with pooled guards)."""
    if pair.warns(driver, guards):
        return Verdict.WARNING
    if driver.direction is Direction.BETTER and all(g.direction is Direction.BETTER for g in guards):
        return Verdict.IMPROVING
    if driver.direction is Direction.WORSE and all(g.direction is Direction.WORSE for g in guards):
        return Verdict.DEGRADING
    return Verdict.BALANCED
