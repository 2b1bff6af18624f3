"""Does the digest count what git itself says, week by week, on real clones?

    python bench/real_histories.py PATH...                 # the last 12 weeks of each clone's history
    python bench/real_histories.py --weeks 26 PATH...

For each clone, runs ``goodhart digest --format json --dry-run`` over the weeks that end with the newest
commit's week, and checks each week against ``git log`` run here, independently and simply:

- commits: non-merge commits committed in the week (UTC), by authors that are not ``[bot]``, whose diff
  ignoring whitespace is not empty (``git show -w --numstat``);
- merged PRs: the numbers in the subjects of the commits that reached the branch in the week
  (``git log --format=%s END ^START`` between the branch's first-parent commits at the week's ends) that
  no earlier subject names, as ``Merge pull request #N from`` or a title ending ``(#N)``; a pull request
  by a bot (the squash's author, or the merged branch tip's) left out;
- lead time: each week's lead time read with the checked weeks as lookback, against the same week read
  with twice as many weeks and with 104.

Prints one row per clone; nothing is asserted. Clones are never modified.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_MERGE_PR = re.compile(r"^Merge pull request #(\d+) from ")
_TITLE_PR = re.compile(r"\(#(\d+)\)\s*$")


@dataclass(frozen=True, slots=True)
class Week:
    label: str
    start: datetime
    end: datetime


@dataclass(slots=True)
class Row:
    repository: str
    style: str
    weeks: int = 0
    commit_mismatches: int = 0
    pr_mismatches: int = 0
    prs: int = 0
    releases: int = 0
    lead_time_mismatches: int = 0
    details: list[str] | None = None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path, help="local clones")
    parser.add_argument("--weeks", type=int, default=12, help="weeks checked, ending with the newest commit's week")
    parser.add_argument("--verbose", action="store_true", help="print each mismatch")
    args = parser.parse_args()
    rows = [check(path, args.weeks) for path in args.paths]
    print(
        "| repository | merge style | weeks checked | commit mismatches | merged-PR mismatches (PRs) "
        "| weeks with a release | lead-time differs at longer lookbacks |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row.repository} | {row.style} | {row.weeks} | {row.commit_mismatches} | "
            f"{row.pr_mismatches} ({row.prs}) | {row.releases} | {row.lead_time_mismatches} |"
        )
    if args.verbose:
        for row in rows:
            for line in row.details or []:
                print(f"{row.repository}: {line}")


def check(path: Path, count: int) -> Row:
    weeks = weeks_ending(newest_commit(path), count)
    lookbacks = sorted({count, min(2 * count, 104), 104})
    digests = {lookback: digest(path, weeks[-1].label, lookback) for lookback in lookbacks}
    shown = {w["week"]: w for w in digests[count]["weeks"]}
    row = Row(path.name, merge_style(path, weeks[0].start, weeks[-1].end), details=[])
    assert row.details is not None
    for week in weeks:
        bot_week = shown[week.label]
        row.weeks += 1
        commits = git_commits(path, week)
        if bot_week["commits"] != commits:
            row.commit_mismatches += 1
            row.details.append(f"{week.label} commits: digest {bot_week['commits']}, git {commits}")
        prs = git_merged_prs(path, week)
        row.prs += len(prs)
        if bot_week["merged_prs"] != len(prs):
            row.pr_mismatches += 1
            shown_prs = bot_week["merged_prs"]
            row.details.append(f"{week.label} merged PRs: digest {shown_prs}, git {len(prs)} {sorted(prs)}")
        lead_times = [_lead_time(_week(digests[lookback], week.label)) for lookback in lookbacks]
        if lead_times[0][0]:
            row.releases += 1
        if any(lt != lead_times[0] for lt in lead_times[1:]):
            row.lead_time_mismatches += 1
            row.details.append(f"{week.label} lead time (commits, median s) at {lookbacks}: {lead_times}")
    return row


def digest(path: Path, week: str, lookback: int) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOODHART_", "INPUT_", "GITHUB_"))}
    argv = ["digest", "--repo-path", str(path), "--week", week, "--lookback-weeks", str(lookback)]
    result = subprocess.run(
        [sys.executable, "-m", "bot", *argv, "--format", "json", "--dry-run", "--timezone", "UTC"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _lead_time(week: dict[str, Any]) -> tuple[int, float | None]:
    """Commits shipped and their median lead time; no release tag read (null) is no release (0 commits)."""
    measured = week["metrics"]["lead-time"] or {}
    return measured.get("n", 0), measured.get("median")


def _week(data: dict[str, Any], label: str) -> dict[str, Any]:
    found: dict[str, Any] = next(w for w in data["weeks"] if w["week"] == label)
    return found


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True, check=True).stdout


def newest_commit(path: Path) -> datetime:
    return datetime.fromisoformat(git(path, "log", "-1", "--format=%cI", "HEAD").strip())


def weeks_ending(moment: datetime, count: int) -> list[Week]:
    monday = moment.astimezone(UTC).date() - timedelta(days=moment.astimezone(UTC).weekday())
    weeks = []
    for back in range(count - 1, -1, -1):
        first = monday - timedelta(weeks=back)
        year, number, _ = first.isocalendar()
        weeks.append(Week(f"{year}-W{number:02d}", _midnight(first), _midnight(first + timedelta(weeks=1))))
    return weeks


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def git_commits(path: Path, week: Week) -> int:
    """Non-merge commits committed in the week, by people, changing more than whitespace."""
    listing = git(path, "log", "--no-merges", "--format=%H%x1f%aN%x1f%aE%x1f%cI", "HEAD")
    candidates = []
    for line in listing.splitlines():
        sha, name, email, committed = line.split("\x1f")
        bot = name.endswith("[bot]") or "[bot]@" in email
        if not bot and week.start <= datetime.fromisoformat(committed) < week.end:
            candidates.append(sha)
    if not candidates:
        return 0
    shown = git(path, "show", "-w", "--numstat", "--format=@@%H", *candidates)
    changed = set()
    current = ""
    for line in shown.splitlines():
        if line.startswith("@@"):
            current = line[2:]
        elif line.strip():
            changed.add(current)
    return len(changed)


def git_merged_prs(path: Path, week: Week) -> set[int]:
    """PR numbers in the subjects that reached the branch in the week and in no earlier subject."""
    start, end = first_parent_at(path, week.start), first_parent_at(path, week.end)
    if end is None or end == start:
        return set()
    arrived = git(path, "log", "--format=%H%x1f%P%x1f%aN%x1f%aE%x1f%s", end, *([f"^{start}"] if start else []))
    earlier = _numbers(git(path, "log", "--format=%s", start)) if start else set()
    numbers = set()
    for line in arrived.splitlines():
        _, parents, name, email, subject = line.split("\x1f", 4)
        found = _numbers(subject)
        if not found:
            continue
        merged = parents.split()[1:]
        if merged:
            name, email = git(path, "log", "-1", "--format=%aN%x1f%aE", merged[0]).strip().split("\x1f")
        if not (name.endswith("[bot]") or "[bot]@" in email):
            numbers |= found - earlier
    return numbers


def _numbers(subjects: str) -> set[int]:
    found = set()
    for subject in subjects.splitlines():
        match = _MERGE_PR.search(subject) or _TITLE_PR.search(subject)
        if match:
            found.add(int(match.group(1)))
    return found


def first_parent_at(path: Path, moment: datetime) -> str | None:
    """The branch as it stood at ``moment``: the newest first-parent commit committed before it."""
    for line in git(path, "log", "--first-parent", "--format=%H %cI", "HEAD").splitlines():
        sha, committed = line.split()
        if datetime.fromisoformat(committed) < moment:
            return sha
    return None


def merge_style(path: Path, start: datetime, end: datetime) -> str:
    """How pull requests landed in the checked weeks, from the first-parent subjects."""
    styles: Counter[str] = Counter()
    listing = git(path, "log", "--first-parent", "--format=%P%x1f%cI%x1f%s", "HEAD")
    for line in listing.splitlines():
        parents, committed, subject = line.split("\x1f", 2)
        if not start <= datetime.fromisoformat(committed) < end:
            continue
        styles[_style(len(parents.split()) > 1, subject)] += 1
    return ", ".join(f"{kind} {n}" for kind, n in styles.most_common())


def _style(is_merge: bool, subject: str) -> str:
    if not is_merge:
        return "squash" if _TITLE_PR.search(subject) else "direct"
    return "merge button" if _MERGE_PR.search(subject) else "titled merge" if _TITLE_PR.search(subject) else "merge"


if __name__ == "__main__":
    main()
