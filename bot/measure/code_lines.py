"""Which lines of code count as the same: folded whitespace, formatting, six-line windows. Pure; read by
the collector (to hash the base's code) and the PR detectors alike."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from hashlib import blake2b

from bot.measure.paths import FileKind
from bot.measure.rules import MeasureRules
from bot.records import FileChange, Line

_SPACE = re.compile(r"\s+")
_FORMAT_ONLY = re.compile(r"[\s,;()]+")


def is_meaningful(path: str, rules: MeasureRules) -> bool:
    return rules.paths.kind(FileChange(path, 1, 0)) is FileKind.MEANINGFUL


def squeeze(text: str) -> str:
    """The line with its whitespace folded: what "the same line" means for duplicates and churn."""
    return _SPACE.sub(" ", text).strip()


def formatted(text: str) -> str:
    """The line as a formatter sees it: no whitespace, quote style, trailing commas, semicolons or parentheses."""
    return _FORMAT_ONLY.sub("", text).replace("'", '"')


def substantial(text: str) -> bool:
    """A line worth comparing: braces, blank lines and short keywords repeat everywhere by nature."""
    return sum(ch.isalnum() for ch in text) >= 8


def runs(lines: Iterable[Line]) -> Iterator[list[str]]:
    """Consecutive lines of the same file, squeezed, blank ones dropped."""
    current: list[str] = []
    path = None
    for line in lines:
        if line.path != path and current:
            yield current
            current = []
        path = line.path
        text = squeeze(line.text)
        if text:
            current.append(text)
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
