"""Story points completed, and what they bought: points per merged PR and per 100 meaningful lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.measure.values import Period, Sample
from bot.records import PointsSource, PullRequest, WorkItem


@dataclass(frozen=True, slots=True)
class Points:
    completed: float
    items: Sample
    """Points of each pointed work item completed in the period."""
    per_pr: Sample
    """Points credited to each merged PR (an item's points split among the merged PRs that closed it)."""
    unpointed: int
    """Work items completed in the period without points."""
    sources: tuple[tuple[PointsSource, int], ...]
    """Where the completed items' points came from, and how many items each source gave, in source order."""


def story_points(items: Sequence[WorkItem], pull_requests: Sequence[PullRequest], period: Period) -> Points:
    """Points of the issues closed as completed in the period, by a PR or by hand, as a board counts them.

    An item closed by hand adds to the points completed but credits no PR.
    """
    closed = [i for i in items if i.closed_at in period]
    done = [i for i in closed if i.points is not None]
    credit: dict[int, float] = {pr.number: 0.0 for pr in pull_requests if pr.merged_at in period}
    for item in done:
        closers = [n for n in item.closed_by if n in credit]
        for number in closers:
            credit[number] += (item.points or 0.0) / len(closers)
    return Points(
        completed=sum(i.points or 0.0 for i in done),
        items=Sample(tuple(i.points or 0.0 for i in done)),
        per_pr=Sample(tuple(credit.values())),
        unpointed=len(closed) - len(done),
        sources=tuple((s, n) for s in PointsSource if (n := sum(1 for i in done if i.points_source is s))),
    )
