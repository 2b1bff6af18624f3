"""``goodhart rollup`` of one repository's several team digests, digests counted in other time zones, and what
the rollup says beside a verdict, over real digests of a generated monorepo with a CODEOWNERS file.

In the monorepo, ``src/module_0.py`` is owned by two teams, so its commits count in both teams' digests: the
rollup must not sum two scopes of one repository without saying so.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.measure.weeks import IsoWeek
from tests.rollup.orgrepos import NOW, WEEK, build_clone, digested

OWNERS = (
    "* @acme/platform\n"
    "src/module_0.py @acme/payments @acme/billing\n"
    "src/module_1.py @acme/payments\n"
    "src/module_2.py @acme/billing\n"
)
SCOPES = {  # file name -> the digest's scope flags
    "whole": [],
    "payments": ["--team", "@acme/payments"],
    "billing": ["--team", "@acme/billing"],
    "module-1": ["--paths", "src/module_1.py"],
    "berlin": ["--timezone", "Europe/Berlin"],
}


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``shop``'s digest JSON for each scope in SCOPES, all of the same week: ``<name>.json``."""
    root = tmp_path_factory.mktemp("monorepo")
    clone = build_clone(root / "shop", 3, 12)
    last = IsoWeek.parse(WEEK).start(UTC) + timedelta(days=6, hours=23)  # the newest commit: git log --since stops at
    clone.commit("owners", {".github/CODEOWNERS": OWNERS}, when=last)  # the first commit older than the window
    for name, flags in SCOPES.items():
        command = ["digest", "--repo-path", str(clone.path), "--week", WEEK, "--format", "json", "--dry-run"]
        assert main([*command, "--json-output", str(root / "out" / f"{name}.json"), *flags], {}, NOW) == 0
    return root / "out"


def given(monorepo: Path, folder: Path, *names: str) -> Path:
    """A folder holding only the named digests."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(monorepo / f"{name}.json", folder / f"{name}.json")
    return folder


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def rollup_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["rollup", *args, "--dry-run", "--format", "json"], {}, NOW) == 0
    return load_text(capsys.readouterr().out)


def load_text(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    return document


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["rollup", *args, "--dry-run"], {}, NOW) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing half-written
    return err


def commits(document: dict[str, Any]) -> list[int]:
    return [w["commits"] for w in document["weeks"]]


def test_two_teams_digests_of_one_repository_without_by_team_are_refused_naming_both_and_by_team(
    monorepo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = given(monorepo, tmp_path / "teams", "billing", "payments")
    err = refused(capsys, str(folder))
    assert f"{folder / 'payments.json'}: a digest of shop for team @acme/payments, and " in err
    assert f"{folder / 'billing.json'} is another scope of it; pass --by-team" in err
    assert "count once per scope" in err


def test_by_team_pools_each_teams_digest_of_one_repository_in_its_team_and_says_the_sum_overlaps(
    monorepo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = given(monorepo, tmp_path / "teams", "billing", "payments")
    org = rollup_json(capsys, str(folder), "--by-team")
    teams = {t["team"]: t for t in org["teams"]}
    assert sorted(teams) == ["@acme/billing", "@acme/payments"]
    for name in ("billing", "payments"):
        assert commits(teams[f"@acme/{name}"]) == commits(load(folder / f"{name}.json")), name
    payments, billing, whole = (load(monorepo / f"{n}.json") for n in ("payments", "billing", "whole"))
    summed = [p + b for p, b in zip(commits(payments), commits(billing), strict=True)]
    assert commits(org) == summed and sum(summed) > sum(commits(whole))  # module_0's commits count in both teams
    assert [(r["repository"], r["team"]) for r in org["repositories"]] == [
        ("shop", "@acme/billing"),
        ("shop", "@acme/payments"),
    ]
    markdown = rollup_markdown(capsys, str(folder), "--by-team")
    assert "1 repository (`shop`) came only as several teams' digests" in markdown
    assert "count once per team. Add each one's whole-repository digest" in markdown
    assert "across 1 repository." in markdown


def rollup_markdown(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["rollup", *args, "--dry-run"], {}, NOW) == 0
    return capsys.readouterr().out


def test_by_team_with_the_whole_repositorys_digest_counts_the_organisation_once_by_it(
    monorepo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = given(monorepo, tmp_path / "all", "billing", "payments", "whole")
    org = rollup_json(capsys, str(folder), "--by-team")
    whole = load(folder / "whole.json")
    assert commits(org) == commits(whole) and org["balance"] == whole["balance"]
    teams = {t["team"]: t for t in org["teams"]}
    assert commits(teams["@acme/payments"]) == commits(load(folder / "payments.json"))
    assert commits(teams[None]) == commits(whole)  # the whole repository is scoped to no team
    assert len(org["repositories"]) == 3
    assert "came only as several teams' digests" not in rollup_markdown(capsys, str(folder), "--by-team")


def test_the_same_repository_and_scope_twice_is_refused_even_by_team(
    monorepo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = given(monorepo, tmp_path / "twice", "payments")
    shutil.copy(folder / "payments.json", folder / "payments-again.json")
    err = refused(capsys, str(folder), "--by-team")
    assert f"{folder / 'payments.json'}: a second digest of shop for team @acme/payments (the first is " in err
    assert "payments-again.json); pass each repository and scope once" in err


def test_two_scopes_that_would_pool_in_the_same_team_are_refused(
    monorepo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A paths-scoped digest has no team, as the whole repository's: by team both would pool in "no team"."""
    folder = given(monorepo, tmp_path / "paths", "module-1", "whole")
    assert load(folder / "module-1.json")["scope"]["paths"]["include"] == ["src/module_1.py"]
    err = refused(capsys, str(folder), "--by-team")
    assert f"{folder / 'whole.json'}: a second digest of shop for no team (the first is " in err
    assert "both would pool in the same team" in err
    assert "a digest of shop for the whole repository, and" in refused(capsys, str(folder))


