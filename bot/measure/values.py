"""Numbers that keep their sample size, because every verdict depends on it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Rate:
    """``numerator`` of ``denominator``; its value is None when there is nothing to divide."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True, slots=True)
class Sample:
    """Observed values (seconds, lines, comments...), kept so tests of difference can use them all."""

    values: tuple[float, ...]

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.values else None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None


@dataclass(frozen=True, slots=True)
class Total:
    """A count over a period of ``weeks`` weeks (points can be fractional), compared per week."""

    count: float
    weeks: int

    @property
    def per_week(self) -> float | None:
        return self.count / self.weeks if self.weeks else None


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end), spanning ``weeks`` ISO weeks; counts are compared per week."""

    start: datetime
    end: datetime
    weeks: int

    def __contains__(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end


def seconds(delta: timedelta) -> float:
    return delta.total_seconds()
