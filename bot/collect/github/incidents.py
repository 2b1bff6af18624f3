"""Issues labelled as incidents, with the commit a ``root cause: <sha>`` line blames."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from bot.collect.github.nodes import required_when, when
from bot.github.graphql import GraphQL
from bot.github.repo import Repo
from bot.records import Incident

_ROOT_CAUSE = re.compile(r"root[ -]cause\s*:\s*`?([0-9a-f]{7,40})\b", re.IGNORECASE)


def collect_incidents(gql: GraphQL, repo: Repo, since: datetime, labels: tuple[str, ...]) -> tuple[Incident, ...]:
    """Incidents touched since the window opened; GitHub's ``since`` filter does the stopping."""
    found: list[Incident] = []
    for _, nodes in gql.pages(
        "incidents",
        ("repository", "issues"),
        owner=repo.owner,
        name=repo.name,
        labels=list(labels),
        since=since.isoformat(),
    ):
        found += [_incident(node) for node in nodes]
    return tuple(found)


def root_cause(body: str) -> str | None:
    match = _ROOT_CAUSE.search(body)
    return match.group(1).lower() if match else None


def _incident(node: dict[str, Any]) -> Incident:
    return Incident(
        number=node["number"],
        title=node.get("title") or "",
        created_at=required_when(node["createdAt"]),
        closed_at=when(node.get("closedAt")),
        root_cause_sha=root_cause(node.get("body") or ""),
    )
