"""The week's digest issue: found again by its marker and author, created once, updated in place.

- Found again by the hidden marker *and* by being authored by the bot, so a pasted marker is ignored.
- Never two for a week: a create that failed midway is looked for before it is tried again, and after
  creating, any copy a concurrent run made is closed as a duplicate of the oldest.
- A body over GitHub's limit keeps its summary in the issue; the rest goes to comments, each found
  again by its own marker and updated in place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Protocol, TypeVar

import requests
from github.GithubException import GithubException, UnknownObjectException
from github.Issue import Issue
from github.Repository import Repository

from bot.errors import PublishError
from bot.measure.weeks import IsoWeek
from bot.publish.markers import DIGEST, details_marker, digest_marker, digest_week

log = logging.getLogger("goodhart")
T = TypeVar("T")
LABEL_COLOUR = "5319e7"
_CONTINUED = "\n\n*The rest of this digest continues in the comments below.*\n"


class IssueTarget(Protocol):
    """One issue the bot owns, found again by its hidden marker: a week's digest, a quarter's audit."""

    @property
    def title(self) -> str:
        """The issue's title."""

    @property
    def label(self) -> str:
        """The label its series carries (created if missing)."""

    @property
    def label_description(self) -> str:
        """The label's description, for when it is created."""

    @property
    def close_previous(self) -> bool:
        """Whether earlier issues of the series are closed when this one is posted."""

    def marker(self) -> str:
        """The hidden marker the issue's body opens with."""

    def details_marker(self, part: int) -> str:
        """The hidden marker of the ``part``-th continuation comment."""

    def holds(self, body: str | None) -> bool:
        """Whether an issue with this body is this target's."""

    def precedes(self, body: str | None) -> bool:
        """Whether an issue with this body is an earlier one of the same series."""


@dataclass(frozen=True, slots=True)
class DigestIssue:
    """Where one week's digest goes."""

    repo: str
    week: IsoWeek
    title: str
    label: str
    close_previous: bool = False
    label_description: str = "Weekly engineering-metrics digest (Goodhart bot)"
    kind: str = DIGEST
    """A repository's digest or the organisation's rollup: each finds only its own kind again."""
    scope: str | None = None
    """A team's or some paths' digest (``@org/payments``); None for the whole repository."""

    def marker(self) -> str:
        return digest_marker(self.repo, self.week, self.kind, self.scope)

    def details_marker(self, part: int) -> str:
        return details_marker(self.repo, self.week, part, self.kind, self.scope)

    def holds(self, body: str | None) -> bool:
        return digest_week(body, self.repo, self.kind, self.scope) == self.week

    def precedes(self, body: str | None) -> bool:
        week = digest_week(body, self.repo, self.kind, self.scope)
        return week is not None and week < self.week


@dataclass(frozen=True, slots=True)
class Published:
    url: str
    number: int
    created: bool
    comments: int


