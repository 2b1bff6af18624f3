"""How fast and how lean is the git collector, against raw ``git log --numstat`` on the same history?

    python bench/git_scan.py                       # builds (once) a 20,000-commit repository in bench/work/
    python bench/git_scan.py --repo PATH           # or measures any clone you have
    python bench/git_scan.py --commits 2000 --sample 100    # the quick run CI does

Prints times (median of --runs), peak memory (max RSS of each measured process) and the ratios, all
measured in this one run. Nothing is asserted: the machines are shared and noisy.
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
from datetime import UTC, datetime
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
    parser.add_argument("--commits", type=int, default=20_000, help="size of the generated history")
    parser.add_argument("--sample", type=int, default=1_000, help="commits in the commit.stats comparison")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is shown")
    args = parser.parse_args()
    repo = args.repo or generated_repo(args.commits)
    count = int(git(repo, "rev-list", "--count", "HEAD"))
    since, until = window_of(repo, count)
    print(f"repository: {repo} ({count} commits on HEAD)")

    raw = measure(args.runs, ["git", "log", "--numstat", "HEAD"], repo)
    raw_same = measure(args.runs, ["git", "log", "-z", "--numstat", "-w", "-M", f"--format={LOG_FORMAT}", "HEAD"], repo)
    ours = measure(args.runs, [sys.executable, __file__, "--collect", str(repo), since, until], repo)
    rows = [("git log --numstat (raw)", raw), ("git log, our flags (-z -w -M)", raw_same), ("goodhart collector", ours)]

    sample_since, sample_until = window_of(repo, min(args.sample, count))
    stats = measure(1, [sys.executable, __file__, "--stats-loop", str(repo), str(args.sample)], repo)
    ours_sample = measure(
        args.runs, [sys.executable, __file__, "--collect", str(repo), sample_since, sample_until], repo
    )

    print(f"\n{'what':34} {'time':>9} {'peak RSS':>10}  (RSS includes the git process)")
    for name, (seconds, rss, _, _) in rows:
        print(f"{name:34} {seconds:8.2f}s {rss / 1024:8.1f}MB")
    print(f"\nfull history ({ours[2]} commits collected):")
    print(f"  collector / raw git log --numstat:   {ours[0] / raw[0]:.2f}x time   (target <= 1.5x)")
    print(f"  collector / git log with our flags:  {ours[0] / raw_same[0]:.2f}x time   (parsing overhead)")
    print(f"  collector's Python process peak RSS: {ours[3] / 1024:.1f} MB for {ours[2]} commits held as records")
    print(f"  (with its git process: {ours[1] / 1024:.1f} MB; raw git log alone: {raw[1] / 1024:.1f} MB)")
    print(f"\n{args.sample}-commit sample: commit.stats loop {stats[0]:.2f}s, collector {ours_sample[0]:.2f}s")
    print(f"  commit.stats loop / collector: {stats[0] / ours_sample[0]:.1f}x   (target >= 10x)")


def measure(runs: int, command: list[str], repo: Path) -> tuple[float, int, int, int]:
    """Median wall time, max RSS in KB (with waited-for children, so a helper's git is included),
    the commit count a helper reported, and the helper's own max RSS in KB (Python alone)."""
    times, peaks, counted, own = [], [], 0, 0
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert process.stdout is not None
        tail = b""
        while chunk := process.stdout.read(1 << 16):
            tail = (tail + chunk)[-200:]
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        if status != 0:
            raise SystemExit(f"{command[:3]} failed with status {status}")
        peaks.append(usage.ru_maxrss)
        if command[0] == sys.executable:
            report = json.loads(tail.decode().strip().splitlines()[-1])
            counted, own = report["commits"], max(own, report["self_rss_kb"])
    return statistics.median(times), max(peaks), counted, own


def collect_only(repo: Path, since: str, until: str) -> None:
    """Child process: the real collector, as the digest calls it."""
    import re

    from bot.collect.git import GitWindow, collect_git

    window = GitWindow(datetime.fromisoformat(since), datetime.fromisoformat(until))
    dataset = collect_git(repo, window, re.compile(r"^v\d+"))
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
        collect_only(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif len(sys.argv) > 1 and sys.argv[1] == "--stats-loop":
        stats_loop(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
