"""Plain, frozen records of what the sources reported; facts, never conclusions.

Whether a commit counts as volume, or a file as meaningful, is decided in ``measure/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file in a commit, with line counts that ignore whitespace (``git diff -w``).

    A renamed file is named by its new path.

    ``added``/``deleted`` are ``None`` for binary files, which git cannot count in lines.
    """

    path: str
    added: int | None
    deleted: int | None

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
    authored_at: datetime
    committed_at: datetime
    files: tuple[FileChange, ...]
    pr_number: int | None = None
    """From a merge subject ("Merge pull request #N") or a squash subject ("... (#N)")."""
    reverts: str | None = None
    """The sha named by "This reverts commit <sha>" in the message, when present."""

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True, slots=True)
class Landing:
    """A pull request number that git's subjects name, when it first reached the branch read, and its author.

    It reached the branch with the first-parent commit that brought it in: a squash on the branch itself,
    or the merge of the pull request, or of a release branch it had landed on.
    """

    pr_number: int
    landed_at: datetime
    author: Person
    """The squash commit's author, or for a merge commit the author of the merged branch's tip."""


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    sha: str
    """The commit the tag points at (annotated tags peeled)."""
    created_at: datetime
    first_contains: tuple[Commit, ...] | None = None
    """The commits no earlier release tag contains: what this release shipped; None when not read."""


@dataclass(frozen=True, slots=True)
class PathAttributes:
    """``linguist-generated`` / ``linguist-vendored`` patterns from the repository's ``.gitattributes``.

    Each entry is ``(pattern, value)``; ``False`` means the attribute was unset
    (``-linguist-generated``), which overrides the built-in guesses for those paths.
    """

    generated: tuple[tuple[str, bool], ...] = ()
    vendored: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A GitHub account as the API named it; ``login`` is None for a deleted account ("ghost")."""

    login: str | None
    is_bot: bool = False


@dataclass(frozen=True, slots=True)
class Review:
    author: Actor
    state: str
    """APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING, as GitHub says."""
    submitted_at: datetime | None
    body: str
    inline_comments: int
    """Review comments on the diff made in this review, all by the review's author."""


@dataclass(frozen=True, slots=True)
class Comment:
    """A conversation comment on a pull request."""

    author: Actor
    body: str


@dataclass(frozen=True, slots=True)
class PullRequest:
    number: int
    title: str
    author: Actor
    created_at: datetime
    ready_at: datetime
    """When it was opened, or last marked ready for review after being a draft."""
    merged_at: datetime | None
    base_ref: str
    head_ref: str
    merge_commit_sha: str | None
    additions: int
    deletions: int
    changed_files: int
    first_commit_at: datetime | None
    """Authored time of the PR's first commit: what lead time starts from, squash or not."""
    labels: tuple[str, ...]
    reviews: tuple[Review, ...]
    """The first 100 reviews, oldest first; ``review_count`` says how many there are."""
    comments: tuple[Comment, ...]
    """The first 100 conversation comments, oldest first; ``comment_count`` says how many there are."""
    review_count: int = 0
    comment_count: int = 0
    files: tuple[FileChange, ...] = ()
    """The first 100 changed files with their lines; ``changed_files`` says how many there are."""

    @property
    def unread_discussion(self) -> int:
        """Reviews and comments past the first 100 of each: known to exist, not read."""
        return max(0, self.review_count - len(self.reviews)) + max(0, self.comment_count - len(self.comments))


class DeploySource(StrEnum):
    """Where a deployment was learned from, best first."""

    DEPLOYMENTS_API = "deployments-api"
    WORKFLOW = "workflow"
    TAG = "tag"
    MERGE = "merge"


@dataclass(frozen=True, slots=True)
class Deployment:
    """A production deployment as the sources reported it."""

    sha: str
    environment: str
    finished_at: datetime
    succeeded: bool
    source: DeploySource
    shipped_commits: tuple[Commit, ...] | None = None
    """What git says this build first shipped, when the source knows (a release tag read from the clone).

    None: the commits committed since the previous deployment stand in.
    """


@dataclass(frozen=True, slots=True)
class Incident:
    number: int
    title: str
    created_at: datetime
    closed_at: datetime | None
    root_cause_sha: str | None
    """From a ``root cause: <sha>`` line in the issue body."""


@dataclass(frozen=True, slots=True)
class ReportedIssue:
    """An issue as the outcome series read it: who opened it, its labels, and when it was reopened."""

    number: int
    created_at: datetime
    author_association: str
    """GitHub's word for the author's relation to the repository: MEMBER, OWNER, COLLABORATOR, CONTRIBUTOR..."""
    labels: tuple[str, ...]
    reopened_at: tuple[datetime, ...]