class DigestPublisher:
    def __init__(self, repository: Repository, bot: str) -> None:
        self.repository = repository
        self.bot = bot

    def publish(self, target: IssueTarget, bodies: list[str]) -> Published:
        marker = target.marker()
        body = f"{marker}\n{bodies[0]}" + (_CONTINUED if len(bodies) > 1 else "")
        self._ensure_label(target.label, target.label_description)
        listed = self._bot_digests(target)
        existing = _of_week(listed, target)
        created = not existing
        issue = self._create(target, body) if created else existing[0]
        # Only a run that created must look again: a run racing it may have created one too.
        issue = _keep_oldest(self._digests(target) if created else existing) or issue
        if not created and (issue.body != body or issue.title != target.title or issue.state != "open"):
            write_or_explain(lambda: issue.edit(title=target.title, body=body, state="open"), "update the digest issue")
        comments = self._continue_in_comments(target, issue, bodies[1:])
        if target.close_previous:
            self._close_previous(target, listed)
        return Published(issue.html_url, issue.number, created, comments)

    # -- the issue -----------------------------------------------------------------------------------
    def _bot_digests(self, target: IssueTarget) -> list[Issue]:
        """Every digest issue the bot wrote in this repository, any week, open or closed, oldest first."""
        listed = read_or_explain(
            lambda: list(
                # PyGithub takes a login here (its docstring says so); its type hint is narrower.
                self.repository.get_issues(state="all", labels=[target.label], creator=self.bot)  # type: ignore[arg-type]
            )
        )
        mine = [i for i in listed if i.pull_request is None and i.user.login == self.bot]
        return sorted(mine, key=lambda i: i.number)

    def _digests(self, target: IssueTarget) -> list[Issue]:
        """This week's digests written by the bot, oldest first, as GitHub lists them now."""
        return _of_week(self._bot_digests(target), target)

    def _create(self, target: IssueTarget, body: str) -> Issue:
        """Created once: a create that may have happened is looked for before it is tried again."""
        try:
            return self.repository.create_issue(title=target.title, body=body, labels=[target.label])
        except (GithubException, requests.RequestException) as error:
            if isinstance(error, GithubException) and error.status < 500:
                raise _publish_error("create the digest issue", error) from None
            log.info("creating the digest issue may have failed (%s); looking for it", _describe(error))
        found = self._digests(target)
        if found:
            return found[0]
        return write_or_explain(
            lambda: self.repository.create_issue(title=target.title, body=body, labels=[target.label]),
            "create the digest issue",
        )

    def _ensure_label(self, label: str, description: str) -> None:
        try:
            read_or_explain(lambda: self.repository.get_label(label))
        except UnknownObjectException:
            try:
                self.repository.create_label(label, LABEL_COLOUR, description)
            except GithubException as error:
                if error.status != 422:  # 422: a concurrent run created it first
                    raise _publish_error("create the digest label", error) from None

    def _close_previous(self, target: IssueTarget, listed: list[Issue]) -> None:
        previous = [issue for issue in listed if issue.state == "open" and target.precedes(issue.body)]
        for issue in previous:
            write_or_explain(partial(issue.edit, state="closed", state_reason="completed"), "close last week's digest")

    # -- the comments ---------------------------------------------------------------------------------
    def _continue_in_comments(self, target: IssueTarget, issue: Issue, rest: list[str]) -> int:
        mine = {
            part: comment
            for comment in read_or_explain(lambda: list(issue.get_comments()))
            if comment.user.login == self.bot
            for part in range(1, len(rest) + 100)
            if comment.body and comment.body.startswith(target.details_marker(part))
        }
        for part, text in enumerate(rest, start=1):
            body = f"{target.details_marker(part)}\n{text}"
            comment = mine.pop(part, None)
            if comment is None:
                write_or_explain(partial(issue.create_comment, body), "post the digest's continuation")
            elif comment.body != body:
                write_or_explain(partial(comment.edit, body), "update the digest's continuation")
        for stale in mine.values():  # the digest got shorter: its extra parts go
            write_or_explain(stale.delete, "remove an old continuation")
        return len(rest)


def _of_week(digests: list[Issue], target: IssueTarget) -> list[Issue]:
    return [issue for issue in digests if target.holds(issue.body)]


def _keep_oldest(digests: list[Issue]) -> Issue | None:
    """Two runs at once can each create an issue: keep the oldest, close the others as duplicates."""
    if not digests:
        return None
    keep, *extra = digests
    for duplicate in extra:
        if duplicate.state == "open":
            write_or_explain(partial(duplicate.edit, state="closed", state_reason="duplicate"), "close a duplicate")
            log.info("closed #%d, a duplicate of the digest #%d", duplicate.number, keep.number)
    return keep


def read_or_explain(call: Callable[[], T]) -> T:
    try:
        return call()
    except UnknownObjectException:
        raise
    except GithubException as error:
        raise _publish_error("read the repository's issues", error) from None
    except requests.RequestException as error:
        raise PublishError(f"could not reach GitHub to read the issues: {_describe(error)}") from None


def write_or_explain(call: Callable[[], T], what: str, permission: str = "issues: write") -> T:
    try:
        return call()
    except GithubException as error:
        raise _publish_error(what, error, permission) from None
    except requests.RequestException as error:
        raise PublishError(
            f"could not {what}: {_describe(error)}; run again: the digest is found by its marker"
        ) from None


def _publish_error(what: str, error: GithubException, permission: str = "issues: write") -> PublishError:
    message = (error.data or {}).get("message") if isinstance(error.data, dict) else None
    if error.status == 403:
        return PublishError(
            f"could not {what}: the token may not ({message or error.status}). "
            f"Add `{permission}` under `permissions:` in the workflow (or give the token that access)"
        )
    return PublishError(f"could not {what}: GitHub answered {error.status} ({message or 'no message'})")


def _describe(error: Exception) -> str:
    if isinstance(error, GithubException):
        return f"GitHub answered {error.status}"
    return type(error).__name__
