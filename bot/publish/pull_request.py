"""Where a pull-request check's result goes: the sticky comment, or, when writing is refused, the job
summary and a warning annotation (a fork's read-only token), and the step outputs."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.errors import PublishError
from bot.github.repo import Repo
from bot.publish.actions import append_step_summary, set_outputs
from bot.publish.comments import sync_comment
from bot.publish.identity import connect_as_bot
from bot.settings import ConnectionSettings, PublishingSettings, RunnerSettings, WhenClear

log = logging.getLogger("goodhart")


@dataclass(frozen=True, slots=True)
class PullRequestAddress:
    repo: str
    """OWNER/NAME."""
    number: int


def comment_on_pull_request(
    *,
    connection: ConnectionSettings,
    publishing: PublishingSettings,
    runner: RunnerSettings,
    pull_request: PullRequestAddress,
    body: str,
    has_findings: bool,
    when_clear: WhenClear,
) -> str | None:
    repo = Repo.parse(pull_request.repo)
    try:
        github, login = connect_as_bot(connection, publishing)
        pull = github.get_repo(f"{repo.owner}/{repo.name}").get_issue(pull_request.number)
        result = sync_comment(pull, bot=login, body=body, has_findings=has_findings, when_clear=when_clear)
    except PublishError as error:
        _refused(runner, str(error), body)
        return None
    log.info("pull request comment: %s%s", result.outcome, f" ({result.url})" if result.url else "")
    return result.url


def _refused(runner: RunnerSettings, reason: str, body: str) -> None:
    """A fork's token may not comment: the finding goes where the author still sees it, and the step passes."""
    log.warning("could not comment on the pull request: %s", reason)
    if runner.step_summary is not None:
        append_step_summary(runner.step_summary, f"{body}\n\n> The bot could not comment here: {reason}\n")
    if runner.github_output is not None or runner.step_summary is not None:
        message = reason.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        sys.stdout.write(f"::warning title=Goodhart bot could not comment::{message}\n")


def set_pr_outputs(runner: RunnerSettings, json_path: Path | None, warnings: int, comment_url: str | None) -> None:
    if runner.github_output is not None:
        set_outputs(
            runner.github_output,
            {
                "warnings": str(warnings),
                "pr-comment-url": comment_url or "",
                "metrics-json": str(json_path or ""),
            },
        )
