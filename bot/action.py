"""Running as a GitHub Action: which command the event asks for, and where the checkout is."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import git

from bot.errors import ConfigError
from bot.measure.quarters import Quarter
from bot.measure.weeks import IsoWeek
from bot.settings import Settings

DIGEST_EVENTS = frozenset({"schedule", "workflow_dispatch"})
PR_EVENTS = frozenset({"pull_request", "pull_request_target", "pull_request_review"})


def command_for(settings: Settings) -> str:
    """``digest`` or ``pr-check``: as the mode input says, else as the event that started the workflow."""
    if settings.mode != "auto":
        return settings.mode
    event_name = settings.runner.event_name
    if event_name in DIGEST_EVENTS:
        return "digest"
    if event_name in PR_EVENTS:
        return "pr-check"
    events = ", ".join(sorted(DIGEST_EVENTS | PR_EVENTS))
    raise ConfigError(
        f"the action was started by {event_name or 'no event'!r}, and mode is auto; "
        f"run it on {events}, or set the mode input to digest or pr-check"
    )


def audit_due(settings: Settings, now: datetime) -> bool:
    """On a schedule in mode auto, the week a quarter begins also audits the KPIs of the quarter before."""
    if settings.mode != "auto" or settings.runner.event_name != "schedule" or not settings.governance.kpis:
        return False
    week = IsoWeek.containing(now, settings.collection.zone)
    return Quarter.of(week).weeks()[0] == week


def in_workspace(settings: Settings) -> Settings:
    """The checkout is the repository to read, and git must be told it is safe: the container runs as
    another user than the one who checked it out, and git refuses such a repository otherwise."""
    workspace, collection = settings.runner.workspace, settings.collection
    if workspace is None:
        return settings
    path = workspace if collection.repo_path in (Path(), None) else collection.repo_path
    git.Git().config("--global", "--add", "safe.directory", str(path.resolve()))
    return settings.model_copy(update={"collection": collection.model_copy(update={"repo_path": path})})
