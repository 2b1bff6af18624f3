"""The face of a pull-request detector: what it reads, and what it answers.

A detector is a pure function over a :class:`~bot.records.PullRequestChange`. It answers a
:class:`Finding` when its pattern is present, None when it is not, and :class:`Skipped` when the data it
needs was not available (so a local run can say what it could not check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.measure.rules import MeasureRules
from bot.records import Location, PullRequestChange


class DetectorLimits(Protocol):
    """The detectors' thresholds; ``bot.settings.PrCheckLimits`` is the one implementation with defaults."""

    @property
    def micro_commits_min(self) -> int: ...
    @property
    def micro_commit_lines(self) -> int: ...
    @property
    def micro_commits_share(self) -> float: ...
    @property
    def duplicate_block_lines(self) -> int: ...
    @property
    def duplicate_blocks_min(self) -> int: ...
    @property
    def duplicate_share(self) -> float: ...
    @property
    def duplicate_min_added(self) -> int: ...
    @property
    def generated_share(self) -> float: ...
    @property
    def generated_min_lines(self) -> int: ...
    @property
    def self_churn_share(self) -> float: ...
    @property
    def self_churn_min_added(self) -> int: ...
    @property
    def large_pr_lines(self) -> int: ...
    @property
    def split_work_min(self) -> int: ...
    @property
    def split_work_days(self) -> float: ...
    @property
    def split_work_lines(self) -> int: ...
    @property
    def formatting_min_lines(self) -> int: ...
    @property
    def formatting_share(self) -> float: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    id: str
    title: str
    evidence: str
    """What was seen, in numbers."""
    threshold: str
    why: str
    """One line on why the pattern matters; about the change, never the person."""
    locations: tuple[Location, ...] = ()
    """Where in the change the pattern is (both copies of a duplicate); empty for patterns of the whole PR."""


@dataclass(frozen=True, slots=True)
class Skipped:
    id: str
    reason: str


Result = Finding | Skipped | None
Detect = Callable[[PullRequestChange, DetectorLimits, MeasureRules], Result]


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    detect: Detect
