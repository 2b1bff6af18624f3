"""How long does ``goodhart rollup`` take over 1,000 repositories' digest JSON?

    python bench/rollup.py [--repositories 1000] [--seeds 3]

Runs the real ``goodhart digest`` (12-week lookback) on ``--seeds`` generated repositories (real git clones, the
HTTP-level fake GitHub of the tests holding a generated team history; needs the test extras), then copies their JSON
into ``--repositories`` files, each renamed and varied (its weekly counts and samples scaled by a seeded factor,
a quarter of them scoped to one of four teams), and times the real ``goodhart rollup`` entry point over the
folder: as markdown, as JSON, and by team. The aim is under 5 s for 1,000 repositories. Measured in this run only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cli import main
from tests.rollup.orgrepos import NOW, REPOSITORIES, Generated, digested

TEAMS = ("@acme/payments", "@acme/search", "@acme/platform", None)


def varied(document: dict[str, Any], name: str, rng: random.Random) -> dict[str, Any]:
    """The same digest as another repository's: renamed, its counts and samples scaled, maybe given a team."""
    factor = rng.uniform(0.5, 1.5)
    copy = json.loads(json.dumps(document))
    copy["repository"] = name
    copy["scope"] = {"team": rng.choice(TEAMS)}
    for week in copy["weeks"]:
        for count in ("commits", "meaningful_lines", "merged_prs", "deployments"):
            if week[count] is not None:
                week[count] = round(week[count] * factor)
        for key, values in (week.get("samples") or {}).items():
            if values is not None:
                week["samples"][key] = [round(v * rng.uniform(0.8, 1.2), 1) for v in values]
    return copy


def timed(argv: list[str]) -> tuple[float, int]:
    """Seconds the rollup took, and the size of what it printed."""
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv, {}, NOW)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"rollup exited {code}")
    return elapsed, len(out.getvalue())


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repositories", type=int, default=1_000)
    parser.add_argument("--seeds", type=int, default=3, help="repositories actually digested (at most 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            folder = digested(root / "seed", tuple(Generated(g.name, g.seed, g.current) for g in REPOSITORIES))
        bases = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))][: args.seeds]
        seeded = time.perf_counter() - started
        rng = random.Random(17)
        org = root / "org"
        org.mkdir()
        for n in range(args.repositories):
            document = varied(bases[n % len(bases)], f"acme/repo-{n:04d}", rng)
            (org / f"repo-{n:04d}.json").write_text(json.dumps(document, indent=2))
        size = sum(p.stat().st_size for p in org.iterdir())
        print(
            f"{len(bases)} repositories digested in {seeded:.1f}s; {args.repositories:,} digest JSON files, "
            f"{size / 1e6:.1f} MB"
        )
        for label, extra in (
            ("markdown", []),
            ("json", ["--format", "json"]),
            ("markdown --by-team", ["--by-team"]),
        ):
            seconds, printed = timed(["rollup", str(org), "--dry-run", *extra])
            verdict = "under" if seconds < 5 else "OVER"
            print(f"rollup {label:<20} {seconds:6.2f}s ({verdict} 5 s), {printed / 1e3:,.0f} kB printed")


if __name__ == "__main__":
    main_bench()
