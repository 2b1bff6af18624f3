"""Everything one pull-request check reads, from the event, GitHub and the local clone."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.collect.git import NotARepositoryError
from bot.collect.github.named_queries import query_text
from bot.collect.github.pull_request import RemotePullRequest, read_pull_request
from bot.collect.prdiff import CommitNotInCloneError, collect_local_change
from bot.errors import ConfigError
from bot.github.client import Credentials, connect
from bot.github.graphql import GraphQL, Spend
from bot.github.repo import Repo
from bot.measure.paths import PathRules
from bot.records import PathAttributes, PullRequestChange, Severity, SourceNote
from bot.settings import ConnectionSettings, PrCheckSettings, RunnerSettings

PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target", "pull_request_review"})


@dataclass(frozen=True, slots=True)
class Gathered:
    repo: str | None
    """OWNER/NAME, from the settings or the event."""
    change: PullRequestChange
    notes: tuple[SourceNote, ...]
    attributes: PathAttributes


def event_pull_request(runner: RunnerSettings) -> tuple[str | None, int | None]:
    """(repository, PR number) from the Actions event payload, or (None, None) outside a PR event."""
    if runner.event_path is None or runner.event_name not in PULL_REQUEST_EVENTS:
        return None, None
    payload = _payload(runner.event_path)
    pull = payload.get("pull_request")
    number = pull.get("number") if isinstance(pull, dict) else None
    name = (payload.get("repository") or {}).get("full_name") if isinstance(payload.get("repository"), dict) else None
    if not isinstance(number, int) or not isinstance(name, str):
        raise ConfigError(
            f"the {runner.event_name} event payload at {runner.event_path} has no pull_request.number or "
            "repository.full_name; is the workflow triggered by a pull request event?"
        )
    return name, number


def _payload(path: Path) -> dict[str, Any]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"the event payload at {path} could not be read as JSON: {error}") from None
    if not isinstance(payload, dict):
        raise ConfigError(f"the event payload at {path} is not a JSON object")
    return payload


def gather(
    connection: ConnectionSettings,
    runner: RunnerSettings,
    pr_check: PrCheckSettings,
    repo_path: Path,
    paths: PathRules,
) -> Gathered:
    event_repo, event_number = event_pull_request(runner)
    repo = connection.repo or event_repo
    number = pr_check.pr or event_number
    notes: list[SourceNote] = []
    remote = _remote(connection, repo=repo, number=number, notes=notes)
    base = pr_check.base or (remote.base_sha if remote else None)
    head = pr_check.head or (remote.head_sha if remote else None)
    if not base or not head:
        raise ConfigError("pr-check needs --base and --head, or --repo and --pr with a token (or a pull request event)")
    try:
        local = collect_local_change(repo_path, base=base, head=head, paths=paths)
    except (CommitNotInCloneError, NotARepositoryError):
        if remote is None:  # refs given by hand: without the clone there is nothing to check
            raise
        local = None
        notes.append(
            SourceNote(
                source="local git",
                severity=Severity.MISSING,
                message="the PR's commits are not in the clone: the diff-based detectors were skipped",
                fix="check out with `fetch-depth: 0` (the bot reads the commits; it never runs them)",
            )
        )
    if local is not None and not local.commits:
        notes.append(_empty_range(base, head))
    change = PullRequestChange(
        number=number,
        body=remote.body if remote else "",
        labels=remote.record.labels if remote else (),
        files=local.files if local else (remote.record.files if remote else ()),
        commits=local.commits if local else None,
        commit_sizes=None if local or not remote else remote.commit_sizes,
        diff=local.diff if local else None,
        existing_windows=local.existing_windows if local else None,
        review=remote.record if remote else None,
        siblings=remote.siblings if remote else None,
    )
    return Gathered(
        repo=repo, change=change, notes=tuple(notes), attributes=local.attributes if local else PathAttributes()
    )


def _empty_range(base: str, head: str) -> SourceNote:
    """Nothing checked is not the same as nothing found."""
    return SourceNote(
        source="local git",
        severity=Severity.ATTENTION,
        message=f"the range {base}..{head} is empty: {head} has no commit that {base} lacks, so nothing was checked",
        fix="give the older ref as --base and the newer as --head",
    )


def _remote(
    connection: ConnectionSettings, repo: str | None, number: int | None, notes: list[SourceNote]
) -> RemotePullRequest | None:
    credentials = Credentials.from_settings(connection)
    if repo is None or number is None or not credentials.present:
        notes.append(
            SourceNote(
                source="GitHub",
                severity=Severity.MISSING,
                message="not read: the review and split-work detectors were skipped",
                fix="pass --repo and --pr with a token to include them",
            )
        )
        return None
    github = connect(
        credentials,
        api_url=connection.api_url,
        max_rate_limit_wait=connection.max_rate_limit_wait,
        timeout=connection.request_timeout,
    )
    gql = GraphQL(
        github.requester, Spend(), max_wait=connection.max_rate_limit_wait, texts=query_text, sleep=time.sleep
    )
    return read_pull_request(gql, Repo.parse(repo), number)
