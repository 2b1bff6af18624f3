"""The quarter's audit issue: one per quarter, found again by its hidden marker and author, updated in place.

The same publisher as the weekly digest's (``issues.DigestPublisher``), with the quarter's own marker.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.measure.quarters import Quarter
from bot.publish.audit import audit_title
from bot.publish.digest import issue_publisher
from bot.publish.issues import Published
from bot.publish.markers import audit_details_marker, audit_marker, audit_quarter
from bot.publish.split import GITHUB_BODY_LIMIT, sections, split_body
from bot.settings import ConnectionSettings, PublishingSettings

log = logging.getLogger("goodhart")
AUDIT_LABEL = "goodhart-audit"


@dataclass(frozen=True, slots=True)
class AuditIssue:
    """Where one quarter's KPI audit goes."""

    repo: str
    quarter: Quarter
    title: str
    label: str = AUDIT_LABEL
    close_previous: bool = False
    label_description: str = "Quarterly KPI audit (Goodhart bot)"
    scope: str | None = None
    """A team's or some paths' audit (``@org/payments``); None for the whole repository."""

    def marker(self) -> str:
        return audit_marker(self.repo, self.quarter, self.scope)

    def details_marker(self, part: int) -> str:
        return audit_details_marker(self.repo, self.quarter, part, self.scope)

    def holds(self, body: str | None) -> bool:
        return audit_quarter(body, self.repo, self.scope) == self.quarter

    def precedes(self, body: str | None) -> bool:
        quarter = audit_quarter(body, self.repo, self.scope)
        return quarter is not None and quarter < self.quarter


def publish_audit(
    connection: ConnectionSettings,
    publishing: PublishingSettings,
    quarter: Quarter,
    markdown: str,
    scope: str | None = None,
) -> Published:
    """The quarter's audit issue for the repository, or for the team or paths of ``scope``."""
    assert connection.repo is not None
    title = f"Goodhart KPI audit: {audit_title(connection.repo, str(quarter), scope)}"
    target = AuditIssue(repo=connection.repo, quarter=quarter, title=title, scope=scope)
    bodies = split_body(sections(markdown), GITHUB_BODY_LIMIT - 200)
    published = issue_publisher(connection, publishing).publish(target, bodies)
    log.info(
        "%s the audit issue #%d: %s", "created" if published.created else "updated", published.number, published.url
    )
    return published
