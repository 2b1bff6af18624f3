"""Generated weekly histories of a KPI and the outcome it stands for, coupled or broken at a given week.

The KPI is merged PRs a week, Poisson around a slowly rising mean (a team pushed to ship more); the outcome
is a product number (activation, in percent) that follows the KPI of the week before and the week itself,
with noise of the same size as that signal. A broken history keeps the KPI rising while, from the break
week on, the outcome falls: the seed articles' leads that kept rising while their purchase rate fell.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.measure.weeks import IsoWeek
from tests.scenarios import poisson

FIRST = IsoWeek(2026, 1)
"""Week 1 of every generated history; week n is FIRST.shift(n - 1)."""


def week(n: int) -> IsoWeek:
    return FIRST.shift(n - 1)


def history(
    seed: int, weeks: int = 40, broken_from: int | None = None, noise: float = 1.0, rise: float = 0.3
) -> tuple[list[tuple[IsoWeek, float | None]], dict[IsoWeek, float]]:
    """(week, merged PRs) oldest first, and the outcome by week."""
    rng = random.Random(seed)
    kpi = [float(poisson(rng, 8 + rise * n)) for n in range(1, weeks + 1)]
    outcome: dict[IsoWeek, float] = {}
    level = 0.0
    for n in range(1, weeks + 1):
        driven = 10 + 0.6 * _mean(kpi[max(0, n - 2) : n])
        if broken_from is None or n < broken_from:
            level = driven
        else:
            level -= 0.8  # the outcome falls a little more each week, whatever the KPI does
        outcome[week(n)] = round(level + rng.gauss(0, noise), 2)
    return [(week(n), kpi[n - 1]) for n in range(1, weeks + 1)], outcome


def csv_text(outcome: dict[IsoWeek, float], skip: Sequence[int] = ()) -> str:
    """The outcome as the team's CSV file: ``week,value`` rows, with the weeks in ``skip`` left out."""
    rows = [f"{w},{v}" for n, (w, v) in enumerate(sorted(outcome.items()), start=1) if n not in skip]
    return "week,value\n" + "\n".join(rows) + "\n"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
