"""The team's KPIs read over a long history: each one's weekly series, its guard and pair, and whether it
still predicts its outcome. The digest's KPI table and the quarterly audit are both built from these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.balance.pairs import PAIRS, Pair
from bot.balance.proxy import ProxyRules, Validation, validate
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import Better, Metric, metric
from bot.measure.outcomes import OutcomeSeries
from bot.measure.weeks import IsoWeek
from bot.settings import Kpi


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiReading:
    metric: Metric
    owner: str | None
    guard: Metric | None
    guard_is_default: bool
    """True when the guard is the metric's pair partner rather than one the config names."""
    pair: Pair | None
    """The pair the metric is part of, whose warnings the audit counts."""
    outcome: str | None
    review_by: date | None
    weeks: tuple[IsoWeek, ...]
    series: tuple[float | None, ...]
    guard_series: tuple[float | None, ...]
    outcome_weeks: int
    """Weeks with an outcome value; a missing week is absent, never zero."""
    validation: Validation | None
    """None when the KPI names no outcome, or its outcome could not be read."""
    outcome_unread: str | None = None
    """Why the KPI's outcome could not be read (a bad outcome file, no token for GitHub's issues); None when it
    was read or none is named. An unread outcome is not "too little history": the reader is told what to fix."""


def pair_of(measured: Metric) -> Pair | None:
    """The pair a metric drives, else one it guards."""
    driven = [p for p in PAIRS if p.driver.id == measured.id]
    guarded = [p for p in PAIRS if any(g.id == measured.id for g in p.guards)]
    found = driven or guarded
    return found[0] if found else None


def partner(measured: Metric, pair: Pair | None) -> Metric | None:
    """Its pair partner: the guard of a driver, the driver of a guard."""
    if pair is None:
        return None
    return pair.guards[0] if pair.driver.id == measured.id else pair.driver


def read_kpis(
    kpis: Sequence[Kpi],
    *,
    weeks: tuple[IsoWeek, ...],
    weekly: Sequence[PeriodMetrics],
    outcomes: Mapping[str, OutcomeSeries],
    rules: ProxyRules,
    unread: Mapping[str, str] | None = None,
) -> tuple[KpiReading, ...]:
    """Each KPI over ``weeks`` (oldest first, one PeriodMetrics a week); ``outcomes`` holds the series read from
    files and GitHub by name, and an outcome that is a metric id is read from ``weekly`` here. ``unread`` says,
    by name, why an outcome could not be read."""
    return tuple(
        _reading(kpi, weeks=weeks, weekly=weekly, outcomes=outcomes, rules=rules, unread=unread or {}) for kpi in kpis
    )


def _reading(
    kpi: Kpi,
    *,
    weeks: tuple[IsoWeek, ...],
    weekly: Sequence[PeriodMetrics],
    outcomes: Mapping[str, OutcomeSeries],
    rules: ProxyRules,
    unread: Mapping[str, str],
) -> KpiReading:
    measured = metric(kpi.metric)
    pair = pair_of(measured)
    guard = metric(kpi.guard) if kpi.guard else partner(measured, pair)
    series = tuple(measured.value(m) for m in weekly)
    not_read = unread.get(kpi.outcome) if kpi.outcome else None
    outcome = _outcome(kpi.outcome, weeks, weekly, outcomes) if kpi.outcome and not_read is None else None
    return KpiReading(
        metric=measured,
        owner=kpi.owner,
        guard=guard,
        guard_is_default=kpi.guard is None and guard is not None,
        pair=pair,
        outcome=kpi.outcome,
        review_by=kpi.review_by,
        weeks=weeks,
        series=series,
        guard_series=tuple(guard.value(m) for m in weekly) if guard else tuple(None for _ in weeks),
        outcome_weeks=len([w for w in weeks if outcome and w in outcome]),
        validation=validate(list(zip(weeks, series, strict=True)), outcome, _pushed(measured, rules))
        if outcome is not None
        else None,
        outcome_unread=not_read,
    )


def _outcome(
    name: str, weeks: tuple[IsoWeek, ...], weekly: Sequence[PeriodMetrics], outcomes: Mapping[str, OutcomeSeries]
) -> OutcomeSeries:
    if name in outcomes:
        return {w: v for w, v in outcomes[name].items() if w in set(weeks)}
    try:
        measured = metric(name)
    except KeyError:  # a GitHub-derived outcome that could not be read: missing, never zero
        return {}
    values = {w: measured.value(m) for w, m in zip(weeks, weekly, strict=True)}
    return {w: v for w, v in values.items() if v is not None}


_PUSHED = {Better.HIGHER: 1, Better.LOWER: -1, Better.NEITHER: 0}


def _pushed(measured: Metric, rules: ProxyRules) -> ProxyRules:
    """The rules with the way gaming pushes this KPI: a lead time is pushed down, merged PRs up."""
    return replace(rules, pushed=_PUSHED[measured.better])
