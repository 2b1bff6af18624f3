"""What scoping a digest to a CODEOWNERS team costs, against a last-match scan of every rule for every path.

    python bench/team_scope.py [--commits 20000] [--folders 200] [--seed 1]

A monorepo shaped like the large ones: ``--folders`` service folders under five top-level folders, each with its
own ``/folder/`` line naming one of 50 teams, a few glob lines (``*.md``, ``**/migrations/``) and some folders
left unowned. ``--commits`` commits of five files each, nearly every path distinct (the worst case for the
per-path cache). Prints the time of ``bot.measure.scoping.scoped`` and of the naive scan, and checks that both
give every path the same owners. Measured in this one run; needs the test extras (the record builders live in
tests/).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.measure.codeowners import CodeOwners, parse_codeowners
from bot.measure.scope import Scope
from bot.measure.scoping import scoped
from bot.records import Dataset, FileChange
from tests.measure.build import commit

TOPS = ("services", "apps", "libs", "tools", "infra")


def codeowners(folders: list[str], rng: random.Random) -> CodeOwners:
    teams = [f"@org/t{i}" for i in range(50)]
    lines = ["* @org/platform", "*.md @org/docs", "**/migrations/ @org/dba", "/.github/ @org/platform"]
    lines += [f"/{folder}/ {rng.choice(teams)}" for folder in folders]
    lines += [f"/{folder}/generated/" for folder in folders[: len(folders) // 10]]
    return parse_codeowners("\n".join(lines) + "\n", "CODEOWNERS")


def naive_owners(owners: CodeOwners, path: str) -> tuple[str, ...]:
    return next((rule.owners for rule in reversed(owners.rules) if rule.matches(path)), ())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--folders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folders = [f"{TOPS[i % len(TOPS)]}/d{i}" for i in range(args.folders)]
    kinds = ("py", "go", "md")
    paths = [
        f"{rng.choice(folders)}/p{rng.randrange(30)}/f{rng.randrange(50)}.{rng.choice(kinds)}"
        for _ in range(args.commits)
    ]
    commits = tuple(
        replace(commit(n, 1), files=tuple(FileChange(rng.choice(paths), 3, 1) for _ in range(5)))
        for n in range(args.commits)
    )
    owners = codeowners(folders, rng)
    team = owners.rules[4].owners[0]
    started = time.perf_counter()
    kept = scoped(Dataset(commits=commits), Scope(team=team, codeowners=owners), {}).commits
    indexed = time.perf_counter() - started
    started = time.perf_counter()
    naive = {path: naive_owners(owners, path) for c in commits for path in (f.path for f in c.files)}
    scan = time.perf_counter() - started
    assert all(owners.owners_of(path) == expected for path, expected in naive.items()), "the index disagrees"
    print(
        f"{len(commits)} commits, {len(naive)} distinct paths, {len(owners.rules)} CODEOWNERS rules, team {team}: "
        f"{len(kept)} commits kept"
    )
    print(f"scoped (prefix index, each path once): {indexed:.2f}s")
    print(f"last-match scan of every rule per path:  {scan:.2f}s ({scan / indexed:.0f}x)")


if __name__ == "__main__":
    main()
