"""Hand-built records for the pure core: a few words per record, every other field sensible."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.measure.values import Period
from bot.records import (
    Actor,
    Comment,
    Commit,
    Deployment,
    DeploySource,
    FileChange,
    Incident,
    Person,
    PointsSource,
    PullRequest,
    Review,
    WorkItem,
)

T0 = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def period(first_day: float = 0, days: float = 7) -> Period:
    return Period(day(first_day), day(first_day + days), max(1, round(days / 7)))


def sha(n: int) -> str:
    """Distinct from its first seven characters, as real shas are."""
    return f"{n:07x}" + "f" * 33


def pr(
    number: int,
    merged: float | None,
    *,
    author: str = "ada",
    bot: bool = False,
    title: str | None = None,
    opened: float | None = None,
    ready: float | None = None,
    first_commit: float | None = None,
    lines: int = 50,
    files: tuple[FileChange, ...] | None = None,
    reviews: tuple[Review, ...] = (),
    comments: tuple[Comment, ...] = (),
    labels: tuple[str, ...] = (),
    head: str | None = None,
    base: str = "main",
    merge_sha: str | None = None,
) -> PullRequest:
    created = day(opened if opened is not None else (merged or 0) - 1)
    changes = files if files is not None else (FileChange("src/app.py", lines, 0),)
    return PullRequest(
        number=number,
        title=title or f"Change {number}",
        author=Actor(author, bot),
        created_at=created,
        ready_at=day(ready) if ready is not None else created,
        merged_at=day(merged) if merged is not None else None,
        base_ref=base,
        head_ref=head or f"feature/{number}",
        merge_commit_sha=(merge_sha or sha(number)) if merged is not None else None,
        additions=sum(f.added or 0 for f in changes),
        deletions=sum(f.deleted or 0 for f in changes),
        changed_files=len(changes),
        first_commit_at=day(first_commit) if first_commit is not None else created,
        labels=labels,
        reviews=reviews,
        comments=comments,
        review_count=len(reviews),
        comment_count=len(comments),
        files=changes,
    )


def review(
    by: str = "bob", state: str = "APPROVED", at: float = 0, body: str = "", inline: int = 0, bot: bool = False
) -> Review:
    return Review(Actor(by, bot), state, day(at), body, inline)


def comment(by: str = "bob", body: str = "Could this retry forever?", bot: bool = False) -> Comment:
    return Comment(Actor(by, bot), body)


def deploy(
    n: int, at: float, succeeded: bool = True, source: DeploySource = DeploySource.DEPLOYMENTS_API
) -> Deployment:
    return Deployment(sha(n), "production", day(at), succeeded, source)


def incident(number: int, opened: float, closed: float | None = None, root_cause: str | None = None) -> Incident:
    return Incident(number, "Checkout down", day(opened), day(closed) if closed is not None else None, root_cause)


def commit(
    n: int,
    at: float,
    *,
    reverts: str | None = None,
    author: str = "ada@example.com",
    lines: int = 10,
    parents: int = 1,
    pr_number: int | None = None,
) -> Commit:
    who = Person(author.split("@")[0], author)
    return Commit(
        sha=sha(n),
        parents=tuple(sha(n + 1000 + i) for i in range(parents)),
        author=who,
        authored_at=day(at),
        committed_at=day(at),
        files=(FileChange("src/app.py", lines, 0),) if lines else (),
        pr_number=pr_number,
        reverts=reverts,
    )


def item(number: int, points: float | None, *closed_by: int, closed: float | None = None) -> WorkItem:
    """A work item closed as completed on day ``closed`` (by default: with its pull request, given as day 1)."""
    source = PointsSource.LABEL if points is not None else None
    return WorkItem(number, points, source, day(closed if closed is not None else 1), closed_by)
