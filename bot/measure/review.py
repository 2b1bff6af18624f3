"""How merged pull requests were reviewed: depth, coverage and rubber stamps, and how big they were."""

from __future__ import annotations

from collections.abc import Sequence

from bot.measure.changes import meaningful_lines, rubber_stamped, substantive_comments, was_reviewed
from bot.measure.rules import MeasureRules
from bot.measure.values import Period, Rate, Sample, seconds
from bot.records import PullRequest


def merged_in(pull_requests: Sequence[PullRequest], period: Period, rules: MeasureRules) -> list[PullRequest]:
    """PRs by people (not bots or excluded authors) merged in the period."""
    return [pr for pr in pull_requests if pr.merged_at in period and rules.is_person(pr.author)]


def review_depth(merged: Sequence[PullRequest], rules: MeasureRules) -> Sample:
    """Substantive review comments per merged PR, by people other than the author."""
    return Sample(tuple(float(substantive_comments(pr, rules)) for pr in merged))


def review_coverage(merged: Sequence[PullRequest], rules: MeasureRules) -> Rate:
    return Rate(sum(1 for pr in merged if was_reviewed(pr, rules)), len(merged))


def rubber_stamp_rate(merged: Sequence[PullRequest], rules: MeasureRules) -> Rate:
    """Of the large PRs, those approved without a substantive comment or within minutes of being ready."""
    large = [pr for pr in merged if meaningful_lines(pr, rules) > rules.large_pr_lines]
    return Rate(sum(1 for pr in large if rubber_stamped(pr, rules)), len(large))


def pr_sizes(merged: Sequence[PullRequest], rules: MeasureRules) -> Sample:
    return Sample(tuple(float(meaningful_lines(pr, rules)) for pr in merged))


def cycle_times(merged: Sequence[PullRequest]) -> Sample:
    """From the PR's first commit (or its opening) to its merge."""
    return Sample(tuple(seconds(pr.merged_at - (pr.first_commit_at or pr.created_at)) for pr in merged if pr.merged_at))
