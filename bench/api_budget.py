"""How many GitHub requests and GraphQL points does a digest cost, against how many PRs and weeks?

    python bench/api_budget.py                                  # 100 and 1,000 PRs a week, 12 and 26 weeks
    python bench/api_budget.py --per-week 30 --weeks 26 --profiles ordinary   # one cell

Runs the real ``goodhart digest`` entry point against the HTTP-level fake GitHub of the tests (needs the
test extras) with three kinds of discussion: ordinary (0-8 reviews and 0-12 comments a PR), heavy (60-99
of each) and a long tail (ordinary, but 2% of PRs with 150 comments). Reviews leave inline comments
(0-3 each) and most PRs close an issue with a points label. It prints the requests against the budget
ceil(PRs/100) + ceil(deployments/100) + ceil(incidents/100) + ceil(review comments/100) + 6, and the
GraphQL points, which the fake charges by GitHub's published formula, against 10 per 100 PRs + 20.

Reviews and comments come with their PR's page: up to 100 of each are read, and any beyond are counted
from GitHub's totals, so discussion costs no GraphQL request ("follow-ups" would show any that it did).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path

import responses

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cli import main
from tests.fakegithub import FakeGitHub, comment, deployment, issue, pull, review

NOW = datetime(2026, 11, 18, 8, tzinfo=UTC)
WEEK = "2026-W46"


PROFILES = {
    "ordinary": ((0, 8), (0, 12), 0.0),
    "heavy": ((60, 99), (60, 99), 0.0),
    "long tail": ((0, 8), (0, 12), 0.02),
}


def repository(prs: int, weeks: int, profile: str, seed: int = 7) -> FakeGitHub:
    rng = random.Random(seed)
    fake = FakeGitHub()
    span = timedelta(weeks=weeks)
    end = datetime(2026, 11, 15, 23, tzinfo=UTC)
    review_range, comment_range, long_share = PROFILES[profile]
    for number in range(1, prs + 1):
        merged = end - (span - timedelta(days=1)) * rng.random()
        count = 150 if rng.random() < long_share else rng.randint(*comment_range)
        reviews = tuple(
            review(f"r{rng.randrange(9)}", "COMMENTED", merged, "why?", inline=rng.choice((0, 0, 1, 3)))
            for _ in range(rng.randint(*review_range))
        )
        comments = tuple(comment(f"c{rng.randrange(9)}", merged) for _ in range(count))
        closing = (issue(100_000 + number, labels=("points: 3",), created=merged),) if rng.random() < 0.7 else ()
        fake.pulls.append(pull(number, merged=merged, reviews=reviews, comments=comments, closing=closing))
    # Older PRs, outside the window, that the collector must not page through.
    fake.pulls += [pull(prs + n, merged=end - span - timedelta(days=1 + n)) for n in range(1, 200)]
    fake.environments = ["production", "staging"]
    deploys = max(1, prs // 5)
    fake.deployments = [deployment(f"{n:040x}", end - span * rng.random()) for n in range(deploys)]
    incidents = max(1, prs // 50)
    fake.issues = [issue(n, labels=("incident",), created=end - span * rng.random()) for n in range(incidents)]
    return fake


def measure(prs: int, weeks: int, profile: str) -> dict[str, float]:
    fake = repository(prs, weeks, profile)
    with tempfile.TemporaryDirectory() as empty, responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake.install(mock)
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(
                [
                    "digest",
                    "--repo",
                    "acme/shop",
                    "--repo-path",
                    empty,
                    "--week",
                    WEEK,
                    "--lookback-weeks",
                    str(weeks),
                    "--format",
                    "json",
                    "--dry-run",
                ],
                environ={"GOODHART_TOKEN": "bench"},
                now=NOW,
            )
        seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"digest failed: {err.getvalue()}")
    merged = sum(week["merged_prs"] for week in json.loads(out.getvalue())["weeks"])
    deploys, incidents = len(fake.deployments), len(fake.issues)
    inline = sum(r["comments"]["totalCount"] for p in fake.pulls[:prs] for r in p["reviews"](None)["nodes"])
    return {
        "prs": merged,
        "requests": len(fake.requests),
        "points": float(sum(cost for _, cost in fake.costs)),
        "points_budget": 10 * merged / 100 + 20,
        "follow_ups": float(
            sum(
                1
                for _, _, op in fake.requests
                if op not in ("PullRequests", "Environments", "Deployments", "Incidents", "Tags", "Budget", "")
            )
        ),
        "budget": math.ceil(merged / 100)
        + math.ceil(deploys / 100)
        + math.ceil(incidents / 100)
        + math.ceil(inline / 100)
        + 6,
        "seconds": seconds,
        "default_throttle": float(sum(1 for method, _, _ in fake.requests if method == "POST")),
    }


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-week", type=int, nargs="*", default=[100, 1_000], help="merged PRs a week")
    parser.add_argument("--weeks", type=int, nargs="*", default=[12, 26], help="lookback-weeks of the digest")
    parser.add_argument("--profiles", nargs="*", default=list(PROFILES), choices=list(PROFILES))
    args = parser.parse_args()
    print(
        f"{'PRs/week':>8} {'weeks':>5} {'merged PRs':>10} {'discussion':>10} {'requests':>9} {'budget':>7} "
        f"{'points':>7} {'budget':>7} {'follow-ups':>10} {'points/100 PRs':>15} {'run time':>9} "
        f"{'PyGithub default throttle':>26}"
    )
    for per_week in args.per_week:
        for weeks in args.weeks:
            for profile in args.profiles:
                row = measure(per_week * weeks, weeks, profile)
                print(
                    f"{per_week:>8} {weeks:>5} {row['prs']:>10.0f} {profile:>10} {row['requests']:>9.0f} "
                    f"{row['budget']:>7.0f} {row['points']:>7.0f} {row['points_budget']:>7.0f} "
                    f"{row['follow_ups']:>10.0f} {row['points'] / row['prs'] * 100:>15.2f} {row['seconds']:>8.1f}s "
                    f"{row['default_throttle']:>21.0f}s sleep"
                )
    print("\nfollow-ups: requests made for a single PR's reviews or comments (none, by design).")
    print("points: GraphQL points the digest spent; GITHUB_TOKEN gets 1,000 an hour, a GitHub App or a")
    print("personal token 5,000. PyGithub default throttle: the seconds its default 1 s gap between POSTs")
    print("(so between GraphQL queries) would have added; the bot sets no gap for reads.")


if __name__ == "__main__":
    main_bench()
