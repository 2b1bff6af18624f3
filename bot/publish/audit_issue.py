"""The quarter's audit issue: one per quarter, found again by its hidden marker and author, updated in place.

The same publisher as the weekly digest's (``issues.DigestPublisher``), with the quarter's own marker.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.measure.quarters import Quarter
from bot.publish.digest import issue_publisher
from bot.publish.issues import Published
from bot.publish.split import GITHUB_BODY_LIMIT, sections, split_body
from bot.settings import ConnectionSettings, PublishingSettings

log = logging.getLogger("goodhart")
AUDIT_LABEL = "goodhart-audit"
_AUDIT = re.compile(r"<!-- goodhart:audit repo=(\S+) quarter=(\d{4}-Q[1-4]) -->")


def audit_marker(repo: str, quarter: Quarter) -> str:
    return f"<!-- goodhart:audit repo={repo} quarter={quarter} -->"


def audit_quarter(body: str | None, repo: str) -> Quarter | None:
    match = _AUDIT.search(body or "")
    if match is None or match.group(1) != repo:
        return None
    return Quarter.parse(match.group(2))


@dataclass(frozen=True, slots=True)
class AuditIssue:
    """Where one quarter's KPI audit goes."""

    repo: str
    quarter: Quarter
    title: str
    label: str = AUDIT_LABEL
    close_previous: bool = False
    label_description: str = "Quarterly KPI audit (Goodhart bot)"

    def marker(self) -> str:
        return audit_marker(self.repo, self.quarter)

    def details_marker(self, part: int) -> str:
        return f"<!-- goodhart:audit-details repo={self.repo} quarter={self.quarter} part={part} -->"

    def holds(self, body: str | None) -> bool:
        return audit_quarter(body, self.repo) == self.quarter

    def precedes(self, body: str | None) -> bool:
        quarter = audit_quarter(body, self.repo)
        return quarter is not None and quarter < self.quarter


def publish_audit(
    connection: ConnectionSettings, publishing: PublishingSettings, quarter: Quarter, markdown: str
) -> Published:
    assert connection.repo is not None
    target = AuditIssue(
        repo=connection.repo, quarter=quarter, title=f"Goodhart KPI audit: {connection.repo} · {quarter}"
    )
    bodies = split_body(sections(markdown), GITHUB_BODY_LIMIT - 200)
    published = issue_publisher(connection, publishing).publish(target, bodies)
    log.info(
        "%s the audit issue #%d: %s", "created" if published.created else "updated", published.number, published.url
    )
    return published