def test_digests_counted_in_different_time_zones_are_refused_naming_both_files_and_zones(
    monorepo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    berlin = load(monorepo / "berlin.json")
    assert berlin["timezone"] == "Europe/Berlin" and berlin["week"] == WEEK
    folder = given(monorepo, tmp_path / "zones", "berlin")
    shutil.copy(monorepo / "whole.json", tmp_path / "whole.json")
    err = refused(capsys, str(folder), str(tmp_path / "whole.json"))
    assert f"{tmp_path / 'whole.json'}: counted its weeks in time zone UTC, but {folder / 'berlin.json'} in " in err
    assert "Europe/Berlin; set the same `timezone` setting for every repository's digest" in err


def test_a_balanced_pair_whose_guard_worsened_alone_says_so_as_the_digest_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digests = digested(tmp_path)
    shop = load(digests / "shop.json")
    alone = [
        v["title"]
        for v in shop["balance"]
        if v["verdict"] == "balanced" and any(g["direction"] == "worse" for g in v["guards"])
    ]
    assert alone  # the generated history has one: the rollup of it alone judges it the same
    markdown = rollup_markdown(capsys, str(digests / "shop.json"))
    for title in alone:
        assert f"| {title} | ✅ balanced (the guard worsened alone) | " in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| `acme/shop` |"))
    assert row.count("(the guard worsened alone)") == len(alone)
    others = [line for line in markdown.splitlines() if line.startswith("| ") and "worsened alone" in line]
    assert len(others) == len(alone) + 1  # nowhere else


def test_without_a_token_the_rollup_says_what_posting_it_needs(
    monorepo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(monorepo / "whole.json")
    capsys.readouterr()
    assert main(["rollup", path, "--repo", "acme/shop"], {}, NOW) == 0
    err = capsys.readouterr().err
    assert "posting it as an issue needs a token" in err and "--repo OWNER/NAME" not in err
    assert main(["rollup", path], {}, NOW) == 0
    assert "posting it as an issue needs --repo OWNER/NAME and a token" in capsys.readouterr().err


def test_generated_at_is_written_as_the_digest_writes_it(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    clone = monorepo.parent / "shop"
    assert main(["digest", "--repo-path", str(clone), "--week", WEEK, "--dry-run"], {}, NOW) == 0
    stamp = re.compile(r"<sub>Generated by Goodhart bot at ([^<]+)\.</sub>")
    digest = stamp.search(capsys.readouterr().out)
    rollup = stamp.search(rollup_markdown(capsys, str(monorepo / "whole.json")))
    assert digest is not None and rollup is not None
    assert rollup.group(1) == digest.group(1)
