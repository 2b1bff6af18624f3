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
