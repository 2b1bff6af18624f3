"""Outcome series derived from records the bot already reads: what users get, week by week.

A week whose source was not read has no value (absent), never zero: an outcome of zero incident hours
is good news only when incidents were read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from bot.measure.weeks import IsoWeek
from bot.records import Dataset, Source

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
