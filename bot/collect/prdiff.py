"""A pull request's commits and net change from the local clone: git objects only, nothing run.

The check never checks out or runs code from the PR: it reads commits and blobs that are already in
the clone (``actions/checkout`` with ``fetch-depth: 0`` brings them in for same-repository PRs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import git

from bot.collect.git import open_repository
from bot.collect.gitattributes import parse_gitattributes
from bot.collect.gitlog import parse_numstat
from bot.errors import SourceError
from bot.measure.code_lines import hunks, is_code, squeeze, windows
from bot.measure.paths import FileKind, PathRules
from bot.records import CommitDiff, DiffLines, FileChange, Line, Location, PathAttributes

_RS = "\x1e"
_HUNK = re.compile(r"^@@+ -(\d+)(?:,\d+)? \+(\d+)")
EXISTING_BYTES = 20_000_000
"""How much of the base's code is read to find copies of it; the rest is not compared."""


@dataclass(frozen=True, slots=True)
class LocalChange:
    files: tuple[FileChange, ...]
    commits: tuple[CommitDiff, ...]
    diff: DiffLines
    existing_windows: dict[int, Location]
    attributes: PathAttributes


class CommitNotInCloneError(SourceError):
    """The base or head is not in the clone: the check can go on from GitHub's numbers alone."""


def collect_local_change(path: Path, base: str, head: str, paths: PathRules, window: int = 6) -> LocalChange:
    repo = open_repository(path)
    start = _merge_base(repo, base, head)
    attributes = parse_gitattributes(_show(repo, f"{head}:.gitattributes"))
    rules = paths.with_attributes(attributes)
    diff = _net_diff(repo, start, head)
    wanted = {PurePosixPath(line.path).suffix for line in diff.added}
    return LocalChange(
        files=parse_numstat(_bytes(repo, "diff", "--numstat", "-z", "-w", "-M", start, head)),
        commits=tuple(_commits(repo, start, head)),
        diff=diff,
        existing_windows=_existing_windows(repo, start, wanted, rules, window),
        attributes=attributes,
    )


def _merge_base(repo: git.Repo, base: str, head: str) -> str:
    for ref in (base, head):
        try:
            repo.git.rev_parse("--verify", f"{ref}^{{commit}}")
        except git.GitCommandError:
            raise CommitNotInCloneError(
                f"{ref!r} is not a branch, tag or commit of the clone at {repo.working_dir}: check the name, or "
                "fetch it (in Actions, `actions/checkout` with `fetch-depth: 0`)"
            ) from None
    try:
        return str(repo.git.merge_base(base, head))
    except git.GitCommandError:
        raise SourceError(f"{base!r} and {head!r} share no history; is the clone shallow?") from None


def _bytes(repo: git.Repo, *args: str) -> bytes:
    output = repo.git.execute(["git", "-c", "core.quotePath=false", *args], stdout_as_string=False)
    return output if isinstance(output, bytes) else str(output).encode()


def _text(repo: git.Repo, *args: str) -> str:
    return _bytes(repo, *args).decode("utf-8", errors="replace")


def _show(repo: git.Repo, spec: str) -> str:
    try:
        return _text(repo, "show", spec)
    except git.GitCommandError:
        return ""


def _commits(repo: git.Repo, start: str, head: str) -> Iterator[CommitDiff]:
    log = _text(
        repo,
        "log",
        "--reverse",
        "--no-merges",
        "-p",
        "-U0",
        "-w",
        "--no-color",
        "--no-ext-diff",
        f"--format=tformat:{_RS}",  # "tformat:" keeps git from taking the bare separator for a format name
        f"{start}..{head}",
    )
    for patch in log.split(_RS)[1:]:
        added, removed = _patch_lines(patch)
        yield CommitDiff(tuple(added), tuple(removed))


def _net_diff(repo: git.Repo, start: str, head: str) -> DiffLines:
    added, removed = _patch_lines(_text(repo, "diff", "-U0", "--no-color", "--no-ext-diff", start, head))
    quiet_added, quiet_removed = _patch_lines(
        _text(repo, "diff", "-U0", "-w", "--no-color", "--no-ext-diff", start, head)
    )
    return DiffLines(tuple(added), tuple(removed), len(quiet_added), len(quiet_removed))


def _patch_lines(patch: str) -> tuple[list[Line], list[Line]]:
    """Added and removed lines of a unified diff, with the file each belongs to and its line number there."""
    added: list[Line] = []
    removed: list[Line] = []
    old_path = new_path = ""
    in_hunk = False
    old_number = new_number = 0
    for line in patch.split("\n"):
        if line.startswith("diff --git "):
            in_hunk = False
        elif not in_hunk and line.startswith("--- "):
            old_path = line[6:] if line.startswith("--- a/") else ""
        elif not in_hunk and line.startswith("+++ "):
            new_path = line[6:] if line.startswith("+++ b/") else old_path
        elif line.startswith("@@"):
            in_hunk = True
            numbers = _HUNK.match(line)
            old_number, new_number = (int(numbers.group(1)), int(numbers.group(2))) if numbers else (0, 0)
        elif in_hunk and line.startswith("+"):
            added.append(Line(new_path, line[1:], new_number))
            new_number += 1
        elif in_hunk and line.startswith("-"):
            removed.append(Line(old_path or new_path, line[1:], old_number))
            old_number += 1
        elif in_hunk and line.startswith(" "):
            old_number, new_number = old_number + 1, new_number + 1
    return added, removed


def _existing_windows(
    repo: git.Repo, start: str, suffixes: set[str], rules: PathRules, size: int
) -> dict[int, Location]:
    """Six-line windows of the base's code files of the kinds the PR adds to, by hash, up to a budget."""
    names = [n for n in _text(repo, "ls-tree", "-r", "-z", "--name-only", start).split("\0") if n]
    chosen = [
        n
        for n in names
        if PurePosixPath(n).suffix in suffixes and is_code(n) and rules.kind(FileChange(n, 1, 0)) is FileKind.MEANINGFUL
    ]
    found: dict[int, Location] = {}
    budget = EXISTING_BYTES
    for name, content in _blobs(repo, start, chosen):
        budget -= len(content)
        if budget < 0:
            break
        text = content.decode("utf-8", errors="replace").splitlines()
        for hunk in hunks(Line(name, line, number) for number, line in enumerate(text, start=1)):
            for index, key in windows([squeeze(line.text) for line in hunk], size):
                if key not in found:  # the first copy is the one named
                    found[key] = Location(name, hunk[index].number, hunk[index + size - 1].number, in_base=True)
    return found


def _blobs(repo: git.Repo, start: str, names: list[str]) -> Iterator[tuple[str, bytes]]:
    """Text file contents, through the one ``git cat-file --batch`` process GitPython keeps open."""
    for name in names:
        _, kind, _, content = repo.git.get_object_data(f"{start}:{name}")
        if kind in (b"blob", "blob") and b"\0" not in content[:8000]:  # bytes at runtime, str in GitPython's hints
            yield name, content
