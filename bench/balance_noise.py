"""How often does the balancer cry wolf, and does it catch gaming for as long as it lasts?

    nice python bench/balance_noise.py [--teams 200] [--sizes 10 30 100] [--lookback N] [--gamed-size 60]
                                       [--kinds ...] [--seed 0] [--workers 2]

False alarms: for each team size (merged PRs a week), ``--teams`` stationary teams (the same behaviour
throughout, so every warning is a false alarm); the share of teams warned in any of three consecutive weekly
digests, per pair and for any pair. Points are as noisy as real boards make them: a minority of PRs (15-35%
per team) close an issue carrying a Fibonacci estimate (1-13), and other pointed issues are closed by hand.

Gaming: deploy, commit and estimate inflation at ``--gamed-size`` PRs a week, starting after ``--lookback``
healthy weeks, going on for 16 weeks, then stopping. For the gamed pair: the share of teams flagged in any
of the first three weekly digests from onset, flagged 15 weeks after onset, and cleared in the 4th digest
after it stops. Each digest reads a ``--lookback``-week window, as the bot does (default: the bot's own
lookback-weeks default), with the bot's default limits.

``--seed`` picks other teams (seeds ``--seed`` to ``--seed + --teams - 1``): a result that holds only for one
seed is luck. Measured in this one run; needs the test extras (the generator lives in tests/). Each week of a
team is measured once and weeks are added up into periods (checked equal to the product's History on the first
team of each cell); the full run takes about 20 minutes with 2 workers on a busy 2-core machine.
``--teams 3 --sizes 10 --kinds "estimate inflation"`` is a smoke run (CI's).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.balance.pairs import PAIRS, Verdict
from bot.measure.activity import counted_commits
from bot.measure.dora import Frequency
from bot.measure.history import History, PeriodMetrics
from bot.measure.points import Points, story_points
from bot.measure.rules import MeasureRules
from bot.measure.values import Period, Rate, Sample
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset, PointsSource
from bot.report import Replay, periods
from bot.settings import BalanceLimits, MeasureSettings
from bot.settings.sections import CollectionSettings
from tests.scenarios import REPORTED, Team, changed, story

LIMITS = BalanceLimits()
RULES = MeasureSettings().rules(zone=UTC)
GAMED_WEEKS, AFTER_WEEKS = 16, 4
DEFAULT_LOOKBACK = CollectionSettings.model_fields["lookback_weeks"].default


def team_of(size: int, seed: int) -> Team:
    """A stationary team merging ``size`` PRs a week; its share of pointed PRs drawn per team."""
    share = random.Random(seed * 7919).uniform(0.15, 0.35)
    return Team(
        prs_per_week=size,
        commits_per_week=4 * size,
        deploys_per_week=max(2.0, size / 4),
        pointed_share=share,
        by_hand_per_week=size * share / 3,
    )


GAMING: dict[str, tuple[str, Callable[[Team], Team]]] = {
    "deploy inflation": (
        "speed-vs-stability",
        lambda t: changed(t, deploys_per_week=2 * t.deploys_per_week, failure_rate=0.2),
    ),
    "commit inflation": (
        "volume-vs-review",
        lambda t: changed(t, commits_per_week=2 * t.commits_per_week, review_comments=1.8),
    ),
    "estimate inflation": ("points-vs-delivery", lambda t: changed(t, estimate_steps=2)),
}


class WeeklyHistory(History):
    """The product's History, measuring each week once and adding weeks up into periods (bench speed only).

    A digest replays every week of its window, so the same weeks are measured again and again in overlapping
    periods. Every metric the pairs read is a count, a rate or a sample of per-record values, so a period is
    the sum of its weeks; deploys, what they shipped and which failed are prepared once over the whole
    dataset, as History does. :func:`check_weekly` verifies that it measures what History does on the first
    team of every cell.
    """

    def __init__(self, dataset: Dataset, rules: MeasureRules) -> None:
        super().__init__(dataset, rules)
        self.whole, self.all_deploys = dataset, self.deploys
        found: dict[tuple[datetime, str], list[Any]] = defaultdict(list)
        for field, when in (
            ("commits", lambda c: c.committed_at),
            ("pull_requests", lambda pr: pr.merged_at),
            ("work_items", lambda w: w.closed_at),
        ):
            for record in getattr(dataset, field):
                if when(record) is not None:
                    found[_monday(when(record)), field].append(record)
        mondays = {monday for monday, _ in found}
        self.slices = {
            monday: Dataset(**{f: tuple(found[monday, f]) for f in ("commits", "pull_requests", "work_items")})
            for monday in mondays
        }
        self.weeks: dict[datetime, tuple[PeriodMetrics, frozenset[str]]] = {}

    def period(self, period: Period) -> PeriodMetrics:
        weeks = [self._week(period.start + timedelta(weeks=k)) for k in range(period.weeks)]
        return added(period, [m for m, _ in weeks], len(frozenset().union(*(who for _, who in weeks))))

    def _week(self, monday: datetime) -> tuple[PeriodMetrics, frozenset[str]]:
        if monday not in self.weeks:
            week = Period(monday, monday + timedelta(weeks=1), 1)
            d = self.slices.get(monday, EMPTY)
            self.dataset = replace(
                self.whole, commits=d.commits, pull_requests=d.pull_requests, work_items=d.work_items
            )
            self.deploys = tuple(x for x in self.all_deploys if x.at in week)
            try:
                measured = super().period(week)
            finally:
                self.dataset, self.deploys = self.whole, self.all_deploys
            if measured.points is None and self.whole.work_items:  # a week without pointed items still counts
                measured = replace(measured, points=story_points(d.work_items, d.pull_requests, week))
            who = frozenset(c.author.email.lower() for c in counted_commits(d.commits, self.rules.exclude_authors))
            self.weeks[monday] = measured, who
        return self.weeks[monday]


def _monday(moment: datetime) -> datetime:
    day = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def added(period: Period, weeks: list[PeriodMetrics], contributors: int) -> PeriodMetrics:
    """Weeks' metrics added up: counts summed, rates' parts summed, samples joined in order."""

    def total(values: list[Any]) -> Any:
        first = values[0]
        if any(v is None for v in values):
            return None
        if isinstance(first, int | float):
            return sum(values)
        if isinstance(first, Sample):
            return Sample(tuple(x for v in values for x in v.values))
        if isinstance(first, Rate):
            return Rate(sum(v.numerator for v in values), sum(v.denominator for v in values))
        if isinstance(first, Frequency):
            return Frequency(*(sum(getattr(v, f) for v in values) for f in ("deployments", "deploy_days", "redeploys")))
        if isinstance(first, Period):
            return period
        if isinstance(first, Points):
            return Points(
                completed=total([v.completed for v in values]),
                items=total([v.items for v in values]),
                per_pr=total([v.per_pr for v in values]),
                unpointed=total([v.unpointed for v in values]),
                sources=tuple((s, n) for s in PointsSource if (n := sum(dict(v.sources).get(s, 0) for v in values))),
            )
        raise TypeError(f"the bench cannot add up {type(first).__name__}")

    fields = {f.name: total([getattr(w, f.name) for w in weeks]) for f in dataclass_fields(PeriodMetrics)}
    return replace(
        PeriodMetrics(**fields), period=period, contributors=contributors if weeks[0].contributors is not None else None
    )


EMPTY = Dataset()


def check_weekly(dataset: Dataset, weeks: list[IsoWeek]) -> None:
    """The weekly history measures what the product's History does, over current windows and baselines."""
    whole, sliced = History(dataset, RULES), WeeklyHistory(dataset, RULES)
    for week in weeks:
        window = Window.ending(week, LIMITS.current_weeks + LIMITS.baseline_weeks, UTC)
        for period in periods(window, LIMITS.current_weeks, LIMITS.baseline_weeks):
            if whole.period(period) != sliced.period(period):
                raise SystemExit(f"the bench's weekly history measures {period} differently from History")


