"""The face of a pull-request detector: what it reads, and what it answers.

A detector is a pure function over a :class:`~bot.records.PullRequestChange`. It answers a
:class:`Finding` when its pattern is present, None when it is not, and :class:`Skipped` when the data it
needs was not available (so a local run can say what it could not check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange


@dataclass(frozen=True, slots=True)
class DetectorLimits:
    micro_commits_min: int = 8
    micro_commit_lines: int = 2
    micro_commits_share: float = 0.60
    duplicate_block_lines: int = 6
    duplicate_blocks_min: int = 2
    duplicate_share: float = 0.20
    duplicate_min_added: int = 30
    generated_share: float = 0.50
    generated_min_lines: int = 50
    self_churn_share: float = 0.30
    self_churn_min_added: int = 50
    large_pr_lines: int = 400
    split_work_min: int = 3
    split_work_days: float = 7
    split_work_lines: int = 20
    formatting_min_lines: int = 200
    formatting_share: float = 0.90


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    title: str
    evidence: str
    """What was seen, in numbers."""
    threshold: str
    why: str
    """One line on why the pattern matters; about the change, never the person."""


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
