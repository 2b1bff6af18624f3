"""Pull requests of the window, with reviews and comments, in pages of 100.

Each page costs 7 points: see ``queries/pull_requests.graphql``. Each review's inline comments would
nest a connection deeper, so they are read apart (REST, ``review_comments.py``) and attached with
:func:`with_inline_comments`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.collect.github.nodes import actor, label_names, required_when, when
from bot.github.graphql import GraphQL, dig
from bot.github.repo import Repo
from bot.records import Comment, FileChange, PullRequest, Review

_PULLS = ("repository", "pullRequests")


@dataclass(frozen=True, slots=True)
class PullRequestPages:
    pull_requests: tuple[PullRequest, ...]
    default_branch: str | None
    review_ids: Mapping[int, tuple[int | None, ...]] = field(default_factory=dict)
    """Per PR number, its reviews' database ids in the order of ``reviews``: inline comments join on them."""

    @property
    def first_reviewed_pr_opened(self) -> datetime | None:
        """When the earliest PR with a review was opened: no inline comment of the window is older."""
        return min((pr.created_at for pr in self.pull_requests if pr.reviews), default=None)


def collect_pull_requests(gql: GraphQL, repo: Repo, since: datetime) -> PullRequestPages:
    """PRs merged at or after ``since``, newest update first.

    The list is ordered by update time, and a PR merged in the window was updated in it, so the first
    page that reaches back before ``since`` is the last one needed.
    """
    pulls: list[PullRequest] = []
    review_ids: dict[int, tuple[int | None, ...]] = {}
    default_branch = None
    for data, nodes in gql.pages("pull_requests", _PULLS, owner=repo.owner, name=repo.name):
        default_branch = dig(data, ("repository", "defaultBranchRef", "name")) or default_branch
        for node in nodes:
            if required_when(node["mergedAt"]) < since:
                continue
            pulls.append(pull_request_record(node))
            review_ids[node["number"]] = tuple(_database_id(r) for r in dig(node, ("reviews", "nodes")) or [] if r)
        if any(required_when(n["updatedAt"]) < since for n in nodes):
            break
    return PullRequestPages(tuple(pulls), default_branch, review_ids)


def with_inline_comments(pages: PullRequestPages, counts: Mapping[int, int]) -> PullRequestPages:
    """The pages with each review's inline comments, counted by review id elsewhere."""
    pulls = tuple(
        replace(
            pr,
            reviews=tuple(
                replace(review, inline_comments=counts.get(review_id, 0) if review_id is not None else 0)
                for review, review_id in zip(pr.reviews, pages.review_ids.get(pr.number, ()), strict=True)
            ),
        )
        for pr in pages.pull_requests
    )
    return replace(pages, pull_requests=pulls)


def _database_id(review: dict[str, Any]) -> int | None:
    value = review.get("fullDatabaseId")
    return int(value) if value is not None else None


def pull_request_record(node: dict[str, Any]) -> PullRequest:
    """A GraphQL pull request node (as the PR queries ask for it) as a record."""
    first = dig(node, ("commits", "nodes")) or []
    ready = [e for e in dig(node, ("readyEvents", "nodes")) or [] if e and e.get("createdAt")]
    created = required_when(node["createdAt"])
    return PullRequest(
        number=node["number"],
        title=node.get("title") or "",
        author=actor(node.get("author")),
        created_at=created,
        ready_at=required_when(ready[-1]["createdAt"]) if ready else created,
        merged_at=when(node.get("mergedAt")),
        base_ref=node.get("baseRefName") or "",
        head_ref=node.get("headRefName") or "",
        merge_commit_sha=dig(node, ("mergeCommit", "oid")),
        additions=int(node.get("additions") or 0),
        deletions=int(node.get("deletions") or 0),
        changed_files=int(node.get("changedFiles") or 0),
        first_commit_at=when(dig(first[0], ("commit", "authoredDate"))) if first and first[0] else None,
        labels=label_names(node),
        reviews=tuple(_review(r) for r in dig(node, ("reviews", "nodes")) or [] if r),
        comments=tuple(_comment(c) for c in dig(node, ("comments", "nodes")) or [] if c),
        files=tuple(
            FileChange(f["path"], int(f.get("additions") or 0), int(f.get("deletions") or 0))
            for f in dig(node, ("files", "nodes")) or []
            if f
        ),
        review_count=int(dig(node, ("reviews", "totalCount")) or 0),
        comment_count=int(dig(node, ("comments", "totalCount")) or 0),
    )


def _review(node: dict[str, Any]) -> Review:
    return Review(
        author=actor(node.get("author")),
        state=str(node.get("state") or ""),
        submitted_at=when(node.get("submittedAt")),
        body=node.get("bodyText") or "",
        inline_comments=int(dig(node, ("comments", "totalCount")) or 0),
    )


def _comment(node: dict[str, Any]) -> Comment:
    return Comment(
        author=actor(node.get("author")),
        body=node.get("bodyText") or "",
    )
