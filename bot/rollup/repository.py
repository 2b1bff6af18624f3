"""One repository's digest as the rollup reads it: its weeks' counts and metrics, its team, its own verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.measure.history import PeriodMetrics
from bot.measure.weeks import IsoWeek

TOTALS = ("commits", "meaningful_lines", "merged_prs", "deployments", "incidents", "releases", "reverts")
"""The weekly counts summed over repositories (contributors are not: one person in two repositories is one)."""


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One repository's week: its counts, and its metrics as the pairs read them."""

    week: IsoWeek
    totals: Mapping[str, int | None]
    metrics: PeriodMetrics


@dataclass(frozen=True, slots=True)
class Scope:
    """What part of the repository a digest counted (its JSON's ``scope``): a team's paths, path globs, or all."""

    team: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def whole(self) -> bool:
        return self.team is None and not self.include and not self.exclude

    def __str__(self) -> str:
        if self.whole:
            return "the whole repository"
        parts = [f"team {self.team}"] if self.team else []
        parts += [f"paths {' '.join(self.include)}"] if self.include else []
        parts += [f"excluding {' '.join(self.exclude)}"] if self.exclude else []
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class RepositoryDigest:
    repository: str
    path: Path
    week: IsoWeek
    team: str | None
    weeks: tuple[WeekRow, ...]
    verdicts: tuple[tuple[str, str], ...]
    """(pair id, verdict) as the repository's own digest judged them."""
    sampled: bool
    """Whether its weeks carry the samples (lead times, review depth, PR sizes, estimates) the pairs pool."""
    partial: bool = False
    """A source stopped partway through its digest (a rate limit): its numbers are undercounts."""
    scope: Scope = Scope()
    """With the repository, what identifies a digest: one repository's teams are several digests."""
    timezone: str = "UTC"
    """The zone its weeks were counted in: a week is Monday to Sunday there."""
    guard_alone: frozenset[str] = frozenset()
    """Pairs its digest judged balanced though a guard worsened (with no driver gain to blame)."""
