"""How often does the balancer cry wolf, and does it catch gaming for as long as it lasts?

    python bench/balance_noise.py [--teams 200] [--sizes 10 30 100] [--lookback 26] [--gamed-size 60]

False alarms: for each team size (merged PRs a week), ``--teams`` stationary teams (the same behaviour
throughout, so every warning is a false alarm); the share of teams warned in any of three consecutive weekly
digests, per pair and for any pair. Points are as noisy as real boards make them: a minority of PRs (15-35%
per team) close an issue carrying a Fibonacci estimate (1-13), and other pointed issues are closed by hand.

Gaming: deploy, commit and estimate inflation at ``--gamed-size`` PRs a week, starting after ``--lookback``
healthy weeks, going on for 16 weeks, then stopping. For the gamed pair: the share of teams flagged in any
of the first three weekly digests from onset, flagged 15 weeks after onset, and cleared in the 4th digest
after it stops. Each digest reads a ``--lookback``-week window, as the bot does (lookback-weeks).

Measured in this one run; needs the test extras (the generator lives in tests/). The full run takes tens of
minutes on one core; ``--teams 3 --sizes 10 --kinds "estimate inflation"`` is a smoke run (CI's).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.balance.pairs import PAIRS, Verdict
from bot.measure.history import History
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset
from bot.report import Replay
from bot.settings import BalanceLimits, MeasureSettings
from tests.scenarios import REPORTED, Team, changed, story

LIMITS = BalanceLimits()
RULES = MeasureSettings().rules(zone=UTC)
GAMED_WEEKS, AFTER_WEEKS = 16, 4


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


class TeamDigests:
    """The weekly digests' verdicts over one generated history, sharing what they measured and judged."""

    def __init__(self, dataset: Dataset, lookback: int) -> None:
        self.replay = Replay(History(dataset, RULES), LIMITS)
        self.lookback = lookback

    def warned(self, week: IsoWeek) -> set[str]:
        window = Window.ending(week, self.lookback, UTC)
        verdicts = self.replay.verdicts(window, LIMITS.current_weeks, LIMITS.baseline_weeks)
        return {v.pair.id for v in verdicts if v.verdict is Verdict.WARNING}


def false_alarms(size: int, teams: int, lookback: int) -> Counter[str]:
    counted: Counter[str] = Counter()
    for seed in range(teams):
        team = team_of(size, seed)
        digests = TeamDigests(story(10_000 + seed, ((team, lookback + 2),)), lookback)
        found = set().union(*(digests.warned(REPORTED.shift(-k)) for k in range(3)))
        counted.update(found)
        counted["any"] += bool(found)
    return counted


def gaming(kind: str, size: int, teams: int, lookback: int) -> tuple[float, float, float]:
    pair, gamed = GAMING[kind]
    caught = held = cleared = 0
    for seed in range(teams):
        team = team_of(size, 50_000 + seed)
        phases = ((team, lookback), (gamed(team), GAMED_WEEKS), (team, AFTER_WEEKS))
        digests = TeamDigests(story(50_000 + seed, phases), lookback)
        onset = REPORTED.shift(-(GAMED_WEEKS + AFTER_WEEKS - 1))
        caught += any(pair in digests.warned(onset.shift(k)) for k in range(3))
        held += pair in digests.warned(onset.shift(15))
        cleared += pair not in digests.warned(onset.shift(GAMED_WEEKS + AFTER_WEEKS - 1))
    return caught / teams, held / teams, cleared / teams


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=200, help="teams per cell (default 200)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 30, 100], help="merged PRs a week (none: skip)")
    parser.add_argument("--lookback", type=int, default=26, help="weeks each digest reads (default 26)")
    parser.add_argument("--gamed-size", type=int, default=60, help="merged PRs a week of the gamed teams")
    parser.add_argument("--kinds", nargs="*", default=list(GAMING), help="gaming kinds to run (default all)")
    args = parser.parse_args()

    ids = [p.id for p in PAIRS]
    print(f"False alarms: share of {args.teams} stationary teams warned in any of 3 consecutive weekly digests")
    print(f"{'pair':24}" + "".join(f"{f'{s} PRs/wk':>12}" for s in args.sizes))
    table = {size: false_alarms(size, args.teams, args.lookback) for size in args.sizes}
    for pair in [*ids, "any"]:
        label = "any pair (overall)" if pair == "any" else pair
        print(f"{label:24}" + "".join(f"{table[s][pair] / args.teams:12.1%}" for s in args.sizes))

    print(f"\nGaming at {args.gamed_size} PRs/wk, {args.teams} teams each, for the gamed pair")
    print(f"{'kind':20}{'pair':22}{'by 3rd digest':>15}{'15 wk on':>10}{'cleared 4 wk after':>20}")
    for kind in args.kinds:
        caught, held, cleared = gaming(kind, args.gamed_size, args.teams, args.lookback)
        print(f"{kind:20}{GAMING[kind][0]:22}{caught:15.0%}{held:10.0%}{cleared:20.0%}")


if __name__ == "__main__":
    main()
