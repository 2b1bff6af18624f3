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
from bot.records import Dataset, Severity, Source, SourceNote
from bot.settings import CollectionSettings, ConnectionSettings
from bot.wording import counted

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
        clone_tags = local.tags if Source.TAGS in local.read else None
        started = time.monotonic()
        remote = collect_github(github_request(connection, collection, window), clone_tags, sleep, clock)
        log.info("read GitHub in %.1fs", time.monotonic() - started)
    dataset = local.combined(remote)
    dataset = dataset if Source.DEPLOYMENTS in dataset.read else dataset.combined(_tags_as_deployments(local))
    return dataset if _holds_records(dataset) else dataset.combined(Dataset(notes=(_nothing_read(dataset),)))


def _holds_records(dataset: Dataset) -> bool:
    return any((dataset.commits, dataset.tags, dataset.pull_requests, dataset.deployments, dataset.incidents))


def _nothing_read(dataset: Dataset) -> SourceNote:
    """A digest of zeros says so at the top, with what was missing, instead of passing for a quiet week."""
    missing = "; ".join(f"{n.source}: {n.message}" for n in dataset.notes if n.severity is Severity.MISSING)
    return SourceNote(
        source="goodhart",
        severity=Severity.ATTENTION,
        message="no data at all: every number below is empty or zero because nothing was read"
        + (f" ({missing})" if missing else " (the sources read had nothing in the window)"),
    )


def _local(collection: CollectionSettings, window: Window, has_remote: bool) -> Dataset:
    if collection.repo_path is None:
        note = SourceNote("local git", Severity.MISSING, "commits not read: no clone is configured (GitHub alone)")
        return Dataset(notes=(note,))
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
    log.info("read %s in %.1fs", counted(len(dataset.commits), "commit"), time.monotonic() - started)
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
        message=f"deployments from {counted(len(deployments), 'release tag')}: each tag counts as a deployment",
        fix="read GitHub (--repo and a token) to count real deployments",
    )
    return Dataset(deployments=deployments, notes=(note,), read=frozenset({Source.DEPLOYMENTS}))


def _no_repository_note() -> SourceNote:
    return SourceNote(
        source="GitHub",
        severity=Severity.MISSING,
        message="not read: no repository named. Review depth and coverage, deployments, incidents and story points "
        "are absent, not zero; release tags stand in for deployments",
        fix="pass --repo OWNER/NAME with a token (in Actions, GITHUB_REPOSITORY and the token input do this)",
    )
