"""Does proxy validation cry wolf, and how soon does it see a proxy break away from its outcome?

    python bench/proxy_noise.py [--histories 200] [--weeks 40] [--break-week 27] [--noise 1.0 1.5] [--seed 0]

False alarms: ``--histories`` coupled histories (merged PRs a week, Poisson around a rising mean; an outcome
that follows the KPI of that week and the one before, plus Gaussian noise of sd ``--noise``), validated once
over all their weeks as the audit does (the share called ``decoupled`` and ``validated``), and at every week
from ``--break-week`` to the end as the digest's KPI table shows it (the share called decoupled at some week).

Detection: as many histories whose outcome falls 0.8 a week from ``--break-week`` while the KPI keeps
rising, validated at each week from the break on: the share found ``decoupled`` within 6 weeks of the break
and by the last week, the delay (median and 90th percentile, over those found) and how far the reported
break week is from the true one. Different ``--seed`` values draw different histories.

Measured in this one run; needs the test extras (the generator lives in tests/). Pure Python, about five
minutes a noise level for the defaults; ``--histories 10`` is a smoke run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.balance.proxy import ProxyRules, ProxyStatus, validate
from bot.measure.weeks import IsoWeek
from tests.proxyhistory import history, week

RULES = ProxyRules()
WITHIN = 6


@dataclass(frozen=True)
class Row:
    noise: float
    once_decoupled: float
    once_validated: float
    weekly_decoupled: float
    found_within: float
    found_by_end: float
    delays: list[int]
    misplaced: list[int]


def until(kpi: list[tuple[IsoWeek, float | None]], outcome: dict[IsoWeek, float], end: int) -> ProxyStatus:
    return validate(kpi[:end], {w: v for w, v in outcome.items() if w <= week(end)}, RULES).status


def measure(histories: int, weeks: int, break_week: int, noise: float, seed: int) -> Row:
    once, validated, weekly = 0, 0, 0
    for n in range(histories):
        kpi, outcome = history(seed * 100_000 + n, weeks=weeks, noise=noise)
        status = validate(kpi, outcome, RULES).status
        once += status is ProxyStatus.DECOUPLED
        validated += status is ProxyStatus.VALIDATED
        weekly += any(until(kpi, outcome, end) is ProxyStatus.DECOUPLED for end in range(break_week, weeks + 1))
    delays: list[int] = []
    misplaced: list[int] = []
    for n in range(histories):
        kpi, outcome = history(seed * 100_000 + 10_000 + n, weeks=weeks, broken_from=break_week, noise=noise)
        found = next(
            (end for end in range(break_week, weeks + 1) if until(kpi, outcome, end) is ProxyStatus.DECOUPLED), None
        )
        if found is None:
            continue
        delays.append(found - break_week)
        final = validate(kpi, outcome, RULES)
        if final.broke is not None:
            misplaced.append(abs((final.broke.monday() - week(break_week).monday()).days // 7))
    return Row(
        noise=noise,
        once_decoupled=once / histories,
        once_validated=validated / histories,
        weekly_decoupled=weekly / histories,
        found_within=sum(d <= WITHIN for d in delays) / histories,
        found_by_end=len(delays) / histories,
        delays=delays,
        misplaced=misplaced,
    )


def table(rows: list[Row], weeks: int, break_week: int) -> str:
    head = (
        f"| Outcome noise (sd) | Coupled, one audit: decoupled | validated | Coupled, checked weekly from week "
        f"{break_week}: decoupled at some point | Broken at week {break_week}: found within {WITHIN} weeks "
        f"| by week {weeks} |"
    )
    lines = [head, "|" + " --- |" * 6]
    for r in rows:
        lines.append(
            f"| {r.noise} | {r.once_decoupled:.1%} | {r.once_validated:.1%} | {r.weekly_decoupled:.1%} "
            f"| {r.found_within:.1%} | {r.found_by_end:.1%} |"
        )
    return "\n".join(lines)


def delays(rows: list[Row]) -> str:
    return "\n".join(
        f"noise {r.noise}: delay median {_median(r.delays)} weeks, 90th percentile {_percentile(r.delays, 0.9)}; "
        f"reported break week off by a median {_median(r.misplaced)} weeks"
        for r in rows
    )


def _median(values: list[int]) -> float | str:
    return statistics.median(values) if values else "n/a"


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
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(
        f"proxy validation: lag {RULES.lag}, recent {RULES.recent_weeks} weeks, drift limit {RULES.drift_limit}; "
        f"{args.histories} histories a cell, seed {args.seed}"
    )
    rows = [measure(args.histories, args.weeks, args.break_week, noise, args.seed) for noise in args.noise]
    print(table(rows, args.weeks, args.break_week))
    print(delays(rows))


if __name__ == "__main__":
    main()
