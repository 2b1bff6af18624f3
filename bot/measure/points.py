"""Story points completed, and what they bought: points per merged PR and per 100 meaningful lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.measure.values import Period, Sample
from bot.records import PullRequest, WorkItem


@dataclass(frozen=True, slots=True)
class Points:
    completed: float
    items: Sample
    """Points of each pointed work item completed in the period."""
    per_pr: Sample
    """Points credited to each merged PR (an item's points split among the PRs that closed it)."""


def completed_at(item: WorkItem, merged: Mapping[int, datetime]) -> datetime | None:
    """A work item is done when the last of the merged PRs that closed it was merged."""
    times = [merged[n] for n in item.closed_by if n in merged]
    return max(times, default=None)


def story_points(items: Sequence[WorkItem], pull_requests: Sequence[PullRequest], period: Period) -> Points:
    merged = {pr.number: pr.merged_at for pr in pull_requests if pr.merged_at is not None}
    done = [i for i in items if i.points is not None and completed_at(i, merged) in period]
    credit: dict[int, float] = {pr.number: 0.0 for pr in pull_requests if pr.merged_at in period}
    for item in done:
        closers = [n for n in item.closed_by if n in credit]
        for number in closers:
            credit[number] += (item.points or 0.0) / len(closers)
    return Points(
        completed=sum(i.points or 0.0 for i in done),
        items=Sample(tuple(i.points or 0.0 for i in done)),
        per_pr=Sample(tuple(credit.values())),
    )
