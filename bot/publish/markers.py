"""Hidden markers that let the bot find its own digest issue and comments again.

A marker alone proves nothing (anyone can paste one), so the publisher also checks that the issue or
comment was written by the bot's own account; user text rendered by the bot cannot contain a marker
because escaping turns ``<`` into ``&lt;``.
"""

from __future__ import annotations

import re

from bot.measure.weeks import IsoWeek

_MARKER = re.compile(r"<!-- goodhart:(digest|rollup) repo=(\S+) week=(\d{4}-W\d{2}) -->")
DIGEST = "digest"
ROLLUP = "rollup"
"""The kinds of weekly issue: a repository's digest, and the organisation digest (``goodhart rollup``), which may
be posted in a repository that has its own digest too, so each finds only its own kind again."""


def digest_marker(repo: str, week: IsoWeek, kind: str = DIGEST) -> str:
    return f"<!-- goodhart:{kind} repo={repo} week={week} -->"


def details_marker(repo: str, week: IsoWeek, part: int, kind: str = DIGEST) -> str:
    return f"<!-- goodhart:{kind}-details repo={repo} week={week} part={part} -->"


def digest_week(body: str | None, repo: str, kind: str = DIGEST) -> IsoWeek | None:
    """The week of a body's marker of this kind for this repository, or None when it has none."""
    match = _MARKER.search(body or "")
    if match is None or match.group(1) != kind or match.group(2) != repo:
        return None
    return IsoWeek.parse(match.group(3))
