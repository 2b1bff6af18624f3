"""The digest's KPI table, as text: shown in place of the headline table when ``kpis:`` is configured.

Kept apart from ``view.py`` so the digest's view stays as it is for teams with no KPIs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.kpis import KpiReading
from bot.publish import format as fmt
from bot.publish import kpi_words
from bot.publish.escape import inline
from bot.report import Digest


@dataclass(frozen=True, slots=True, kw_only=True)
class KpiTableView:
    lookback_weeks: int
    current_weeks: int
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]


def kpi_table(digest: Digest, readings: Sequence[KpiReading]) -> KpiTableView:
    return KpiTableView(
        lookback_weeks=len(digest.window.weeks),
        current_weeks=digest.current_period.weeks,
        rows=tuple(_row(digest, r) for r in readings),
        notes=tuple(_notes(readings)),
    )


def _row(digest: Digest, reading: KpiReading) -> tuple[str, ...]:
    metric = reading.metric
    series = tuple(metric.value(m) for m in digest.weekly)
    current, baseline = metric.value(digest.current), metric.value(digest.baseline)
    change = None if current is None or not baseline else (current - baseline) / baseline
    return (
        metric.label,
        inline(reading.owner) if reading.owner else "⚠️ nobody",
        fmt.with_unit(series[-1], metric),
        f"{fmt.sparkline(series)} {fmt.change(change)}",
        _guard(digest, reading),
        kpi_words.short(reading),
    )


def _guard(digest: Digest, reading: KpiReading) -> str:
    guard = reading.guard
    if guard is None:
        return "⚠️ none"
    verdict = next((v for v in digest.verdicts if reading.pair and v.pair.id == reading.pair.id), None)
    mark = f", {fmt.verdict_mark(verdict.verdict)}" if verdict else ""
    return f"{guard.label}: {fmt.with_unit(guard.value(digest.weekly[-1]), guard)}{mark}"


def _notes(readings: Sequence[KpiReading]) -> list[str]:
    notes = []
    unowned = [r.metric.label for r in readings if r.owner is None]
    if unowned:
        notes.append(f"Nobody owns {fmt.listed(unowned)}: name a team or role as its owner under kpis:.")
    unguarded = [r.metric.label for r in readings if r.guard is None]
    if unguarded:
        notes.append(f"Nothing guards {fmt.listed(unguarded)}: name a guard under kpis:.")
    for r in readings:
        if r.outcome_unread is not None:
            notes.append(
                f"{r.metric.label}'s outcome {inline(r.outcome or '')} was not read, so its validation is left out: "
                f"{inline(r.outcome_unread, limit=500)}."
            )
    decoupled = [r for r in readings if kpi_words.status(r) == "decoupled"]
    for r in decoupled:
        notes.append(f"{r.metric.label} no longer predicts {inline(r.outcome or '')}: see the quarterly audit.")
    return notes
