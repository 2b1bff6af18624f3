"""The quarterly KPI audit as a value: for each KPI, whether it still earns its place.

Per KPI: its owner, its review date (overdue when it passed before the audit's end), how much it moved in
the quarter (a KPI flat all quarter carries no information), how many weeks its pair spent in warning,
whether it still predicts its outcome, and a recommendation (keep, review, replace, retire) with the reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.balance.pairs import PairVerdict, Verdict
from bot.balance.proxy import ProxyStatus
from bot.kpis import KpiReading
from bot.measure.quarters import Quarter
from bot.measure.scope import WHOLE_REPOSITORY, Scope
from bot.measure.weeks import IsoWeek
from bot.records import SourceNote
from bot.settings import MAX_KPIS
from bot.wording import counted

AUDIT_SCHEMA_VERSION = 1
FLAT = 0.05
"""A KPI whose weekly values stay within 5% of the middle of their range all quarter did not move."""
WARNED_WEEKS = 3
"""Weeks in warning in a quarter after which a KPI is reviewed: its number may be being pushed alone."""


class Recommendation(StrEnum):
    KEEP = "keep"
    REVIEW = "review"
    REPLACE = "replace"
    RETIRE = "retire"


@dataclass(frozen=True, slots=True, kw_only=True)
class Moved:
    """The KPI over the quarter: the mean of its first weeks against its last, and its range."""

    weeks: int
    """Weeks of the quarter with a value."""
    first: float | None
    last: float | None
    low: float | None
    high: float | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.last is None or not self.first:
            return None
        return (self.last - self.first) / abs(self.first)

    @property
    def flat(self) -> bool:
        if self.weeks < 2 or self.low is None or self.high is None:
            return False
        middle = (self.low + self.high) / 2
        return self.high == self.low or (self.high - self.low) <= 2 * FLAT * abs(middle)  # each within 5% of it


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditedKpi:
    reading: KpiReading
    overdue: bool
    moved: Moved
    no_history: bool
    """No commits in the weeks read up to the quarter's end: nothing to judge, not a quarter of zeros."""
    weeks_in_warning: int | None
    """None when the KPI is in no pair, or its pair could not be judged in any week of the quarter."""
    recommendation: Recommendation
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Audit:
    repository: str
    quarter: Quarter
    weeks: tuple[IsoWeek, ...]
    """The audited weeks: the quarter's, up to the audit's end."""
    end: date
    """The last day audited: review dates before it are overdue."""
    generated_at: datetime
    kpis: tuple[AuditedKpi, ...]
    notes: tuple[SourceNote, ...]
    scope: Scope = WHOLE_REPOSITORY
    """The team or paths audited: a team's audit is an issue of its own beside the repository's."""
    quarter_over: bool = True
    """False while the quarter's last week has not ended: an audit short of it is early, not cut by --week."""

    @property
    def complete(self) -> bool:
        return self.weeks == self.quarter.weeks()

    @property
    def unowned(self) -> tuple[str, ...]:
        return tuple(k.reading.metric.id for k in self.kpis if k.reading.owner is None)

    @property
    def too_many(self) -> bool:
        return len(self.kpis) > MAX_KPIS


VerdictsOf = Callable[[IsoWeek], Sequence[PairVerdict]]
"""Each pair's verdict in the digest of a week."""


def audit_kpis(
    readings: Sequence[KpiReading],
    *,
    weeks: tuple[IsoWeek, ...],
    end: date,
    verdicts_of: VerdictsOf,
    since: IsoWeek | None,
) -> tuple[AuditedKpi, ...]:
    """``since``: the week of the first commit read (None: none read up to the audit's end). Weeks before it are
    no history, not weeks of zero work, so a quarter before the repository existed is not "flat at 0"."""
    warned = _weeks_warned(readings, weeks, verdicts_of)
    lived = tuple(w for w in weeks if since is not None and w >= since)
    return tuple(
        _audited(r, weeks=lived, end=end, warned=warned.get(r.metric.id), no_history=not lived) for r in readings
    )


