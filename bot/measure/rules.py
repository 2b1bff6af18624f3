"""The knobs the measures read, gathered from the settings once."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from datetime import timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.measure.paths import PathRules
from bot.records import Actor


@dataclass(frozen=True, slots=True)
class MeasureRules:
    paths: PathRules = field(default_factory=PathRules)
    exclude_authors: tuple[str, ...] = ()
    """Shell patterns over commit names/emails and GitHub logins."""
    hotfix_labels: tuple[str, ...] = ("hotfix",)
    hotfix_branch_prefix: str = "hotfix/"
    incident_window: timedelta = timedelta(days=7)
    large_pr_lines: int = 400
    rubber_stamp_minutes: float = 5
    zone: tzinfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def is_person(self, actor: Actor) -> bool:
        """Not a bot and not excluded; a deleted account ("ghost") was a person."""
        if actor.is_bot:
            return False
        login = actor.login or ""
        return not any(fnmatch.fnmatchcase(login, pattern) for pattern in self.exclude_authors)
