"""A dataset narrowed to one scope's work: a function from records and ownership rules to records.

What is the team's, and what stays the repository's:

- A commit counts when any of its files is in scope, and its lines are counted for those files only
  (a commit touching a shared file and the team's folder adds only the folder's lines).
- A pull request counts when any file it changed is in scope: its files as GitHub lists them (the first 100)
  and as git knows them from its merge or squash commit. A merge seen only in git's subjects counts the same
  way, by the files of the commit that landed it.
- Story points count for issues closed by one of the team's pull requests; an issue closed by hand names
  no code, so a team digest leaves it out.
- Deployments and incidents stay the repository's: a deployment ships the whole repository and an incident
  names no team. What a deployment shipped is narrowed to the team's commits, so lead time is the team's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.measure.scope import Scope
from bot.records import Commit, Dataset, Deployment, Landing, PullRequest, Tag, WorkItem


def scoped(dataset: Dataset, scope: Scope, merged_paths: Mapping[int, frozenset[str]]) -> Dataset:
    """``dataset`` with only ``scope``'s work.

    ``merged_paths``: the files each pull request's merge commit changed (against its first parent), by PR
    number, as git says; squash commits are in ``dataset.commits`` with their files already.
    """
    if scope.is_whole_repository:
        return dataset
    landed_paths = {**_squashed_paths(dataset.commits), **merged_paths}
    pull_requests = tuple(pr for pr in dataset.pull_requests if _pull_request_in(pr, scope, landed_paths))
    landings = tuple(landing for landing in dataset.landings if _landing_in(landing, scope, landed_paths))
    team_prs = {pr.number for pr in pull_requests} | {landing.pr_number for landing in landings}
    commits = tuple(c for c in (_commit_in(c, scope, team_prs) for c in dataset.commits) if c is not None)
    kept = {c.sha for c in commits}
    return replace(
        dataset,
        commits=commits,
        tags=tuple(_tag_narrowed(t, kept) for t in dataset.tags),
        landings=landings,
        pull_requests=pull_requests,
        deployments=tuple(_deployment_narrowed(d, kept) for d in dataset.deployments),
        work_items=tuple(w for w in dataset.work_items if _closed_by_team(w, team_prs)),
    )


def _squashed_paths(commits: tuple[Commit, ...]) -> dict[int, frozenset[str]]:
    return {c.pr_number: frozenset(f.path for f in c.files) for c in commits if c.pr_number and not c.is_merge}


def _commit_in(commit: Commit, scope: Scope, team_prs: set[int]) -> Commit | None:
    """The commit with its in-scope files only, None when it has none; a merge (no files) stays when it
    merged one of the team's pull requests, so that a deploy of it is still seen to ship the team's work."""
    if commit.is_merge:
        return commit if commit.pr_number in team_prs else None
    files = tuple(f for f in commit.files if scope.covers(f.path))
    return replace(commit, files=files) if files else None


def _pull_request_in(pr: PullRequest, scope: Scope, landed_paths: Mapping[int, frozenset[str]]) -> bool:
    return scope.touches(tuple(f.path for f in pr.files)) or scope.touches(landed_paths.get(pr.number, frozenset()))


def _landing_in(landing: Landing, scope: Scope, landed_paths: Mapping[int, frozenset[str]]) -> bool:
    return scope.touches(landed_paths.get(landing.pr_number, frozenset()))


def _tag_narrowed(tag: Tag, kept: set[str]) -> Tag:
    if tag.first_contains is None:
        return tag
    return replace(tag, first_contains=tuple(c for c in tag.first_contains if c.sha in kept))


def _deployment_narrowed(deployment: Deployment, kept: set[str]) -> Deployment:
    if deployment.shipped_commits is None:
        return deployment
    return replace(deployment, shipped_commits=tuple(c for c in deployment.shipped_commits if c.sha in kept))


def _closed_by_team(item: WorkItem, team_prs: set[int]) -> bool:
    return any(number in team_prs for number in item.closed_by)
