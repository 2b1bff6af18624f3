"""The knobs the measures read, gathered from the settings once (``MeasureSettings.rules``, where the
defaults are)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from datetime import timedelta, tzinfo

from bot.measure.paths import PathRules
from bot.records import Actor


@dataclass(frozen=True, slots=True)
class MeasureRules:
    paths: PathRules
    exclude_authors: tuple[str, ...]
    """Shell patterns over commit names/emails and GitHub logins."""
    hotfix_labels: tuple[str, ...]
    hotfix_branch_prefix: str
    incident_window: timedelta
    large_pr_lines: int
    rubber_stamp_minutes: float
    zone: tzinfo

    def is_person(self, actor: Actor) -> bool:
        """Not a bot and not excluded; a deleted account ("ghost") was a person."""
        if actor.is_bot:
            return False
        login = actor.login or ""
        return not any(fnmatch.fnmatchcase(login, pattern) for pattern in self.exclude_authors)
