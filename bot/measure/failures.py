"""Which deployments failed, why, and when service was restored: outcome-backward, from each signal.

A deployment failed when an incident is linked to it (its ``root cause`` sha shipped with it; otherwise
it was the last change out before the incident opened, within the incident window), when a change it
shipped was reverted or hotfixed within the incident window, when it was rolled back, or when the
deployment itself failed. Failures are per deployment: two incidents on one deploy are one failure.

A revert of a revert re-applies a change; it is rework, not a failure of the deploy that shipped the
first revert.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.measure.changes import is_hotfix, reverted_title
from bot.measure.deploys import Deploy, DeployKind
from bot.measure.rules import MeasureRules
from bot.records import Commit, Incident, PullRequest


class CauseKind(StrEnum):
    DEPLOY_FAILED = "deploy-failed"
    ROLLED_BACK = "rolled-back"
    INCIDENT_ROOT_CAUSE = "incident-root-cause"
    """An incident whose ``root cause`` sha this deploy shipped."""
    INCIDENT_AFTER = "incident-after"
    """An incident opened within the incident window after this deploy, the last change out."""
    COMMIT_REVERTED = "commit-reverted"
    PR_REVERTED = "pr-reverted"
    HOTFIXED = "hotfixed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cause:
    """One signal that a deploy failed; publish/ words it."""

    kind: CauseKind
    sha: str | None = None
    """The commit rolled back to, reverted, or named as root cause."""
    number: int | None = None
    """The incident, or the PR that was reverted."""
    by: int | None = None
    """The PR that reverted or hotfixed it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """Why a deployment failed and for how long; keyed by the deployment it is about."""

    causes: tuple[Cause, ...]
    incidents: tuple[Incident, ...]
    started_at: datetime
    restored_at: datetime | None
    """None while an incident linked to it is still open."""


@dataclass(frozen=True, slots=True)
class _Blame:
    deploy: Deploy
    cause: Cause
    fixed_at: datetime | None = None
    incident: Incident | None = None


@dataclass(slots=True)
class _Evidence:
    causes: list[Cause] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    fixes: list[datetime] = field(default_factory=list)


def find_failures(
    history: Sequence[Deploy],
    incidents: Sequence[Incident],
    commits: Sequence[Commit],
    pull_requests: Sequence[PullRequest],
    rules: MeasureRules,
) -> dict[Deploy, Failure]:
    changes = [d for d in history if d.kind is DeployKind.CHANGE]
    blames = [
        *_failed_and_rolled_back(history),
        *_incident_blames(incidents, changes, rules),
        *_reverted_commits(commits, changes, rules),
        *_reverted_and_hotfixed_prs(pull_requests, changes, rules),
    ]
    evidence: dict[Deploy, _Evidence] = {}
    for blame in blames:
        found = evidence.setdefault(blame.deploy, _Evidence())
        found.causes.append(blame.cause)
        if blame.fixed_at is not None:
            found.fixes.append(blame.fixed_at)
        if blame.incident is not None:
            found.incidents.append(blame.incident)
    return {deploy: _failure(deploy, found) for deploy, found in evidence.items()}


def _failed_and_rolled_back(history: Sequence[Deploy]) -> Iterator[_Blame]:
    for index, deploy in enumerate(history):
        if deploy.kind is DeployKind.FAILED:
            later = [d.at for d in history[index + 1 :] if d.kind is not DeployKind.FAILED]
            yield _Blame(deploy, Cause(kind=CauseKind.DEPLOY_FAILED), later[0] if later else None)
        elif deploy.kind is DeployKind.ROLLBACK:
            rolled_back = _live_before(history, index)
            if rolled_back is not None:
                yield _Blame(rolled_back, Cause(kind=CauseKind.ROLLED_BACK, sha=deploy.sha), deploy.at)


def _incident_blames(incidents: Sequence[Incident], changes: list[Deploy], rules: MeasureRules) -> Iterator[_Blame]:
    for incident in incidents:
        deploy, how = _incident_deploy(incident, changes, rules)
        if deploy is not None:
            sha = incident.root_cause_sha if how is CauseKind.INCIDENT_ROOT_CAUSE else None
            yield _Blame(deploy, Cause(kind=how, number=incident.number, sha=sha), incident=incident)


