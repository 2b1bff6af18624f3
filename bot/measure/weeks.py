"""ISO weeks in the team's time zone, and the windows of weeks the metrics are counted over."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2026-W07`` (or ``2026-w07``) -> IsoWeek(2026, 7); raises ValueError for anything else."""
        match = _WEEK.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not an ISO week like 2026-W07")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{text!r}: {year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def containing(cls, moment: datetime, zone: tzinfo) -> IsoWeek:
        year, week, _ = moment.astimezone(zone).isocalendar()
        return cls(year, week)

    @classmethod
    def last_complete(cls, now: datetime, zone: tzinfo) -> IsoWeek:
        """The latest week that has fully ended at ``now``: the current week minus one."""
        return cls.containing(now, zone).shift(-1)

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def sunday(self) -> date:
        return self.monday() + timedelta(days=6)

    def start(self, zone: tzinfo) -> datetime:
        return datetime.combine(self.monday(), time(), zone)

    def end(self, zone: tzinfo) -> datetime:
        return self.shift(1).start(zone)

    def shift(self, weeks: int) -> IsoWeek:
        year, week, _ = (self.monday() + timedelta(weeks=weeks)).isocalendar()
        return IsoWeek(year, week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@dataclass(frozen=True, slots=True)
class Window:
    """Consecutive ISO weeks ending with the reported week, in one time zone."""

    weeks: tuple[IsoWeek, ...]
    zone: tzinfo

    @classmethod
    def ending(cls, last: IsoWeek, count: int, zone: tzinfo) -> Window:
        return cls(tuple(last.shift(i - count + 1) for i in range(count)), zone)

    @property
    def start(self) -> datetime:
        return self.weeks[0].start(self.zone)

    @property
    def end(self) -> datetime:
        return self.weeks[-1].end(self.zone)

    @property
    def last(self) -> IsoWeek:
        return self.weeks[-1]

    def from_history(self, first: datetime | None, keep: int) -> Window:
        """The window without the weeks that ended before the history began (a young repository's weeks before
        its first commit are not zero weeks, they are no weeks); at least the last ``keep`` weeks stay."""
        if first is None:
            return self
        weeks = tuple(w for w in self.weeks if w.end(self.zone) > first)
        return Window(weeks if len(weeks) >= keep else self.weeks[-keep:], self.zone)

    def week_of(self, moment: datetime) -> IsoWeek | None:
        """The window's week holding ``moment``, or None when it falls outside the window."""
        week = IsoWeek.containing(moment, self.zone)
        return week if self.weeks[0] <= week <= self.weeks[-1] else None
