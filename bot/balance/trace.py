"""Outcome-backward: for each failed deployment, the incidents, the deploy, and the changes it shipped.

Team level only: changes are named by number and title, never by who wrote or reviewed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.measure.changes import meaningful_lines, substantive_comments, was_reviewed
from bot.measure.failures import Cause
from bot.measure.history import History
from bot.measure.values import Period
from bot.records import DeploySource


@dataclass(frozen=True, slots=True)
class TracedChange:
    number: int
    title: str
    meaningful_lines: int
    review_comments: int
    reviewed: bool


@dataclass(frozen=True, slots=True)
class TracedIncident:
    number: int
    title: str
    opened_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class FailureTrace:
    sha: str
    deployed_at: datetime
    environment: str
    source: DeploySource
    causes: tuple[Cause, ...]
    incidents: tuple[TracedIncident, ...]
    started_at: datetime
    restored_at: datetime | None
    changes: tuple[TracedChange, ...]

    @property
    def restore_seconds(self) -> float | None:
        return None if self.restored_at is None else (self.restored_at - self.started_at).total_seconds()


def failure_traces(history: History, period: Period) -> tuple[FailureTrace, ...]:
    """Failed deployments of the period, newest first."""
    traces = []
    for deploy, failure in history.failures.items():
        if deploy.at not in period:
            continue
        traces.append(
            FailureTrace(
                sha=deploy.sha,
                deployed_at=deploy.at,
                environment=deploy.deployment.environment,
                source=deploy.deployment.source,
                causes=failure.causes,
                incidents=tuple(
                    TracedIncident(i.number, i.title, i.created_at, i.closed_at) for i in failure.incidents
                ),
                started_at=failure.started_at,
                restored_at=failure.restored_at,
                changes=tuple(
                    TracedChange(
                        pr.number,
                        pr.title,
                        meaningful_lines(pr, history.rules),
                        substantive_comments(pr, history.rules),
                        was_reviewed(pr, history.rules),
                    )
                    for pr in deploy.shipped
                ),
            )
        )
    return tuple(sorted(traces, key=lambda t: t.deployed_at, reverse=True))
