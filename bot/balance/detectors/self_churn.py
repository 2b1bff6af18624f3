"""Later commits of the PR remove or rewrite much of what its earlier commits added.

Counts substantial lines of code only: a brace or ``pass`` matches lines of every file, and configuration
and docs are iterated on by nature. A line removed and added back, in the same commit or by the head
(moved, re-indented, reformatted), was not rewritten.
"""

from __future__ import annotations

from collections import Counter

from bot.balance.detectors.base import DetectorLimits, Finding, Result, Skipped
from bot.measure.code_lines import formatted, is_code, is_meaningful, substantial
from bot.measure.rules import MeasureRules
from bot.records import Line, PullRequestChange

ID = "self-churn"


def detect(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> Result:
    if change.commits is None:
        return Skipped(ID, "needs the PR's commits in the local clone")
    kept: Counter[str] = Counter(
        formatted(line.text) for line in (change.diff.added if change.diff else ()) if _counted(line, rules)
    )
    added_earlier: Counter[tuple[str, str]] = Counter()
    earlier_total = churned = 0
    for commit in change.commits:
        added = [line for line in commit.added if _counted(line, rules)]
        moved = Counter(formatted(line.text) for line in added)
        for line in commit.removed:
            key = (line.path, formatted(line.text))
            if not _counted(line, rules) or added_earlier[key] == 0:
                continue
            added_earlier[key] -= 1
            if moved[key[1]] > 0:
                moved[key[1]] -= 1
            elif kept[key[1]] > 0:
                kept[key[1]] -= 1
            else:
                churned += 1
        for line in added:
            added_earlier[(line.path, formatted(line.text))] += 1
            earlier_total += 1
    if earlier_total < limits.self_churn_min_added or churned / earlier_total < limits.self_churn_share:
        return None
    return Finding(
        id=ID,
        title="Later commits rewrite earlier ones",
        evidence=f"{churned:,} of the {earlier_total:,} lines of code added by this PR's commits were removed or "
        f"rewritten by later commits of the same PR ({churned / earlier_total:.0%})",
        threshold=f"{limits.self_churn_share:.0%} of added lines, in a PR adding at least "
        f"{limits.self_churn_min_added:,}",
        why="lines added and then rewritten inflate commit and line counts without changing the result; squash "
        "before merging",
    )


def _counted(line: Line, rules: MeasureRules) -> bool:
    return substantial(line.text) and is_code(line.path) and is_meaningful(line.path, rules)
