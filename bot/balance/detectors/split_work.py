"""One issue closed by many tiny PRs in a few days: work split up to raise the PR count."""

from __future__ import annotations

from datetime import timedelta

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange

ID = "split-work"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.siblings is None or change.review is None:
        return Skipped(ID, "needs the issues this PR closes, from GitHub")
    now = change.review.merged_at or max((s.merged_at for s in change.siblings if s.merged_at), default=None)
    if now is None:
        return None
    since = now - timedelta(days=limits.split_work_days)
    tiny = [
        s
        for s in change.siblings
        if s.number != change.number
        and s.merged_at is not None
        and since <= s.merged_at <= now
        and s.additions + s.deletions < limits.split_work_lines
    ]
    if len(tiny) < limits.split_work_min:
        return None
    numbers = ", ".join(f"#{s.number}" for s in sorted(tiny, key=lambda s: s.number))
    return Finding(
        id=ID,
        title="Work split into many tiny PRs",
        evidence=f"{len(tiny)} other PRs closing the same issue were merged in the last "
        f"{limits.split_work_days:g} days, each under {limits.split_work_lines:,} lines ({numbers})",
        threshold=f"{limits.split_work_min} such PRs within {limits.split_work_days:g} days",
        why="splitting one change into many tiny PRs raises the PR count without adding delivered work",
    )
