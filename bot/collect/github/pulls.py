"""Pull requests of the window, with reviews, comments and the issues they close, in pages of 100.

Each page costs 8 points (9 with projects): see ``queries/pull_requests.graphql``. What would nest a
connection deeper is read apart: the issues of a PR closing more than one (``closing_issues``), and
each review's inline comments (REST, ``review_comments.py``, attached with :func:`with_inline_comments`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from bot.collect.github.nodes import actor, label_names, required_when, when
from bot.collect.github.points import PointsRules, points_of
from bot.github.graphql import GraphQL, dig
from bot.github.repo import Repo
from bot.records import Comment, FileChange, PullRequest, Review, WorkItem

_PULLS = ("repository", "pullRequests")


@dataclass(frozen=True, slots=True)
class PullRequestPages:
    pull_requests: tuple[PullRequest, ...]
    work_items: tuple[WorkItem, ...]
    default_branch: str | None
    review_ids: Mapping[int, tuple[int | None, ...]] = field(default_factory=dict)
    """Per PR number, its reviews' database ids in the order of ``reviews``: inline comments join on them."""

    @property
    def first_reviewed_pr_opened(self) -> datetime | None:
        """When the earliest PR with a review was opened: no inline comment of the window is older."""
        return min((pr.created_at for pr in self.pull_requests if pr.reviews), default=None)


def collect_pull_requests(
    gql: GraphQL,
    repo: Repo,
    since: datetime,
    points: PointsRules,
    points_field: str | None,
) -> PullRequestPages:
    """PRs merged at or after ``since``, newest update first.

    The list is ordered by update time, and a PR merged in the window was updated in it, so the first
    page that reaches back before ``since`` is the last one needed.
    """
    pulls: list[PullRequest] = []
    review_ids: dict[int, tuple[int | None, ...]] = {}
    issues: dict[int, dict[str, Any]] = {}
    closers: dict[int, list[int]] = {}
    closing_more: list[str] = []
    default_branch = None
    variables: dict[str, Any] = {
        "owner": repo.owner,
        "name": repo.name,
        "withProjects": points_field is not None,
        "pointsField": points_field or "",
    }
    for data, nodes in gql.pages("pull_requests", _PULLS, **variables):
        default_branch = dig(data, ("repository", "defaultBranchRef", "name")) or default_branch
        for node in nodes:
            if required_when(node["mergedAt"]) < since:
                continue
            pulls.append(pull_request_record(node))
            review_ids[node["number"]] = tuple(_database_id(r) for r in dig(node, ("reviews", "nodes")) or [] if r)
            closing = node.get("closingIssuesReferences") or {}
            _add_closed(issues, closers, node["number"], closing.get("nodes") or [])
            if int(closing.get("totalCount") or 0) > len(closing.get("nodes") or []):
                closing_more.append(node["id"])
        if any(required_when(n["updatedAt"]) < since for n in nodes):
            break
    for number, closed in _all_closing_issues(gql, closing_more, variables):
        _add_closed(issues, closers, number, closed)
    items = tuple(_work_item(issue, closers[number], points) for number, issue in issues.items())
    return PullRequestPages(tuple(pulls), items, default_branch, review_ids)


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


def _all_closing_issues(
    gql: GraphQL, pull_ids: list[str], variables: dict[str, Any]
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(PR number, issues it closes) for the PRs closing more issues than their page read."""
    for start in range(0, len(pull_ids), 50):
        chunk = pull_ids[start : start + 50]
        projects = {"withProjects": variables["withProjects"], "pointsField": variables["pointsField"]}
        data = gql.run("closing_issues", ids=list(chunk), **projects)
        for node in data.get("nodes") or []:
            if node:
                yield node["number"], dig(node, ("closingIssuesReferences", "nodes")) or []


def _add_closed(
    issues: dict[int, dict[str, Any]], closers: dict[int, list[int]], pr: int, closed: list[dict[str, Any]]
) -> None:
    for issue in closed:
        if issue:
            issues[issue["number"]] = issue
            prs = closers.setdefault(issue["number"], [])
            if pr not in prs:
                prs.append(pr)


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


def _work_item(issue: dict[str, Any], closed_by: list[int], rules: PointsRules) -> WorkItem:
    return WorkItem(number=issue["number"], points=points_of(issue, rules), closed_by=tuple(closed_by))
