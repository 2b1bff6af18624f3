"""Outcome series derived from records the bot already reads: what users get, week by week.

A week whose source was not read has no value (absent), never zero: an outcome of zero incident hours
is good news only when incidents were read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from bot.measure.weeks import IsoWeek
from bot.records import Dataset, ReportedIssue, Source

OutcomeSeries = dict[IsoWeek, float]
"""An outcome's value by ISO week; a week with no value is absent from it."""


def incident_hours(dataset: Dataset, weeks: Sequence[IsoWeek], zone: tzinfo, until: datetime) -> OutcomeSeries:
    """Hours incidents were open within each week (an incident still open counts up to ``until``)."""
    if Source.INCIDENTS not in dataset.read:
        return {}
    series: OutcomeSeries = {}
    for week in weeks:
        start, end = week.start(zone), min(week.end(zone), until)
        if end <= start:
            continue
        hours = 0.0
        for incident in dataset.incidents:
            closed = incident.closed_at or until
            overlap = (min(closed, end) - max(incident.created_at, start)).total_seconds()
            hours += max(0.0, overlap) / 3600
        series[week] = round(hours, 2)
    return series


OUTSIDE = frozenset({"NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN"})
"""Author associations of people outside the repository's team (not a member, owner or collaborator)."""


def outside_bug_reports(
    issues: Sequence[ReportedIssue], weeks: Sequence[IsoWeek], zone: tzinfo, bug_labels: Sequence[str]
) -> OutcomeSeries:
    """Bug reports opened in each week by people outside the team: what users run into."""
    wanted = {label.casefold() for label in bug_labels}
    return _per_week(
        (i.created_at for i in issues if i.author_association in OUTSIDE and wanted & {n.casefold() for n in i.labels}),
        weeks,
        zone,
    )


def reopened_issues(issues: Sequence[ReportedIssue], weeks: Sequence[IsoWeek], zone: tzinfo) -> OutcomeSeries:
    """Issues reopened in each week: work that was called done and was not."""
    return _per_week((moment for i in issues for moment in i.reopened_at), weeks, zone)


def _per_week(moments: Iterable[datetime], weeks: Sequence[IsoWeek], zone: tzinfo) -> OutcomeSeries:
    series: OutcomeSeries = dict.fromkeys(weeks, 0.0)
    for moment in moments:
        week = IsoWeek.containing(moment, zone)
        if week in series:
            series[week] += 1
    return series
