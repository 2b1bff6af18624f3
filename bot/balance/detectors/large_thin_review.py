"""A large change approved without a single substantive review comment."""

from __future__ import annotations

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.changes import first_approval, substantive_comments
from bot.measure.code_lines import is_meaningful
from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange

ID = "large-thin-review"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.review is None:
        return Skipped(ID, "needs the PR's reviews from GitHub")
    lines = sum((f.added or 0) + (f.deleted or 0) for f in change.files if is_meaningful(f.path, rules))
    if lines < limits.large_pr_lines or first_approval(change.review, rules) is None:
        return None
    if substantive_comments(change.review, rules) > 0:
        return None
    return Finding(
        id=ID,
        title="Large change approved without review comments",
        evidence=f"{lines:,} meaningful lines changed, approved with no substantive review comment",
        threshold=f"at least {limits.large_pr_lines:,} meaningful lines",
        why="a change this size rarely has nothing worth a question; a silent approval may mean it was not read",
    )
