"""The one sticky comment on a pull request: created when a pattern shows, updated in place, resolved.

Found again by its hidden marker *and* by being the bot's own comment: someone who pastes the marker
into their comment cannot make the bot edit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Literal

from github.Issue import Issue
from github.IssueComment import IssueComment

from bot.publish.issues import read_or_explain, write_or_explain
from bot.settings import WhenClear

MARKER = "<!-- goodhart:pr-check -->"
_PERMISSION = "pull-requests: write"
Outcome = Literal["created", "updated", "unchanged", "resolved", "deleted", "none"]


@dataclass(frozen=True, slots=True)
class CommentResult:
    outcome: Outcome
    url: str | None


def sync_comment(pull: Issue, *, bot: str, body: str, has_findings: bool, when_clear: WhenClear) -> CommentResult:
    text = f"{MARKER}\n{body}"
    mine = [c for c in read_or_explain(lambda: list(pull.get_comments())) if _is_mine(c, bot)]
    if not mine:
        if not has_findings:
            return CommentResult("none", None)
        created = write_or_explain(partial(pull.create_comment, text), "post the pull request comment", _PERMISSION)
        return CommentResult("created", created.html_url)
    comment, *extra = mine
    for duplicate in extra:  # a comment a concurrent run posted
        write_or_explain(duplicate.delete, "remove a duplicate pull request comment", _PERMISSION)
    if not has_findings and when_clear == "delete":
        write_or_explain(comment.delete, "delete the pull request comment", _PERMISSION)
        return CommentResult("deleted", None)
    if comment.body == text:
        return CommentResult("unchanged", comment.html_url)
    write_or_explain(partial(comment.edit, text), "update the pull request comment", _PERMISSION)
    return CommentResult("updated" if has_findings else "resolved", comment.html_url)


def _is_mine(comment: IssueComment, bot: str) -> bool:
    return comment.user.login == bot and (comment.body or "").startswith(MARKER)
