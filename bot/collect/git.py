"""Local git history -> records: the window's commits, diffed by a few streamed ``git log`` processes at once.

Never ``commit.stats`` per commit: that is one ``git diff`` process per commit, hundreds of times
slower on a real history (see ``bench/git_scan.py``).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import git

from bot.collect.gitattributes import parse_gitattributes
from bot.collect.gitlog import LOG_FORMAT, git_time, parse_log
from bot.collect.landings import read_landings
from bot.collect.releases import with_contents
from bot.errors import SourceError
from bot.records import Commit, Dataset, Severity, Source, SourceNote, Tag
from bot.wording import counted

SOURCE = "local git"
_CHUNK = 1 << 16
_LOG_OUTPUT = ("-z", "--numstat", "-w", "-M", f"--format={LOG_FORMAT}")
"""What ``git log`` prints for each commit: line counts ignoring whitespace, renames followed."""
_MAX_JOBS = 4
_PARTS_PER_JOB = 1
"""More parts balance the cores better but each git process re-inflates its own delta bases and trees:
on pytest's 17,666 commits, 8 parts cost 8% more git CPU than 2, and 36 parts 18% more."""
_MIN_PART = 500
_SHALLOW_FIX = "fetch the full history: `actions/checkout` with `fetch-depth: 0`, or `git fetch --unshallow`"


class NotARepositoryError(SourceError):
    """The path holds no git repository; with ``--repo`` the run can go on from GitHub alone."""


class UnreadableRepositoryError(SourceError):
    """A repository is there but git refuses to read it (dubious ownership, missing or corrupt objects):
    never counted as an empty history, even when GitHub could be read instead."""


@dataclass(frozen=True, slots=True)
class GitWindow:
    """What to read: commits reaching ``ref`` and committed in [since, until)."""

    since: datetime
    until: datetime
    ref: str = "HEAD"


def collect_git(path: Path, window: GitWindow, release_tag_pattern: re.Pattern[str]) -> Dataset:
    """Commits, release tags and path attributes of the clone at ``path`` over ``window``."""
    repo = open_repository(path)
    if not has_history(repo, window.ref):
        note = SourceNote(
            SOURCE,
            Severity.ATTENTION,
            "the repository has no commits yet: its history is empty (git read it), so every count is zero",
        )
        return Dataset(notes=(note,), read=frozenset({Source.COMMITS, Source.TAGS}))
    shallow = _is_shallow(repo)
    notes = [_shallow_note(repo, window)] if shallow else []
    commits = tuple(c for c in scan_commits(repo, window) if window.since <= c.committed_at < window.until)
    every_tag = tuple(release_tags(repo, release_tag_pattern))
    tags = with_contents(repo, [t for t in every_tag if window.since <= t.created_at < window.until], every_tag)
    attributes = parse_gitattributes(_file_at(repo, window.ref, ".gitattributes"))
    notes.append(SourceNote(SOURCE, Severity.INFO, f"read {counted(len(commits), 'commit')} on {window.ref}"))
    if not commits:
        notes.append(_empty_window_note(repo, window))
    return Dataset(
        commits=commits,
        tags=tags,
        landings=read_landings(repo, window.ref, window.since, window.until),
        attributes=attributes,
        notes=tuple(notes),
        read=frozenset({Source.COMMITS, Source.TAGS}),
        history_start=None if shallow else first_commit_time(repo, window.ref),
    )


def first_commit_time(repo: git.Repo, ref: str) -> datetime | None:
    """When the branch's history begins: its earliest root commit (a merged-in project can add a root)."""
    output = str(repo.git.log("--max-parents=0", "--format=%ct", ref, "--"))
    times = [int(line) for line in output.split() if line.strip()]
    return datetime.fromtimestamp(min(times), UTC) if times else None


def stream_commits(repo: git.Repo, window: GitWindow) -> Iterator[Commit]:
    """Commits as ``git log`` prints them, parsed while the process runs."""
    args = [
        "log",
        *_LOG_OUTPUT,
        f"--since={window.since.isoformat()}",
        f"--until={window.until.isoformat()}",
        window.ref,
        "--",
    ]
    yield from parse_log(_git_output(repo, args, window))


