"""The digest's scope, read at the edge: CODEOWNERS from the clone at the window's end, and the files each
merge commit landed, then the pure filter of :mod:`bot.measure.scoping` applied to the dataset."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import git

from bot.collect.gather import gather
from bot.collect.git import GitWindow, NotARepositoryError, has_history, open_repository
from bot.collect.messages import pr_number
from bot.errors import ConfigError
from bot.measure.codeowners import CodeOwners, parse_codeowners
from bot.measure.scope import PathGlobs, Scope
from bot.measure.scoping import scoped
from bot.measure.weeks import Window
from bot.records import Dataset, Severity, SourceNote
from bot.settings import CollectionSettings, ConnectionSettings, ScopeSettings

CODEOWNERS_PATHS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
"""Where GitHub looks, in its order: the first file found is the one it uses."""
_RS, _US = "\x1e", "\x1f"


def gather_in_scope(
    connection: ConnectionSettings,
    collection: CollectionSettings,
    scope_settings: ScopeSettings,
    window: Window,
    clock: Callable[[], datetime],
) -> tuple[Scope, Dataset]:
    """The window's records narrowed to the scope, shared by the digest and the KPIs' longer read so a team's
    KPIs are the team's too. The scope is read first, so a misspelt team stops before GitHub is asked."""
    git_window = GitWindow(window.start, window.end, collection.branch)
    scope = read_scope(scope_settings, collection.repo_path, git_window)
    dataset = gather(connection, collection, window, clock=clock)
    return scope, apply_scope(dataset, scope, collection.repo_path, git_window)


def apply_scope(dataset: Dataset, scope: Scope, repo_path: Path | None, window: GitWindow) -> Dataset:
    """``dataset`` narrowed to ``scope``, with a note that says what was counted and how."""
    if scope.is_whole_repository:
        return dataset
    narrowed = scoped(dataset, scope, _merged_paths_if_cloned(repo_path, window))
    return replace(narrowed, notes=(*narrowed.notes, scope_note(scope)))


def read_scope(settings: ScopeSettings, repo_path: Path | None, window: GitWindow) -> Scope:
    """The scope the settings ask for; a team is checked against the owners CODEOWNERS names, before
    anything else is read, so that a misspelt team stops the run at once (exit 2)."""
    globs = PathGlobs(settings.paths, settings.exclude_paths)
    if settings.team is None:
        return _checked(Scope(paths=globs), repo_path, window)
    if repo_path is None:
        raise ConfigError(
            f"team {settings.team} needs the clone, to read CODEOWNERS: set repo-path (--repo-path) to a checkout"
        )
    owners = read_codeowners(open_repository(repo_path), window)
    if not owners.names(settings.team):
        found = ", ".join(owners.owners) or "none"
        raise ConfigError(
            f"team (--team) {settings.team} owns nothing in {owners.path} at {window.ref} on "
            f"{window.until:%Y-%m-%d}; the owners it names are: {found}"
        )
    canonical = next(o for o in owners.owners if o.lower() == settings.team.lower())
    return Scope(team=canonical, paths=globs, codeowners=owners)


def _checked(scope: Scope, repo_path: Path | None, window: GitWindow) -> Scope:
    """Path globs that match no file at the window's end are a typo far more often than a team with no files:
    stop (exit 2) rather than print a digest of zeros. Without a clone there is nothing to check against."""
    if scope.is_whole_repository or repo_path is None:
        return scope
    try:
        repo = open_repository(repo_path)
    except NotARepositoryError:
        return scope
    at = _commit_before(repo, window.ref, window.until)
    if at is None:
        return scope
    files = str(repo.git.ls_tree("-r", "--name-only", "-z", at)).split("\0")
    if not any(scope.covers(path) for path in files if path):
        raise ConfigError(
            f"the scope ({scope.label}) matches no file on {window.ref} on {window.until:%Y-%m-%d}: globs are "
            "relative to the repository's root, like services/payments or **/*.sql; check paths (--paths) and "
            "exclude-paths (--exclude-paths)"
        )
    return scope


def read_codeowners(repo: git.Repo, window: GitWindow) -> CodeOwners:
    """The CODEOWNERS file GitHub would use, as it was on ``window.ref`` at the window's end."""
    at = _commit_before(repo, window.ref, window.until)
    for path in CODEOWNERS_PATHS:
        text = _file_at(repo, at, path) if at else None
        if text is not None:
            return parse_codeowners(text, path)
    looked = ", ".join(CODEOWNERS_PATHS)
    raise ConfigError(
        f"team (--team) needs a CODEOWNERS file, and there is none on {window.ref} on {window.until:%Y-%m-%d} "
        f"(looked in {looked}); add one, or scope with paths (--paths) instead"
    )


def merged_paths(repo: git.Repo, window: GitWindow) -> dict[int, frozenset[str]]:
    """Files each pull request's merge commit in the window changed against its first parent, by PR number."""
    output = repo.git.log(
        "--merges",
        "--diff-merges=first-parent",
        "--name-only",
        "-z",
        f"--format={_RS}%H{_US}%s",
        f"--since={window.since.isoformat()}",
        f"--until={window.until.isoformat()}",
        window.ref,
        "--",
    )
    return dict(_merges(str(output)))


def _merged_paths_if_cloned(repo_path: Path | None, window: GitWindow) -> dict[int, frozenset[str]]:
    """Without a clone (GitHub alone), the files GitHub lists for each pull request are all there is."""
    if repo_path is None:
        return {}
    try:
        repo = open_repository(repo_path)
    except NotARepositoryError:
        return {}
    return merged_paths(repo, window) if has_history(repo, window.ref) else {}


def _merges(output: str) -> Iterator[tuple[int, frozenset[str]]]:
    for record in output.split(_RS)[1:]:
        header, _, names = record.partition("\n")
        _sha, _, subject = header.partition(_US)
        number = pr_number(subject, is_merge=True)
        if number is not None:
            yield number, frozenset(name.strip("\n") for name in names.split("\0") if name.strip("\n"))


def _commit_before(repo: git.Repo, ref: str, until: datetime) -> str | None:
    """The branch's last commit before ``until``; None when it had none then (or has none at all yet)."""
    if not has_history(repo, ref):
        return None
    sha = str(repo.git.rev_list("-1", f"--before={until.isoformat()}", ref, "--")).strip()
    return sha or None


def _file_at(repo: git.Repo, sha: str, path: str) -> str | None:
    try:
        return str(repo.git.show(f"{sha}:{path}"))
    except git.GitCommandError:
        return None


def scope_note(scope: Scope) -> SourceNote:
    """What the scoped digest counted, and what stays the repository's: said above the numbers."""
    return SourceNote(
        source="scope",
        severity=Severity.ATTENTION,
        message=f"scoped to {_described(scope)}: commits count only their lines in those paths, merged PRs "
        "only when they touch them, story points only of issues closed by those PRs. Deployments and incidents "
        "are the repository's (a deployment ships the whole repository): deployment frequency and time to "
        "restore are repository-wide, lead time and the reverts and hotfixes that fail a deployment are the "
        "scope's",
    )


def _described(scope: Scope) -> str:
    owners = scope.codeowners
    if owners is None:
        return str(scope.label)
    skipped = ", ".join(str(n) for n in owners.skipped)
    many = len(owners.skipped) > 1
    unread = (
        f"; line{'s' if many else ''} {skipped} skipped, as GitHub skips {'them' if many else 'it'}: negation, "
        "[ ] ranges or an owner that is not one"
        if skipped
        else ""
    )
    return f"{scope.label} (paths owned in {owners.path}{unread})"
