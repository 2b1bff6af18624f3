"""Hidden markers that let the bot find its own digest issue and comments again.

A marker alone proves nothing (anyone can paste one), so the publisher also checks that the issue or
comment was written by the bot's own account; user text rendered by the bot cannot contain a marker
because escaping turns ``<`` into ``&lt;``.
"""

from __future__ import annotations

import re

from bot.measure.weeks import IsoWeek

_DIGEST = re.compile(r"<!-- goodhart:digest repo=(\S+) week=(\d{4}-W\d{2}) -->")


def digest_marker(repo: str, week: IsoWeek) -> str:
    return f"<!-- goodhart:digest repo={repo} week={week} -->"


def details_marker(repo: str, week: IsoWeek, part: int) -> str:
    return f"<!-- goodhart:digest-details repo={repo} week={week} part={part} -->"


def digest_week(body: str | None, repo: str) -> IsoWeek | None:
    """The week of a digest body's marker for this repository, or None when it has none."""
    match = _DIGEST.search(body or "")
    if match is None or match.group(1) != repo:
        return None
    return IsoWeek.parse(match.group(2))
