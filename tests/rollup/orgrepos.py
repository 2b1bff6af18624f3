"""Several generated repositories, each digested by the real ``goodhart digest`` into its JSON: what a
rollup reads. Commits come from real git histories, pull requests, deployments, incidents and points from the
HTTP-level fake GitHub holding a generated team history."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path

import responses

from bot.cli import main
from bot.measure.weeks import IsoWeek
from tests.fakegithub import FakeGitHub, holding
from tests.gitrepo import GitRepo, at
from tests.scenarios import HEALTHY, SPEED_GAMED, Team, generate

NOW = at("2026-11-18 08:00")
WEEK = "2026-W46"
OWNER = "acme"


@dataclass(frozen=True)
class Generated:
    name: str
    seed: int
    current: Team
    lookback: int = 12


REPOSITORIES = (
    Generated("shop", 3, HEALTHY),
    Generated("billing", 6, SPEED_GAMED),
    Generated("search", 5, HEALTHY, lookback=8),
)


def build_clone(path: Path, seed: int, weeks: int) -> GitRepo:
    """A few commits a week over the window, by two people, at seeded times."""
    repo, rng = GitRepo(path), random.Random(seed)
    first = IsoWeek.parse(WEEK).shift(1 - weeks).start(UTC)
    for week in range(weeks):
        for k in range(rng.randint(2, 5)):
            when = first + timedelta(weeks=week, hours=rng.randint(8, 150), minutes=k)
            lines = "".join(f"line {week}.{k}.{n}\n" for n in range(rng.randint(1, 30)))
            repo.commit(f"change {week}.{k}", {f"src/module_{k}.py": lines}, when=when)
    return repo


def digest_command(repository: str, clone: Path, output: Path, lookback: int) -> list[str]:
    return [
        "digest",
        "--repo",
        repository,
        "--repo-path",
        str(clone),
        "--week",
        WEEK,
        "--lookback-weeks",
        str(lookback),
        "--format",
        "json",
        "--dry-run",
        "--json-output",
        str(output),
    ]


def digest_all(root: Path, github: FakeGitHub, repositories: tuple[Generated, ...] = REPOSITORIES) -> Path:
    """Each repository digested in turn against the fake GitHub; their JSON in ``root/digests``."""
    out = root / "digests"
    out.mkdir(parents=True, exist_ok=True)
    for generated in repositories:
        clone = build_clone(root / "clones" / generated.name, generated.seed, generated.lookback)
        holding(github, generate(generated.seed, HEALTHY, generated.current))
        github.name = generated.name
        command = digest_command(
            f"{OWNER}/{generated.name}", clone.path, out / f"{generated.name}.json", generated.lookback
        )
        assert main(command, {"GOODHART_TOKEN": "ghs_t"}, NOW) == 0
    return out


def digested(root: Path, repositories: tuple[Generated, ...] = REPOSITORIES) -> Path:
    """The repositories digested against a fake GitHub of their own (for fixtures wider than one test)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        return digest_all(root, FakeGitHub().install(mock), repositories)
