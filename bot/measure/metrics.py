"""The metric registry: every metric the digest, the JSON and the pairs show, defined once.

A metric is read from a period's :class:`~bot.measure.history.PeriodMetrics` as a measured value (a
:class:`Rate`, a :class:`Sample`, a :class:`Total` or a plain number) that keeps its sample size; its
shown value follows from its kind. Adding a metric is adding one ``Metric`` here and to ``METRICS``.
Code refers to metrics by these constants; config files and the JSON by their ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.measure.dora import Tier, failure_rate_tier, frequency_tier, lead_time_tier, restore_tier
from bot.measure.history import PeriodMetrics
from bot.measure.values import Rate, Sample, Total
from bot.records import Dataset, DeploySource, Source


class Kind(StrEnum):
    """What a metric's values are, which decides how they are shown and charted (the test of difference
    follows from the measured value: counts, rates or samples)."""

    COUNT = "count"
    """Events (deployments, commits, PRs, days); a Total is shown per week."""
    RATE = "rate"
    """A share in 0..1."""
    DURATION = "duration"
    """Seconds."""
    LINES = "lines"
    POINTS = "points"
    NUMBER = "number"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"
    """Neither direction is good news in itself (PR size, contributors)."""


class Centre(StrEnum):
    """Which centre of a sample a metric shows."""

    MEDIAN = "median"
    MEAN = "mean"


Measured = Rate | Sample | Total | float
"""A metric's value with what it was computed from."""


@dataclass(frozen=True, slots=True)
class Need:
    """One input a metric reads for a full basis: a kind of record (a ``Dataset.read`` name) in a reader's words."""

    source: Source
    words: str
    """What the metric counts from it ("incidents"); said when it was read, and when it was not."""
    stand_in: str | None = None
    """What the metric uses instead when it was not read ("release tags or merges")."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Basis:
    """What a metric's value rests on in one period, and why it gets no DORA tier when it gets none.

    A tier needs a full basis (every ``Need`` read) and, for a metric read from deployments, at least
    ``min_deployments`` of them: a tier from three deployments says more than they can.
    """

    counted: tuple[str, ...]
    """In words: the inputs read, then the stand-ins for those not read."""
    unread: tuple[str, ...]
    deployments: int | None
    """The deployments the value rests on, when it rests on deployments."""
    min_deployments: int

    @property
    def partial(self) -> bool:
        return bool(self.unread)

    @property
    def too_few(self) -> bool:
        return self.deployments is not None and self.deployments < self.min_deployments

    @property
    def tiered(self) -> bool:
        return not self.partial and not self.too_few


@dataclass(frozen=True, slots=True, kw_only=True)
class Metric:
    id: str
    """Stable, kebab-case: what config files and the JSON use."""
    label: str
    """As a table row names it."""
    name: str
    """As a sentence names it, in lower case."""
    unit: str
    """What one value counts, after the number ("deploys/week"); empty for rates and durations."""
    kind: Kind
    better: Better
    definition: str
    """One line for "How this was counted"."""
    read: Callable[[PeriodMetrics], Measured | None]
    """None when the source it needs was not read."""
    centre: Centre = Centre.MEDIAN
    tier: Callable[[float], Tier] | None = None
    """Its DORA 2023 tier, where DORA has bands for it."""
    needs: tuple[Need, ...] = ()
    """What a full basis reads; with any of it unread the value is shown on its stated basis, without a tier."""
    deployments: Callable[[PeriodMetrics], int | None] | None = None
    """The deployments its value rests on, when a tier needs enough of them."""
    column: str = ""
    """A shorter label for a narrow table column, where one week is the period; else the label."""

    @property
    def heading(self) -> str:
        return self.column or self.label

    def value(self, metrics: PeriodMetrics) -> float | None:
        """The number shown: a rate's share, a sample's centre, a total per week."""
        return shown_value(self.read(metrics), self.centre)

    def basis(self, metrics: PeriodMetrics, read: frozenset[Source], min_deployments: int) -> Basis:
        """What this period's value rests on, given the kinds of record read."""
        counted = [n.words for n in self.needs if n.source in read]
        counted += [n.stand_in for n in self.needs if n.source not in read and n.stand_in]
        return Basis(
            counted=tuple(counted),
            unread=tuple(n.words for n in self.needs if n.source not in read),
            deployments=self.deployments(metrics) if self.deployments else None,
            min_deployments=min_deployments,
        )


