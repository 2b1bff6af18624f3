"""Which changed files count as meaningful work, and which are lock, generated, vendored or binary.

Patterns follow ``.gitignore``/``.gitattributes`` rules: a pattern without a slash matches a name at
any depth, a trailing slash matches a directory at any depth, a leading or inner slash anchors it at
the repository root, and ``**`` spans directories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from bot.records import FileChange, PathAttributes


class FileKind(StrEnum):
    MEANINGFUL = "meaningful"
    LOCK = "lock"
    GENERATED = "generated"
    VENDORED = "vendored"
    BINARY = "binary"


LOCK_FILES = (
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "Cargo.lock",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "pdm.lock",
    "composer.lock",
    "Gemfile.lock",
    "go.sum",
    "Podfile.lock",
    "mix.lock",
    "flake.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "pubspec.lock",
    "Package.resolved",
    "conda-lock.yml",
)
GENERATED_PATHS = (
    "*.min.js",
    "*.min.css",
    "*.js.map",
    "*.css.map",
    "*.pb.go",
    "*_pb2.py",
    "*_pb2_grpc.py",
    "*.pb.h",
    "*.pb.cc",
    "*.generated.*",
    "*_generated.*",
    "*.g.dart",
    "*.Designer.cs",
    "__snapshots__/",
    "*.snap",
)
VENDORED_PATHS = (
    "vendor/",
    "vendors/",
    "third_party/",
    "third-party/",
    "node_modules/",
    "bower_components/",
    "Godeps/",
    ".yarn/releases/",
)


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> re.Pattern[str]:
    """A gitignore-style pattern as a regular expression over repository-relative paths."""
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    anchored = pattern.startswith("/") or "/" in body
    regex = "".join(_translate(body))
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory else "(?:/.*)?"
    return re.compile(f"^{prefix}{regex}{suffix}$", re.DOTALL)


def _translate(body: str) -> Iterable[str]:
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            yield "(?:.*/)?"
            i += 3
        elif body.startswith("**", i):
            yield ".*"
            i += 2
        elif body[i] == "*":
            yield "[^/]*"
            i += 1
        elif body[i] == "?":
            yield "[^/]"
            i += 1
        else:
            yield re.escape(body[i])
            i += 1


@lru_cache(maxsize=64)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a family of patterns: one match per file, not one per pattern."""
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{compile_pattern(p).pattern})" for p in patterns), re.DOTALL)


def _matches(patterns: tuple[str, ...], path: str) -> bool:
    return _any_of(patterns).match(path) is not None


def _attribute(entries: Sequence[tuple[str, bool]], path: str) -> bool | None:
    """The last matching ``.gitattributes`` line wins, as in git."""
    value = None
    for pattern, setting in entries:
        if compile_pattern(pattern).match(path):
            value = setting
    return value


@dataclass(frozen=True, slots=True)
class PathRules:
    """Built-in patterns, the repository's ``.gitattributes`` and the user's extra patterns."""

    lock_files: tuple[str, ...] = LOCK_FILES
    generated: tuple[str, ...] = GENERATED_PATHS
    vendored: tuple[str, ...] = VENDORED_PATHS
    attributes: PathAttributes = field(default_factory=PathAttributes)
    _kinds: dict[tuple[str, bool], FileKind] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Each path's kind, once: several measures ask for the same files of the same commits."""

    def with_attributes(self, attributes: PathAttributes) -> PathRules:
        if attributes == self.attributes:
            return self
        return PathRules(self.lock_files, self.generated, self.vendored, attributes)

    def marked_generated(self, path: str) -> bool:
        """Whether ``.gitattributes`` marks the path ``linguist-generated``, so GitHub already collapses it."""
        return _attribute(self.attributes.generated, path) is True

    def kind(self, change: FileChange) -> FileKind:
        key = (change.path, change.is_binary)
        known = self._kinds.get(key)
        if known is None:
            known = self._kinds[key] = self._classify(change)
        return known

    def _classify(self, change: FileChange) -> FileKind:
        if change.is_binary:
            return FileKind.BINARY
        path = change.path
        if _matches(self.lock_files, path):
            return FileKind.LOCK
        generated = _attribute(self.attributes.generated, path)
        if generated or (generated is None and _matches(self.generated, path)):
            return FileKind.GENERATED
        vendored = _attribute(self.attributes.vendored, path)
        if vendored or (vendored is None and _matches(self.vendored, path)):
            return FileKind.VENDORED
        return FileKind.MEANINGFUL
