"""``goodhart rollup`` over the real digests of several generated repositories: sums, pooled pairs, the
markdown, the schema, publishing, and bad input refused before anything is written."""

from __future__ import annotations

import json
import shutil
from datetime import UTC
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bot.cli import main
from bot.measure.weeks import IsoWeek
from bot.publish.markers import ROLLUP, digest_marker
from tests.fakegithub import FakeGitHub
from tests.publish.markdown_check import check_fences, check_tables, check_wording
from tests.rollup.orgrepos import NOW, REPOSITORIES, Generated, build_clone, digest_all, digested

SCHEMA = json.loads((resources.files("bot") / "schemas" / "rollup.schema.json").read_text())
ENV = {"GOODHART_TOKEN": "ghs_t", "GOODHART_WRITE_INTERVAL": "0"}


@pytest.fixture(scope="module")
def digests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return digested(tmp_path_factory.mktemp("org"))


@pytest.fixture
def folder(digests: Path, tmp_path: Path) -> Path:
    """A copy the test may change."""
    return Path(shutil.copytree(digests, tmp_path / "digests"))


def rollup(capsys: pytest.CaptureFixture[str], *args: str, environ: dict[str, str] | None = None) -> str:
    capsys.readouterr()
    assert main(["rollup", *args], environ or {}, NOW) == 0
    return capsys.readouterr().out


def org_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(rollup(capsys, *args, "--dry-run", "--format", "json"))
    Draft202012Validator(SCHEMA, format_checker=FormatChecker()).validate(document)
    return document


def repository_json(folder: Path) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")}


