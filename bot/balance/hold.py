"""A rise is judged against the weeks before it began, for as long as it lasts; a warning holds meanwhile.

Comparing the current window with the weeks just before it lets gaming that simply goes on become its own
baseline: two months in, the baseline is made of gamed weeks and the warning fades. So once a pair's driver
rises, the pair keeps the baseline it rose from for as long as the driver stays up against it, and the guard is
judged against that baseline too. A warning clears when the guard recovers or the driver comes back down;
a driver back down returns the pair to the usual baseline (the weeks just before the current window).

The digest keeps no state between runs: the rise and the run of warnings are found again each time by judging
every past week of the window whose digest had a full baseline, oldest first. They reach back as far as the
lookback window does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.balance.movement import Direction
from bot.balance.pairs import Held, Pair, PairVerdict, Verdict
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek

Judged = Callable[[Pair, Period, Period], PairVerdict]
"""A pair judged over a current window against a baseline (cached by the caller: the same windows recur week
after week and digest after digest)."""
Periods = Callable[[IsoWeek], tuple[Period, Period]]
"""A reported week's current window and its usual baseline."""


def judge_held(pair: Pair, weeks: Sequence[IsoWeek], *, judged: Judged, periods: Periods) -> PairVerdict:
    """The pair's verdict for the last of ``weeks``, replaying the weekly digests of the others first."""
    held: Held | None = None
    risen_from: Period | None = None
    """The baseline the driver rose from, while it stays up against it."""
    verdict: PairVerdict | None = None
    for week in weeks:
        current, usual = periods(week)
        verdict = judged(pair, current, risen_from or usual)
        if risen_from is not None and not _rose(verdict):
            risen_from, verdict = None, judged(pair, current, usual)
        baseline = risen_from or usual
        risen_from = baseline if _rose(verdict) else None
        held = _still_held(verdict, held, week, baseline)
    if verdict is None:
        raise ValueError("no week to judge")
    return replace(verdict, held=held)


def _rose(verdict: PairVerdict) -> bool:
    return verdict.driver is not None and verdict.driver.direction is Direction.BETTER


def _still_held(verdict: PairVerdict, held: Held | None, week: IsoWeek, baseline: Period) -> Held | None:
    if verdict.verdict is not Verdict.WARNING:
        return None
    if held is None:
        return Held(since=week, weeks=1, baseline=baseline)
    return replace(held, weeks=held.weeks + 1)


def replayed_weeks(window: Sequence[IsoWeek], current_weeks: int, baseline_weeks: int) -> tuple[IsoWeek, ...]:
    """The window's weeks whose digest had a full baseline, and always the reported week."""
    first = current_weeks + baseline_weeks - 1
    return (*window[first:-1], window[-1])
