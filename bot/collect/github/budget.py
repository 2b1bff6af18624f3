"""What a digest will cost in GraphQL points, known before it is spent, and whether the hour has it.

One cheap query (``queries/budget.graphql``, 1 point) reads the rate limit and counts what the window
holds; each paged reader's price is one :class:`Priced` line in :data:`PRICES`, so a new query adds one
line here and one count to the query. Deployments cannot be counted by date: one page is assumed.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.collect.github.nodes import required_when
from bot.github.graphql import GraphQL, RateLimitError, dig
from bot.github.repo import Repo
from bot.wording import counted

log = logging.getLogger("goodhart")


@dataclass(frozen=True, slots=True)
class Scope:
    """What the search counts are asked about."""

    repo: Repo
    since: datetime
    incident_labels: tuple[str, ...]
    with_projects: bool


@dataclass(frozen=True, slots=True)
class Priced:
    """A paged reader: what it reads, the search that counts it, and the points of one page of 100."""

    what: str
    """One of them, as a noun: "merged pull request"."""
    count: str
    """The alias of its count in ``budget.graphql``."""
    search: Callable[[Scope], str]
    page_points: Callable[[Scope], int]


PRICES: tuple[Priced, ...] = (
    Priced(
        "merged pull request",
        "mergedPullRequests",
        lambda w: f"repo:{w.repo.owner}/{w.repo.name} is:pr is:merged merged:>={w.since:%Y-%m-%d}",
        lambda w: 7,  # queries/pull_requests.graphql
    ),
    Priced(
        "closed issue",
        "closedIssues",
        lambda w: f"repo:{w.repo.owner}/{w.repo.name} is:issue is:closed closed:>={w.since:%Y-%m-%d}",
        lambda w: 4 if w.with_projects else 3,  # queries/closed_issues.graphql
    ),
    Priced(
        "incident",
        "incidents",
        lambda w: (
            f"repo:{w.repo.owner}/{w.repo.name} is:issue "
            + f"label:{','.join(_quoted(label) for label in w.incident_labels)} updated:>={w.since:%Y-%m-%d}"
        ),
        lambda w: 1,
    ),
)
FIXED_POINTS = 4
"""This query, environments, the first deployments page, tags."""


@dataclass(frozen=True, slots=True)
class Estimate:
    points: int
    counts: dict[str, int]
    limit: int
    remaining: int
    resets_at: datetime

    def counted(self) -> str:
        return ", ".join(counted(n, what) for what, n in self.counts.items())


def estimate(gql: GraphQL, scope: Scope) -> Estimate:
    variables = {p.count: p.search(scope) for p in PRICES}
    data = gql.run("budget", **variables)
    counts = {p.what: int(dig(data, (p.count, "issueCount")) or 0) for p in PRICES}
    pages = sum(max(1, math.ceil(counts[p.what] / 100)) * p.page_points(scope) for p in PRICES)
    rate = data.get("rateLimit") or {}
    return Estimate(
        points=pages + FIXED_POINTS,
        counts=counts,
        limit=int(rate.get("limit") or 0),
        remaining=int(rate.get("remaining") or 0),
        resets_at=required_when(rate.get("resetAt") or "1970-01-01T00:00:00Z"),
    )


def ensure_affordable(
    gql: GraphQL, scope: Scope, *, max_wait: float, now: datetime, sleep: Callable[[float], None]
) -> Estimate:
    """The estimate, once the hour has the points for it (waiting for a reset within ``max_wait``).

    Raises :class:`RateLimitError` before anything else is spent when the run cannot finish.
    """
    price = estimate(gql, scope)
    log.info("GitHub: this digest should cost about %d GraphQL points (%s)", price.points, price.counted())
    if price.points <= price.remaining:
        return price
    wait = max(0.0, (price.resets_at - now).total_seconds()) + 1
    reset = f"{price.resets_at:%Y-%m-%d %H:%M} UTC"
    needs = (
        f"this digest needs about {price.points:,} GraphQL points ({price.counted()}) and the token has "
        f"{price.remaining:,} of {price.limit:,} left until {reset}"
    )
    if price.points > price.limit:
        raise RateLimitError(
            f"{needs}: more than it gets in an hour",
            fix="use a GitHub App or a personal token (5,000 points an hour), or a shorter lookback-weeks",
        )
    if wait > max_wait:
        raise RateLimitError(
            f"{needs}; nothing was read",
            fix=f"run again after {reset}, or use a GitHub App or a personal token (5,000 points an hour)",
        )
    log.info("GitHub: waiting %.0fs for the rate limit to reset before reading", wait)
    sleep(wait)
    return price


ISSUE_OUTCOMES = Priced(
    "updated issue",
    "issues",
    lambda w: f"repo:{w.repo.owner}/{w.repo.name} is:issue updated:>={w.since:%Y-%m-%d}",
    lambda w: 2,  # queries/issue_outcomes.graphql
)
"""The KPI outcomes' own read (bug reports from outside the team, reopened issues), priced by itself."""


def issue_outcomes_affordable(gql: GraphQL, scope: Scope) -> int:
    """The points the issue outcomes' read will cost, once the hour is known to have them.

    Raises :class:`RateLimitError` before the read when it does not: the outcomes are then missing, not zero.
    """
    data = gql.run("issue_count", issues=ISSUE_OUTCOMES.search(scope))
    count = int(dig(data, (ISSUE_OUTCOMES.count, "issueCount")) or 0)
    points = max(1, math.ceil(count / 100)) * ISSUE_OUTCOMES.page_points(scope)
    remaining = int((data.get("rateLimit") or {}).get("remaining") or 0)
    if points > remaining:
        raise RateLimitError(
            f"the issue outcomes need about {points:,} GraphQL points ({counted(count, 'updated issue')}) and the "
            f"token has {remaining:,} left",
            fix="run again after the rate limit resets, or use a GitHub App or a personal token",
        )
    return points


def _quoted(label: str) -> str:
    return f'"{label}"' if " " in label or "," in label else label
