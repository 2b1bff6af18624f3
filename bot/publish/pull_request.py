"""Where a pull-request check's result goes: the sticky comment, or, when writing is refused, the job
summary and a warning annotation (a fork's read-only token), and the step outputs."""

from __future__ import annotations

import logging
import sys

from bot.collect.github.client import Credentials, connect_for_writes
from bot.collect.github.pulls import Repo
from bot.collect.pr_change import Gathered
from bot.errors import PublishError
from bot.publish.actions import append_step_summary, set_outputs
from bot.publish.comments import sync_comment
from bot.publish.identity import bot_login
from bot.settings import Settings

log = logging.getLogger("goodhart")


def can_comment(settings: Settings, gathered: Gathered) -> bool:
    return (
        gathered.repo is not None and gathered.change.number is not None and Credentials.from_settings(settings).present
    )


def comment_on_pull_request(settings: Settings, gathered: Gathered, body: str, has_findings: bool) -> str | None:
    change = gathered.change
    assert gathered.repo is not None and change.number is not None
    repo = Repo.parse(gathered.repo)
    credentials = Credentials.from_settings(settings)
    github = connect_for_writes(
        credentials, settings.api_url, settings.max_rate_limit_wait, settings.request_timeout, settings.write_interval
    )
    try:
        pull = github.get_repo(f"{repo.owner}/{repo.name}").get_issue(change.number)
        login = bot_login(github, credentials, settings.api_url, settings.bot_login)
        result = sync_comment(pull, login, body, has_findings, settings.pr_comment_when_clear)
    except PublishError as error:
        _refused(settings, str(error), body)
        return None
    log.info("pull request comment: %s%s", result.outcome, f" ({result.url})" if result.url else "")
    return result.url


def _refused(settings: Settings, reason: str, body: str) -> None:
    """A fork's token may not comment: the finding goes where the author still sees it, and the step passes."""
    log.warning("could not comment on the pull request: %s", reason)
    if settings.step_summary is not None:
        append_step_summary(settings.step_summary, f"{body}\n\n> The bot could not comment here: {reason}\n")
    if settings.github_output is not None or settings.step_summary is not None:
        message = reason.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        sys.stdout.write(f"::warning title=Goodhart bot could not comment::{message}\n")


def set_pr_outputs(settings: Settings, warnings: int, comment_url: str | None) -> None:
    if settings.github_output is not None:
        set_outputs(
            settings.github_output,
            {
                "warnings": str(warnings),
                "pr-comment-url": comment_url or "",
                "metrics-json": str(settings.json_path("pr-check") or ""),
            },
        )
