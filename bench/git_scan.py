"""How fast and how lean is the git collector, against one raw ``git log --numstat`` on the same history?

    python bench/git_scan.py                       # builds (once) a 50,000-commit repository in bench/work/
    python bench/git_scan.py --repo PATH           # or measures any clone you have (its whole HEAD history)
    python bench/git_scan.py --commits 2000 --sample 100    # the quick run CI does

The yardstick is one ``git log --numstat --no-renames`` process over the same commits. Each round runs
every measurement once, in turn, so that a busy machine slows them alike; the ratios are taken per round
and shown as median [min-max]. Also shown: wall and CPU time (user+sys, with child processes), peak
memory (max RSS of the collector's Python process alone, and of its largest git process), and the
collector as it was before the parallel scan (one git process). Nothing is asserted: the machines are
shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
sys.path.insert(0, str(ROOT))

from bot.collect.gitlog import LOG_FORMAT  # noqa: E402

START = datetime(2024, 1, 1, tzinfo=UTC)
STEP_SECONDS = 1800


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, help="measure this clone instead of a generated one")
    parser.add_argument("--commits", type=int, default=50_000, help="size of the generated history")
    parser.add_argument("--sample", type=int, default=1_000, help="commits in the commit.stats comparison")
    parser.add_argument("--runs", type=int, default=3, help="rounds of measurement; medians and spreads are shown")
    args = parser.parse_args()
    repo = args.repo or generated_repo(args.commits)
    count = int(git(repo, "rev-list", "--count", "HEAD"))
    since, until = whole_history(repo)
    print(f"repository: {repo} ({count} commits on HEAD)")

    commands = {
        "git log --numstat --no-renames": ["git", "log", "--numstat", "--no-renames", "HEAD"],
        "git log, our flags (-z -w -M)": [
            "git",
            "log",
            "-z",
            "--numstat",
            "-w",
            "-M",
            f"--format={LOG_FORMAT}",
            "HEAD",
        ],
        "collector before (one git log)": [
            sys.executable,
            __file__,
            "--collect",
            str(repo),
            since,
            until,
            "sequential",
        ],
        "goodhart collector": [sys.executable, __file__, "--collect", str(repo), since, until, "parallel"],
    }
    rounds: list[dict[str, Run]] = []
    for _ in range(args.runs):
        rounds.append({name: run(command, repo) for name, command in commands.items()})

    print(f"\n{'what':32} {'wall s, each round':>24} {'CPU s':>7} {'peak RSS':>9}")
    for name in commands:
        runs = [r[name] for r in rounds]
        walls = " ".join(f"{x.seconds:6.2f}" for x in runs)
        cpu = statistics.median(x.cpu for x in runs)
        print(f"{name:32} {walls:>24} {cpu:7.1f} {max(x.rss_kb for x in runs) / 1024:7.1f}MB")
    ours = [r["goodhart collector"] for r in rounds]
    print(f"\nfull history ({ours[0].commits} commits collected):")
    for name, target in (
        ("git log --numstat --no-renames", "(target <= 1.0x)"),
        ("git log, our flags (-z -w -M)", "(same diffs, no parsing)"),
        ("collector before (one git log)", "(the speed-up)"),
    ):
        ratios = [r["goodhart collector"].seconds / r[name].seconds for r in rounds]
        print(f"  collector / {name + ':':32} {spread(ratios)} wall   {target}")
    cpu_ratios = [r["goodhart collector"].cpu / r["git log --numstat --no-renames"].cpu for r in rounds]
    print(f"  collector / raw git log, CPU time:          {spread(cpu_ratios)} (work done, both cores together)")
    print(f"  collector's Python process peak RSS: {max(x.self_rss_kb for x in ours) / 1024:.1f} MB (target < 200 MB)")
    print(f"  (its largest git process: {max(x.rss_kb for x in ours) / 1024:.1f} MB;", end=" ")
    print(f"raw git log alone: {max(r['git log --numstat --no-renames'].rss_kb for r in rounds) / 1024:.1f} MB)")

    sample_since, sample_until = window_of(repo, min(args.sample, count))
    stats = run([sys.executable, __file__, "--stats-loop", str(repo), str(args.sample)], repo)
    ours_sample = run([sys.executable, __file__, "--collect", str(repo), sample_since, sample_until, "parallel"], repo)
    print(
        f"\n{args.sample}-commit sample: commit.stats loop {stats.seconds:.2f}s, collector {ours_sample.seconds:.2f}s"
    )
    print(f"  commit.stats loop / collector: {stats.seconds / ours_sample.seconds:.1f}x   (target >= 10x)")


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float
    rss_kb: int
    """Max RSS of the process or of any child it waited for (the largest git, for the collector)."""
    commits: int = 0
    self_rss_kb: int = 0
    """The collector's Python process alone."""


