"""How often do the git-based PR detectors flag healthy pull requests, and how fast do they run?

    python bench/pr_noise.py [--prs 500]

Builds a history of ordinary PRs (tests/prhistory.py: features, fixes, moved code, dependency bumps,
docs, reverts, small polish) and prints the share flagged per detector and per kind of PR, and the
check's time per PR against the raw `git diff` of the same PRs, measured in this one run. Needs the
test extras.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.balance.check import check
from bot.balance.detectors import DETECTORS
from bot.collect.prdiff import collect_local_change
from bot.measure.paths import PathRules
from bot.records import PullRequestChange
from bot.settings import MeasureSettings, PrCheckLimits
from tests.prhistory import healthy_history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prs", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        prs = healthy_history(path, args.prs, seed=2)
        flagged: Counter[str] = Counter()
        by_kind: Counter[tuple[str, str]] = Counter()
        kinds = Counter(pr.kind for pr in prs)
        started = time.perf_counter()
        for pr in prs:
            local = collect_local_change(path, pr.base, pr.head, PathRules())
            change = PullRequestChange(1, "", (), local.files, local.commits, None, local.diff, local.existing_windows)
            for finding in check(change, PrCheckLimits(), MeasureSettings().rules(zone=UTC)).findings:
                flagged[finding.id] += 1
                by_kind[(finding.id, pr.kind)] += 1
        ours = (time.perf_counter() - started) / len(prs)
        started = time.perf_counter()
        for pr in prs:
            subprocess.run(["git", "diff", "-U0", pr.base, pr.head], cwd=path, check=True, capture_output=True)
        raw = (time.perf_counter() - started) / len(prs)
    print(f"{len(prs)} healthy PRs: {dict(kinds)}")
    for detector in DETECTORS:
        kinds_hit = {kind: n for (d, kind), n in by_kind.items() if d == detector.id}
        print(f"  {detector.id:18} flagged {flagged[detector.id] / len(prs):6.1%}  {kinds_hit or ''}")
    print(f"time per PR: check {ours * 1000:.0f} ms, raw `git diff -U0` {raw * 1000:.0f} ms ({ours / raw:.1f}x)")


if __name__ == "__main__":
    main()
