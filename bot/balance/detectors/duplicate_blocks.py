"""Blocks of added code that repeat inside the PR or copy code already in the repository."""

from __future__ import annotations

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.code_lines import is_meaningful, runs, windows
from bot.measure.rules import MeasureRules
from bot.records import Line, PullRequestChange

ID = "duplicate-blocks"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.diff is None:
        return Skipped(ID, "needs the PR's diff (its commits in the local clone)")
    size = limits.duplicate_block_lines
    added = [line for line in change.diff.added if is_meaningful(line.path, rules)]
    added_runs = list(runs(added))
    counts: dict[int, int] = {}
    for run in added_runs:
        for _, key in windows(run, size):
            counts[key] = counts.get(key, 0) + 1
    moved = {key for run in runs(_meaningful(change.diff.removed, rules)) for _, key in windows(run, size)}
    existing = (change.existing_windows or frozenset()) - moved  # code moved by this PR is not a copy
    blocks = duplicated = 0
    for run in added_runs:
        flagged = [False] * len(run)
        for start, key in windows(run, size):
            if counts[key] > 1 or key in existing:
                flagged[start : start + size] = [True] * size
        blocks += _block_count(flagged, size)
        duplicated += sum(flagged)
    meaningful_added = sum(len(run) for run in added_runs)
    share = duplicated / meaningful_added if meaningful_added else 0.0
    enough_share = meaningful_added >= limits.duplicate_min_added and share >= limits.duplicate_share
    if blocks < limits.duplicate_blocks_min and not enough_share:
        return None
    where = (
        "inside this PR or in code already in the repository"
        if change.existing_windows is not None
        else ("inside this PR")
    )
    return Finding(
        id=ID,
        title="Repeated blocks of code",
        evidence=f"{blocks} blocks of {size}+ lines repeat {where}; {duplicated} of {meaningful_added} added lines "
        f"({share:.0%}) are repeats",
        threshold=f"{limits.duplicate_blocks_min} blocks of {size}+ lines, or {limits.duplicate_share:.0%} of added "
        "lines",
        why="copied code adds lines without adding behaviour, and each copy must be fixed separately later",
    )


def _meaningful(lines: tuple[Line, ...], rules: MeasureRules) -> list[Line]:
    return [line for line in lines if is_meaningful(line.path, rules)]


def _block_count(flagged: list[bool], size: int) -> int:
    """Maximal stretches of flagged lines at least ``size`` long."""
    blocks, length = 0, 0
    for is_flagged in [*flagged, False]:
        if is_flagged:
            length += 1
        else:
            blocks += length >= size
            length = 0
    return blocks
