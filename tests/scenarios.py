"""Generated team histories: a baseline behaviour for the early weeks and a current one for the last.

Used to show that each gaming pattern raises its warning, and that healthy or merely noisy teams
raise none (the false-alarm rate is measured over many seeds).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.measure.weeks import IsoWeek
from bot.records import (
    Actor,
    Comment,
    Commit,
    Dataset,
    Deployment,
    DeploySource,
    FileChange,
    Incident,
    Person,
    PointsSource,
    PullRequest,
    Review,
    Source,
    WorkItem,
)

REPORTED = IsoWeek(2026, 46)
WEEKS = 12


@dataclass(frozen=True)
class Team:
    deploys_per_week: float = 5
    failure_rate: float = 0.08
    commits_per_week: float = 40
    prs_per_week: float = 10
    review_comments: float = 3.0
    """Mean substantive comments on a reviewed PR."""
    silent_approvals: float = 0.1
    """Share of PRs approved at once with no comment."""
    median_lines: float = 180
    points_per_pr: float | None = 3
    """Mean points (Poisson) of the issue each PR closes; ignored when ``pointed_share`` is set."""
    pointed_share: float | None = None
    """Share of PRs that close a pointed issue, estimated on the Fibonacci scale; None: every PR, Poisson points."""
    by_hand_per_week: float = 0.0
    """Pointed issues closed by hand each week (no PR), Fibonacci estimates."""
    estimate_steps: int = 0
    """Steps up the Fibonacci scale every new estimate takes: estimate inflation."""


FIBONACCI = (1, 2, 3, 5, 8, 13)
ESTIMATE_WEIGHTS = (0.10, 0.20, 0.30, 0.22, 0.13, 0.05)
"""How often a team estimates 1, 2, 3, 5, 8 and 13 points."""


HEALTHY = Team()
SPEED_GAMED = Team(deploys_per_week=10, failure_rate=0.35)
"""Deploys doubled while failures rose: the speed-vs-stability warning's own scenario."""


def poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def generate(seed: int, baseline: Team, current: Team, current_weeks: int = 4) -> Dataset:
    return story(seed, ((baseline, WEEKS - current_weeks), (current, current_weeks)))


def story(seed: int, phases: Sequence[tuple[Team, int]], reported: IsoWeek = REPORTED) -> Dataset:
    """A history in phases (a behaviour and how many weeks it lasts), the last week being ``reported``."""
    rng = random.Random(seed)
    builder = _Builder(rng)
    teams = [team for team, weeks in phases for _ in range(weeks)]
    for index, team in enumerate(teams):
        builder.week(reported.shift(index - len(teams) + 1).start(UTC), team)
    return builder.dataset()


def changed(team: Team, **changes: float | None) -> Team:
    return replace(team, **changes)  # type: ignore[arg-type]


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.prs: list[PullRequest] = []
        self.items: list[WorkItem] = []
        self.deployments: list[Deployment] = []
        self.incidents: list[Incident] = []
        self.commits: list[Commit] = []
        self.serial = 0

    def _next(self) -> int:
        self.serial += 1
        return self.serial

    def _moment(self, monday: datetime) -> datetime:
        return monday + timedelta(seconds=self.rng.uniform(0, 7 * 86400 - 1))

    def week(self, monday: datetime, team: Team) -> None:
        for _ in range(poisson(self.rng, team.prs_per_week)):
            self._pull_request(self._moment(monday), team)
        for _ in range(poisson(self.rng, team.commits_per_week)):
            self._commit(self._moment(monday))
        for _ in range(poisson(self.rng, team.deploys_per_week)):
            self._deploy(self._moment(monday), team)
        if team.by_hand_per_week:
            for _ in range(poisson(self.rng, team.by_hand_per_week)):
                closed = self._moment(monday)
                self.items.append(
                    WorkItem(1_000_000 + self._next(), self._estimate(team), PointsSource.LABEL, closed, ())
                )

    def _estimate(self, team: Team) -> float:
        step = self.rng.choices(range(len(FIBONACCI)), ESTIMATE_WEIGHTS)[0] + team.estimate_steps
        return float(FIBONACCI[min(step, len(FIBONACCI) - 1)])

    def _pull_request(self, merged: datetime, team: Team) -> None:
        number = self._next()
        lines = max(1, int(self.rng.lognormvariate(math.log(team.median_lines), 0.9)))
        opened = merged - timedelta(hours=self.rng.uniform(4, 72))
        silent = self.rng.random() < team.silent_approvals
        comments = (
            ()
            if silent
            else tuple(
                Comment(Actor(f"reviewer{self.rng.randrange(5)}"), "Why is the retry unbounded?")
                for _ in range(poisson(self.rng, team.review_comments))
            )
        )
        approved = opened + (timedelta(minutes=1) if silent else timedelta(hours=2))
        review = Review(Actor(f"reviewer{self.rng.randrange(5)}"), "APPROVED", approved, "", 0)
        self.prs.append(
            PullRequest(
                number=number,
                title=f"Change {number}",
                author=Actor(f"dev{self.rng.randrange(8)}"),
                created_at=opened,
                ready_at=opened,
                merged_at=merged,
                base_ref="main",
                head_ref=f"feature/{number}",
                merge_commit_sha=f"{number:07x}" + "a" * 33,
                additions=lines,
                deletions=0,
                changed_files=1,
                first_commit_at=opened - timedelta(hours=6),
                labels=(),
                reviews=(review,),
                comments=comments,
                review_count=1,
                comment_count=len(comments),
                files=(FileChange("src/module.py", lines, 0),),
            )
        )
        if team.pointed_share is not None:
            if self.rng.random() < team.pointed_share:
                self.items.append(
                    WorkItem(10_000 + number, self._estimate(team), PointsSource.LABEL, merged, (number,))
                )
        elif team.points_per_pr is not None:
            points = max(1, poisson(self.rng, team.points_per_pr))
            self.items.append(WorkItem(10_000 + number, float(points), PointsSource.LABEL, merged, (number,)))

    def _commit(self, at: datetime) -> None:
        n = self._next()
        who = Person(f"dev{self.rng.randrange(8)}", f"dev{self.rng.randrange(8)}@example.com")
        self.commits.append(Commit(f"{n:07x}" + "c" * 33, ("p",), who, at, at, (FileChange("src/a.py", 20, 5),)))

    def _deploy(self, at: datetime, team: Team) -> None:
        n = self._next()
        self.deployments.append(Deployment(f"{n:07x}" + "d" * 33, "production", at, True, DeploySource.DEPLOYMENTS_API))
        if self.rng.random() < team.failure_rate:
            opened = at + timedelta(minutes=30)
            self.incidents.append(Incident(n, "Errors after deploy", opened, opened + timedelta(hours=3), None))

    def dataset(self) -> Dataset:
        return Dataset(
            commits=tuple(self.commits),
            pull_requests=tuple(self.prs),
            deployments=tuple(self.deployments),
            incidents=tuple(self.incidents),
            work_items=tuple(self.items),
            default_branch="main",
            read=frozenset(
                {Source.COMMITS, Source.PULL_REQUESTS, Source.DEPLOYMENTS, Source.INCIDENTS, Source.WORK_ITEMS}
            ),
        )
