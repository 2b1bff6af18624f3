"""A rise is judged against the weeks before it began, for as long as it lasts; a warning holds meanwhile.

Comparing the current window with the weeks just before it lets gaming that simply goes on become its own
baseline: two months in, the baseline is made of gamed weeks and the warning fades. So once a pair's driver
rises beyond noise, the pair keeps the baseline it rose from for as long as the driver stays up against it (at
least half its threshold above it, and beyond noise at twice the significance level), and the guard is judged
against the weeks before the rise too. A warning, once given, holds while the driver stays up and the guard has
not recovered; it clears when either comes back. A driver back down returns the pair to the usual baseline.

Guards are judged against every week of the window before the current one (the *guard baseline*), not only the
usual baseline: a guard is often a rate of rare events (failed deploys, rubber stamps), and eight weeks hold
too few of them to tell a doubled failure rate from a lucky stretch. Once the driver has risen, the guard is
judged over the weeks since the rise, not the current window: those are the weeks the gaming hurt (the current
window still holds weeks from before it), and their evidence grows for as long as the gaming lasts.

The digest keeps no state between runs: the rise and the run of warnings are found again each time by judging
every past week of the window whose digest had a full baseline, oldest first. They reach back as far as the
lookback window does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.balance.movement import Direction
from bot.balance.pairs import Held, Pair, PairVerdict, Verdict, verdict_of
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
    rise: Rise | None = None
    verdict: PairVerdict | None = None
    first = periods(weeks[0])[1] if weeks else None
    for index, week in enumerate(weeks):
        current, usual = periods(week)
        assert first is not None
        before = Period(first.start, usual.end, first.weeks + index)  # the guard baseline
        verdict = judged(pair, current, rise.baseline if rise else usual)
        if rise is not None and not _still_up(verdict):
            rise, verdict = None, judged(pair, current, usual)
        if rise is None:
            verdict = _guards_from(pair, verdict, judged(pair, current, before), (current, before))
        else:
            rise = replace(rise, windows=(*rise.windows, current))
            verdict = _guards_from(
                pair, verdict, judged(pair, rise.pooled(), rise.before), (rise.pooled(), rise.before)
            )
            if held is not None:
                verdict = _holding(pair, verdict)
        baseline = rise.baseline if rise else usual
        rose = verdict.driver is not None and verdict.driver.direction is Direction.BETTER
        if rise is None and rose:
            rise = Rise(baseline=baseline, before=before, windows=(current,))
        held = _still_held(verdict, held, week, baseline)
    if verdict is None:
        raise ValueError("no week to judge")
    return replace(verdict, held=held)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rise:
    """A driver's rise beyond noise, kept while the driver stays up."""

    baseline: Period
    """The baseline it rose from."""
    before: Period
    """The guard baseline it rose from."""
    windows: tuple[Period, ...]
    """The current windows of the weekly digests since it rose, the one it rose in first."""

    def pooled(self) -> Period:
        """Every week since the rise, the week it rose in first (the last week of the window it rose in)."""
        rose_in, last = self.windows[0], self.windows[-1]
        return Period(rose_in.start + timedelta(weeks=rose_in.weeks - 1), last.end, len(self.windows))


def _guards_from(pair: Pair, verdict: PairVerdict, judged: PairVerdict, span: tuple[Period, Period]) -> PairVerdict:
    """The verdict with the guards as ``judged`` reads them: over a longer baseline, or since the rise.

    The driver stays judged on the current window against its own baseline, so the pair still clears when the
    driver comes back down.
    """
    if judged.unjudged is not None or verdict.driver is None or judged.guards == verdict.guards:
        return verdict
    verdict_now = verdict_of(pair, verdict.driver, judged.guards)
    return replace(verdict, guards=judged.guards, verdict=verdict_now, guard_span=span)


def _still_up(verdict: PairVerdict) -> bool:
    """Risen beyond noise, or still at least half its threshold above the baseline it rose from and beyond
    noise at twice the significance level its rise had to reach.

    Half the threshold and twice the level, not the full rise: a week of noise in a gamed driver must not hand
    the baseline over to the gamed weeks. Beyond noise all the same: a chance rise that has faded must let go of
    its baseline, or a steady team would be judged for months against one lucky stretch.
    """
    driver = verdict.driver
    if driver is None or driver.change is None:
        return False
    if driver.direction is Direction.BETTER:
        return True
    gain = driver.change if driver.metric.better is Better.HIGHER else -driver.change
    level = driver.alpha if driver.alpha is not None else 1 - verdict.confidence
    beyond_noise = driver.p_value is None or driver.p_value < 2 * level
    return beyond_noise and gain > 0 and gain >= (driver.threshold or 0.0) / 2


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
