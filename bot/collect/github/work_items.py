"""Issues closed as completed in the window, by a pull request or by hand: what a board counts as done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.collect.github.nodes import required_when
from bot.collect.github.points import PointsRules, points_of
from bot.github.graphql import GraphQL, dig
from bot.github.repo import Repo
from bot.records import WorkItem

_DONE = ("COMPLETED", None)
"""Closed as not planned (or as a duplicate) is not work done; an issue closed before GitHub recorded a reason
(``stateReason`` null) was closed the one way there was, as done."""


def collect_work_items(
    gql: GraphQL, repo: Repo, since: datetime, points: PointsRules, points_field: str | None
) -> tuple[WorkItem, ...]:
    """Issues closed as completed at or after ``since``; GitHub's ``since`` filter (updated since) does the stopping."""
    found: list[WorkItem] = []
    for _, nodes in gql.pages(
        "closed_issues",
        ("repository", "issues"),
        owner=repo.owner,
        name=repo.name,
        since=since.isoformat(),
        withProjects=points_field is not None,
        pointsField=points_field or "",
    ):
        found += [
            _work_item(node, points)
            for node in nodes
            if node.get("closedAt") and node.get("stateReason") in _DONE
            if required_when(node["closedAt"]) >= since
        ]
    return tuple(found)


def _work_item(node: dict[str, Any], rules: PointsRules) -> WorkItem:
    points, source = points_of(node, rules)
    closers = dig(node, ("closedByPullRequestsReferences", "nodes")) or []
    return WorkItem(
        number=node["number"],
        points=points,
        points_source=source,
        closed_at=required_when(node["closedAt"]),
        closed_by=tuple(pr["number"] for pr in closers if pr),
    )
