"""One picture per warned pair: the driver and its guard on one Mermaid xychart, as indexes of their baselines.

A pair warns because two numbers moved apart; two charts on two scales hide exactly that. Drawn as a
percentage of its own baseline (100 = as usual), deployments per week and change failure rate share one
axis, which starts at zero so a rise is not exaggerated. Mermaid's default palette draws the first series
in a pale lavender that vanishes on white, so the palette is set: a blue and an orange that read on
GitHub's light and dark backgrounds alike. Mermaid's xychart draws no legend, so a legend line follows.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.balance.movement import Movement
from bot.balance.pairs import PairVerdict
from bot.measure.metrics import Metric
from bot.publish import format as fmt
from bot.report import Chart

PALETTE = ("#2563eb", "#ea580c")
"""Driver (bars), guard (line): each at least 3:1 against both #ffffff and GitHub's dark #0d1117."""
SWATCHES = ("🟦", "🟧")
"""The palette's colours as characters, for the legend line."""
WIDTH, HEIGHT = 640, 300
"""Pixels: compact, so the picture sits beside its warning rather than filling the page."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PairChart:
    """A warned pair's chart as Mermaid source, and the legend line that goes under it."""

    mermaid: str
    legend: str


def pair_chart(verdict: PairVerdict, charts: Sequence[Chart]) -> PairChart | None:
    """The chart of the verdict's pair from its charted series (driver first), or None when it has none."""
    driver, guard = (_series(charts, verdict, metric) for metric in verdict.pair.charted)
    if driver is None or guard is None:
        return None
    moves = {m.metric.id: m for m in (verdict.driver, *verdict.guards) if m is not None}
    bars, bars_base = _indexed(driver, moves.get(driver.metric.id))
    line, line_base = _indexed(guard, moves.get(guard.metric.id))
    top = _axis_top(max((*bars, *line, 100.0)))
    init = {
        "xyChart": {"width": WIDTH, "height": HEIGHT},
        "themeVariables": {"xyChart": {"plotColorPalette": ", ".join(PALETTE)}},
    }
    mermaid = "\n".join(
        (
            f"%%{{init: {json.dumps(init)}}}%%",
            "xychart-beta",
            f'    title "{verdict.pair.title}, as % of the baseline"',
            f"    x-axis [{', '.join(f'W{w.week:02d}' for w in driver.weeks)}]",
            f'    y-axis "% of baseline" 0 --> {top}',
            f"    bar [{', '.join(_plain(v) for v in bars)}]",
            f"    line [{', '.join(_plain(v) for v in line)}]",
        )
    )
    legend = (
        f"{SWATCHES[0]}{fmt.NBSP}bars: {_legend_item(driver.metric, bars_base)} · "
        f"{SWATCHES[1]}{fmt.NBSP}line: {_legend_item(guard.metric, line_base)}. A week with no value is drawn at 0."
    )
    return PairChart(mermaid=mermaid, legend=legend)


def _series(charts: Sequence[Chart], verdict: PairVerdict, metric: Metric) -> Chart | None:
    return next((c for c in charts if c.pair.id == verdict.pair.id and c.metric.id == metric.id), None)


def _indexed(chart: Chart, move: Movement | None) -> tuple[list[float], tuple[str, float]]:
    """The series as % of its baseline; with no usable baseline (none, or zero), as % of its own peak."""
    base = move.baseline if move is not None else None
    label = "baseline"
    if not base:
        base, label = max((v for v in chart.values if v is not None), default=0.0), "peak"
    if not base:
        return [0.0 for _ in chart.values], ("peak", 0.0)
    return [(v or 0.0) / base * 100 for v in chart.values], (label, base)


def _legend_item(metric: Metric, base: tuple[str, float]) -> str:
    label, value = base
    return f"{metric.label}, 100{fmt.NBSP}={fmt.NBSP}{fmt.nowrap(fmt.with_unit(value, metric))} (its {label})"


def _axis_top(peak: float) -> int:
    """The next round number above the peak (a 1, 2 or 5 step), so the axis ends with a labelled tick."""
    magnitude = 10 ** math.floor(math.log10(peak))
    step = next(s * magnitude for s in (1, 2, 5, 10) if s * magnitude * 5 >= peak)
    return int(math.ceil(peak / step) * step)


def _plain(value: float) -> str:
    """A number Mermaid reads: no decimals (an index needs none), no exponent."""
    return f"{value:.0f}"
