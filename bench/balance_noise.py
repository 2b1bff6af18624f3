"""How often does the balancer cry wolf on a team whose behaviour did not change?

    python bench/balance_noise.py [--runs 300]

Generates 12-week histories with the same behaviour throughout (so every warning is a false alarm)
for a small and a medium team, and prints the share of digests with any warning, per pair and in all:
with the bot's rule (driver past its threshold *and* beyond noise) and with DESIGN.md's literal rule
(driver past its threshold), measured in this one run. Also prints how often each gaming pattern is
caught (the warning's power). Needs the test extras (the generator lives in tests/).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bot.balance.movement as movement
from bot.measure.weeks import Window
from bot.report import build_digest
from bot.settings import BalanceLimits, MeasureSettings
from tests.scenarios import HEALTHY, REPORTED, SPEED_GAMED, Team, changed, generate

TEAMS = {
    "small": changed(HEALTHY, deploys_per_week=2, prs_per_week=4, commits_per_week=15, failure_rate=0.15),
    "medium": HEALTHY,
}
GAMING = {
    "speed-vs-stability": SPEED_GAMED,
    "volume-vs-review": changed(HEALTHY, commits_per_week=120, review_comments=0.3, silent_approvals=0.9),
    "points-vs-delivery": changed(HEALTHY, points_per_pr=7),
    "throughput-vs-size": changed(HEALTHY, prs_per_week=25, median_lines=50),
}


def warned(baseline: Team, current: Team, seed: int) -> list[str]:
    window = Window.ending(REPORTED, 12, UTC)
    digest = build_digest(
        repository="a/b",
        dataset=generate(seed, baseline, current),
        window=window,
        rules=MeasureSettings().rules(zone=UTC),
        limits=BalanceLimits(),
        current_weeks=4,
        baseline_weeks=8,
        release_tag_pattern="^v",
        generated_at=datetime(2026, 11, 18, tzinfo=UTC),
    )
    return [v.pair.id for v in digest.verdicts if v.verdict.value == "warning"]


def false_alarms(team: Team, runs: int) -> Counter[str]:
    counted: Counter[str] = Counter()
    for seed in range(runs):
        found = warned(team, team, 10_000 + seed)
        counted.update(found)
        counted["any"] += bool(found)
    return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    real_rule = movement.Rule
    for name, team in TEAMS.items():
        ours = false_alarms(team, args.runs)
        movement.Rule = lambda *, higher_is_better, threshold, alpha: real_rule(  # type: ignore[misc]
            higher_is_better=higher_is_better, threshold=threshold, alpha=1.01 if threshold is not None else alpha
        )
        literal = false_alarms(team, args.runs)
        movement.Rule = real_rule  # type: ignore[misc]
        print(f"{name} unchanged team, {args.runs} digests: false-alarm rate (any warning)")
        print(f"  bot's rule:        {ours['any'] / args.runs:6.1%}   {dict(ours)}")
        print(f"  DESIGN.md literal: {literal['any'] / args.runs:6.1%}   {dict(literal)}")
    runs = max(20, args.runs // 10)
    print(f"\npower: share of {runs} gamed histories whose own pair warned   bot's rule   DESIGN.md literal")
    for pair, current in GAMING.items():
        ours = sum(1 for seed in range(runs) if pair in warned(HEALTHY, current, seed))
        movement.Rule = lambda *, higher_is_better, threshold, alpha: real_rule(  # type: ignore[misc]
            higher_is_better=higher_is_better, threshold=threshold, alpha=1.01 if threshold is not None else alpha
        )
        literal = sum(1 for seed in range(runs) if pair in warned(HEALTHY, current, seed))
        movement.Rule = real_rule  # type: ignore[misc]
        print(f"  {pair:60} {ours / runs:6.0%} {literal / runs:14.0%}")


if __name__ == "__main__":
    main()
