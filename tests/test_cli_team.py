"""``goodhart digest --team`` / ``--paths`` through the CLI on a generated monorepo with a CODEOWNERS file.

The monorepo below is written from a table: each change says which files it touches, how many lines each, and
how it lands (a commit on main, a merged pull request, a squash). Each file's owner is written beside it, as
the CODEOWNERS file decides it, so the expected counts are sums over the table, not numbers typed in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bot.cli import main
from tests.fakegithub import FakeGitHub, deployment, pull
from tests.gitrepo import OTHER, GitRepo, at
from tests.publish.test_json_schema import SCHEMA

NOW = at("2026-11-18 08:00")  # the last complete week is 2026-W46; three weeks read: W44..W46
SHORT = {"GOODHART_CURRENT_WEEKS": "1"}
WEEKS = ("2026-W44", "2026-W45", "2026-W46")

CODEOWNERS = """\
# Everyone's fallback, then the services, then shared SQL that two teams own together.
*                          @org/platform
!/services/search/         @org/payments
/services/payments/        @org/payments
/services/search/          @org/search
shared/**/*.sql            @org/payments @org/search
/services/payments/README.md
"""
OWNERS = {  # what the file above says of each path below, GitHub's last-match-wins rule applied by hand
    "README.md": ("@org/platform",),
    ".github/CODEOWNERS": ("@org/platform",),
    "services/payments/charge.py": ("@org/payments",),
    "services/payments/refund.py": ("@org/payments",),
    "services/payments/webhook.py": ("@org/payments",),
    "services/payments/README.md": (),  # the last matching line names nobody
    "services/search/index.py": ("@org/search",),
    "services/search/query.py": ("@org/search",),
    "services/search/rank.py": ("@org/search",),
    "shared/config.py": ("@org/platform",),
    "shared/db/schema.sql": ("@org/payments", "@org/search"),
}


@dataclass(frozen=True)
class Change:
    week: str
    when: str
    lines: dict[str, int]
    """Lines added per file."""
    lands: str = "commit"
    """``commit`` on main, ``merge`` of a pull request (``Merge pull request #N``), or ``squash`` (``Title (#N)``)."""
    pr: int | None = None


CHANGES = (
    Change("2026-W44", "2026-10-27 09:00", {"README.md": 2, ".github/CODEOWNERS": len(CODEOWNERS.splitlines())}),
    Change("2026-W45", "2026-11-03 10:00", {"services/payments/charge.py": 10}),
    Change("2026-W45", "2026-11-04 10:00", {"services/search/index.py": 7}),
    Change("2026-W45", "2026-11-05 10:00", {"shared/config.py": 3, "services/payments/charge.py": 2}),
    Change("2026-W46", "2026-11-09 10:00", {"shared/db/schema.sql": 4}),
    Change("2026-W46", "2026-11-10 10:00", {"services/payments/README.md": 5}),
    Change("2026-W46", "2026-11-11 10:00", {"services/payments/refund.py": 6}, "merge", 11),
    Change("2026-W46", "2026-11-12 10:00", {"services/search/query.py": 3, "shared/config.py": 1}, "merge", 12),
    Change("2026-W46", "2026-11-13 10:00", {"services/search/rank.py": 9}, "squash", 13),
    Change("2026-W46", "2026-11-14 10:00", {"services/payments/webhook.py": 8, "README.md": 1}, "squash", 14),
)


def build(repo: GitRepo) -> None:
    written: dict[str, int] = {}
    for index, change in enumerate(CHANGES):
        files = {}
        for path, added in change.lines.items():
            start = written.get(path, 0)
            written[path] = start + added
            if path == ".github/CODEOWNERS":
                files[path] = CODEOWNERS
                continue
            body = "".join(f"line {n} of {path}\n" for n in range(written[path]))
            files[path] = body
        if change.lands == "merge":
            repo.git("checkout", "-q", "-b", f"topic-{index}")
            repo.commit(f"work for #{change.pr}", files, when=at(change.when), author=OTHER)
            repo.git("checkout", "-q", "main")
            repo.merge(f"topic-{index}", f"Merge pull request #{change.pr} from grace/topic-{index}", at(change.when))
        elif change.lands == "squash":
            repo.commit(f"Change {index} (#{change.pr})", files, when=at(change.when))
        else:
            repo.commit(f"change {index}", files, when=at(change.when))


def expected(team: str) -> dict[str, list[int]]:
    """Weekly commits, their lines in the team's files only, and merged PRs, summed over the table."""
    commits, lines, merged = ([0] * len(WEEKS) for _ in range(3))
    for change in CHANGES:
        owned = {path: n for path, n in change.lines.items() if team in OWNERS[path]}
        if not owned:
            continue
        week = WEEKS.index(change.week)
        commits[week] += 1
        lines[week] += sum(owned.values())
        merged[week] += change.pr is not None
    return {"commits": commits, "meaningful_lines": lines, "merged_prs": merged}


def digest(capsys: pytest.CaptureFixture[str], repo: GitRepo, *scope: str) -> tuple[int, str, str]:
    argv = ["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--lookback-weeks", "3", *scope]
    code = main([*argv, "--format", "json", "--dry-run"], environ=SHORT, now=NOW)
    out, err = capsys.readouterr()
    return code, out, err


def weekly(document: dict[str, Any]) -> dict[str, list[int]]:
    return {key: [w[key] for w in document["weeks"]] for key in ("commits", "meaningful_lines", "merged_prs")}


def test_a_team_digest_counts_only_the_commits_lines_and_prs_in_the_paths_codeowners_gives_the_team(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    code, out, err = digest(capsys, repo, "--team", "@org/payments")
    assert code == 0, err
    document = json.loads(out)
    assert weekly(document) == expected("@org/payments")
    assert weekly(document) == {"commits": [0, 2, 3], "meaningful_lines": [0, 12, 18], "merged_prs": [0, 0, 2]}


def test_each_team_gets_its_own_work_and_shared_files_count_for_every_owner(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    for team in ("@org/search", "@org/platform"):
        code, out, err = digest(capsys, repo, "--team", team)
        assert code == 0, err
        assert weekly(json.loads(out)) == expected(team)


def test_the_team_digest_says_its_scope_in_the_json_the_header_and_above_the_numbers(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    document = json.loads(digest(capsys, repo, "--team", "@ORG/Payments")[1])
    Draft202012Validator(SCHEMA, format_checker=FormatChecker()).validate(document)
    assert document["scope"] == {
        "team": "@org/payments",  # as CODEOWNERS spells it: GitHub's team names ignore case
        "codeowners": ".github/CODEOWNERS",
        "paths": {"include": [], "exclude": []},
    }
    (note,) = [n["message"] for n in document["data_quality"] if n["source"] == "scope"]
    assert "repository-wide" in note
    assert "line 3 skipped, as GitHub skips it" in note  # the negation GitHub does not support
    argv = ["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--lookback-weeks", "3", "--dry-run"]
    assert main([*argv, "--team", "@org/payments"], environ=SHORT, now=NOW) == 0
    markdown = capsys.readouterr().out
    assert markdown.splitlines()[0] == "# Goodhart digest: repo · @\u2060org/payments · 2026-W46"  # no ping


def test_an_unscoped_digest_says_it_covers_the_whole_repository(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    document = json.loads(digest(capsys, repo)[1])
    assert document["scope"] == {"team": None, "codeowners": None, "paths": {"include": [], "exclude": []}}
    assert sum(document["weeks"][i]["commits"] for i in range(3)) == len(CHANGES)


def test_path_globs_scope_a_digest_without_codeowners(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo)
    code, out, err = digest(capsys, repo, "--paths", "services/**", "--exclude-paths", "**/README.md,services/search")
    assert code == 0, err
    document = json.loads(out)
    payments_code = {"services/payments/charge.py", "services/payments/refund.py", "services/payments/webhook.py"}
    commits = [sum(1 for c in CHANGES if c.week == w and payments_code & c.lines.keys()) for w in WEEKS]
    lines = [sum(n for c in CHANGES if c.week == w for p, n in c.lines.items() if p in payments_code) for w in WEEKS]
    assert weekly(document)["commits"] == commits
    assert weekly(document)["meaningful_lines"] == lines
    assert document["scope"]["paths"] == {"include": ["services/**"], "exclude": ["**/README.md", "services/search"]}


def test_with_github_read_prs_count_by_their_files_and_deployments_stay_the_repository_s(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    github.pulls = [
        pull(c.pr, merged=at(c.when), files=tuple((p, n, 0) for p, n in c.lines.items()))
        for c in CHANGES
        if c.pr is not None
    ]
    github.environments = ["production"]
    github.deployments = [deployment(repo.head(), at("2026-11-14 12:00")), deployment("d" * 40, at("2026-11-05 12:00"))]
    environ = {**SHORT, "GOODHART_TOKEN": "t"}
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(repo.path), "--week", "2026-W46", "--lookback-weeks"]
    runs = {}
    for team in ("@org/payments", None):
        scope = ["--team", team] if team else []
        assert main([*argv, "3", *scope, "--format", "json", "--dry-run"], environ=environ, now=NOW) == 0
        runs[team] = json.loads(capsys.readouterr().out)
    team, whole = runs["@org/payments"], runs[None]
    assert weekly(team)["merged_prs"] == expected("@org/payments")["merged_prs"]
    assert weekly(whole)["merged_prs"] == [sum(c.pr is not None for c in CHANGES if c.week == w) for w in WEEKS]
    assert [w["deployments"] for w in team["weeks"]] == [w["deployments"] for w in whole["weeks"]] == [0, 1, 1]


def test_a_team_codeowners_does_not_name_stops_with_exit_2_and_the_owners_it_does_name(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    code, out, err = digest(capsys, repo, "--team", "@org/paymnets")
    assert (code, out) == (2, "")
    assert "@org/paymnets" in err and ".github/CODEOWNERS" in err
    assert "@org/payments, @org/platform, @org/search" in err


def test_a_team_without_a_codeowners_file_stops_with_exit_2_saying_where_it_looked(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-11-03 10:00"))
    code, out, err = digest(capsys, repo, "--team", "@org/payments")
    assert (code, out) == (2, "")
    assert ".github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS" in err and "--paths" in err


def test_a_team_in_a_repository_with_no_commits_yet_stops_with_exit_2(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = digest(capsys, repo, "--team", "@org/payments")
    assert (code, out) == (2, "")
    assert "CODEOWNERS" in err


def test_path_globs_with_no_clone_scope_the_pull_requests_github_lists(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    github.pulls = [
        pull(1, merged=at("2026-11-10 10:00"), files=(("services/payments/a.py", 5, 0),)),
        pull(2, merged=at("2026-11-11 10:00"), files=(("services/search/a.py", 5, 0),)),
    ]
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46", "--lookback-weeks"]
    environ = {**SHORT, "GOODHART_TOKEN": "t"}
    code = main([*argv, "3", "--paths", "services/payments", "--format", "json", "--dry-run"], environ=environ, now=NOW)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert weekly(json.loads(out))["merged_prs"] == [0, 0, 1]


def test_codeowners_is_read_as_it_was_at_the_end_of_the_window(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    repo.commit("hand search over", {".github/CODEOWNERS": "* @org/newcomers\n"}, when=at("2026-11-17 09:00"))
    code, out, err = digest(capsys, repo, "--team", "@org/payments")
    assert code == 0, err
    assert weekly(json.loads(out)) == expected("@org/payments")


def test_a_team_that_is_not_an_owner_name_is_a_config_error(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-11-03 10:00"))
    code, _, err = digest(capsys, repo, "--team", "payments")
    assert code == 2
    assert "team" in err and "'payments'" in err and "@org/team" in err


def test_each_team_s_digest_and_the_whole_repository_s_are_separate_issues_each_updated_in_place(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    build(repo)
    environ = {**SHORT, "GOODHART_TOKEN": "t"}
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(repo.path), "--week", "2026-W46"]
    scopes: list[list[str]] = [["--team", "@org/payments"], ["--team", "@org/search"], []]
    for _ in range(2):  # the second run finds each issue again by its own marker
        for scope in scopes:
            assert main([*argv, "--lookback-weeks", "3", *scope], environ=environ, now=NOW) == 0
    capsys.readouterr()
    assert github.tracker is not None
    issues = github.tracker.open_issues("goodhart-digest")
    assert sorted(i["title"] for i in issues) == [
        "Goodhart digest: acme/shop · 2026-W46",
        "Goodhart digest: acme/shop · 2026-W46 · @org/payments",
        "Goodhart digest: acme/shop · 2026-W46 · @org/search",
    ]
    by_title = {i["title"]: i["body"] for i in issues}
    assert by_title["Goodhart digest: acme/shop · 2026-W46 · @org/payments"].startswith(
        "<!-- goodhart:digest repo=acme/shop week=2026-W46 scope=%40org%2Fpayments -->\n"
    )
    assert by_title["Goodhart digest: acme/shop · 2026-W46"].startswith(
        "<!-- goodhart:digest repo=acme/shop week=2026-W46 -->\n"
    )


def test_a_team_s_kpis_are_read_from_the_team_s_work_too(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build(repo)
    repo.write({".github/goodhart.yml": "kpis:\n  - metric: commits\n    owner: Payments team\n"})
    code, out, err = digest(capsys, repo, "--team", "@org/payments")
    assert code == 0, err
    (kpi,) = json.loads(out)["kpis"]
    assert kpi["this_week"] == expected("@org/payments")["commits"][-1] == 3


@pytest.mark.parametrize(
    ("scope", "says"),
    [
        (("--paths", "service/payments"), "matches no file on "),
        (("--exclude-paths", "**"), "matches no file on "),
        (("--paths", "../etc"), "is not a path glob inside the repository"),
    ],
)
def test_path_globs_that_match_nothing_stop_with_exit_2_instead_of_a_digest_of_zeros(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], scope: tuple[str, ...], says: str
) -> None:
    build(repo)
    code, out, err = digest(capsys, repo, *scope)
    assert code == 2 and out == ""
    assert says in err
