"""Does proxy validation cry wolf, and how soon does it see a proxy break away from its outcome?

    python bench/proxy_noise.py [--histories 200] [--weeks 40] [--break-week 27] [--noise 1.0 1.5]

False alarms: ``--histories`` coupled 40-week histories (merged PRs a week, Poisson around a rising mean;
an outcome that follows the KPI of that week and the one before, plus Gaussian noise of sd ``--noise``),
each validated once over all its weeks, as the audit does: the share called ``decoupled`` (and ``validated``).
Also the share called decoupled at any of the weekly looks from ``--break-week`` to the end, as a team that
ran the audit every week would see it.

Detection: as many histories whose outcome falls 0.8 a week from ``--break-week`` while the KPI keeps
rising, validated at each week from the break on: the weeks until the first ``decoupled`` verdict (the
detection delay), the share found within 6 weeks, and how far the reported break week is from the true one.

Measured in this one run; needs the test extras (the generator lives in tests/). Pure Python, a few minutes
for the defaults; ``--histories 10`` is a smoke run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.balance.proxy import ProxyRules, ProxyStatus, validate
from bot.measure.weeks import IsoWeek
from tests.proxyhistory import history, week

RULES = ProxyRules()


def until(kpi: list[tuple[IsoWeek, float | None]], outcome: dict[IsoWeek, float], end: int) -> ProxyStatus:
    return validate(kpi[:end], {w: v for w, v in outcome.items() if w <= week(end)}, RULES).status


def coupled(histories: int, weeks: int, break_week: int, noise: float) -> None:
    once, any_look, validated = 0, 0, 0
    for seed in range(histories):
        kpi, outcome = history(seed, weeks=weeks, noise=noise)
        status = validate(kpi, outcome, RULES).status
        once += status is ProxyStatus.DECOUPLED
        validated += status is ProxyStatus.VALIDATED
        any_look += any(until(kpi, outcome, end) is ProxyStatus.DECOUPLED for end in range(break_week, weeks + 1))
    print(
        f"  coupled, noise {noise}: decoupled {once / histories:.1%} (one audit over {weeks} weeks), "
        f"{any_look / histories:.1%} (any weekly look from week {break_week}); validated {validated / histories:.1%}"
    )


def broken(histories: int, weeks: int, break_week: int, noise: float) -> None:
    delays: list[int | None] = []
    misplaced: list[int] = []
    for seed in range(histories):
        kpi, outcome = history(10_000 + seed, weeks=weeks, broken_from=break_week, noise=noise)
        found = next(
            (end for end in range(break_week, weeks + 1) if until(kpi, outcome, end) is ProxyStatus.DECOUPLED), None
        )
        delays.append(None if found is None else found - break_week)
        final = validate(kpi, outcome, RULES)
        if final.broke is not None:
            misplaced.append(abs(_weeks_between(week(break_week), final.broke)))
    seen = [d for d in delays if d is not None]
    within = sum(d <= 6 for d in seen) / histories
    print(
        f"  broken at week {break_week}, noise {noise}: found within 6 weeks {within:.1%}, by week {weeks} "
        f"{len(seen) / histories:.1%}; delay median {statistics.median(seen) if seen else 'n/a'} weeks, "
        f"90th percentile {_percentile(seen, 0.9)}; reported break week off by a median "
        f"{statistics.median(misplaced) if misplaced else 'n/a'} weeks"
    )


def _weeks_between(a: IsoWeek, b: IsoWeek) -> int:
    return (b.monday() - a.monday()).days // 7


def _percentile(values: list[int], share: float) -> int | str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--histories", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=40)
    parser.add_argument("--break-week", type=int, default=27)
    parser.add_argument("--noise", type=float, nargs="+", default=[1.0, 1.5])
    args = parser.parse_args()
    print(f"proxy validation: lag {RULES.lag}, recent {RULES.recent_weeks} weeks, {RULES.confidence:.0%} confidence")
    for noise in args.noise:
        coupled(args.histories, args.weeks, args.break_week, noise)
        broken(args.histories, args.weeks, args.break_week, noise)


if __name__ == "__main__":
    main()