def shown_value(measured: Measured | None, centre: Centre = Centre.MEDIAN) -> float | None:
    if measured is None:
        return None
    if isinstance(measured, Rate):
        return measured.value
    if isinstance(measured, Sample):
        return measured.median if centre is Centre.MEDIAN else measured.mean
    if isinstance(measured, Total):
        return measured.per_week
    return measured


def _weeks(m: PeriodMetrics) -> int:
    return m.period.weeks


def _total(count: float | None, m: PeriodMetrics) -> Total | None:
    return None if count is None else Total(count, _weeks(m))


def _deployments(m: PeriodMetrics) -> int | None:
    return m.frequency.deployments if m.frequency else None


_RECORDED_DEPLOYMENTS = Need(Source.DEPLOYMENT_OUTCOMES, "recorded deployments", stand_in="release tags or merges")
_FAILURE_EVIDENCE = (
    Need(Source.INCIDENTS, "incidents"),
    Need(Source.DEPLOYMENT_OUTCOMES, "failed or rolled-back deployments"),
    Need(Source.COMMITS, "reverted commits"),
    Need(Source.PULL_REQUESTS, "reverted or hotfixed pull requests"),
)


DEPLOYMENT_FREQUENCY = Metric(
    id="deployment-frequency",
    label="Deployments per week",
    name="deployment frequency",
    unit="deploys/week",
    kind=Kind.COUNT,
    better=Better.HIGHER,
    definition="successful deployments that put a new build live; deploying the live build again (a redeploy) or "
    "going back to an earlier one (a rollback) ships nothing and is not counted",
    read=lambda m: _total(m.frequency.deployments if m.frequency else None, m),
    tier=frequency_tier,
    needs=(_RECORDED_DEPLOYMENTS,),
    column="Deploys",
)
DEPLOY_DAYS = Metric(
    id="deploy-days",
    label="Deploy days",
    name="deploy days",
    unit="days",
    kind=Kind.COUNT,
    better=Better.NEITHER,
    definition="days with at least one deployment, in the digest's time zone",
    read=lambda m: float(m.frequency.deploy_days) if m.frequency else None,
)
REDEPLOYS = Metric(
    id="redeploys",
    label="Redeploys (not counted)",
    name="redeploys",
    unit="redeploys",
    kind=Kind.COUNT,
    better=Better.NEITHER,
    definition="deployments of a build that was already live; left out of the deployment count",
    read=lambda m: float(m.frequency.redeploys) if m.frequency else None,
)
LEAD_TIME = Metric(
    id="lead-time",
    label="Lead time for changes (median)",
    name="lead time for changes",
    unit="",
    kind=Kind.DURATION,
    better=Better.LOWER,
    definition="deploy time minus the first commit of each pull request it shipped",
    read=lambda m: m.lead_time,
    tier=lead_time_tier,
    needs=(_RECORDED_DEPLOYMENTS, Need(Source.PULL_REQUESTS, "pull requests", stand_in="commit times")),
    deployments=_deployments,
)
CHANGE_FAILURE_RATE = Metric(
    id="change-failure-rate",
    label="Change failure rate",
    name="change failure rate",
    unit="",
    kind=Kind.RATE,
    better=Better.LOWER,
    definition="deployments that failed over deployments that tried to ship a change; a deployment failed when an "
    "incident is linked to it (its `root cause` sha, else the last change out before the incident opened, within "
    "the incident window), a change it shipped was reverted or hotfixed within that window, it was rolled back, "
    "or it failed outright",
    read=lambda m: m.change_failure,
    tier=failure_rate_tier,
    needs=_FAILURE_EVIDENCE,
    deployments=_deployments,
)
TIME_TO_RESTORE = Metric(
    id="time-to-restore",
    label="Time to restore (median)",
    name="time to restore",
    unit="",
    kind=Kind.DURATION,
    better=Better.LOWER,
    definition="from the incident opening (else the deploy) to the incident closing or the fixing deploy",
    read=lambda m: m.time_to_restore,
    tier=restore_tier,
    needs=_FAILURE_EVIDENCE,
    deployments=_deployments,
)
REWORK_RATE = Metric(
    id="rework-rate",
    label="Rework rate",
    name="rework rate",
    unit="",
    kind=Kind.RATE,
    better=Better.LOWER,
    definition="deployments shipping a revert or a hotfix",
    read=lambda m: m.rework,
)
COMMITS = Metric(
    id="commits",
    label="Commits per week",
    name="commit volume",
    unit="commits/week",
    kind=Kind.COUNT,
    better=Better.HIGHER,
    definition="non-merge commits reaching the branch, excluding bots (`[bot]` authors), `exclude-authors`, and "
    "commits that change nothing but whitespace",
    read=lambda m: _total(m.commits, m),
    column="Commits",
)
MEANINGFUL_LINES = Metric(
    id="meaningful-lines",
    label="Meaningful lines per week",
    name="meaningful lines",
    unit="lines/week",
    kind=Kind.LINES,
    better=Better.HIGHER,
    definition="lines added plus deleted, ignoring whitespace, excluding lock, generated, vendored and binary files",
    read=lambda m: _total(m.meaningful_lines, m),
    column="Meaningful lines",
)
CONTRIBUTORS = Metric(
    id="contributors",
    label="Contributors",
    name="contributors",
    unit="people",
    kind=Kind.COUNT,
    better=Better.NEITHER,
    definition="distinct author emails of the counted commits, a count only; the digest never names people",
    read=lambda m: None if m.contributors is None else float(m.contributors),
    column="Authors",
)
MERGED_PRS = Metric(
    id="merged-prs",
    label="Merged PRs per week",
    name="merged PRs",
    unit="PRs/week",
    kind=Kind.COUNT,
    better=Better.HIGHER,
    definition="pull requests merged by people as GitHub reports them; without GitHub, distinct PR numbers in merge "
    "and squash subjects",
    read=lambda m: _total(m.merged_prs, m),
    column="Merged PRs",
)
REVIEW_DEPTH = Metric(
    id="review-depth",
    label="Review comments per PR (median)",
    name="review depth",
    unit="substantive comments per PR",
    kind=Kind.NUMBER,
    better=Better.HIGHER,
    definition="substantive review comments per merged PR by people other than its author (inline comments, review "
    'bodies and conversation comments; bots and one-word approvals such as "LGTM" left out)',
    read=lambda m: m.review_depth,
)
REVIEW_DEPTH_MEAN = Metric(
    id="review-depth-mean",
    label="Review comments per PR (mean)",
    name="mean review depth",
    unit="substantive comments per PR",
    kind=Kind.NUMBER,
    better=Better.HIGHER,
    definition="the same comments, averaged: it moves when a few PRs lose their review, where the median may not",
    read=lambda m: m.review_depth,
    centre=Centre.MEAN,
)
REVIEW_COVERAGE = Metric(
    id="review-coverage",
    label="Review coverage",
    name="review coverage",
    unit="",
    kind=Kind.RATE,
    better=Better.HIGHER,
    definition="merged PRs reviewed by someone other than their author",
    read=lambda m: m.review_coverage,
)
RUBBER_STAMP_RATE = Metric(
    id="rubber-stamp-rate",
    label="Rubber-stamp rate (large PRs)",
    name="rubber-stamp rate",
    unit="",
    kind=Kind.RATE,
    better=Better.LOWER,
    definition="large PRs approved without a substantive comment or within minutes of being ready",
    read=lambda m: m.rubber_stamp,
)
PR_SIZE = Metric(
    id="pr-size",
    label="PR size (median meaningful lines)",
    name="PR size",
    unit="meaningful lines",
    kind=Kind.LINES,
    better=Better.NEITHER,
    definition="meaningful lines changed by each merged PR",
    read=lambda m: m.pr_size,
)
DELIVERED_CHANGE = Metric(
    id="delivered-change",
    label="Meaningful lines merged per week",
    name="delivered change",
    unit="meaningful lines merged/week",
    kind=Kind.LINES,
    better=Better.HIGHER,
    definition="the meaningful lines of the PRs merged in the period: what the story points bought",
    read=lambda m: _total(sum(m.pr_size.values), m) if m.pr_size else None,
)
CYCLE_TIME = Metric(
    id="cycle-time",
    label="Cycle time (median)",
    name="cycle time",
    unit="",
    kind=Kind.DURATION,
    better=Better.LOWER,
    definition="from a PR's first commit (else its opening) to its merge",
    read=lambda m: m.cycle_time,
)
STORY_POINTS = Metric(
    id="story-points",
    label="Story points per week",
    name="story points completed",
    unit="points/week",
    kind=Kind.POINTS,
    better=Better.HIGHER,
    definition="points of the issues closed as completed in the period, by a PR or by hand, as a board counts them "
    "(from a label, a line in the body or a Projects field, first found)",
    read=lambda m: _total(m.points.completed, m) if m.points else None,
)
POINTS_PER_PR = Metric(
    id="points-per-pr",
    label="Story points per merged PR (mean)",
    name="story points per PR",
    unit="points",
    kind=Kind.POINTS,
    better=Better.NEITHER,
    definition="each completed item's points split among the merged PRs that closed it; items closed by hand "
    "credit no PR",
    read=lambda m: m.points.per_pr if m.points else None,
    centre=Centre.MEAN,
)
POINTS_PER_100_LINES = Metric(
    id="points-per-100-lines",
    label="Story points per 100 meaningful lines",
    name="story points per 100 lines",
    unit="points",
    kind=Kind.POINTS,
    better=Better.NEITHER,
    definition="story points completed over the meaningful lines merged, times 100: what a point buys",
    read=lambda m: _per_100_lines(m),
)


