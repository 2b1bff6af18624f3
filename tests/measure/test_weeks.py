from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

from bot.measure.weeks import IsoWeek, Window
from tests.gitrepo import at


def test_parses_and_prints_iso_weeks() -> None:
    assert IsoWeek.parse("2026-W07") == IsoWeek(2026, 7)
    assert str(IsoWeek(2026, 7)) == "2026-W07"


@pytest.mark.parametrize("text", ["2026-7", "2026-W7", "2025-W53", "W07-2026"])
def test_rejects_what_is_not_an_iso_week(text: str) -> None:
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_the_last_complete_week_on_a_sunday_is_the_week_before() -> None:
    assert IsoWeek.last_complete(at("2026-11-22 23:00"), UTC) == IsoWeek(2026, 46)
    assert IsoWeek.last_complete(at("2026-11-23 00:00"), UTC) == IsoWeek(2026, 47)


def test_weeks_cross_years_as_iso_does() -> None:
    assert IsoWeek(2026, 53).shift(1) == IsoWeek(2027, 1)
    assert IsoWeek.containing(at("2027-01-01 12:00"), UTC) == IsoWeek(2026, 53)


def test_a_moment_falls_in_the_week_of_the_teams_time_zone() -> None:
    late_sunday_utc = at("2026-11-15 23:30")
    assert IsoWeek.containing(late_sunday_utc, UTC) == IsoWeek(2026, 46)
    assert IsoWeek.containing(late_sunday_utc, ZoneInfo("Europe/Berlin")) == IsoWeek(2026, 47)


def test_a_window_ends_with_the_reported_week_and_knows_its_bounds() -> None:
    window = Window.ending(IsoWeek(2027, 1), 3, UTC)
    assert window.weeks == (IsoWeek(2026, 52), IsoWeek(2026, 53), IsoWeek(2027, 1))
    assert window.start == at("2026-12-21 00:00")
    assert window.end == at("2027-01-11 00:00")
    assert window.week_of(at("2026-12-20 23:59")) is None
