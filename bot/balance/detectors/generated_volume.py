"""Most of the changed lines are lock, generated or vendored files that GitHub is not told about.

A lock file changed together with the manifest it locks is a dependency change, not volume, and a file
marked ``linguist-generated`` is already collapsed by GitHub; neither counts here.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from bot.balance.detectors.base import DetectorLimits, Finding, Result
from bot.measure.paths import FileKind
from bot.measure.rules import MeasureRules
from bot.records import FileChange, PullRequestChange

ID = "generated-volume"
_MANIFESTS = {
    "package-lock.json": ("package.json",),
    "npm-shrinkwrap.json": ("package.json",),
    "yarn.lock": ("package.json",),
    "pnpm-lock.yaml": ("package.json",),
    "bun.lockb": ("package.json",),
    "Cargo.lock": ("Cargo.toml",),
    "poetry.lock": ("pyproject.toml",),
    "uv.lock": ("pyproject.toml",),
    "pdm.lock": ("pyproject.toml",),
    "Pipfile.lock": ("Pipfile",),
    "composer.lock": ("composer.json",),
    "Gemfile.lock": ("Gemfile", "gems.rb"),
    "go.sum": ("go.mod",),
    "Podfile.lock": ("Podfile",),
    "mix.lock": ("mix.exs",),
    "flake.lock": ("flake.nix",),
    "pubspec.lock": ("pubspec.yaml",),
    "gradle.lockfile": ("build.gradle", "build.gradle.kts"),
    "Package.resolved": ("Package.swift",),
}


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    total = sum(_lines(f) for f in change.files)
    paths = {f.path for f in change.files}
    volume = [f for f in change.files if _unannounced_generated(f, paths, rules)]
    generated = sum(_lines(f) for f in volume)
    if total < limits.generated_min_lines or generated / total < limits.generated_share:
        return None
    names = ", ".join(sorted({PurePosixPath(f.path).name for f in volume})[:5])
    return Finding(
        id=ID,
        title="Mostly generated or vendored lines",
        evidence=f"{generated} of {total} changed lines ({generated / total:.0%}) are in lock, generated or vendored "
        "files "
        f"({names})",
        threshold=f"{limits.generated_share:.0%} of changed lines, in a PR of at least {limits.generated_min_lines} "
        "lines",
        why="generated lines inflate the change's size and hide its real content from review; mark such files "
        "`linguist-generated` in .gitattributes so GitHub collapses them",
    )


def _lines(change: FileChange) -> int:
    return (change.added or 0) + (change.deleted or 0)


def _unannounced_generated(change: FileChange, paths: set[str], rules: MeasureRules) -> bool:
    kind = rules.paths.kind(change)
    if kind not in (FileKind.LOCK, FileKind.GENERATED, FileKind.VENDORED):
        return False
    if rules.paths.marked_generated(change.path):
        return False
    return not (kind is FileKind.LOCK and _manifest_changed(change.path, paths))


def _manifest_changed(lock_path: str, paths: set[str]) -> bool:
    lock = PurePosixPath(lock_path)
    return any(str(lock.with_name(manifest)) in paths for manifest in _MANIFESTS.get(lock.name, ()))
