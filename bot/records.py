"""Plain, frozen records of what the sources reported; facts, never conclusions.

Whether a commit counts as volume, or a file as meaningful, is decided in ``measure/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file in a commit, with line counts that ignore whitespace (``git diff -w``).

    ``added``/``deleted`` are ``None`` for binary files, which git cannot count in lines.
    """

    path: str
    added: int | None
    deleted: int | None
    old_path: str | None = None

    @property
    def is_binary(self) -> bool:
        return self.added is None or self.deleted is None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    email: str

    @property
    def is_bot(self) -> bool:
        """GitHub Apps commit as ``name[bot]``; their noreply email carries the same suffix."""
        return self.name.endswith("[bot]") or "[bot]@" in self.email


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: Person
    committer: Person
    authored_at: datetime
    committed_at: datetime
    subject: str
    trailers: tuple[tuple[str, str], ...]
    files: tuple[FileChange, ...]
    pr_number: int | None = None
    """From a merge subject ("Merge pull request #N") or a squash subject ("... (#N)")."""
    reverts: str | None = None
    """The sha named by "This reverts commit <sha>" in the message, when present."""

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    sha: str
    """The commit the tag points at (annotated tags peeled)."""
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PathAttributes:
    """``linguist-generated`` / ``linguist-vendored`` patterns from the repository's ``.gitattributes``.

    Each entry is ``(pattern, value)``; ``False`` means the attribute was unset
    (``-linguist-generated``), which overrides the built-in guesses for those paths.
    """

    generated: tuple[tuple[str, bool], ...] = ()
    vendored: tuple[tuple[str, bool], ...] = ()


class Severity(StrEnum):
    INFO = "info"
    ATTENTION = "attention"
    """The numbers are likely misread without this note; the digest shows it above them."""
    MISSING = "missing"
    """A source the digest would use was not available; some numbers are absent."""
    PARTIAL = "partial"
    """A source answered only in part; numbers built on it are incomplete."""


@dataclass(frozen=True, slots=True)
class SourceNote:
    """What a source could not get, or how it was used, told to the digest's reader."""

    source: str
    severity: Severity
    message: str
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything the collectors found for one repository over one window."""

    commits: tuple[Commit, ...] = ()
    tags: tuple[Tag, ...] = ()
    attributes: PathAttributes = field(default_factory=PathAttributes)
    notes: tuple[SourceNote, ...] = ()
