"""What each deployment shipped, in order: a new change, the same build again, or a step back.

A deployment ships the pull requests merged to the default branch since the previous change went out
(and the one whose merge commit it deploys); without pull requests, the commits committed in that span,
or, when the source knows it (a release tag read from the clone), the commits git says it first contains.
Redeploys and rollbacks ship nothing new, so deploying the same build twice cannot raise a number.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.records import Commit, Deployment, PullRequest


class DeployKind(StrEnum):
    CHANGE = "change"
    """Put a build live that had not been live before."""
    REDEPLOY = "redeploy"
    """Deployed the build already live."""
    ROLLBACK = "rollback"
    """Went back to a build that had been live before."""
    FAILED = "failed"
    """The deployment itself failed; nothing went live."""


@dataclass(frozen=True, slots=True)
class Deploy:
    deployment: Deployment
    kind: DeployKind
    shipped: tuple[PullRequest, ...] = ()
    shipped_commits: tuple[Commit, ...] = ()

    @property
    def at(self) -> datetime:
        return self.deployment.finished_at

    @property
    def sha(self) -> str:
        return self.deployment.sha

    def ships_sha(self, sha: str) -> bool:
        """Whether ``sha`` (full or abbreviated) is this deploy's build, a shipped PR's merge, or a shipped commit."""
        sha = sha.lower()
        candidates = [self.sha, *(pr.merge_commit_sha or "" for pr in self.shipped)]
        candidates += [c.sha for c in self.shipped_commits]
        return any(c and _same(c, sha) for c in candidates)


def _same(full: str, short: str) -> bool:
    return len(short) >= 7 and full.lower().startswith(short)


def deploy_history(
    deployments: Sequence[Deployment],
    pull_requests: Sequence[PullRequest],
    commits: Sequence[Commit],
    default_branch: str | None,
) -> tuple[Deploy, ...]:
    merged = sorted(
        (pr for pr in pull_requests if pr.merged_at and (default_branch is None or pr.base_ref == default_branch)),
        key=lambda pr: (pr.merged_at or datetime.min, pr.number),
    )
    ordered_commits = sorted(commits, key=lambda c: (c.committed_at, c.sha))
    commit_times = [c.committed_at for c in ordered_commits]
    merge_times = [pr.merged_at or datetime.min for pr in merged]
    by_merge_sha: dict[str, list[int]] = {}
    for index, pr in enumerate(merged):
        if pr.merge_commit_sha:
            by_merge_sha.setdefault(pr.merge_commit_sha, []).append(index)
    history: list[Deploy] = []
    live: str | None = None
    was_live: set[str] = set()
    shipped_until: datetime | None = None
    # Ties broken by content, so the sources' listing order never changes what counts as a change.
    for deployment in sorted(deployments, key=lambda d: (d.finished_at, d.sha, d.succeeded, d.environment)):
        if not deployment.succeeded:
            history.append(Deploy(deployment, DeployKind.FAILED))
        elif deployment.sha == live:
            history.append(Deploy(deployment, DeployKind.REDEPLOY))
        elif deployment.sha in was_live:
            history.append(Deploy(deployment, DeployKind.ROLLBACK))
            live = deployment.sha
        else:
            window = (shipped_until, deployment.finished_at)
            contains = None if deployment.shipped_commits is None else {c.sha for c in deployment.shipped_commits}
            history.append(
                Deploy(
                    deployment,
                    DeployKind.CHANGE,
                    _shipped_prs(deployment, merged, merge_times, by_merge_sha, window, contains),
                    _shipped_commits(deployment, ordered_commits, commit_times, window),
                )
            )
            live = deployment.sha
            was_live.add(deployment.sha)
            shipped_until = deployment.finished_at
    return tuple(history)


def _shipped_prs(
    deployment: Deployment,
    merged: Sequence[PullRequest],
    merge_times: Sequence[datetime],
    by_merge_sha: dict[str, list[int]],
    window: tuple[datetime | None, datetime],
    contains: set[str] | None,
) -> tuple[PullRequest, ...]:
    """The merged PRs (in merge order) that the deployment ships, see :func:`_ships`."""
    if contains is not None:
        return tuple(pr for pr in merged if _ships(pr, deployment, window, contains))
    chosen = set(_between(merge_times, window)) | set(by_merge_sha.get(deployment.sha, ()))
    return tuple(merged[i] for i in sorted(chosen))


def _shipped_commits(
    deployment: Deployment,
    ordered_commits: Sequence[Commit],
    commit_times: Sequence[datetime],
    window: tuple[datetime | None, datetime],
) -> tuple[Commit, ...]:
    if deployment.shipped_commits is not None:
        return deployment.shipped_commits
    return tuple(ordered_commits[i] for i in _between(commit_times, window))


def _between(ordered: Sequence[datetime], window: tuple[datetime | None, datetime]) -> range:
    """Indices of the ``ordered`` moments inside ``window`` (after its start, up to and including its end)."""
    after, until = window
    return range(0 if after is None else bisect.bisect_right(ordered, after), bisect.bisect_right(ordered, until))


def _in(moment: datetime, window: tuple[datetime | None, datetime]) -> bool:
    after, until = window
    return (after is None or moment > after) and moment <= until


def _ships(
    pr: PullRequest, deployment: Deployment, window: tuple[datetime | None, datetime], contains: set[str] | None
) -> bool:
    """A release tag read from the clone ships exactly the PRs whose merge commit it first ``contains``;
    other deployments ship the PRs merged since the previous change went out."""
    if pr.merge_commit_sha and pr.merge_commit_sha == deployment.sha:
        return True
    if contains is not None:
        return pr.merge_commit_sha in contains
    return pr.merged_at is not None and _in(pr.merged_at, window)
