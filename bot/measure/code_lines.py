"""Which lines of code count as the same: folded whitespace, formatting, hunks and six-line windows. Pure;
read by the collector (to hash the base's code) and the PR detectors alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from hashlib import blake2b
from pathlib import PurePosixPath

from bot.measure.paths import FileKind
from bot.measure.rules import MeasureRules
from bot.records import FileChange, Line, Location

_SPACE = re.compile(r"\s+")
_FORMAT_ONLY = re.compile(r"[\s,;()]+")
NOT_CODE_SUFFIXES = frozenset(
    {".yml", ".yaml", ".json", ".toml", ".ini", ".cfg", ".conf", ".xml", ".properties", ".env", ".lock"}
    | {".md", ".rst", ".txt", ".adoc", ".csv", ".tsv", ".svg", ".html", ".htm"}
)
"""Configuration, documentation and data: repeating blocks is their nature (workflow steps, pinned
requirements, examples), not a sign of copied code."""
_TEST_FOLDERS = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs"})
_TEST_MARKERS = ("_test.", ".test.", ".spec.", "_spec.")


def is_meaningful(path: str, rules: MeasureRules) -> bool:
    return rules.paths.kind(FileChange(path, 1, 0)) is FileKind.MEANINGFUL


def is_code(path: str) -> bool:
    """Whether the file holds code, where a repeated block is a copy (see :data:`NOT_CODE_SUFFIXES`)."""
    name = PurePosixPath(path)
    suffix = name.suffix.lower()
    return suffix not in NOT_CODE_SUFFIXES and not (suffix == ".in" and name.name.lower().startswith("requirements"))


def is_test(path: str) -> bool:
    """Whether the file is a test: tests repeat arrange-act-assert blocks on purpose, one case each."""
    parts = PurePosixPath(path.lower()).parts
    name = parts[-1] if parts else ""
    return (
        any(part in _TEST_FOLDERS for part in parts[:-1])
        or name.startswith("test_")
        or name == "conftest.py"
        or any(marker in name for marker in _TEST_MARKERS)
    )


def squeeze(text: str) -> str:
    """The line with its whitespace folded: what "the same line" means for duplicates and churn."""
    return _SPACE.sub(" ", text).strip()


def formatted(text: str) -> str:
    """The line as a formatter sees it: no whitespace, quote style, trailing commas, semicolons or parentheses."""
    return _FORMAT_ONLY.sub("", text).replace("'", '"')


def substantial(text: str) -> bool:
    """A line worth comparing: braces, blank lines and short keywords repeat everywhere by nature."""
    return sum(ch.isalnum() for ch in text) >= 8


def hunks(lines: Iterable[Line]) -> Iterator[list[Line]]:
    """Stretches of consecutive lines of one file, blank ones dropped: a diff's hunks, or a whole file.

    Lines follow on when their numbers do (or when numbers are not known); two hunks of one file are never
    stitched together, so a window of lines always is lines that stand together in the file.
    """
    current: list[Line] = []
    previous: Line | None = None
    for line in lines:
        follows_on = previous is not None and line.path == previous.path
        if follows_on and previous is not None and line.number and previous.number:
            follows_on = line.number == previous.number + 1
        if not follows_on and current:
            yield current
            current = []
        previous = line
        if squeeze(line.text):
            current.append(line)
    if current:
        yield current


def window_hash(lines: Sequence[str]) -> int:
    return int.from_bytes(blake2b("\n".join(lines).encode(), digest_size=8).digest(), "big")


def windows(run: Sequence[str], size: int) -> Iterator[tuple[int, int]]:
    """(start index, hash) of each window of ``size`` lines that is mostly substantial."""
    for start in range(len(run) - size + 1):
        chunk = run[start : start + size]
        if sum(1 for line in chunk if substantial(line)) >= size - 2:
            yield start, window_hash(chunk)


def file_spans(lines: Iterable[Line], limit: int = 10) -> tuple[Location, ...]:
    """Per file, from the first to the last of the given lines: where a whole-file pattern is, at most ``limit``."""
    spans: dict[str, tuple[int, int]] = {}
    for line in lines:
        if line.number:
            first, last = spans.get(line.path, (line.number, line.number))
            spans[line.path] = (min(first, line.number), max(last, line.number))
    return tuple(Location(path, first, last) for path, (first, last) in list(spans.items())[:limit])
