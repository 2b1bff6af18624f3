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
    read: frozenset[str]

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
    ("deployments", "Deployments", "deployments"),
    ("releases", "Releases (tags)", "releases"),
    ("incidents", "Incidents opened", "incidents"),
    ("reverts", "Reverts", "reverts"),
)
_AT_MOST = 5
"""Headline metrics are few on purpose; a series nobody read is left out, never shown as zeros."""


def _headlines(dataset: Dataset) -> list[tuple[str, str, str]]:
    """Deployments replace release tags, and incidents reverts, when GitHub gave them."""
    chosen = [h for h in _HEADLINES if h[0] not in ("deployments", "incidents")]
    if "deployments" in dataset.read:
        chosen = [h if h[0] != "releases" else _HEADLINES[3] for h in chosen]
    if "incidents" in dataset.read:
        chosen = [h if h[0] != "reverts" else _HEADLINES[5] for h in chosen]
    return chosen[:_AT_MOST]


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
        Metric(key, label, short, tuple(getattr(w, key) for w in weeks)) for key, label, short in _headlines(dataset)
    )
    return Digest(
        repository=repository,
        generated_at=generated_at,
        window=window,
        weeks=weeks,
        metrics=metrics,
        exclusions=exclusions(dataset, window, rules, exclude_authors),
        notes=dataset.notes,
        read=dataset.read,
        release_tag_pattern=release_tag_pattern,
    )
