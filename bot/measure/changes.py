"""Facts about one pull request that several metrics share: its size, how it was reviewed, what it was."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.measure.paths import FileKind
from bot.measure.rules import MeasureRules
from bot.records import Actor, PullRequest, Review

_STOCK_APPROVALS = frozenset(
    {"looks good", "looks good to me", "ship it", "lgtm thanks", "thanks lgtm", "nice work", "good job", "well done"}
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_REVERT_TITLE = re.compile(r'^Revert "(.+)"$')


def is_trivial(text: str) -> bool:
    """An approval in a word or a stock phrase ("LGTM", "+1", "👍", "Looks good to me!") says nothing."""
    words = _WORD.findall(text.lower())
    return len(words) <= 1 or " ".join(words) in _STOCK_APPROVALS


def meaningful_lines(pr: PullRequest, rules: MeasureRules) -> int:
    """Lines in meaningful files; files past the first 100 are counted from the totals, as meaningful."""
    read = sum((f.added or 0) + (f.deleted or 0) for f in pr.files)
    kept = sum((f.added or 0) + (f.deleted or 0) for f in pr.files if rules.paths.kind(f) is FileKind.MEANINGFUL)
    unread = max(0, pr.additions + pr.deletions - read) if pr.changed_files > len(pr.files) else 0
    return kept + unread


def _by_other_person(actor: Actor, pr: PullRequest, rules: MeasureRules) -> bool:
    return rules.is_person(actor) and (actor.login is None or actor.login != pr.author.login)


def substantive_comments(pr: PullRequest, rules: MeasureRules) -> int:
    """Inline comments, non-trivial review bodies and conversation comments by people other than the author.

    Reviews and comments past the first 100 (known only by count) are taken as substantive.
    """
    count = pr.unread_discussion
    for review in pr.reviews:
        if _by_other_person(review.author, pr, rules):
            count += review.inline_comments + (0 if is_trivial(review.body) else 1)
    count += sum(1 for c in pr.comments if _by_other_person(c.author, pr, rules) and not is_trivial(c.body))
    return count


def _reviews_before_merge(pr: PullRequest, rules: MeasureRules) -> list[Review]:
    return [
        r
        for r in pr.reviews
        if _by_other_person(r.author, pr, rules)
        and r.submitted_at is not None
        and (pr.merged_at is None or r.submitted_at <= pr.merged_at)
    ]


def was_reviewed(pr: PullRequest, rules: MeasureRules) -> bool:
    """At least one approving, commenting or change-requesting review by someone else before merge."""
    states = {"APPROVED", "COMMENTED", "CHANGES_REQUESTED"}
    return any(r.state in states for r in _reviews_before_merge(pr, rules))


def first_approval(pr: PullRequest, rules: MeasureRules) -> datetime | None:
    times = [r.submitted_at for r in _reviews_before_merge(pr, rules) if r.state == "APPROVED" and r.submitted_at]
    return min(times, default=None)


def rubber_stamped(pr: PullRequest, rules: MeasureRules) -> bool:
    """A large PR approved with no substantive comment, or approved within minutes of being ready."""
    approved = first_approval(pr, rules)
    if approved is None:
        return False
    hasty = approved - pr.ready_at <= timedelta(minutes=rules.rubber_stamp_minutes)
    return hasty or substantive_comments(pr, rules) == 0


def reverted_title(pr: PullRequest) -> str | None:
    """GitHub's revert button titles the new PR ``Revert "<original title>"``."""
    match = _REVERT_TITLE.match(pr.title)
    return match.group(1) if match else None


def is_hotfix(pr: PullRequest, rules: MeasureRules) -> bool:
    labels = {label.lower() for label in pr.labels}
    return bool(labels & {h.lower() for h in rules.hotfix_labels}) or pr.head_ref.startswith(rules.hotfix_branch_prefix)
