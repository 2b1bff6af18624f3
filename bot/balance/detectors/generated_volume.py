"""Most of the changed lines are generated or vendored files that GitHub is not told about.

A dependency update is not volume: lock files (with or without the manifest they lock) never count, and
pinned requirements (``requirements*.txt``) are ordinary files. A file marked ``linguist-generated`` is
already collapsed by GitHub and does not count either.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from bot.balance.detectors.base import DetectorLimits, Finding, Result
from bot.measure.code_lines import file_spans
from bot.measure.paths import FileKind
from bot.measure.rules import MeasureRules
from bot.records import FileChange, PullRequestChange

ID = "generated-volume"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    total = sum(_lines(f) for f in change.files)
    volume = [f for f in change.files if _unannounced_generated(f, rules)]
    generated = sum(_lines(f) for f in volume)
    if total < limits.generated_min_lines or generated / total < limits.generated_share:
        return None
    paths = {f.path for f in volume}
    names = ", ".join(sorted({PurePosixPath(f.path).name for f in volume})[:5])
    return Finding(
        id=ID,
        title="Mostly generated or vendored lines",
        evidence=f"{generated:,} of {total:,} changed lines ({generated / total:.0%}) are in generated or vendored "
        f"files ({names})",
        threshold=f"{limits.generated_share:.0%} of changed lines, in a PR of at least {limits.generated_min_lines:,} "
        "lines",
        why="generated lines inflate the change's size and hide its real content from review; mark such files "
        "`linguist-generated` in .gitattributes so GitHub collapses them",
        locations=file_spans(line for line in (change.diff.added if change.diff else ()) if line.path in paths),
    )


def _lines(change: FileChange) -> int:
    return (change.added or 0) + (change.deleted or 0)


def _unannounced_generated(change: FileChange, rules: MeasureRules) -> bool:
    """Generated or vendored, and not marked ``linguist-generated``; lock files are dependency updates."""
    if rules.paths.kind(change) not in (FileKind.GENERATED, FileKind.VENDORED):
        return False
    return not rules.paths.marked_generated(change.path)
