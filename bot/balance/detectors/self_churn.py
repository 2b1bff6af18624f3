"""Later commits of the PR remove or rewrite much of what its earlier commits added."""

from __future__ import annotations

from collections import Counter

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.code_lines import is_meaningful, squeeze
from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange

ID = "self-churn"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.commits is None:
        return Skipped(ID, "needs the PR's commits in the local clone")
    added_earlier: Counter[tuple[str, str]] = Counter()
    earlier_total = churned = 0
    for commit in change.commits:
        for line in commit.removed:
            key = (line.path, squeeze(line.text))
            if is_meaningful(line.path, rules) and added_earlier[key] > 0:
                added_earlier[key] -= 1
                churned += 1
        for line in commit.added:
            if is_meaningful(line.path, rules) and squeeze(line.text):
                added_earlier[(line.path, squeeze(line.text))] += 1
                earlier_total += 1
    if earlier_total < limits.self_churn_min_added or churned / earlier_total < limits.self_churn_share:
        return None
    return Finding(
        id=ID,
        title="Later commits rewrite earlier ones",
        evidence=f"{churned} of the {earlier_total} lines added by this PR's commits were removed or rewritten by "
        "later "
        f"commits of the same PR ({churned / earlier_total:.0%})",
        threshold=f"{limits.self_churn_share:.0%} of added lines, in a PR adding at least "
        f"{limits.self_churn_min_added}",
        why="lines added and then rewritten inflate commit and line counts without changing the result; squash "
        "before merging",
    )
