"""The digest as a value: every number the templates and the JSON show, computed before any rendering."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from bot import wording
from bot.balance import pairs
from bot.balance.hold import judge_held, replayed_weeks
from bot.balance.limits import Limits
from bot.balance.pairs import Pair, PairVerdict, Verdict, judge
from bot.balance.trace import FailureTrace, failure_traces
from bot.measure import metrics as registry
from bot.measure.activity import Exclusions, WeekActivity, exclusions, weekly_activity
from bot.measure.dora import Tier
from bot.measure.history import History, PeriodMetrics
from bot.measure.metrics import Basis, Metric, inputs_read
from bot.measure.rules import MeasureRules
from bot.measure.scope import WHOLE_REPOSITORY, Scope
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset, Severity, SourceNote

SCHEMA_VERSION = 3
MAX_HEADLINES = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Headline:
    """One headline KPI: this week, the current window and the baseline, its weekly trend and DORA tier."""

    metric: Metric
    this_week: float | None
    current: float | None
    baseline: float | None
    series: tuple[float | None, ...]
    tier: Tier | None
    """None without DORA bands, and whenever ``basis`` cannot carry one."""
    basis: Basis

    @property
    def change(self) -> float | None:
        if self.current is None or not self.baseline:
            return None
        return (self.current - self.baseline) / self.baseline


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    """One metric of a pair that warned, week by week."""

    pair: Pair
    metric: Metric
    weeks: tuple[IsoWeek, ...]
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
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
    metrics: tuple[Metric, ...]
    """The registry this digest was measured with, in table order."""
    headlines: tuple[Headline, ...]
    verdicts: tuple[PairVerdict, ...]
    charts: tuple[Chart, ...]
    traces: tuple[FailureTrace, ...]
    exclusions: Exclusions
    notes: tuple[SourceNote, ...]
    release_tag_pattern: str
    read: frozenset[str]
    limits: Limits
    bases: dict[str, Basis]
    """What each metric's current value rests on, by metric id."""
    scope: Scope = WHOLE_REPOSITORY
    """The part of the repository counted: a team's paths, some globs, or all of it."""

    @property
    def week(self) -> IsoWeek:
        return self.window.last

    @property
    def attention(self) -> tuple[SourceNote, ...]:
        return tuple(n for n in self.notes if n.severity is Severity.ATTENTION)

    @property
    def warnings(self) -> tuple[PairVerdict, ...]:
        return tuple(v for v in self.verdicts if v.verdict is Verdict.WARNING)


def headlines(
    candidates: tuple[Metric, ...],
    *,
    weekly: tuple[PeriodMetrics, ...],
    current: PeriodMetrics,
    baseline: PeriodMetrics,
    bases: dict[str, Basis],
) -> tuple[Headline, ...]:
    """The first candidates whose sources were read, at most MAX_HEADLINES."""
    shown = [m for m in candidates if m.read(current) is not None][:MAX_HEADLINES]
    return tuple(_headline(m, weekly=weekly, current=current, baseline=baseline, basis=bases[m.id]) for m in shown)


def _headline(
    metric: Metric,
    *,
    weekly: tuple[PeriodMetrics, ...],
    current: PeriodMetrics,
    baseline: PeriodMetrics,
    basis: Basis,
) -> Headline:
    now = metric.value(current)
    return Headline(
        metric=metric,
        this_week=metric.value(weekly[-1]),
        current=now,
        baseline=metric.value(baseline),
        series=tuple(metric.value(w) for w in weekly),
        tier=metric.tier(now) if metric.tier and now is not None and basis.tiered else None,
        basis=basis,
    )


