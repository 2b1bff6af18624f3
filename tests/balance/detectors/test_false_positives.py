"""The git-based detectors over a generated history of healthy PRs: under 5% flagged, each."""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from pathlib import Path

from bot.balance.check import check
from bot.collect.prdiff import collect_local_change
from bot.measure.paths import PathRules
from bot.records import PullRequestChange
from bot.settings import MeasureSettings, PrCheckLimits
from tests.prhistory import KINDS, HistoryBuilder, healthy_history


def flagged(path: Path, base: str, head: str) -> set[str]:
    local = collect_local_change(path, base, head, PathRules())
    change = PullRequestChange(1, "", (), local.files, local.commits, None, local.diff, local.existing_windows)
    return {f.id for f in check(change, PrCheckLimits(), MeasureSettings().rules(zone=UTC)).findings}


def test_healthy_prs_are_flagged_by_each_detector_under_five_percent(tmp_path: Path) -> None:
    prs = healthy_history(tmp_path, 80)
    assert {pr.kind for pr in prs} == {kind for kind, _ in KINDS}
    counts: Counter[str] = Counter()
    for pr in prs:
        counts.update(flagged(tmp_path, pr.base, pr.head))
    assert all(count / len(prs) < 0.05 for count in counts.values()), counts


def test_the_same_history_does_flag_a_padded_pr(tmp_path: Path) -> None:
    """The rate above means something only if the detectors see patterns in this kind of repository."""
    *_, padded = HistoryBuilder(7).build(tmp_path, 20, then=("padded",))
    assert padded.kind == "padded"
    assert "micro-commits" in flagged(tmp_path, padded.base, padded.head)