def scan_commits(
    repo: git.Repo, window: GitWindow, jobs: int | None = None, part_size: int | None = None
) -> Iterator[Commit]:
    """The commits of :func:`stream_commits`, in its order, with their diffs computed by ``jobs`` git processes.

    ``git rev-list`` walks the window once (cheap: no diffs) and names the commits ``git log`` would show;
    contiguous parts of that list then go to ``git log --no-walk=unsorted --stdin``, which prints exactly
    those commits, in that order, with the same diffs. Each part is parsed as it streams and the parts
    are joined in order, so every commit is read once and the records are those of one sequential scan.
    ``part_size`` (commits per git process) defaults to one part per job, and at least 500 commits.
    """
    jobs = jobs or _cpus()
    shas = _window_shas(repo, window)
    if not shas:
        return  # an empty --stdin would make git log fall back to HEAD
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="git-log")
    try:
        parts = [
            pool.submit(_commits_of, repo, window, part)
            for part in _parts(shas, part_size or _part_size(len(shas), jobs))
        ]
        for part in parts:
            yield from part.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _window_shas(repo: git.Repo, window: GitWindow) -> list[bytes]:
    """The commits ``git log`` walks to in ``window``, in the order it prints them."""
    args = ["rev-list", f"--since={window.since.isoformat()}", f"--until={window.until.isoformat()}", window.ref, "--"]
    return b"".join(_git_output(repo, args, window)).split()


def _commits_of(repo: git.Repo, window: GitWindow, shas: Sequence[bytes]) -> list[Commit]:
    """Exactly ``shas``, in that order, with the numstat of :func:`stream_commits`."""
    args = ["log", *_LOG_OUTPUT, "--no-walk=unsorted", "--stdin", "--"]
    with tempfile.TemporaryFile() as listing:
        listing.write(b"\n".join(shas) + b"\n")
        listing.seek(0)
        return list(parse_log(_git_output(repo, args, window, stdin=listing)))