class TeamDigests:
    """The weekly digests' verdicts over one generated history, sharing what they measured and judged."""

    def __init__(self, dataset: Dataset, lookback: int, *, check: bool = False) -> None:
        if check:
            check_weekly(dataset, [REPORTED.shift(-k) for k in range(0, 20, 4)])
        self.replay = Replay(WeeklyHistory(dataset, RULES), LIMITS)
        self.lookback = lookback

    def warned(self, week: IsoWeek) -> set[str]:
        window = Window.ending(week, self.lookback, UTC)
        verdicts = self.replay.verdicts(window, LIMITS.current_weeks, LIMITS.baseline_weeks)
        return {v.pair.id for v in verdicts if v.verdict is Verdict.WARNING}


def false_alarm(job: tuple[int, int, int]) -> set[str]:
    """The pairs that warned one stationary team in any of the last three weekly digests."""
    size, seed, lookback = job
    team = team_of(size, seed)
    digests = TeamDigests(story(10_000 + seed, ((team, lookback + 2),)), lookback, check=seed % 1000 == 0)
    return set().union(*(digests.warned(REPORTED.shift(-k)) for k in range(3)))


def gamed(job: tuple[str, int, int, int]) -> tuple[bool, bool, bool]:
    """One gamed team: flagged by the 3rd digest from onset, flagged 15 weeks on, cleared 4 weeks after."""
    kind, size, seed, lookback = job
    pair, gaming = GAMING[kind]
    team = team_of(size, 50_000 + seed)
    phases = ((team, lookback), (gaming(team), GAMED_WEEKS), (team, AFTER_WEEKS))
    digests = TeamDigests(story(50_000 + seed, phases), lookback, check=seed % 1000 == 0)
    onset = REPORTED.shift(-(GAMED_WEEKS + AFTER_WEEKS - 1))
    return (
        any(pair in digests.warned(onset.shift(k)) for k in range(3)),
        pair in digests.warned(onset.shift(15)),
        pair not in digests.warned(onset.shift(GAMED_WEEKS + AFTER_WEEKS - 1)),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=200, help="teams per cell (default 200)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 30, 100], help="merged PRs a week (none: skip)")
    parser.add_argument("--lookback", type=int, default=None, help="weeks each digest reads (default: the bot's)")
    parser.add_argument("--gamed-size", type=int, default=60, help="merged PRs a week of the gamed teams")
    parser.add_argument("--kinds", nargs="*", default=list(GAMING), help="gaming kinds to run (default all)")
    parser.add_argument("--seed", type=int, default=0, help="first team's seed; another seed, other teams")
    parser.add_argument("--workers", type=int, default=2, choices=(1, 2), help="processes (default 2)")
    args = parser.parse_args()
    lookback = args.lookback or DEFAULT_LOOKBACK
    seeds = range(args.seed, args.seed + args.teams)
    started = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        ids = [p.id for p in PAIRS]
        print(f"False alarms: share of {args.teams} stationary teams warned in any of 3 consecutive weekly digests")
        print(f"(lookback {lookback} weeks, seeds {seeds.start}-{seeds.stop - 1})")
        print(f"{'pair':24}" + "".join(f"{f'{s} PRs/wk':>12}" for s in args.sizes))
        table: dict[int, Counter[str]] = {}
        for size in args.sizes:
            table[size] = Counter()
            for found in pool.imap_unordered(false_alarm, [(size, seed, lookback) for seed in seeds]):
                table[size].update(found)
                table[size]["any"] += bool(found)
        for pair in [*ids, "any"]:
            label = "any pair (overall)" if pair == "any" else pair
            print(f"{label:24}" + "".join(f"{table[s][pair] / args.teams:12.1%}" for s in args.sizes))

        print(f"\nGaming at {args.gamed_size} PRs/wk, {args.teams} teams each, for the gamed pair")
        print(f"{'kind':20}{'pair':22}{'by 3rd digest':>15}{'15 wk on':>10}{'cleared 4 wk after':>20}")
        for kind in args.kinds:
            jobs = [(kind, args.gamed_size, seed, lookback) for seed in seeds]
            rows = list(pool.imap_unordered(gamed, jobs))
            caught, held, cleared = (sum(row[i] for row in rows) / args.teams for i in range(3))
            print(f"{kind:20}{GAMING[kind][0]:22}{caught:15.0%}{held:10.0%}{cleared:20.0%}")
    print(f"\nwall time {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
