"""Hidden markers that let the bot find its own digest issue and comments again.

A marker alone proves nothing (anyone can paste one), so the publisher also checks that the issue or
comment was written by the bot's own account; user text rendered by the bot cannot contain a marker
because escaping turns ``<`` into ``&lt;``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.measure.quarters import Quarter
from bot.measure.weeks import IsoWeek

_MARKER = re.compile(r"<!-- goodhart:(digest|rollup) repo=(\S+) week=(\d{4}-W\d{2})(?: scope=(\S+))? -->")
DIGEST = "digest"
ROLLUP = "rollup"
"""The kinds of weekly issue: a repository's digest, and the organisation digest (``goodhart rollup``), which may
be posted in a repository that has its own digest too, so each finds only its own kind again."""


def _scoped(scope: str | None) -> str:
    """`` scope=%40org%2Fpayments``: a team's digest is a series of its own beside the repository's, so two teams
    posting to one repository never update each other's issue. Quoted, so no scope can end the comment."""
    return "" if scope is None else f" scope={quote(scope, safe='')}"


def digest_marker(repo: str, week: IsoWeek, kind: str = DIGEST, scope: str | None = None) -> str:
    return f"<!-- goodhart:{kind} repo={repo} week={week}{_scoped(scope)} -->"


def details_marker(repo: str, week: IsoWeek, part: int, kind: str = DIGEST, scope: str | None = None) -> str:
    return f"<!-- goodhart:{kind}-details repo={repo} week={week}{_scoped(scope)} part={part} -->"


def digest_week(body: str | None, repo: str, kind: str = DIGEST, scope: str | None = None) -> IsoWeek | None:
    """The week of a body's marker of this kind, repository and scope (None: the whole repository), or None."""
    match = _MARKER.search(body or "")
    if match is None or (match.group(1), match.group(2)) != (kind, repo) or match.group(4) != _quoted(scope):
        return None
    return IsoWeek.parse(match.group(3))


def _quoted(scope: str | None) -> str | None:
    return None if scope is None else quote(scope, safe="")


_AUDIT = re.compile(r"<!-- goodhart:audit repo=(\S+) quarter=(\d{4}-Q[1-4])(?: scope=(\S+))? -->")


def audit_marker(repo: str, quarter: Quarter, scope: str | None = None) -> str:
    """The quarter's audit issue; a team's audit is scoped like its digest, so team audits never overwrite."""
    return f"<!-- goodhart:audit repo={repo} quarter={quarter}{_scoped(scope)} -->"


def audit_details_marker(repo: str, quarter: Quarter, part: int, scope: str | None = None) -> str:
    return f"<!-- goodhart:audit-details repo={repo} quarter={quarter}{_scoped(scope)} part={part} -->"


def audit_quarter(body: str | None, repo: str, scope: str | None = None) -> Quarter | None:
    """The quarter of a body's audit marker for this repository and scope (None: the whole repository), or None."""
    match = _AUDIT.search(body or "")
    if match is None or match.group(1) != repo or match.group(3) != _quoted(scope):
        return None
    return Quarter.parse(match.group(2))