def charts_for(
    verdicts: tuple[PairVerdict, ...], weekly: tuple[PeriodMetrics, ...], weeks: tuple[IsoWeek, ...]
) -> tuple[Chart, ...]:
    """The driver and its guard, week by week, for each pair that warned."""
    return tuple(
        Chart(pair=v.pair, metric=metric, weeks=weeks, values=tuple(metric.value(m) for m in weekly))
        for v in verdicts
        if v.verdict is Verdict.WARNING
        for metric in v.pair.charted
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


class Measures(Protocol):
    """Anything that measures a period: a repository's History, or the rollup's pooled repositories."""

    def period(self, period: Period) -> PeriodMetrics:
        """Every metric over ``period``."""


class Replay:
    """One history judged week after week: each period measured once, each pair judged once per pair of periods."""

    def __init__(self, history: Measures, limits: Limits) -> None:
        self.history = history
        self.limits = limits
        self._measured: dict[Period, PeriodMetrics] = {}
        self._judged: dict[tuple[str, Period, Period], PairVerdict] = {}

    def measure(self, period: Period) -> PeriodMetrics:
        if period not in self._measured:
            self._measured[period] = self.history.period(period)
        return self._measured[period]

    def judged(self, pair: Pair, current: Period, baseline: Period) -> PairVerdict:
        key = (pair.id, current, baseline)
        if key not in self._judged:
            self._judged[key] = judge(pair, self.measure(current), self.measure(baseline), self.limits)
        return self._judged[key]

    def verdicts(self, window: Window, current_weeks: int, baseline_weeks: int) -> tuple[PairVerdict, ...]:
        """Each pair's verdict for the window's last week, a warning judged against the baseline it began with
        (see balance/hold.py)."""

        def periods_of(week: IsoWeek) -> tuple[Period, Period]:
            weeks = window.weeks[: window.weeks.index(week) + 1]
            return periods(Window(weeks, window.zone), current_weeks, baseline_weeks)

        weeks = replayed_weeks(window.weeks, current_weeks, baseline_weeks)
        return tuple(judge_held(pair, weeks, judged=self.judged, periods=periods_of) for pair in pairs.PAIRS)


def _young_note(asked: Window, kept: Window, first: datetime | None) -> SourceNote:
    """A young repository's weeks before its first commit would read as a rise from nothing: left out, and said."""
    left_out = wording.counted(len(asked.weeks) - len(kept.weeks), "week")
    return SourceNote(
        "local git",
        Severity.INFO,
        f"the history begins on {first:%Y-%m-%d}: the window starts in {kept.weeks[0]}, and the {left_out} "
        "before it are left out of it and of its baselines, not counted as zero",
    )


def build_digest(
    *,
    repository: str,
    dataset: Dataset,
    window: Window,
    rules: MeasureRules,
    limits: Limits,
    current_weeks: int,
    baseline_weeks: int,
    release_tag_pattern: str,
    generated_at: datetime,
    scope: Scope = WHOLE_REPOSITORY,
) -> Digest:
    """The registries (metrics.METRICS, metrics.HEADLINE_CANDIDATES, pairs.PAIRS) are read at each call, so
    an entry added to one shows in the digest and the JSON with no other change."""
    young = window.from_history(dataset.history_start, keep=1)
    if young != window:
        dataset = replace(dataset, notes=(*dataset.notes, _young_note(window, young, dataset.history_start)))
        window = young
        current_weeks = min(current_weeks, len(window.weeks))  # a history younger than the current window
    history = History(dataset, rules)
    current_period, baseline_period = periods(window, current_weeks, baseline_weeks)
    weekly = tuple(history.period(Period(w.start(window.zone), w.end(window.zone), 1)) for w in window.weeks)
    replay = Replay(history, limits)
    current, baseline = replay.measure(current_period), replay.measure(baseline_period)
    verdicts = replay.verdicts(window, current_weeks, baseline_weeks)
    read = inputs_read(dataset)
    bases = {m.id: m.basis(current, read, limits.min_deployments) for m in registry.METRICS}
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
        metrics=registry.METRICS,
        headlines=headlines(
            registry.HEADLINE_CANDIDATES, weekly=weekly, current=current, baseline=baseline, bases=bases
        ),
        verdicts=verdicts,
        charts=charts_for(verdicts, weekly, window.weeks),
        traces=failure_traces(history, current_period),
        exclusions=exclusions(dataset, window, rules.paths, rules.exclude_authors),
        notes=dataset.notes,
        release_tag_pattern=release_tag_pattern,
        read=dataset.read,
        limits=limits,
        bases=bases,
        scope=scope,
    )
