"""The digest's top, what a manager reads in ten seconds: the alert, then the headline table.

The alert says whether anything needs attention, with one line of numbers per warned pair; the table
marks change by meaning (a rise in failures is "worse", not just "up") and the rows behind a warning.
``headline_table`` is the one block a configured KPI table replaces.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.balance.movement import Direction, Movement
from bot.balance.pairs import PairVerdict, Verdict
from bot.publish import format as fmt
from bot.report import Digest, Headline


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """The first thing read: a GitHub alert, ``WARNING`` with one line of numbers per warned pair, else ``NOTE``."""

    kind: str
    lead: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadlineTable:
    """The table at the top: at most seven columns, values that never wrap, the rows behind a warning marked."""

    columns: tuple[str, ...]
    align: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def alert(d: Digest) -> Alert:
    if not d.warnings:
        return Alert(kind="NOTE", lead=_summary(d), lines=())
    lead = fmt.counted(len(d.warnings), "balance warning")
    return Alert(
        kind="WARNING",
        lead=f"**{lead}**; each pair's chart, the weeks it was judged over, and what to look at are under Balance.",
        lines=tuple(_alert_line(v) for v in d.warnings if v.driver is not None),
    )


def _alert_line(v: PairVerdict) -> str:
    """``Speed vs stability: deployments per week 4.4 → 12.8 (+191%) while change failure rate 11% → 43%``."""
    assert v.driver is not None
    worse = [g for g in v.guards if g.direction is Direction.WORSE] or list(v.guards)
    guards = " and ".join(_moved(g) for g in worse)
    return f"**{v.pair.title}**: {_moved(v.driver)} while {guards}."


def _moved(m: Movement) -> str:
    change = "" if m.change is None else f" ({fmt.change(m.change)})"
    before, after = fmt.shown(m.baseline, m.metric.kind), fmt.with_unit(m.current, m.metric)
    return f"{m.metric.name} {fmt.nowrap(before)} → {fmt.nowrap(after)}{change}"


def _summary(d: Digest) -> str:
    unjudged = sum(1 for v in d.verdicts if v.verdict is Verdict.INSUFFICIENT)
    if unjudged:
        return f"**No balance warnings.** {unjudged} of {len(d.verdicts)} pairs had too little data to judge."
    return f"**No balance warnings.** All {len(d.verdicts)} pairs were judged."


def headline_table(d: Digest) -> HeadlineTable:
    """The headline KPIs; the one block a configured KPI table replaces.

    Six columns fit GitHub's 760 px issue column without scrolling; this week's value is the trend's last
    bar (and in the JSON), since the balancer judges the last weeks together, not one week alone.
    """
    warned = _warned_metrics(d)
    return HeadlineTable(
        columns=tuple(
            fmt.nowrap(c)
            for c in (
                "Headline",
                f"Last {fmt.counted(d.current_period.weeks, 'week')}",
                "Baseline",
                "Change",
                fmt.counted(len(d.weeks), "week"),
                "DORA tier",
            )
        ),
        align=("---", "---:", "---:", "---:", "---", "---"),
        rows=tuple(_headline_row(h, h.metric.id in warned) for h in d.headlines),
    )


def _warned_metrics(d: Digest) -> frozenset[str]:
    """The metrics behind a warning: each warned pair's driver and the guards that worsened."""
    return frozenset(
        m.metric.id
        for v in d.warnings
        for m in (v.driver, *v.guards)
        if m is not None and (m is v.driver or m.direction is Direction.WORSE)
    )


def _headline_row(h: Headline, warned: bool) -> tuple[str, ...]:
    kind = h.metric.kind
    return (
        f"**⚠️{fmt.NBSP}{h.metric.label}**" if warned else h.metric.label,
        fmt.nowrap(fmt.shown(h.current, kind)),
        fmt.nowrap(fmt.shown(h.baseline, kind)),
        fmt.change(h.change, h.metric.better),
        fmt.sparkline(h.series),
        h.tier.value if h.tier else fmt.nowrap("none, see below") if withholds(h) else "",
    )


def withholds(h: Headline) -> bool:
    return h.metric.tier is not None and h.current is not None and not h.basis.tiered
