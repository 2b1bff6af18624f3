"""Putting a rendered digest where it goes: the week's issue, the job summary, the step outputs."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.github.repo import Repo
from bot.measure.weeks import IsoWeek
from bot.publish.actions import append_step_summary, set_outputs, write_atomically
from bot.publish.identity import connect_as_bot
from bot.publish.issues import DigestIssue, DigestPublisher, Published
from bot.publish.split import GITHUB_BODY_LIMIT, sections, split_body
from bot.settings import ConnectionSettings, PublishingSettings, RunnerSettings

log = logging.getLogger("goodhart")


@dataclass(frozen=True, slots=True)
class Rendered:
    markdown: str
    json: str
    week: IsoWeek | None
    """The digest's week; None for a pull-request check."""
    warnings: int
    command: str = "digest"
    scope: str | None = None
    """The digest's team or paths, in a few words; None for the whole repository."""


def publish_issue(
    connection: ConnectionSettings,
    publishing: PublishingSettings,
    rendered: Rendered,
    limit: int = GITHUB_BODY_LIMIT,
    *,
    title: str | None = None,
) -> Published:
    """The week's issue, created or updated in place; ``rendered.command`` ("digest" or "rollup") is the kind
    of issue it is found again as, and ``title`` replaces the ``digest-title`` setting (the rollup's own)."""
    assert connection.repo is not None and rendered.week is not None
    target = DigestIssue(
        repo=connection.repo,
        week=rendered.week,
        title=title or _scoped_title(publishing, connection.repo, rendered),
        label=publishing.digest_label,
        close_previous=publishing.close_previous_digest,
        kind=rendered.command,
        scope=rendered.scope,
    )
    bodies = split_body(sections(rendered.markdown), limit - 200)  # room for the marker and the continuation line
    published = issue_publisher(connection, publishing).publish(target, bodies)
    verb = "created" if published.created else "updated"
    log.info("%s the %s issue #%d: %s", verb, rendered.command, published.number, published.url)
    return published


def issue_publisher(connection: ConnectionSettings, publishing: PublishingSettings) -> DigestPublisher:
    """The publisher of the bot's own issues in ``repo``: the weekly digest, the rollup, the quarter's audit."""
    assert connection.repo is not None
    github, login = connect_as_bot(connection, publishing)
    repo = Repo.parse(connection.repo)
    return DigestPublisher(github.get_repo(f"{repo.owner}/{repo.name}"), login)


def _scoped_title(publishing: PublishingSettings, repo: str, rendered: Rendered) -> str:
    title = publishing.digest_title.format(repo=repo, week=rendered.week)
    return title if rendered.scope is None else f"{title} · {rendered.scope}"


def leave_for_actions(runner: RunnerSettings, json_path: Path | None, rendered: Rendered) -> None:
    """The job summary and JSON first (so a failed publish loses nothing), the outputs after."""
    if json_path is not None:
        write_atomically(json_path, rendered.json)
    if runner.step_summary is not None:
        append_step_summary(runner.step_summary, rendered.markdown)


def set_digest_outputs(
    runner: RunnerSettings, json_path: Path | None, rendered: Rendered, issue_url: str | None
) -> None:
    if runner.github_output is not None:
        set_outputs(
            runner.github_output,
            {
                "digest-issue-url": issue_url or "",
                "warnings": str(rendered.warnings),
                "metrics-json": str(json_path or ""),
            },
        )
