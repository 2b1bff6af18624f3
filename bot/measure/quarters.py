"""Quarters of ISO weeks: the span a KPI audit covers.

A week belongs to the quarter its Thursday falls in (the rule that gives an ISO week its year), so every
week is in exactly one quarter and a quarter has 13 weeks, or 14 in a 53-week year's last quarter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.measure.weeks import IsoWeek

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``2026-Q3`` -> Quarter(2026, 3); raises ValueError for anything else."""
        match = _QUARTER.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a quarter like 2026-Q3")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, week: IsoWeek) -> Quarter:
        thursday = week.monday() + timedelta(days=3)
        return cls(thursday.year, (thursday.month - 1) // 3 + 1)

    @classmethod
    def last_complete(cls, week: IsoWeek) -> Quarter:
        """The latest quarter whose last week is ``week`` or earlier."""
        quarter = cls.of(week)
        return quarter if quarter.weeks()[-1] == week else quarter.previous()

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def weeks(self) -> tuple[IsoWeek, ...]:
        first_day = date(self.year, 3 * self.number - 2, 1)
        week = IsoWeek(*first_day.isocalendar()[:2])
        if Quarter.of(week) != self:
            week = week.shift(1)
        weeks = []
        while Quarter.of(week) == self:
            weeks.append(week)
            week = week.shift(1)
        return tuple(weeks)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"
