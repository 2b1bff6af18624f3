"""Real git repositories with many weeks of commits, built in one ``git fast-import`` run, and the KPI config."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

import yaml

from bot.measure.weeks import IsoWeek
from tests.gitrepo import _ISOLATED, HUMAN, GitRepo


def commits_by_week(repo: GitRepo, counts: Sequence[tuple[IsoWeek, float | None]]) -> None:
    """``count`` commits in each week (Tuesday to Thursday, by a human), each changing one line."""
    stream: list[str] = []
    mark = 0
    for week, count in counts:
        monday = datetime.combine(week.monday(), time(9), UTC)
        for i in range(int(count or 0)):
            mark += 1
            when = int((monday + timedelta(days=1 + i % 3, minutes=7 * i)).timestamp())
            message = f"change {mark}\n"
            content = f"line {mark}\n"
            who = f"{HUMAN[0]} <{HUMAN[1]}> {when} +0000"
            stream += [
                "commit refs/heads/main",
                f"mark :{mark}",
                f"author {who}",
                f"committer {who}",
                f"data {len(message.encode())}",
                message.rstrip("\n"),
                f"M 100644 inline src/work{mark % 7}.py",
                f"data {len(content.encode())}",
                content.rstrip("\n"),
                "",
            ]
    subprocess.run(
        ["git", "fast-import", "--quiet"],
        cwd=repo.path,
        input=("\n".join(stream) + "\n").encode(),
        env={**_ISOLATED, "PATH": "/usr/bin:/bin"},
        check=True,
    )
    repo.git("checkout", "-q", "-f", "main")


def write_config(repo: GitRepo, kpis: list[dict[str, object]], outcomes: list[dict[str, str]] | None = None) -> None:
    config = {"kpis": kpis, **({"outcomes": outcomes} if outcomes else {})}
    repo.write({".github/goodhart.yml": yaml.safe_dump(config, sort_keys=False)})
