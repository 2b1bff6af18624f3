"""A rise is judged against the weeks before it began, for as long as it lasts; a warning holds meanwhile.

Comparing the current window with the weeks just before it lets gaming that simply goes on become its own
baseline: two months in, the baseline is made of gamed weeks and the warning fades. So once a pair's driver
rises beyond noise, the pair keeps the baseline it rose from for as long as the driver stays up against it (at
least half its threshold above it), and the guard is judged against that baseline too. A warning, once given,
holds while the driver stays up and the guard has not recovered; it clears when either comes back. A driver
back down returns the pair to the usual baseline (the weeks just before the current window).

The digest keeps no state between runs: the rise and the run of warnings are found again each time by judging
every past week of the window whose digest had a full baseline, oldest first. They reach back as far as the
lookback window does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from bot.balance.movement import Direction, Movement
from bot.balance.pairs import Held, Pair, PairVerdict, Verdict
from bot.measure.metrics import Better
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
        if risen_from is not None and not _still_up(verdict.driver):
            risen_from, verdict = None, judged(pair, current, usual)
        baseline = risen_from or usual
        if held is not None and risen_from is not None:
            verdict = _holding(pair, verdict)
        rose = verdict.driver is not None and verdict.driver.direction is Direction.BETTER
        risen_from = baseline if rose or (risen_from is not None and _still_up(verdict.driver)) else None
        held = _still_held(verdict, held, week, baseline)
    if verdict is None:
        raise ValueError("no week to judge")
    return replace(verdict, held=held)


def _still_up(driver: Movement | None) -> bool:
    """Risen beyond noise, or still at least half its threshold above the baseline it rose from and more
    likely up than not by its test (p below one half).

    Half the threshold, not all of it, and not beyond noise: a week of noise in the driver must not hand the
    baseline over to the gamed weeks.
    """
    if driver is None or driver.change is None:
        return False
    if driver.direction is Direction.BETTER:
        return True
    gain = driver.change if driver.metric.better is Better.HIGHER else -driver.change
    likely = driver.p_value is None or driver.p_value < 0.5
    return likely and gain > 0 and gain >= (driver.threshold or 0.0) / 2


def _holding(pair: Pair, verdict: PairVerdict) -> PairVerdict:
    """A warning under way holds while the driver stays up and the guard has not recovered."""
    if verdict.driver is None or verdict.verdict is Verdict.WARNING:
        return verdict
    risen = replace(verdict.driver, direction=Direction.BETTER)
    return replace(verdict, verdict=Verdict.WARNING) if pair.warns(risen, verdict.guards) else verdict


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
