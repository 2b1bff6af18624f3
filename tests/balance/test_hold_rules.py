"""How the hold replays a pair week by week, on verdicts given by hand: which baseline and which weeks it judges."""

from __future__ import annotations

from datetime import UTC

from bot.balance import movement
from bot.balance.hold import judge_held
from bot.balance.movement import Direction, Movement
from bot.balance.pairs import PAIRS, PairVerdict, Verdict
from bot.measure.metrics import CHANGE_FAILURE_RATE, DEPLOYMENT_FREQUENCY
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek

SPEED = next(p for p in PAIRS if p.id == "speed-vs-stability")
WEEKS = tuple(IsoWeek(2026, 30 + k) for k in range(6))


def window(week: IsoWeek, count: int) -> Period:
    """``count`` weeks ending with ``week``."""
    return Period(week.shift(1 - count).start(UTC), week.end(UTC), count)


def periods(week: IsoWeek) -> tuple[Period, Period]:
    current = window(week, 4)
    return current, window(week.shift(-4), 8)


def guard_baseline(week: IsoWeek) -> Period:
    """Every week of the replayed window before ``week``'s current window."""
    first = periods(WEEKS[0])[1]
    return Period(first.start, periods(week)[1].end, first.weeks + WEEKS.index(week))


def test_guards_are_judged_against_every_week_before_the_current_window() -> None:
    replayed = Replayed({w: driver(0.0, 0.5) for w in WEEKS})
    replay(replayed)
    assert (periods(WEEKS[-1])[0], periods(WEEKS[-1])[1]) in replayed.calls
    assert (periods(WEEKS[-1])[0], guard_baseline(WEEKS[-1])) in replayed.calls
    assert guard_baseline(WEEKS[-1]).weeks == 13 and guard_baseline(WEEKS[-1]).start == periods(WEEKS[0])[1].start


def driver(change: float, p_value: float) -> Movement:
    return Movement(
        metric=DEPLOYMENT_FREQUENCY,
        baseline=10.0,
        current=10.0 * (1 + change),
        direction=Direction.BETTER if change >= 0.25 and p_value < 0.1 else Direction.FLAT,
        test=movement.Test.POISSON,
        p_value=p_value,
        samples=(40, 80),
        threshold=0.25,
    )


def guard(direction: Direction) -> Movement:
    return Movement(
        metric=CHANGE_FAILURE_RATE,
        baseline=0.08,
        current=0.2 if direction is Direction.WORSE else 0.08,
        direction=direction,
        test=movement.Test.FISHER,
        p_value=0.01 if direction is Direction.WORSE else 0.5,
        samples=(40, 80),
        threshold=None,
    )


class Replayed:
    """Hands out the driver given for each reported week and a guard chosen by how many weeks it is judged over."""

    def __init__(self, drivers: dict[IsoWeek, Movement], *, worse_over: int = 99) -> None:
        self.drivers = drivers
        self.worse_over = worse_over
        """The guard is worse when judged over at least this many weeks."""
        self.calls: list[tuple[Period, Period]] = []
        self.week = WEEKS[0]

    def periods(self, week: IsoWeek) -> tuple[Period, Period]:
        self.week = week
        return periods(week)

    def judged(self, pair: object, current: Period, baseline: Period) -> PairVerdict:
        self.calls.append((current, baseline))
        worse = current.weeks >= self.worse_over
        moved, guarded = self.drivers[self.week], guard(Direction.WORSE if worse else Direction.FLAT)
        warns = moved.direction is Direction.BETTER and worse
        return PairVerdict(
            pair=SPEED,
            verdict=Verdict.WARNING if warns else Verdict.BALANCED,
            driver=moved,
            guards=(guarded,),
            unjudged=None,
            confidence=0.9,
        )


def replay(replayed: Replayed) -> PairVerdict:
    return judge_held(SPEED, WEEKS, judged=replayed.judged, periods=replayed.periods)


def test_a_rise_that_fades_into_noise_lets_go_of_its_baseline() -> None:
    """Up by half the threshold but no longer beyond noise: the next week is judged against its usual baseline."""
    drivers = {w: driver(0.0, 0.5) for w in WEEKS} | {WEEKS[1]: driver(0.5, 0.01), WEEKS[2]: driver(0.15, 0.3)}
    replayed = Replayed(drivers)
    replay(replayed)
    rose_from = periods(WEEKS[1])[1]
    assert next(b for c, b in replayed.calls if c == periods(WEEKS[2])[0]) == rose_from
    assert next(b for c, b in replayed.calls if c == periods(WEEKS[3])[0]) == periods(WEEKS[3])[1]
    assert rose_from not in [b for c, b in replayed.calls if c == periods(WEEKS[3])[0]]


def test_a_rise_still_beyond_noise_keeps_its_baseline() -> None:
    drivers = {w: driver(0.0, 0.5) for w in WEEKS} | {w: driver(0.15, 0.05) for w in WEEKS[2:]}
    drivers[WEEKS[1]] = driver(0.5, 0.01)
    replayed = Replayed(drivers)
    replay(replayed)
    rose_from = periods(WEEKS[1])[1]
    assert (periods(WEEKS[-1])[0], rose_from) in replayed.calls


def test_after_a_rise_the_guard_is_judged_over_the_weeks_since_the_week_it_rose_in() -> None:
    """Risen in the second week: from the next on, the weeks since the rise, against the guard baseline
    of the week it rose in."""
    drivers = {WEEKS[0]: driver(0.0, 0.5)} | {w: driver(0.6, 0.001) for w in WEEKS[1:]}
    replayed = Replayed(drivers, worse_over=5)
    verdict = replay(replayed)
    for weeks in range(2, 6):
        since_rise = Period(WEEKS[1].start(UTC), WEEKS[weeks].end(UTC), weeks)
        assert (since_rise, guard_baseline(WEEKS[1])) in replayed.calls
    assert verdict.verdict is Verdict.WARNING and verdict.held is not None and verdict.held.since == WEEKS[-1]
