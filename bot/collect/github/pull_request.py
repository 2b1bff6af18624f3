"""One pull request for the check, from GitHub, in one GraphQL request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.collect.github.pulls import pull_request_record
from bot.errors import SourceError
from bot.github.graphql import GraphQL, dig
from bot.github.repo import Repo
from bot.records import PullRequest


@dataclass(frozen=True, slots=True)
class RemotePullRequest:
    record: PullRequest
    body: str
    base_sha: str
    head_sha: str
    commit_sizes: tuple[int, ...]
    siblings: tuple[PullRequest, ...]


def read_pull_request(gql: GraphQL, repo: Repo, number: int) -> RemotePullRequest:
    data = gql.run("pull_request", owner=repo.owner, name=repo.name, number=number)
    node = dig(data, ("repository", "pullRequest"))
    if not node:
        raise SourceError(f"pull request #{number} was not found in {repo.owner}/{repo.name}")
    commits = [c["commit"] for c in dig(node, ("commits", "nodes")) or [] if c and c.get("commit")]
    return RemotePullRequest(
        record=pull_request_record(node),
        body=node.get("body") or "",
        base_sha=node.get("baseRefOid") or "",
        head_sha=node.get("headRefOid") or "",
        commit_sizes=tuple(int(c.get("additions") or 0) + int(c.get("deletions") or 0) for c in commits),
        siblings=tuple(_siblings(node)),
    )


def _siblings(node: dict[str, Any]) -> list[PullRequest]:
    """Other PRs that close the same issues, once each."""
    seen: dict[int, PullRequest] = {}
    for issue in dig(node, ("closingIssuesReferences", "nodes")) or []:
        for other in dig(issue, ("closedByPullRequestsReferences", "nodes")) or []:
            if other and other["number"] != node["number"]:
                seen[other["number"]] = pull_request_record(other)
    return list(seen.values())
