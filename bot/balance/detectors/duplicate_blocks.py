"""Blocks of added code that repeat inside the PR or copy code already in the repository.

A repeat is a block seen earlier in the PR or already in the repository: of two copies the PR adds, the
first is the original and the second the repeat. Only new code is compared: an added line the PR also
removed somewhere (moved code), and a block whose text, formatting aside, the PR removed (a reformat or a
re-indent), was already there. Blocks are windows
of one hunk, never stitched across hunks. Configuration, docs, data and tests repeat blocks by nature
(workflow steps, pinned requirements, one case per test) and are not compared (``is_code``, ``is_test``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.code_lines import formatted, hunks, is_code, is_meaningful, is_test, squeeze, substantial, windows
from bot.measure.rules import MeasureRules
from bot.records import Line, Location, PullRequestChange

ID = "duplicate-blocks"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.diff is None:
        return Skipped(ID, "needs the PR's diff (its commits in the local clone)")
    size = limits.duplicate_block_lines
    removed = [line for line in change.diff.removed if _compared(line, rules)]
    added = [line for line in change.diff.added if _compared(line, rules)]
    new_hunks = list(hunks(_new_lines(added, removed)))
    earlier = _formatted_text(removed)
    in_pr: dict[int, list[Location]] = {}
    for hunk in new_hunks:
        for start, key in _windows(hunk, size):
            in_pr.setdefault(key, []).append(_where(hunk, start, size))
    existing: Mapping[int, Location] = change.existing_windows or {}
    blocks: list[tuple[Location, Location]] = []
    duplicated = 0
    for hunk in new_hunks:
        flagged = [False] * len(hunk)
        partner: dict[int, Location] = {}
        """Where each flagged window's other copy starts, by the window's start in this hunk."""
        for start, key in _windows(hunk, size):
            here = _where(hunk, start, size)
            first_seen = in_pr[key][0]
            other = (first_seen if first_seen != here else None) or existing.get(key)
            if other is None or _formatted_text(hunk[start : start + size]) in earlier:
                continue
            flagged[start : start + size] = [True] * size
            partner.setdefault(start, other)
        for first, last in _stretches(flagged, size):
            copy = [o for s, o in sorted(partner.items()) if first <= s <= last]
            blocks.append((Location(hunk[first].path, hunk[first].number, hunk[last].number), _span(copy)))
        duplicated += sum(flagged)
    meaningful_added = sum(len(hunk) for hunk in hunks(added))
    share = duplicated / meaningful_added if meaningful_added else 0.0
    enough_share = meaningful_added >= limits.duplicate_min_added and share >= limits.duplicate_share
    if len(blocks) < limits.duplicate_blocks_min and not enough_share:
        return None
    where = (
        "inside this PR or in code already in the repository"
        if change.existing_windows is not None
        else ("inside this PR")
    )
    return Finding(
        id=ID,
        title="Repeated blocks of code",
        evidence=f"{len(blocks)} blocks of {size}+ lines repeat {where}; {duplicated:,} of {meaningful_added:,} added "
        f"lines ({share:.0%}) are repeats",
        threshold=f"{limits.duplicate_blocks_min} blocks of {size}+ lines, or {limits.duplicate_share:.0%} of added "
        "lines",
        why="copied code adds lines without adding behaviour, and each copy must be fixed separately later",
        locations=_distinct(location for block in blocks for location in block),
    )


def _compared(line: Line, rules: MeasureRules) -> bool:
    return is_code(line.path) and not is_test(line.path) and is_meaningful(line.path, rules)


def _new_lines(added: list[Line], removed: list[Line]) -> Iterator[Line]:
    """Added lines that are not one of the removed lines come back (moved, or re-indented): one for one."""
    gone = Counter(formatted(line.text) for line in removed if substantial(line.text))
    for line in added:
        key = formatted(line.text)
        if substantial(line.text) and gone[key] > 0:
            gone[key] -= 1
            continue
        yield line


def _formatted_text(lines: list[Line]) -> str:
    """The lines as one string a formatter cannot change: a reformatted block is found in its pre-image."""
    return "".join(formatted(line.text) for line in lines)


def _windows(hunk: list[Line], size: int) -> Iterator[tuple[int, int]]:
    return windows([squeeze(line.text) for line in hunk], size)


def _where(hunk: list[Line], start: int, size: int) -> Location:
    return Location(hunk[start].path, hunk[start].number, hunk[start + size - 1].number)


def _span(copies: list[Location]) -> Location:
    """The other copy of a block: its first matched window, extended while the next ones follow on."""
    span = copies[0]
    for copy in copies[1:]:
        if (copy.path, copy.in_base) != (span.path, span.in_base):
            break
        if not span.start_line <= copy.start_line <= span.end_line + 3 or copy.end_line <= span.end_line:
            break
        span = Location(span.path, span.start_line, copy.end_line, span.in_base)
    return span


def _distinct(locations: Iterator[Location]) -> tuple[Location, ...]:
    return tuple(dict.fromkeys(locations))


def _stretches(flagged: list[bool], size: int) -> Iterator[tuple[int, int]]:
    """(first, last) index of each maximal stretch of flagged lines at least ``size`` long."""
    start = None
    for index, is_flagged in enumerate([*flagged, False]):
        if is_flagged and start is None:
            start = index
        elif not is_flagged and start is not None:
            if index - start >= size:
                yield start, index - 1
            start = None
