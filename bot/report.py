"""The digest as a value: every number the templates and the JSON show, computed before any rendering."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.balance.pairs import Limits, PairVerdict, Verdict, judge_all
from bot.balance.trace import FailureTrace, failure_traces
from bot.measure.activity import Exclusions, WeekActivity, exclusions, weekly_activity
from bot.measure.dora import Tier, failure_rate_tier, frequency_tier, lead_time_tier, restore_tier
from bot.measure.history import History, PeriodMetrics
from bot.measure.rules import MeasureRules
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset, Severity, SourceNote

SCHEMA_VERSION = 2
MAX_HEADLINES = 5


@dataclass(frozen=True, slots=True)
class Headline:
    """One headline KPI: this week, the current window and the baseline, its weekly trend and DORA tier."""

    key: str
    label: str
    kind: str
    """"count" (per week), "duration" (seconds), "share" (0..1) or "number"."""
    higher_is_better: bool
    this_week: float | None
    current: float | None
    baseline: float | None
    series: tuple[float | None, ...]
    tier: Tier | None

    @property
    def change(self) -> float | None:
        if self.current is None or not self.baseline:
            return None
        return (self.current - self.baseline) / self.baseline


@dataclass(frozen=True, slots=True)
class Chart:
    """One weekly series for a Mermaid ``xychart-beta``: a member of a pair that warned."""

    title: str
    unit: str
    weeks: tuple[str, ...]
    values: tuple[float, ...]
    """A week with no value is drawn as 0."""


Series = tuple[str, str, Callable[[PeriodMetrics], float | None]]

_PAIR_SERIES: dict[str, tuple[Series, Series]] = {
    "speed-vs-stability": (
        ("Deployments", "deploys", lambda m: m.frequency.deployments if m.frequency else None),
        ("Change failure rate", "%", lambda m: _percent(m.change_failure.value if m.change_failure else None)),
    ),
    "volume-vs-review": (
        ("Commits", "commits", lambda m: m.commits),
        ("Review comments per PR (mean)", "comments", lambda m: m.review_depth.mean if m.review_depth else None),
    ),
    "points-vs-delivery": (
        ("Story points completed", "points", lambda m: m.points.completed if m.points else None),
        ("Meaningful lines merged", "lines", lambda m: sum(m.pr_size.values) if m.pr_size else None),
    ),
    "throughput-vs-size": (
        ("Merged PRs", "PRs", lambda m: m.merged_prs),
        ("PR size (median)", "lines", lambda m: m.pr_size.median if m.pr_size else None),
    ),
    "lead-time-vs-rework": (
        (
            "Lead time (median)",
            "hours",
            lambda m: m.lead_time.median / 3600 if m.lead_time and m.lead_time.median else None,
        ),
        ("Rework rate", "%", lambda m: _percent(m.rework.value if m.rework else None)),
    ),
}


def _percent(share: float | None) -> float | None:
    return None if share is None else share * 100


def charts_for(
    verdicts: tuple[PairVerdict, ...], weekly: tuple[PeriodMetrics, ...], weeks: tuple[IsoWeek, ...]
) -> tuple[Chart, ...]:
    labels = tuple(f"W{w.week:02d}" for w in weeks)
    charts = []
    for verdict in verdicts:
        if verdict.verdict is Verdict.WARNING:
            for title, unit, value in _PAIR_SERIES[verdict.pair]:
                points = tuple(round(value(m) or 0.0, 2) for m in weekly)
                charts.append(Chart(f"{verdict.title}: {title}", unit, labels, points))
    return tuple(charts)


@dataclass(frozen=True, slots=True)
class Digest:
    repository: str
    generated_at: datetime
    window: Window
    current_period: Period
    baseline_period: Period
    weeks: tuple[WeekActivity, ...]
    weekly: tuple[PeriodMetrics, ...]
    current: PeriodMetrics
    baseline: PeriodMetrics
    headlines: tuple[Headline, ...]
    verdicts: tuple[PairVerdict, ...]
    charts: tuple[Chart, ...]
    traces: tuple[FailureTrace, ...]
    exclusions: Exclusions
    notes: tuple[SourceNote, ...]
    release_tag_pattern: str
    read: frozenset[str]
    limits: Limits

    @property
    def week(self) -> IsoWeek:
        return self.window.last

    @property
    def attention(self) -> tuple[SourceNote, ...]:
        return tuple(n for n in self.notes if n.severity is Severity.ATTENTION)

    @property
    def warnings(self) -> tuple[PairVerdict, ...]:
        return tuple(v for v in self.verdicts if v.verdict is Verdict.WARNING)


Value = Callable[[PeriodMetrics], float | None]


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    label: str
    kind: str
    higher_is_better: bool
    value: Value
    tier: Callable[[float], Tier] | None = None


def _per_week(count: Callable[[PeriodMetrics], float | None]) -> Value:
    return lambda m: m.per_week(count(m))


_CANDIDATES = (
    _Candidate(
        "deployment_frequency",
        "Deployments per week",
        "count",
        True,
        lambda m: m.frequency.per_week if m.frequency else None,
        frequency_tier,
    ),
    _Candidate(
        "lead_time",
        "Lead time for changes (median)",
        "duration",
        False,
        lambda m: m.lead_time.median if m.lead_time else None,
        lead_time_tier,
    ),
    _Candidate(
        "change_failure_rate",
        "Change failure rate",
        "share",
        False,
        lambda m: m.change_failure.value if m.change_failure else None,
        failure_rate_tier,
    ),
    _Candidate(
        "time_to_restore",
        "Time to restore (median)",
        "duration",
        False,
        lambda m: m.time_to_restore.median if m.time_to_restore else None,
        restore_tier,
    ),
    _Candidate(
        "review_depth",
        "Review comments per PR (median)",
        "number",
        True,
        lambda m: m.review_depth.median if m.review_depth else None,
    ),
    _Candidate("commits", "Commits per week", "count", True, _per_week(lambda m: m.commits)),
    _Candidate("meaningful_lines", "Meaningful lines per week", "count", True, _per_week(lambda m: m.meaningful_lines)),
    _Candidate("merged_prs", "Merged PRs per week", "count", True, _per_week(lambda m: m.merged_prs)),
)


def _available(candidate: _Candidate, history: History) -> bool:
    needs = {
        "deployment_frequency": history.has_deploys,
        "lead_time": history.has_deploys,
        "change_failure_rate": history.has_deploys,
        "time_to_restore": history.has_deploys,
        "review_depth": history.has_prs,
        "commits": history.has_commits,
        "meaningful_lines": history.has_commits,
        "merged_prs": history.has_prs or history.has_commits,
    }
    return needs[candidate.key]


def _headline(
    c: _Candidate, weekly: tuple[PeriodMetrics, ...], current: PeriodMetrics, baseline: PeriodMetrics
) -> Headline:
    now = c.value(current)
    return Headline(
        key=c.key,
        label=c.label,
        kind=c.kind,
        higher_is_better=c.higher_is_better,
        this_week=c.value(weekly[-1]),
        current=now,
        baseline=c.value(baseline),
        series=tuple(c.value(w) for w in weekly),
        tier=c.tier(now) if c.tier and now is not None else None,
    )


def periods(window: Window, current_weeks: int, baseline_weeks: int) -> tuple[Period, Period]:
    """The current window ends with the reported week; the baseline is the weeks just before it."""
    zone = window.zone
    current_first = window.weeks[-current_weeks]
    baseline_count = min(baseline_weeks, len(window.weeks) - current_weeks)
    baseline_first = current_first.shift(-baseline_count)
    current = Period(current_first.start(zone), window.end, current_weeks)
    baseline = Period(baseline_first.start(zone), current_first.start(zone), baseline_count)
    return current, baseline


def build_digest(
    repository: str,
    dataset: Dataset,
    window: Window,
    rules: MeasureRules,
    limits: Limits,
    current_weeks: int,
    baseline_weeks: int,
    release_tag_pattern: str,
    generated_at: datetime,
) -> Digest:
    history = History(dataset, rules)
    current_period, baseline_period = periods(window, current_weeks, baseline_weeks)
    weekly = tuple(history.period(Period(w.start(window.zone), w.end(window.zone), 1)) for w in window.weeks)
    current, baseline = history.period(current_period), history.period(baseline_period)
    chosen = [c for c in _CANDIDATES if _available(c, history)][:MAX_HEADLINES]
    verdicts = judge_all(current, baseline, limits)
    return Digest(
        repository=repository,
        generated_at=generated_at,
        window=window,
        current_period=current_period,
        baseline_period=baseline_period,
        weeks=tuple(
            replace(row, merged_prs=m.merged_prs, deployments=m.frequency.deployments if m.frequency else None)
            for row, m in zip(weekly_activity(dataset, window, rules.paths, rules.exclude_authors), weekly, strict=True)
        ),
        weekly=weekly,
        current=current,
        baseline=baseline,
        headlines=tuple(_headline(c, weekly, current, baseline) for c in chosen),
        verdicts=verdicts,
        charts=charts_for(verdicts, weekly, window.weeks),
        traces=failure_traces(history, current_period),
        exclusions=exclusions(dataset, window, rules.paths, rules.exclude_authors),
        notes=dataset.notes,
        release_tag_pattern=release_tag_pattern,
        read=dataset.read,
        limits=limits,
    )