def _per_100_lines(m: PeriodMetrics) -> float | None:
    lines = sum(m.pr_size.values) if m.pr_size else 0
    return None if m.points is None or not lines else m.points.completed / lines * 100


METRICS: tuple[Metric, ...] = (
    DEPLOYMENT_FREQUENCY,
    DEPLOY_DAYS,
    REDEPLOYS,
    LEAD_TIME,
    CHANGE_FAILURE_RATE,
    TIME_TO_RESTORE,
    REWORK_RATE,
    COMMITS,
    MEANINGFUL_LINES,
    CONTRIBUTORS,
    MERGED_PRS,
    REVIEW_DEPTH,
    REVIEW_DEPTH_MEAN,
    REVIEW_COVERAGE,
    RUBBER_STAMP_RATE,
    PR_SIZE,
    DELIVERED_CHANGE,
    CYCLE_TIME,
    STORY_POINTS,
    POINTS_PER_PR,
    POINTS_PER_100_LINES,
)
"""Every metric, in the order the digest's all-metrics table lists them."""

HEADLINE_CANDIDATES: tuple[Metric, ...] = (
    DEPLOYMENT_FREQUENCY,
    LEAD_TIME,
    CHANGE_FAILURE_RATE,
    TIME_TO_RESTORE,
    REVIEW_DEPTH,
    COMMITS,
    MEANINGFUL_LINES,
    MERGED_PRS,
)
"""In order of preference: the digest shows the first five whose sources were read."""

WEEK_COLUMNS: tuple[Metric, ...] = (COMMITS, MEANINGFUL_LINES, CONTRIBUTORS, MERGED_PRS, DEPLOYMENT_FREQUENCY)
"""The metrics of the digest's week-by-week table."""


_STAND_INS = (DeploySource.TAG, DeploySource.MERGE)


def inputs_read(dataset: Dataset) -> frozenset[Source]:
    """The kinds of record read, with ``Source.DEPLOYMENT_OUTCOMES`` when the deployments read were recorded ones."""
    recorded = Source.DEPLOYMENTS in dataset.read and not any(d.source in _STAND_INS for d in dataset.deployments)
    return dataset.read | {Source.DEPLOYMENT_OUTCOMES} if recorded else dataset.read


def metric(metric_id: str) -> Metric:
    """The metric with this id; a KeyError names the known ids."""
    for candidate in METRICS:
        if candidate.id == metric_id:
            return candidate
    raise KeyError(f"unknown metric {metric_id!r}; known: {', '.join(m.id for m in METRICS)}")