def _part_size(commits: int, jobs: int) -> int:
    """Parts of equal length, ``_PARTS_PER_JOB`` per job, none shorter than ``_MIN_PART`` commits."""
    return max(_MIN_PART, -(-commits // (jobs * _PARTS_PER_JOB)))


def _parts(shas: list[bytes], size: int) -> Iterator[list[bytes]]:
    """Contiguous, non-empty parts of ``size`` commits (the last may be shorter)."""
    for start in range(0, len(shas), size):
        yield shas[start : start + size]


def _cpus() -> int:
    return min(_MAX_JOBS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _git_output(repo: git.Repo, args: list[str], window: GitWindow, stdin: BinaryIO | None = None) -> Iterator[bytes]:
    """The standard output of ``git args`` in chunks as it streams; a failure is a :class:`SourceError`."""
    handle = repo.git.execute(["git", *args], as_process=True, istream=stdin)  # kills git if we stop reading early
    process = handle.proc
    assert process is not None and process.stdout is not None and process.stderr is not None
    stdout = process.stdout
    yield from iter(lambda: stdout.read(_CHUNK), b"")
    stderr = process.stderr.read()
    if process.wait() != 0:
        message = stderr.decode("utf-8", "replace").strip()
        raise SourceError(f"git {args[0]} failed on {window.ref!r} in {repo.working_dir}: {message}")


def release_tags(repo: git.Repo, pattern: re.Pattern[str]) -> Iterator[Tag]:
    """Tags whose name matches ``pattern``, peeled to the commit they mark, dated when they were made; an
    annotated tag with no date of its own (git's own v0.99 has none) by the commit it marks."""
    fields = ("refname:short", "objectname", "*objectname", "creatordate:iso-strict", "*committerdate:iso-strict")
    listing = repo.git.for_each_ref("refs/tags", format="%00".join(f"%({f})" for f in fields))
    for line in listing.splitlines():
        name, sha, peeled, created, committed = line.split("\0")
        if pattern.search(name) and (created or committed):
            yield Tag(name=name, sha=peeled or sha, created_at=git_time(created or committed))


def open_repository(path: Path) -> git.Repo:
    """The clone at ``path``, once git itself has agreed to read it."""
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.NoSuchPathError, git.InvalidGitRepositoryError):
        raise NotARepositoryError(
            f"{path} is not a git repository; pass --repo-path with the path of a clone"
        ) from None
    try:
        repo.git.rev_parse("--git-dir")  # GitPython reads .git itself; git may still refuse the repository
    except git.GitCommandError as error:
        raise UnreadableRepositoryError(_refusal(repo, error)) from None
    return repo


def has_history(repo: git.Repo, ref: str) -> bool:
    """Whether ``ref`` has commits: False for a repository with none yet (an unborn HEAD); an error when
    the ref does not exist or git cannot read the commit it points to."""
    try:
        sha = str(repo.git.rev_parse("--quiet", "--verify", ref))
    except git.GitCommandError:
        if ref == "HEAD":
            return False
        raise SourceError(
            f"{ref!r} is not a branch, tag or commit of the clone at {repo.working_dir}; check --branch "
            "(`git branch -a` lists them) or fetch it"
        ) from None
    try:
        repo.git.cat_file("-e", f"{sha}^{{commit}}")
    except git.GitCommandError as error:
        raise UnreadableRepositoryError(
            f"git cannot read commit {sha[:12]} ({ref}) in {repo.working_dir}: the history is unreadable, not "
            f"empty ({_stderr(error) or 'the object is missing'}). To fix: `git fsck` names what is missing or "
            "corrupt; fetch again or clone afresh"
        ) from None
    return True


def _refusal(repo: git.Repo, error: git.GitCommandError) -> str:
    """git's own reason for refusing the repository, and the fix for the usual one."""
    reason = _stderr(error)
    where = repo.working_tree_dir or repo.git_dir
    if "dubious ownership" in reason:
        reason = reason.split(" To add an exception")[0]  # git's own hint, said again below with the reason
    message = f"git refuses to read the repository at {where}, so nothing was counted: {reason}"
    if "dubious ownership" in reason:
        message += (
            f". To fix: `git config --global --add safe.directory {where}` (the clone belongs to another user "
            "than the one running goodhart)"
        )
    return message


def _stderr(error: git.GitCommandError) -> str:
    text = str(error.stderr).strip()
    text = text.removeprefix("stderr:").strip().strip("'").strip()
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _is_shallow(repo: git.Repo) -> bool:
    return bool(repo.git.rev_parse("--is-shallow-repository") == "true")


def _shallow_note(repo: git.Repo, window: GitWindow) -> SourceNote:
    """A shallow clone is usable only when its cut lies before the window; otherwise it is an error."""
    boundary = Path(repo.git.rev_parse("--git-path", "shallow"))
    if not boundary.is_absolute():
        boundary = Path(repo.working_dir) / boundary
    shas = boundary.read_text().split() if boundary.exists() else []
    dates = repo.git.show("-s", "--format=%cI", *shas).split() if shas else []
    cut = max((git_time(d) for d in dates), default=None)
    if cut is None or cut >= window.since:
        raise SourceError(
            "this is a shallow clone and its history stops inside the lookback window "
            f"(at {cut.date() if cut else 'an unknown date'}); commits before that would be silently "
            f"missing, so nothing was counted. To fix: {_SHALLOW_FIX}"
        )
    return SourceNote(
        SOURCE,
        Severity.INFO,
        f"shallow clone, cut at {cut.date()}, before the window: the window's history is complete",
    )


def _empty_window_note(repo: git.Repo, window: GitWindow) -> SourceNote:
    """Zeros are easy to misread: say where the branch's history actually is."""
    newest = repo.commit(window.ref).committed_datetime
    where = "after" if newest >= window.until else "before"
    return SourceNote(
        SOURCE,
        Severity.ATTENTION,
        f"no commits in the window; the newest commit on {window.ref} is from {newest.date()}, {where} it",
        fix=f"choose the week with --week (the newest commit is in ISO week {_iso_week(newest)})",
    )


def _iso_week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _file_at(repo: git.Repo, ref: str, path: str) -> str:
    try:
        return str(repo.git.show(f"{ref}:{path}"))
    except git.GitCommandError:
        return ""
