"""The digest as a value: every number the templates and the JSON show, computed before any rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.measure.activity import Exclusions, WeekActivity, exclusions, weekly_activity
from bot.measure.paths import PathRules
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset, Severity, SourceNote

SCHEMA_VERSION = 1

_NEEDS_GITHUB = SourceNote(
    "GitHub",
    Severity.MISSING,
    "not read in this version: review depth and coverage, deployments, incidents, change failure rate and "
    "story points, which need GitHub's API; they are absent from this digest, not zero. "
    "Release tags stand in for deployments",
)


@dataclass(frozen=True, slots=True)
class Metric:
    """One weekly series with the comparisons the digest shows for it."""

    key: str
    label: str
    short: str
    """The label as it reads inside a sentence."""
    series: tuple[int, ...]

    @property
    def this_week(self) -> int:
        return self.series[-1]

    @property
    def previous_week(self) -> int | None:
        return self.series[-2] if len(self.series) > 1 else None

    @property
    def baseline(self) -> float | None:
        """Mean of the weeks before the reported one."""
        earlier = self.series[:-1]
        return sum(earlier) / len(earlier) if earlier else None

    @property
    def week_over_week(self) -> float | None:
        """Relative change from last week; None when last week was zero (no honest percentage)."""
        previous = self.previous_week
        if not previous:
            return None
        return (self.this_week - previous) / previous


@dataclass(frozen=True, slots=True)
class Digest:
    repository: str
    generated_at: datetime
    window: Window
    weeks: tuple[WeekActivity, ...]
    metrics: tuple[Metric, ...]
    exclusions: Exclusions
    notes: tuple[SourceNote, ...]
    release_tag_pattern: str

    @property
    def week(self) -> IsoWeek:
        return self.window.last

    @property
    def attention(self) -> tuple[SourceNote, ...]:
        return tuple(n for n in self.notes if n.severity is Severity.ATTENTION)


_HEADLINES = (
    ("commits", "Commits", "commits"),
    ("meaningful_lines", "Meaningful lines changed", "meaningful lines"),
    ("merged_prs", "Merged PRs", "merged PRs"),
    ("releases", "Releases (tags)", "releases"),
    ("reverts", "Reverts", "reverts"),
)


def build_digest(
    repository: str,
    dataset: Dataset,
    window: Window,
    rules: PathRules,
    exclude_authors: Sequence[str],
    release_tag_pattern: str,
    generated_at: datetime,
) -> Digest:
    weeks = tuple(weekly_activity(dataset, window, rules, exclude_authors))
    metrics = tuple(
        Metric(key, label, short, tuple(getattr(w, key) for w in weeks)) for key, label, short in _HEADLINES
    )
    return Digest(
        repository=repository,
        generated_at=generated_at,
        window=window,
        weeks=weeks,
        metrics=metrics,
        exclusions=exclusions(dataset, window, rules, exclude_authors),
        notes=(*dataset.notes, _NEEDS_GITHUB),
        release_tag_pattern=release_tag_pattern,
    )
