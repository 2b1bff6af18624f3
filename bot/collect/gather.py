"""One run's sources, read as the settings say, into one Dataset: git first, then GitHub."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bot.collect.git import GitWindow, NotARepositoryError, collect_git
from bot.collect.github.collector import GitHubRequest, collect_github
from bot.collect.github.deploys.tags import as_deployments
from bot.collect.github.points import PointsRules
from bot.github.client import Credentials
from bot.measure.weeks import Window
from bot.records import Dataset, Severity, SourceNote
from bot.settings import CollectionSettings, ConnectionSettings

log = logging.getLogger("goodhart")


def gather(
    connection: ConnectionSettings,
    collection: CollectionSettings,
    window: Window,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Dataset:
    """``clock`` tells GitHub's rate-limit resets apart from now."""
    local = _local(collection, window, has_remote=connection.repo is not None)
    if connection.repo is None:
        remote = Dataset(notes=(_no_repository_note(),))
    else:
        clone_tags = local.tags if "tags" in local.read else None
        started = time.monotonic()
        remote = collect_github(github_request(connection, collection, window), clone_tags, sleep, clock)
        log.info("read GitHub in %.1fs", time.monotonic() - started)
    dataset = local.combined(remote)
    return dataset if "deployments" in dataset.read else dataset.combined(_tags_as_deployments(local))


def _local(collection: CollectionSettings, window: Window, has_remote: bool) -> Dataset:
    started = time.monotonic()
    try:
        dataset = collect_git(
            collection.repo_path,
            GitWindow(window.start, window.end, collection.branch),
            re.compile(collection.release_tag_pattern),
        )
    except NotARepositoryError as error:
        if not has_remote:
            raise
        note = SourceNote("local git", Severity.MISSING, f"commits not read: {error}")
        return Dataset(notes=(note,))
    log.info("read %d commits in %.1fs", len(dataset.commits), time.monotonic() - started)
    return dataset


def github_request(connection: ConnectionSettings, collection: CollectionSettings, window: Window) -> GitHubRequest:
    return GitHubRequest(
        repo=connection.repo or "",
        credentials=Credentials.from_settings(connection),
        api_url=connection.api_url,
        since=window.start.astimezone(UTC),
        production_environments=re.compile(collection.production_environments, re.IGNORECASE),
        deploy_workflows=collection.deploy_workflows,
        release_tags=re.compile(collection.release_tag_pattern),
        incident_labels=collection.incident_labels,
        points=PointsRules(re.compile(collection.points_label_pattern, re.IGNORECASE)),
        points_field=collection.points_field,
        max_rate_limit_wait=connection.max_rate_limit_wait,
        timeout=connection.request_timeout,
    )


def _tags_as_deployments(local: Dataset) -> Dataset:
    """Without GitHub, release tags are the best record of what went live."""
    if not local.tags:
        return Dataset()
    deployments = as_deployments(local.tags)
    note = SourceNote(
        source="local git",
        severity=Severity.ATTENTION,
        message=f"deployments from {len(deployments)} release tags: each tag counts as a deployment",
        fix="read GitHub (--repo and a token) to count real deployments",
    )
    return Dataset(deployments=deployments, notes=(note,), read=frozenset({"deployments"}))


def _no_repository_note() -> SourceNote:
    return SourceNote(
        source="GitHub",
        severity=Severity.MISSING,
        message="not read: no repository named. Review depth and coverage, deployments, incidents and story points "
        "are absent, not zero; release tags stand in for deployments",
        fix="pass --repo OWNER/NAME with a token (in Actions, GITHUB_REPOSITORY and the token input do this)",
    )
