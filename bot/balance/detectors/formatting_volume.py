"""A large change that is almost all whitespace or formatting."""

from __future__ import annotations

from collections import Counter

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.code_lines import file_spans, formatted
from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange

ID = "formatting-volume"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.diff is None:
        return Skipped(ID, "needs the PR's diff (its commits in the local clone)")
    diff = change.diff
    changed = len(diff.added) + len(diff.removed)
    if changed < limits.formatting_min_lines:
        return None
    whitespace_only = changed - diff.added_ignoring_whitespace - diff.removed_ignoring_whitespace
    removed = Counter((line.path, formatted(line.text)) for line in diff.removed)
    added = Counter((line.path, formatted(line.text)) for line in diff.added)
    reformatted = 2 * sum((removed & added).values())
    formatting = min(changed, max(whitespace_only, reformatted))
    if formatting / changed < limits.formatting_share:
        return None
    return Finding(
        id=ID,
        title="Mostly formatting",
        evidence=f"{formatting:,} of {changed:,} changed lines ({formatting / changed:.0%}) change only whitespace or "
        "formatting",
        threshold=f"{limits.formatting_share:.0%} of at least {limits.formatting_min_lines:,} changed lines",
        locations=file_spans(line for line in diff.added if (line.path, formatted(line.text)) in removed),
        why="reformatting moves line counts a lot and behaviour not at all; keep it in its own PR, apart from changes",
    )
