"""Many commits that each change almost nothing: a PR padded to raise the commit count."""

from __future__ import annotations

from bot.balance.detectors.base import DetectorLimits, Finding, Result
from bot.measure.code_lines import is_meaningful
from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange

ID = "micro-commits"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    sizes = _sizes(change, rules)
    if sizes is None or len(sizes) < limits.micro_commits_min:
        return None
    trivial = sum(1 for size in sizes if size <= limits.micro_commit_lines)
    if trivial / len(sizes) < limits.micro_commits_share:
        return None
    return Finding(
        id=ID,
        title="Many very small commits",
        evidence=f"{trivial} of {len(sizes)} commits change {limits.micro_commit_lines} meaningful lines or fewer "
        "(whitespace-only commits included)",
        threshold=f"at least {limits.micro_commits_min} commits, {limits.micro_commits_share:.0%} of them this small",
        why="commit counts stop meaning much when most commits are a line each; squashing keeps history readable",
    )


def _sizes(change: PullRequestChange, rules: MeasureRules) -> list[int] | None:
    if change.commits is not None:
        return [sum(1 for line in (*c.added, *c.removed) if is_meaningful(line.path, rules)) for c in change.commits]
    return list(change.commit_sizes) if change.commit_sizes is not None else None