def _weeks_warned(
    readings: Sequence[KpiReading], weeks: tuple[IsoWeek, ...], verdicts_of: VerdictsOf
) -> dict[str, int | None]:
    pairs = {r.pair.id for r in readings if r.pair is not None}
    if not pairs:
        return {}
    warned: dict[str, int] = dict.fromkeys(pairs, 0)
    judged: set[str] = set()
    for week in weeks:
        for verdict in verdicts_of(week):
            if verdict.pair.id in pairs and verdict.verdict is not Verdict.INSUFFICIENT:
                judged.add(verdict.pair.id)
                warned[verdict.pair.id] += verdict.verdict is Verdict.WARNING
    return {r.metric.id: warned[r.pair.id] if r.pair.id in judged else None for r in readings if r.pair is not None}


def moved(reading: KpiReading, weeks: tuple[IsoWeek, ...]) -> Moved:
    values = [v for w, v in zip(reading.weeks, reading.series, strict=True) if w in weeks and v is not None]
    if not values:
        return Moved(weeks=0, first=None, last=None, low=None, high=None)
    edge = max(1, min(4, len(values) // 2))
    return Moved(
        weeks=len(values),
        first=sum(values[:edge]) / edge,
        last=sum(values[-edge:]) / edge,
        low=min(values),
        high=max(values),
    )


def _audited(
    reading: KpiReading, *, weeks: tuple[IsoWeek, ...], end: date, warned: int | None, no_history: bool
) -> AuditedKpi:
    movement = moved(reading, weeks)
    overdue = reading.review_by is not None and reading.review_by < end
    recommendation, reasons = recommend(reading, movement, overdue=overdue, warned=warned, no_history=no_history)
    return AuditedKpi(
        reading=reading,
        overdue=overdue,
        moved=movement,
        no_history=no_history,
        weeks_in_warning=warned,
        recommendation=recommendation,
        reasons=reasons,
    )


def recommend(
    reading: KpiReading, movement: Moved, *, overdue: bool, warned: int | None, no_history: bool = False
) -> tuple[Recommendation, tuple[str, ...]]:
    """Replace a proxy that stopped predicting its outcome; retire a KPI that never moved; review one that is
    overdue, unowned, unguarded, warned about, or unproven; keep the rest. Every reason found is given."""
    found: list[tuple[Recommendation, str]] = []
    validation = reading.validation
    if validation is not None and validation.status is ProxyStatus.DECOUPLED:
        since = f" since {validation.broke}" if validation.broke else ""
        found.append((Recommendation.REPLACE, f"it no longer predicts {reading.outcome}{since}"))
    if no_history:
        found.append(
            (
                Recommendation.REVIEW,
                "there was no history to judge it by: no commits in the weeks read up to the quarter's end",
            )
        )
    elif movement.weeks == 0:
        found.append(
            (
                Recommendation.REVIEW,
                "it had no value in any week of the quarter: nothing it measures happened then, or its source was "
                "not read (see Sources)",
            )
        )
    elif movement.flat:
        found.append((Recommendation.RETIRE, "it did not move all quarter, so it carried no information"))
    if overdue:
        found.append((Recommendation.REVIEW, f"its review date {reading.review_by} has passed"))
    if reading.owner is None:
        found.append((Recommendation.REVIEW, "nobody owns it"))
    if reading.guard is None:
        found.append((Recommendation.REVIEW, "nothing guards it: name a guard, or choose a metric with a pair"))
    if warned is not None and warned >= WARNED_WEEKS:
        found.append((Recommendation.REVIEW, f"its pair was in warning {counted(warned, 'week')} of the quarter"))
    if validation is not None and validation.status is ProxyStatus.WEAK:
        found.append((Recommendation.REVIEW, f"it predicts {reading.outcome} only weakly"))
    if reading.outcome_unread is not None:
        found.append(
            (
                Recommendation.REVIEW,
                f"its outcome {reading.outcome} was not read, so whether it still predicts it is unknown: "
                f"{reading.outcome_unread}",
            )
        )
    if validation is not None and validation.status is ProxyStatus.INSUFFICIENT:
        found.append((Recommendation.REVIEW, f"too little history to tell whether it predicts {reading.outcome}"))
    if not found:
        return Recommendation.KEEP, (_kept(reading),)
    order = (Recommendation.REPLACE, Recommendation.RETIRE, Recommendation.REVIEW)
    worst = min((r for r, _ in found), key=order.index)
    return worst, tuple(reason for _, reason in found)


def _kept(reading: KpiReading) -> str:
    if reading.validation is not None:
        return f"its weekly values moved in the quarter, it is owned and guarded, and still predicts {reading.outcome}"
    return (
        "its weekly values moved in the quarter, it is owned and guarded; name an outcome to check that it predicts one"
    )