def spread(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):.2f}x [{min(ratios):.2f}-{max(ratios):.2f}]"


def run(command: list[str], repo: Path) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    tail = b""
    while chunk := process.stdout.read(1 << 16):
        tail = (tail + chunk)[-200:]
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{command[:3]} failed with status {status}")
    measured = Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
    if command[0] != sys.executable:
        return measured
    report = json.loads(tail.decode().strip().splitlines()[-1])
    return replace(measured, commits=report["commits"], self_rss_kb=report["self_rss_kb"])


def collect_only(repo: Path, since: str, until: str, how: str) -> None:
    """Child process: the real collector, as the digest calls it, or as it was with one git process."""
    import re

    from bot.collect import git as collector
    from bot.collect.git import GitWindow, collect_git

    if how == "sequential":  # the collector before the parallel scan: one git log over the window
        collector.scan_commits = lambda repo, window: collector.stream_commits(repo, window)  # type: ignore[assignment]

    window = GitWindow(datetime.fromisoformat(since), datetime.fromisoformat(until))
    dataset = collect_git(repo, window, re.compile(r"^v\d+\.\d+\.\d+$"))  # git's v0.99 has no date: issue apart
    print(json.dumps({"commits": len(dataset.commits), "self_rss_kb": _self_rss_kb()}))


def stats_loop(repo: Path, sample: int) -> None:
    """Child process: what the collector replaces, one ``git diff`` per commit through ``commit.stats``."""
    import git

    commits = 0
    for commit in git.Repo(repo).iter_commits("HEAD", max_count=sample):
        _ = commit.stats.total
        commits += 1
    print(json.dumps({"commits": commits, "self_rss_kb": _self_rss_kb()}))


def _self_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def window_of(repo: Path, newest: int) -> tuple[str, str]:
    """A window holding exactly the newest ``newest`` commits of a linear history."""
    dates = git(repo, "log", f"--max-count={newest}", "--format=%cI").split()
    until = datetime.fromisoformat(dates[0]).timestamp() + 1
    return dates[-1], datetime.fromtimestamp(until, UTC).isoformat()


def whole_history(repo: Path) -> tuple[str, str]:
    """A window from the oldest to just after the newest commit date on HEAD: every commit is in it."""
    dates = sorted(datetime.fromisoformat(d) for d in git(repo, "log", "--format=%cI", "HEAD").split())
    return dates[0].isoformat(), (dates[-1] + timedelta(seconds=1)).isoformat()


def generated_repo(commits: int) -> Path:
    target = WORK / f"history-{commits}"
    if (target / ".git").exists() and git(target, "rev-list", "--count", "HEAD") == str(commits):
        return target
    subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    git(target, "init", "-q", "-b", "main")
    print(f"generating {commits} commits with git fast-import ...", file=sys.stderr)
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=target, stdin=subprocess.PIPE)
    assert process.stdin is not None
    for block in fast_import_stream(commits):
        process.stdin.write(block)
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("git fast-import failed")
    git(target, "reset", "-q", "--hard", "main")
    return target


def fast_import_stream(commits: int):  # type: ignore[no-untyped-def]
    """A linear history of ordinary work: 1-4 files a commit, edits and growth, 25 authors."""
    rng = random.Random(42)
    files: dict[str, list[str]] = {}
    paths = [f"src/module{m}/file{f}.py" for m in range(40) for f in range(15)] + ["package-lock.json"]
    for n in range(commits):
        when = int(START.timestamp()) + n * STEP_SECONDS
        who = rng.randrange(25)
        lines = [f"commit refs/heads/main\nmark :{n + 1}\n".encode()]
        ident = f"Dev {who} <dev{who}@example.com> {when} +0000\n"
        message = f"Change {n}: adjust behaviour {rng.randrange(10_000)}\n".encode()
        lines.append(f"author {ident}committer {ident}data {len(message)}\n".encode() + message)
        for path in rng.sample(paths, rng.randint(1, 4)):
            content = files.setdefault(path, [])
            for _ in range(rng.randint(1, 12)):
                line = f"value_{rng.randrange(1_000_000)} = compute({rng.randrange(100)})\n"
                if content and rng.random() < 0.4:
                    content[rng.randrange(len(content))] = line
                else:
                    content.insert(rng.randrange(len(content) + 1), line)
            data = "".join(content).encode()
            lines.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        yield b"".join(lines) + b"\n"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--collect":
        collect_only(Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--stats-loop":
        stats_loop(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