def test_weekly_commits_merged_prs_and_deployments_are_the_sums_over_repositories(
    digests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = org_json(capsys, str(digests))
    per_repo = repository_json(digests)
    assert [w["week"] for w in org["weeks"]] == [str(IsoWeek(2026, 35).shift(i)) for i in range(12)]
    for row in org["weeks"]:
        rows = [w for d in per_repo.values() for w in d["weeks"] if w["week"] == row["week"]]
        for count in ("commits", "merged_prs", "deployments", "meaningful_lines", "incidents"):
            assert row[count] == sum(w[count] for w in rows), (row["week"], count)
        assert row["repositories"] == 3 and row["contributed"]["commits"] == len(rows)
    assert org["weeks"][-1]["commits"] > 0 and org["weeks"][-1]["deployments"] > 0


def test_weeks_a_shorter_lookback_does_not_reach_are_partial_never_zero(
    digests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = org_json(capsys, str(digests))
    early, late = org["weeks"][0], org["weeks"][-1]  # search has 8 weeks, not 12
    assert early["contributed"]["commits"] == 2 and "commits" in early["partial"] and late["partial"] == []
    markdown = rollup(capsys, str(digests), "--dry-run")
    assert f"| {early['week']} | {early['commits']:,} (2 of 3) |" in markdown


def test_a_count_one_repository_did_not_read_is_summed_over_the_others_and_said_to_be_partial(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = folder / "shop.json"
    document = json.loads(shop.read_text())
    document["weeks"][-1]["deployments"] = None
    shop.write_text(json.dumps(document))
    others = sum(d["weeks"][-1]["deployments"] for name, d in repository_json(folder).items() if name != "shop")
    row = org_json(capsys, str(folder))["weeks"][-1]
    assert row["deployments"] == others and row["contributed"]["deployments"] == 2
    assert row["partial"] == ["deployments"]
    assert f"{others:,} deployments (from 2 of 3 repositories)" in rollup(capsys, str(folder), "--dry-run")


def test_one_repository_rolled_up_is_judged_exactly_as_its_own_digest_judged_it(
    digests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The weeks' counts, rates and samples pooled back into windows give the repository's own windows: the
    same balancer then gives the same verdicts, movements and p-values."""
    for generated in REPOSITORIES:
        own = json.loads((digests / f"{generated.name}.json").read_text())
        org = org_json(capsys, str(digests / f"{generated.name}.json"))
        assert org["balance"] == own["balance"], generated.name


def in_window(document: dict[str, Any], period: dict[str, Any]) -> list[dict[str, Any]]:
    """The weekly rows of every repository inside one of the rollup's windows."""
    return [w for d in document.values() for w in d["weeks"] if period["start"] <= w["start"] < period["end"]]


def test_the_pairs_are_judged_on_the_pooled_samples_not_on_an_average_of_verdicts(
    digests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = org_json(capsys, str(digests))
    per_repo = repository_json(digests)
    verdicts = {v["pair"]: v for v in org["balance"]}
    for side in ("current", "baseline"):  # every repository's events and values in the window, in one test
        rows = in_window(per_repo, org["windows"][side])
        speed, throughput = verdicts["speed-vs-stability"], verdicts["throughput-vs-size"]
        assert speed["driver"]["samples"][side] == sum(w["deployments"] for w in rows)
        assert throughput["driver"]["samples"][side] == sum(w["merged_prs"] for w in rows)
        assert throughput["guards"][0]["samples"][side] == sum(len(w["samples"]["pr-size"]) for w in rows)
    own = {name: {v["pair"]: v for v in d["balance"]} for name, d in per_repo.items()}
    for pair, verdict in verdicts.items():  # the current windows coincide: the pooled sample is the repositories'
        judged = [v[pair] for v in own.values()]
        assert all(v["driver"] is not None for v in judged) and verdict["driver"] is not None, pair
        assert verdict["driver"]["samples"]["current"] == sum(v["driver"]["samples"]["current"] for v in judged)
    assert own["billing"]["speed-vs-stability"]["verdict"] == "warning"
    row = next(r for r in org["repositories"] if r["repository"] == "acme/billing")
    assert {"pair": "speed-vs-stability", "verdict": "warning"} in row["balance"]


def test_the_pairs_compare_only_the_weeks_every_repository_covers(
    digests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """search's digest has 8 weeks: judged over 12, its arrival would read as a rise in everything it counts."""
    org = org_json(capsys, str(digests))
    assert org["windows"]["current"]["weeks"] == 4 and org["windows"]["baseline"]["weeks"] == 4
    assert org["windows"]["baseline"]["start"] == json.loads((digests / "search.json").read_text())["weeks"][0]["start"]
    assert "judged over the 8 weeks every repository's digest covers, of the 12" in rollup(
        capsys, str(digests), "--dry-run"
    )


def test_the_dry_run_markdown_renders_whole_tables_and_names_no_people(
    digests: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = rollup(capsys, str(digests), "--dry-run")
    assert markdown.startswith("# Goodhart organisation digest · 2026-W46\n")
    assert check_tables(markdown) == 3  # balance, repositories, week by week
    assert check_fences(markdown) == 0
    check_wording(markdown)
    assert "| `acme/billing` |  | " in markdown and "| Speed vs stability | " in markdown
    for person in ("Ada", "Lovelace", "ada@example.com", "Grace", "octocat"):
        assert person not in markdown


def test_the_folder_is_searched_recursively_and_files_may_be_named_one_by_one(
    digests: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = tmp_path / "artifacts" / "deep"
    nested.mkdir(parents=True)
    shutil.copy(digests / "shop.json", nested / "shop.json")
    by_folder = org_json(
        capsys, str(tmp_path / "artifacts"), str(digests / "billing.json"), str(digests / "search.json")
    )
    by_file = org_json(capsys, str(digests))
    assert by_folder["weeks"] == by_file["weeks"] and by_folder["balance"] == by_file["balance"]


def test_by_team_pools_each_teams_repositories_and_escapes_team_names(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, team in (("shop", "@acme/payments"), ("billing", "@acme/payments")):
        path = folder / f"{name}.json"
        document = json.loads(path.read_text())
        document["scope"] = {"team": team}
        path.write_text(json.dumps(document))
    org = org_json(capsys, str(folder), "--by-team")
    teams = {t["team"]: t for t in org["teams"]}
    assert teams["@acme/payments"]["repositories"] == ["acme/billing", "acme/shop"]
    assert teams[None]["repositories"] == ["acme/search"]
    per_repo = repository_json(folder)
    payments = teams["@acme/payments"]["weeks"][-1]
    assert payments["commits"] == per_repo["shop"]["weeks"][-1]["commits"] + per_repo["billing"]["weeks"][-1]["commits"]
    markdown = rollup(capsys, str(folder), "--dry-run", "--by-team")
    assert "### Team @\u2060acme/payments" in markdown and "@acme" not in markdown  # no team is pinged
    assert "### No team\n\n**" in markdown and "in the repositories of no team (1 repository)" in markdown
    assert org_json(capsys, str(folder))["teams"] == []


def test_publishing_creates_the_weeks_organisation_issue_once_and_updates_it_in_place(
    digests: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert github.tracker is not None
    marker = digest_marker("acme/shop", IsoWeek(2026, 46), ROLLUP)
    repo_digest = github.tracker.open_issue(
        "Goodhart digest",
        digest_marker("acme/shop", IsoWeek(2026, 46)),
        by="github-actions[bot]",
        labels=("goodhart-digest",),
    )
    assert rollup(capsys, str(digests), "--repo", "acme/shop", environ=ENV) == ""
    assert rollup(capsys, str(digests), "--repo", "acme/shop", environ=ENV) == ""
    posted = [i for i in github.tracker.issues.values() if marker in i["body"]]
    assert len(posted) == 1 and posted[0]["title"] == "Goodhart organisation digest: acme · 2026-W46"
    assert posted[0]["body"].startswith(marker + "\n# Goodhart organisation digest · 2026-W46")
    assert (
        github.tracker.issues[repo_digest["number"]]["body"] == repo_digest["body"]
    )  # the repository's own, untouched


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("not json {", "not JSON"),
        ('{"schema_version": 1, "pull_request": 5, "findings": []}', "not a goodhart digest JSON (it is a pr-check"),
        ('{"schema_version": 1, "weeks": [], "repositories": []}', "it is an organisation digest, the output of"),
        (
            '{"schema_version": 2, "repository": "a/b", "weeks": []}',
            "schema version 2, but this rollup reads version 3",
        ),
        ("[1, 2]", "not a goodhart digest JSON"),
    ],
)
def test_a_file_that_is_not_a_digest_of_this_version_stops_the_rollup_with_exit_2_and_its_name(
    folder: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str], content: str, says: str
) -> None:
    (folder / "zz-other.json").write_text(content)
    assert main(["rollup", str(folder), "--repo", "acme/shop"], ENV, NOW) == 2
    out, err = capsys.readouterr()
    assert f"{folder / 'zz-other.json'}: " in err and says in err and out == ""
    assert github.tracker is not None and github.tracker.issues == {}  # nothing published


def test_digests_of_different_weeks_are_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "shop.json"
    document = json.loads(path.read_text())
    document["week"] = document["weeks"][-2]["week"]
    document["weeks"] = document["weeks"][:-1]
    path.write_text(json.dumps(document))
    assert main(["rollup", str(folder), "--dry-run"], {}, NOW) == 2
    err = capsys.readouterr().err
    assert "shop.json: reports week 2026-W45, but" in err and "the same --week" in err


def test_a_repository_given_twice_is_refused_rather_than_counted_twice(
    digests: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(digests / "shop.json", tmp_path / "again.json")
    assert main(["rollup", str(digests), str(tmp_path / "again.json"), "--dry-run"], {}, NOW) == 2
    assert "a second digest of acme/shop" in capsys.readouterr().err


def test_a_missing_path_or_an_empty_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rollup", str(tmp_path / "nowhere"), "--dry-run"], {}, NOW) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["rollup", str(tmp_path), "--dry-run"], {}, NOW) == 2
    assert "no digest JSON (*.json) in" in capsys.readouterr().err


def test_digests_made_without_weekly_samples_are_named_and_left_out_of_the_sampled_pairs(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "shop.json"
    document = json.loads(path.read_text())
    for week in document["weeks"]:
        del week["samples"]
    path.write_text(json.dumps(document))
    org = org_json(capsys, str(folder))
    assert org["unsampled"] == ["acme/shop"]
    throughput = next(v for v in org["balance"] if v["pair"] == "throughput-vs-size")
    per_repo = repository_json(folder)
    sizes = [
        next(v for v in per_repo[n]["balance"] if v["pair"] == "throughput-vs-size") for n in ("billing", "search")
    ]
    assert throughput["guards"][0]["samples"]["current"] == sum(s["guards"][0]["samples"]["current"] for s in sizes)
    assert "1 repository (`acme/shop`) gave digest JSON without weekly samples" in rollup(
        capsys, str(folder), "--dry-run"
    )


def test_a_partial_digest_is_rolled_up_and_named_as_an_undercount(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = folder / "billing.json"
    document = json.loads(path.read_text())
    document["data_quality"].append({"source": "github", "severity": "partial", "message": "rate limited", "fix": None})
    path.write_text(json.dumps(document))
    org = org_json(capsys, str(folder))
    assert [r["repository"] for r in org["repositories"] if r["partial"]] == ["acme/billing"]
    assert "1 repository (`acme/billing`) gave a partial digest" in rollup(capsys, str(folder), "--dry-run")


def test_a_digest_with_one_generated_repository_rolls_up_alone(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    out = digest_all(tmp_path, github, (Generated("solo", 9, REPOSITORIES[0].current),))
    org = org_json(capsys, str(out))
    assert [r["repository"] for r in org["repositories"]] == ["acme/solo"]


def test_digests_scoped_to_codeowners_teams_roll_up_by_team(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Real team-scoped digests (``--team``, from a CODEOWNERS file) grouped by the team their JSON names."""
    owners = "* @acme/platform\nsrc/module_0.py @acme/payments\nsrc/module_1.py @acme/payments\n"
    scoped: dict[str, dict[str, Any]] = {}
    for name, seed, team in (("shop", 3, "@acme/payments"), ("billing", 4, "@acme/payments"), ("search", 5, None)):
        clone = build_clone(tmp_path / "clones" / name, seed, 12)
        clone.commit("owners", {".github/CODEOWNERS": owners}, when=IsoWeek(2026, 30).start(UTC))
        output = tmp_path / "digests" / f"{name}.json"
        command = ["digest", "--repo-path", str(clone.path), "--week", "2026-W46", "--format", "json", "--dry-run"]
        assert main([*command, "--json-output", str(output), *(["--team", team] if team else [])], {}, NOW) == 0
        scoped[name] = json.loads(output.read_text())
    assert scoped["shop"]["scope"]["team"] == "@acme/payments" and scoped["search"]["scope"]["team"] is None
    org = org_json(capsys, str(tmp_path / "digests"), "--by-team")
    teams = {t["team"]: t for t in org["teams"]}
    assert teams["@acme/payments"]["repositories"] == ["billing", "shop"] and teams[None]["repositories"] == ["search"]
    for index, row in enumerate(teams["@acme/payments"]["weeks"]):
        assert row["commits"] == sum(scoped[n]["weeks"][index]["commits"] for n in ("shop", "billing"))
    assert org["weeks"][-1]["commits"] == sum(d["weeks"][-1]["commits"] for d in scoped.values())