def _reverted_commits(commits: Sequence[Commit], changes: list[Deploy], rules: MeasureRules) -> Iterator[_Blame]:
    for commit in commits:
        if not commit.reverts or commit.is_merge or _is_revert_commit(commit.reverts, commits):
            continue
        deploy = _shipping(changes, commit.reverts, before=commit.committed_at, rules=rules)
        if deploy is not None:
            yield _Blame(
                deploy,
                Cause(kind=CauseKind.COMMIT_REVERTED, sha=commit.reverts),
                _fixed_by(changes, commit.committed_at),
            )


def _reverted_and_hotfixed_prs(
    pull_requests: Sequence[PullRequest], changes: list[Deploy], rules: MeasureRules
) -> Iterator[_Blame]:
    by_title: dict[str, PullRequest] = {}
    for pr in sorted(pull_requests, key=lambda p: p.number, reverse=True):  # the lowest number wins a title
        if pr.merged_at is not None:
            by_title[pr.title] = pr
    for pr in pull_requests:
        if pr.merged_at is None:
            continue
        title = reverted_title(pr)
        original = by_title.get(title) if title is not None else None
        if original is not None and reverted_title(original) is None:
            deploy = next((d for d in changes if original in d.shipped), None)
            if deploy is not None and timedelta(0) <= pr.merged_at - deploy.at <= rules.incident_window:
                cause = Cause(kind=CauseKind.PR_REVERTED, number=original.number, by=pr.number)
                yield _Blame(deploy, cause, _fixed_by(changes, pr.merged_at))
        elif title is None and is_hotfix(pr, rules):
            fixed = _last_before(changes, pr.merged_at, rules)
            if fixed is not None:
                yield _Blame(fixed, Cause(kind=CauseKind.HOTFIXED, by=pr.number), _fixed_by(changes, pr.merged_at))


def _failure(deploy: Deploy, found: _Evidence) -> Failure:
    """Starts when the first incident opened (service was hurt), else when the deploy went out; restored
    when every signal is resolved. A bug that lay unnoticed for days is not days of restoring."""
    starts = [i.created_at for i in found.incidents] or [deploy.at]
    closes = [i.closed_at for i in found.incidents]
    restored = None if any(c is None for c in closes) else max([*(c for c in closes if c), *found.fixes], default=None)
    causes = tuple(dict.fromkeys(found.causes))
    return Failure(causes=causes, incidents=tuple(found.incidents), started_at=min(starts), restored_at=restored)


def _incident_deploy(incident: Incident, changes: list[Deploy], rules: MeasureRules) -> tuple[Deploy | None, CauseKind]:
    if incident.root_cause_sha:
        shipped = next((d for d in changes if d.ships_sha(incident.root_cause_sha)), None)
        if shipped is not None:
            return shipped, CauseKind.INCIDENT_ROOT_CAUSE
    deploy = _last_before(changes, incident.created_at, rules)
    return deploy, CauseKind.INCIDENT_AFTER


def _last_before(changes: list[Deploy], moment: datetime, rules: MeasureRules) -> Deploy | None:
    """The last change out before ``moment``, if it went out within the incident window."""
    before = [d for d in changes if d.at <= moment]
    if not before or moment - before[-1].at > rules.incident_window:
        return None
    return before[-1]


def _shipping(changes: list[Deploy], sha: str, before: datetime, rules: MeasureRules) -> Deploy | None:
    deploy = next((d for d in changes if d.ships_sha(sha)), None)
    if deploy is None or before - deploy.at > rules.incident_window or before < deploy.at:
        return None
    return deploy


def _fixed_by(changes: list[Deploy], fix_time: datetime) -> datetime | None:
    """The fix is restored when the first change out after it was made went live, else when it was made."""
    return next((d.at for d in changes if d.at >= fix_time), fix_time)


def _live_before(history: Sequence[Deploy], index: int) -> Deploy | None:
    return next((d for d in reversed(history[:index]) if d.kind is DeployKind.CHANGE), None)


def _is_revert_commit(sha: str, commits: Sequence[Commit]) -> bool:
    """Whether ``sha`` names a commit that was itself a revert (so this one reverts a revert)."""
    return any(c.reverts and c.sha.startswith(sha.lower()) for c in commits)
