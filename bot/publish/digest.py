"""Putting a rendered digest where it goes: the week's issue, the job summary, the step outputs."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.collect.github.client import Credentials, connect_for_writes
from bot.collect.github.pulls import Repo
from bot.measure.weeks import IsoWeek
from bot.publish.actions import append_step_summary, set_outputs, write_atomically
from bot.publish.identity import bot_login
from bot.publish.issues import DigestIssue, DigestPublisher, Published
from bot.publish.split import GITHUB_BODY_LIMIT, sections, split_body
from bot.settings import Settings

log = logging.getLogger("goodhart")


@dataclass(frozen=True, slots=True)
class Rendered:
    markdown: str
    json: str
    week: IsoWeek | None
    """The digest's week; None for a pull-request check."""
    warnings: int
    command: str = "digest"


def publish_issue(settings: Settings, rendered: Rendered, limit: int = GITHUB_BODY_LIMIT) -> Published:
    assert settings.repo is not None and rendered.week is not None
    credentials = Credentials.from_settings(settings)
    github = connect_for_writes(
        credentials, settings.api_url, settings.max_rate_limit_wait, settings.request_timeout, settings.write_interval
    )
    repo = Repo.parse(settings.repo)
    repository = github.get_repo(f"{repo.owner}/{repo.name}")
    login = bot_login(github, credentials, settings.api_url, settings.bot_login)
    target = DigestIssue(
        repo=settings.repo,
        week=rendered.week,
        title=settings.digest_title.format(repo=settings.repo, week=rendered.week),
        label=settings.digest_label,
        close_previous=settings.close_previous_digest,
    )
    bodies = split_body(sections(rendered.markdown), limit - 200)  # room for the marker and the continuation line
    published = DigestPublisher(repository, login).publish(target, bodies)
    verb = "created" if published.created else "updated"
    log.info("%s the digest issue #%d: %s", verb, published.number, published.url)
    return published


def leave_for_actions(settings: Settings, rendered: Rendered) -> None:
    """The job summary and JSON first (so a failed publish loses nothing), the outputs after."""
    path = settings.json_path(rendered.command)
    if path is not None:
        write_atomically(path, rendered.json)
    if settings.step_summary is not None:
        append_step_summary(settings.step_summary, rendered.markdown)


def set_digest_outputs(settings: Settings, rendered: Rendered, issue_url: str | None) -> None:
    if settings.github_output is not None:
        set_outputs(
            settings.github_output,
            {
                "digest-issue-url": issue_url or "",
                "warnings": str(rendered.warnings),
                "metrics-json": str(settings.json_path(rendered.command) or ""),
            },
        )
