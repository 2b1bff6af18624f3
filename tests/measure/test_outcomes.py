"""Outcomes derived from records: incident hours per week, absent when incidents were not read."""

from __future__ import annotations

from datetime import UTC

from bot.measure.outcomes import incident_hours
from bot.measure.weeks import IsoWeek
from bot.records import Dataset, Incident, Source
from tests.gitrepo import at

W45, W46 = IsoWeek(2026, 45), IsoWeek(2026, 46)


def incident(opened: str, closed: str | None) -> Incident:
    return Incident(
        number=1, title="down", created_at=at(opened), closed_at=at(closed) if closed else None, root_cause_sha=None
    )


def test_incident_hours_are_split_across_the_weeks_they_were_open_in() -> None:
    dataset = Dataset(incidents=(incident("2026-11-08 22:00", "2026-11-09 03:00"),), read=frozenset({Source.INCIDENTS}))
    hours = incident_hours(dataset, (W45, W46), UTC, until=at("2026-11-18 00:00"))
    assert hours == {W45: 2.0, W46: 3.0}


def test_an_open_incident_counts_until_now_and_a_quiet_week_is_zero() -> None:
    dataset = Dataset(incidents=(incident("2026-11-16 00:00", None),), read=frozenset({Source.INCIDENTS}))
    hours = incident_hours(dataset, (W45, W46, IsoWeek(2026, 47)), UTC, until=at("2026-11-16 12:00"))
    assert hours == {W45: 0.0, W46: 0.0, IsoWeek(2026, 47): 12.0}


def test_without_incidents_read_there_is_no_value_not_zero() -> None:
    assert incident_hours(Dataset(), (W45, W46), UTC, until=at("2026-11-18 00:00")) == {}