class PointsSource(StrEnum):
    """Where a work item's story points were found, first match wins in this order."""

    LABEL = "label"
    BODY = "body"
    PROJECT = "project"


@dataclass(frozen=True, slots=True)
class WorkItem:
    """An issue closed as completed (GitHub's ``stateReason: COMPLETED``), by a pull request or by hand."""

    number: int
    points: float | None
    """From the first source that has them: a label, a line in the body, a Projects field."""
    points_source: PointsSource | None
    closed_at: datetime
    closed_by: tuple[int, ...]
    """Pull requests GitHub links as closing it; empty when it was closed by hand."""


@dataclass(frozen=True, slots=True)
class Line:
    """One added or removed line of a diff, as written (whitespace kept)."""

    path: str
    text: str
    number: int = 0
    """Its line number: in the new file for an added line, in the old one for a removed line; 0 if unknown."""


@dataclass(frozen=True, slots=True)
class Location:
    """Lines ``start_line`` to ``end_line`` (1-based, inclusive) of a file, in the PR's head unless ``in_base``."""

    path: str
    start_line: int
    end_line: int
    in_base: bool = False
    """The lines are in the base's version of the file (code the PR copied), not in the PR's head."""


@dataclass(frozen=True, slots=True)
class CommitDiff:
    """One commit of a pull request, with its lines changed ignoring whitespace (``git diff -w``)."""

    added: tuple[Line, ...]
    removed: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class DiffLines:
    """The pull request's net change, base to head, line by line (``-U0``)."""

    added: tuple[Line, ...]
    removed: tuple[Line, ...]
    added_ignoring_whitespace: int
    removed_ignoring_whitespace: int


@dataclass(frozen=True, slots=True)
class PullRequestChange:
    """Everything the pull-request check reads; a part is None when its source was not available."""

    number: int | None
    body: str
    labels: tuple[str, ...]
    files: tuple[FileChange, ...]
    """The net change per file, whitespace ignored."""
    commits: tuple[CommitDiff, ...] | None
    """Oldest first; None when the commits are not in the clone."""
    commit_sizes: tuple[int, ...] | None = None
    """Lines changed per commit as GitHub counts them, when the commits themselves are not available."""
    diff: DiffLines | None = None
    existing_windows: Mapping[int, Location] | None = None
    """Six-line windows of the code at the base, by hash, with where each is (for duplicate blocks); None when
    not read."""
    review: PullRequest | None = None
    """The pull request with its reviews, from GitHub; None without GitHub."""
    siblings: tuple[PullRequest, ...] | None = None
    """Other pull requests closing the same issues, from GitHub; None without GitHub."""


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


class Source(StrEnum):
    """A kind of record a run read. What was not read is absent from the digest, never zero."""

    COMMITS = "commits"
    TAGS = "tags"
    PULL_REQUESTS = "pull_requests"
    DEPLOYMENTS = "deployments"
    INCIDENTS = "incidents"
    WORK_ITEMS = "work_items"
    DEPLOYMENT_OUTCOMES = "deployment_outcomes"
    """Never read as such: deployments read from a system that records them with their outcome (GitHub's
    deployments or deploy workflow runs), not release tags or merges standing in for them."""


@dataclass(frozen=True, slots=True)
class Dataset:
    """Everything the collectors found for one repository over one window."""

    commits: tuple[Commit, ...] = ()
    tags: tuple[Tag, ...] = ()
    landings: tuple[Landing, ...] = ()
    """Pull requests git's subjects say reached the branch in the window, each once."""
    attributes: PathAttributes = field(default_factory=PathAttributes)
    pull_requests: tuple[PullRequest, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    incidents: tuple[Incident, ...] = ()
    work_items: tuple[WorkItem, ...] = ()
    notes: tuple[SourceNote, ...] = ()
    read: frozenset[Source] = frozenset()
    """Which kinds of record were actually read: absent is not zero."""
    default_branch: str | None = None
    history_start: datetime | None = None
    """When the branch's history begins (its first commit), where a full clone tells; None when unknown."""

    def combined(self, other: Dataset) -> Dataset:
        """Records of both, as one dataset; path attributes come from the clone (``self``)."""
        return Dataset(
            commits=self.commits + other.commits,
            tags=self.tags + other.tags,
            landings=self.landings + other.landings,
            attributes=self.attributes,
            pull_requests=self.pull_requests + other.pull_requests,
            deployments=self.deployments + other.deployments,
            incidents=self.incidents + other.incidents,
            work_items=self.work_items + other.work_items,
            notes=self.notes + other.notes,
            read=self.read | other.read,
            default_branch=self.default_branch or other.default_branch,
            history_start=_earliest(self.history_start, other.history_start),
        )


def _earliest(one: datetime | None, other: datetime | None) -> datetime | None:
    known = [moment for moment in (one, other) if moment is not None]
    return min(known) if known else None
