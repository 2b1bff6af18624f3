"""Quarters of ISO weeks: each week in exactly one, by its Thursday."""

from __future__ import annotations

import pytest

from bot.measure.quarters import Quarter
from bot.measure.weeks import IsoWeek


def test_a_quarter_holds_the_weeks_whose_thursday_falls_in_it() -> None:
    weeks = Quarter(2026, 3).weeks()
    assert (weeks[0], weeks[-1], len(weeks)) == (IsoWeek(2026, 27), IsoWeek(2026, 39), 13)
    assert Quarter.of(IsoWeek(2026, 40)) == Quarter(2026, 4)  # Thursday 1 October


def test_the_quarters_of_a_year_cover_every_week_once() -> None:
    for year in (2020, 2026):  # 2020 has 53 ISO weeks
        weeks = [w for n in range(1, 5) for w in Quarter(year, n).weeks()]
        assert weeks == sorted(set(weeks)) and weeks[0] == IsoWeek(year, 1)
        assert weeks[-1].shift(1) == IsoWeek(year + 1, 1)


def test_the_last_complete_quarter_ends_on_or_before_the_week() -> None:
    assert Quarter.last_complete(IsoWeek(2026, 39)) == Quarter(2026, 3)
    assert Quarter.last_complete(IsoWeek(2026, 40)) == Quarter(2026, 3)
    assert Quarter.last_complete(IsoWeek(2026, 5)) == Quarter(2025, 4)


def test_a_quarter_is_written_like_2026_q3() -> None:
    assert Quarter.parse("2026-q3") == Quarter(2026, 3) and str(Quarter(2026, 3)) == "2026-Q3"
    with pytest.raises(ValueError, match="not a quarter like 2026-Q3"):
        Quarter.parse("2026-Q5")
