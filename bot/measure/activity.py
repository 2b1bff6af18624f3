"""Weekly activity from git history alone: commits, meaningful lines, contributors, PRs, releases.

Commits are counted in the week they were committed (in the team's time zone), a stand-in for the
week they reached the branch: a rebased or squashed commit is committed when it lands.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bot.measure.paths import FileKind, PathRules
from bot.measure.weeks import IsoWeek, Window
from bot.records import Commit, Dataset, Landing, Person, Source


@dataclass(frozen=True, slots=True)
class WeekActivity:
    week: IsoWeek
    commits: int | None
    """Non-merge commits by people that change more than whitespace (bots, excluded authors left out).

    This and the other git counts are None when no clone was read: absent, not zero.
    """
    meaningful_lines: int | None
    """Lines added plus deleted in meaningful files, whitespace ignored."""
    contributors: int | None
    """Distinct commit authors: a count, never names."""
    merged_prs: int | None
    """PRs merged by people, from GitHub when read, else PR numbers in merge and squash subjects, each in the
    week it first reached the branch."""
    releases: int | None
    reverts: int | None
    deployments: int | None = None
    """Successful production deployments finished in the week; None when no source was read."""
    incidents: int | None = None
    """Incidents opened in the week; None when incidents were not read."""


@dataclass(frozen=True, slots=True)
class Exclusions:
    """What was left out of the volume numbers, so the digest can say so."""

    lines_by_kind: dict[FileKind, int] = field(default_factory=dict)
    binary_files: int = 0
    whitespace_only_commits: int = 0
    bot_commits: int = 0
    excluded_author_commits: int = 0
    merge_commits: int = 0


def is_excluded_author(person: Person, patterns: Sequence[str]) -> bool:
    """``exclude-authors`` entries are shell patterns over a name or an email."""
    return any(fnmatch.fnmatchcase(person.name, p) or fnmatch.fnmatchcase(person.email, p) for p in patterns)


def counted_commits(commits: Iterable[Commit], exclude_authors: Sequence[str]) -> list[Commit]:
    """The commits that are volume: by people, not merges, and changing more than whitespace.

    A whitespace-only (or empty) commit has no files under ``git diff -w``; counting it would
    reward exactly the padding the bot exists to notice.
    """
    return [c for c in commits if not c.is_merge and c.files and _by_person(c, exclude_authors)]


def _by_person(commit: Commit, exclude_authors: Sequence[str]) -> bool:
    return not commit.author.is_bot and not is_excluded_author(commit.author, exclude_authors)


def merged_pr_numbers(landings: Iterable[Landing], exclude_authors: Sequence[str]) -> set[int]:
    """PRs by people git knows were merged, from merge and squash subjects, counted where they first landed."""
    return {
        landing.pr_number
        for landing in landings
        if not landing.author.is_bot and not is_excluded_author(landing.author, exclude_authors)
    }


def meaningful_lines(commit: Commit, rules: PathRules) -> int:
    return sum((f.added or 0) + (f.deleted or 0) for f in commit.files if rules.kind(f) is FileKind.MEANINGFUL)


def weekly_activity(
    dataset: Dataset, window: Window, rules: PathRules, exclude_authors: Sequence[str] = ()
) -> list[WeekActivity]:
    """One row per week of the window, zeros included, oldest first.

    Merged PRs here are git's (merge and squash subjects); the digest replaces them, and fills in the
    deployments, from the weekly History metrics, so that its table and headlines count alike.
    """
    rules = rules.with_attributes(dataset.attributes)
    by_week: dict[IsoWeek, list[Commit]] = {w: [] for w in window.weeks}
    for commit in dataset.commits:
        week = window.week_of(commit.committed_at)
        if week is not None:
            by_week[week].append(commit)
    landed: dict[IsoWeek | None, list[Landing]] = {}
    for landing in dataset.landings:
        landed.setdefault(window.week_of(landing.landed_at), []).append(landing)
    releases = Counter(window.week_of(t.created_at) for t in dataset.tags)
    opened = Counter(window.week_of(i.created_at) for i in dataset.incidents)
    rows = []
    for week in window.weeks:
        row = _week(week, by_week[week], landed.get(week, []), releases[week], rules, exclude_authors)
        git = Source.COMMITS in dataset.read
        rows.append(
            replace(
                row,
                commits=row.commits if git else None,
                meaningful_lines=row.meaningful_lines if git else None,
                contributors=row.contributors if git else None,
                reverts=row.reverts if git else None,
                releases=row.releases if Source.TAGS in dataset.read else None,
                merged_prs=row.merged_prs if git else None,
                incidents=opened[week] if Source.INCIDENTS in dataset.read else None,
            )
        )
    return rows


def _week(
    week: IsoWeek,
    commits: list[Commit],
    landings: list[Landing],
    releases: int,
    rules: PathRules,
    exclude_authors: Sequence[str],
) -> WeekActivity:
    counted = counted_commits(commits, exclude_authors)
    return WeekActivity(
        week=week,
        commits=len(counted),
        meaningful_lines=sum(meaningful_lines(c, rules) for c in counted),
        contributors=len({c.author.email.lower() for c in counted}),
        merged_prs=len(merged_pr_numbers(landings, exclude_authors)),
        releases=releases,
        reverts=sum(1 for c in commits if c.reverts is not None and not c.is_merge),
    )


def exclusions(dataset: Dataset, window: Window, rules: PathRules, exclude_authors: Sequence[str]) -> Exclusions:
    """Tally of everything the volume numbers left out over the window."""
    rules = rules.with_attributes(dataset.attributes)
    lines: Counter[FileKind] = Counter()
    binary = whitespace_only = bots = excluded = merges = 0
    for commit in dataset.commits:
        if window.week_of(commit.committed_at) is None:
            continue
        if commit.is_merge:
            merges += 1
            continue
        if commit.author.is_bot:
            bots += 1
            continue
        if is_excluded_author(commit.author, exclude_authors):
            excluded += 1
            continue
        if not commit.files:
            whitespace_only += 1
        for change in commit.files:
            kind = rules.kind(change)
            if kind is FileKind.BINARY:
                binary += 1
            elif kind is not FileKind.MEANINGFUL:
                lines[kind] += (change.added or 0) + (change.deleted or 0)
    return Exclusions(dict(lines), binary, whitespace_only, bots, excluded, merges)
