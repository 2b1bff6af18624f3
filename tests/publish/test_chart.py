"""One chart per warned pair: driver and guard on one axis from zero, as percentages of their baselines."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.publish.chart import PALETTE, pair_chart
from tests.publish.golden import digest


def _series(mermaid: str, kind: str) -> list[int]:
    found = re.search(rf"^    {kind} \[(.+)\]$", mermaid, re.MULTILINE)
    assert found
    return [int(v) for v in found.group(1).split(", ")]


def test_the_driver_is_bars_and_the_guard_a_line_each_against_its_baseline() -> None:
    two_warnings = digest("two_warnings")
    speed = two_warnings.warnings[0]
    chart = pair_chart(speed, two_warnings.charts)
    assert chart is not None
    assert _series(chart.mermaid, "bar")[-1] == round(20 / 4.375 * 100)  # 20 deploys in W46, 4.4 a week before
    assert 'y-axis "% of baseline" 0 --> 500' in chart.mermaid
    assert f'"plotColorPalette": "{", ".join(PALETTE)}"' in chart.mermaid
    assert "100\u00a0=\u00a04.4\u00a0deploys/week (its baseline)" in chart.legend


def test_a_series_whose_baseline_is_zero_is_drawn_against_its_own_peak() -> None:
    two_warnings = digest("two_warnings")
    speed = two_warnings.warnings[0]
    assert speed.driver is not None
    chart = pair_chart(replace(speed, driver=replace(speed.driver, baseline=0.0)), two_warnings.charts)
    assert chart is not None
    assert max(_series(chart.mermaid, "bar")) == 100
    assert "Deployments per week, 100\u00a0=\u00a020\u00a0deploys/week (its peak)" in chart.legend
