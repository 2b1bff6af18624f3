"""How often do the git-based PR detectors flag ordinary pull requests, and how fast do they run?

    python bench/pr_noise.py /tmp/real/click /tmp/real/black [--prs 120] [--show]   # real clones
    python bench/pr_noise.py [--prs 500]                                              # generated history

Given clones, takes the newest ``--prs`` merged PRs of each from its first-parent history: a merge
commit's parents (base = first, head = second), or a squash commit (subject ending ``(#123)``) and its
parent. Without clones, builds a history of ordinary PRs (tests/prhistory.py: features, fixes, moved
code, dependency bumps, docs, reverts, small polish), a CI-sized smoke run. Prints the share flagged per
detector, and the check's time per PR. ``--show`` prints each finding with where it points. Needs the
test extras.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.balance.check import check
from bot.balance.detectors import DETECTORS, Finding
from bot.collect.prdiff import collect_local_change
from bot.measure.paths import PathRules
from bot.records import PullRequestChange
from bot.settings import MeasureSettings, PrCheckLimits
from tests.prhistory import healthy_history

_SQUASHED = re.compile(r"\(#(\d+)\)\s*$")
_MERGED = re.compile(r"Merge pull request #(\d+)")


@dataclass(frozen=True)
class MergedPr:
    label: str
    """What kind of PR (generated history) or which PR (real clone)."""
    base: str
    head: str


def merged_prs(path: Path, limit: int) -> Iterator[MergedPr]:
    """The newest merged PRs of a clone's first-parent history, as (base, head) pairs."""
    log = subprocess.run(
        ["git", "log", "--first-parent", "--format=%H%x1f%P%x1f%s", "HEAD"],
        cwd=path,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = 0
    for line in log.splitlines():
        sha, parents, subject = line.split("\x1f", 2)
        first, *rest = parents.split()
        merged, squashed = _MERGED.search(subject), _SQUASHED.search(subject)
        if len(rest) == 1 and merged:
            yield MergedPr(f"#{merged.group(1)}", first, rest[0])
        elif not rest and squashed:
            yield MergedPr(f"#{squashed.group(1)}", first, sha)
        else:
            continue
        found += 1
        if found >= limit:
            return


def findings(path: Path, pr: MergedPr) -> tuple[Finding, ...]:
    local = collect_local_change(path, pr.base, pr.head, PathRules())
    change = PullRequestChange(1, "", (), local.files, local.commits, None, local.diff, local.existing_windows)
    rules = replace(MeasureSettings().rules(zone=UTC), paths=PathRules().with_attributes(local.attributes))
    return check(change, PrCheckLimits(), rules).findings


def measure(name: str, path: Path, prs: list[MergedPr], show: bool) -> Counter[str]:
    flagged: Counter[str] = Counter()
    started = time.perf_counter()
    for pr in prs:
        for finding in findings(path, pr):
            flagged[finding.id] += 1
            if show:
                print(f"  {name} {pr.label} {pr.base[:10]}..{pr.head[:10]} {finding.id}: {finding.evidence}")
    per_pr = (time.perf_counter() - started) / max(len(prs), 1)
    shares = "  ".join(f"{d.id} {flagged[d.id] / max(len(prs), 1):5.1%}" for d in DETECTORS if d.id in _GIT_BASED)
    print(f"{name:12} {len(prs):4} PRs  {shares}  ({per_pr * 1000:.0f} ms/PR)", flush=True)
    return flagged


_GIT_BASED = ("micro-commits", "duplicate-blocks", "generated-volume", "self-churn", "formatting-volume")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clones", nargs="*", type=Path, help="local clones of real repositories")
    parser.add_argument("--prs", type=int, default=None, help="PRs per clone (120), or in the generated history (500)")
    parser.add_argument("--show", action="store_true", help="print every finding")
    args = parser.parse_args()
    if not args.clones:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder)
            prs = [MergedPr(pr.kind, pr.base, pr.head) for pr in healthy_history(path, args.prs or 500, seed=2)]
            print(f"{len(prs)} generated healthy PRs: {dict(Counter(pr.label for pr in prs))}")
            measure("generated", path, prs, args.show)
        return
    total: Counter[str] = Counter()
    checked = 0
    for clone in args.clones:
        prs = list(merged_prs(clone, args.prs or 120))
        total += measure(clone.name, clone, prs, args.show)
        checked += len(prs)
    shares = "  ".join(f"{d} {total[d] / max(checked, 1):5.1%}" for d in _GIT_BASED)
    print(f"{'all':12} {checked:4} PRs  {shares}")


if __name__ == "__main__":
    main()
