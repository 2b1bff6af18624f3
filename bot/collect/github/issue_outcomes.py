"""Issues as outcome series: who opened them and when they were reopened, read in one paged query.

Read only when a KPI names ``outside-bug-reports`` or ``reopened-issues`` as its outcome, after pricing the
read (``budget.issue_outcomes_affordable``). When it cannot be read the outcome is missing, never zero.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from bot.collect.github import budget
from bot.collect.github.named_queries import query_text
from bot.collect.github.nodes import required_when
from bot.github.client import Credentials, connect
from bot.github.graphql import GraphQL, PermissionDeniedError, RateLimitError, Spend
from bot.github.repo import Repo
from bot.records import ReportedIssue, Severity, SourceNote
from bot.settings import ConnectionSettings

log = logging.getLogger("goodhart")


def read_issue_outcomes(
    connection: ConnectionSettings,
    since: datetime,
    clock: Callable[[], datetime],
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[tuple[ReportedIssue, ...] | None, SourceNote | None]:
    """The issues updated since ``since``, or None and a note saying why they could not be read."""
    credentials = Credentials.from_settings(connection)
    if connection.repo is None or not credentials.present:
        return None, _note("not read: they need --repo OWNER/NAME and a token", fix="give both to count them")
    github = connect(
        credentials,
        api_url=connection.api_url,
        max_rate_limit_wait=connection.max_rate_limit_wait,
        timeout=connection.request_timeout,
    )
    spend = Spend()
    gql = GraphQL(
        github.requester, spend, max_wait=connection.max_rate_limit_wait, texts=query_text, sleep=sleep, clock=clock
    )
    repo = Repo.parse(connection.repo)
    try:
        budget.issue_outcomes_affordable(
            gql, budget.Scope(repo=repo, since=since, incident_labels=(), with_projects=False)
        )
        found = [
            _issue(node)
            for _, nodes in gql.pages(
                "issue_outcomes", ("repository", "issues"), owner=repo.owner, name=repo.name, since=since.isoformat()
            )
            for node in nodes
        ]
    except PermissionDeniedError as error:
        return None, _note(f"not read: {error}", fix="add `issues: read` under `permissions:` in the workflow")
    except RateLimitError as error:
        return None, _note(f"not read: {error}", fix=error.fix)
    finally:
        log.info("%s", spend.summary())
    return tuple(found), None


def _issue(node: dict[str, Any]) -> ReportedIssue:
    events = ((node.get("timelineItems") or {}).get("nodes")) or []
    return ReportedIssue(
        number=node["number"],
        created_at=required_when(node["createdAt"]),
        author_association=str(node.get("authorAssociation") or "UNKNOWN"),  # unknown is not "outside the team"
        labels=tuple(label["name"] for label in ((node.get("labels") or {}).get("nodes") or []) if label),
        reopened_at=tuple(required_when(e["createdAt"]) for e in events if e and e.get("createdAt")),
    )


def _note(message: str, fix: str | None) -> SourceNote:
    return SourceNote(source="GitHub", severity=Severity.ATTENTION, message=f"issue outcomes {message}", fix=fix)
