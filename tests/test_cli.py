"""``goodhart digest`` through its real entry point, on real repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakegithub import FakeGitHub, deployment, holding, issue, pull
from tests.gitrepo import GitRepo, at
from tests.measure.test_activity import build_history
from tests.scenarios import HEALTHY, SPEED_GAMED, generate

NOW = at("2026-11-18 08:00")  # a Wednesday of W47: the last complete week is W46


def run(capsys: pytest.CaptureFixture[str], *argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    code = main(list(argv), environ=environ or {}, now=NOW)
    out, err = capsys.readouterr()
    return code, out, err


def remote_digest(capsys: pytest.CaptureFixture[str], no_clone: Path, environ: dict[str, str]) -> tuple[int, str, str]:
    """A dry-run digest of the fake GitHub's acme/shop for 2026-W46, with no clone."""
    argv = ["digest", "--dry-run", "--repo", "acme/shop", "--repo-path", str(no_clone), "--week", "2026-W46"]
    return run(capsys, *argv, environ=environ)


SHORT = {"GOODHART_CURRENT_WEEKS": "1"}  # a 3-week history: this week against the two before


def test_digest_prints_the_last_complete_week_in_markdown(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    code, out, _ = run(
        capsys, "digest", "--repo-path", str(repo.path), "--lookback-weeks", "3", "--dry-run", environ=SHORT
    )
    assert code == 0
    assert out.startswith("# Goodhart digest: repo · 2026-W46\n")
    assert "3 commits by 1 contributor, 8 meaningful lines changed, 1 merged PR, 0 deployments." in out
    assert "| Commits per week | 3 | 1.5 | +100%\u00a0better | `▁██` |  |" in out
    assert "| Deployments per week | 0 | 0.5 | -100%\u00a0worse | `▁█▁` | none,\u00a0see\u00a0below |" in out  # tags
    assert "deployments from 1 release tag:" in out


def test_json_gives_the_same_numbers_with_nulls_as_null(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    code, out, _ = run(
        capsys,
        "digest",
        "--repo-path",
        str(repo.path),
        "--week",
        "2026-W46",
        "--lookback-weeks",
        "3",
        "--format",
        "json",
        environ=SHORT,
    )
    data = json.loads(out)
    assert code == 0
    assert data["schema_version"] == 3
    assert [w["commits"] for w in data["weeks"]] == [0, 3, 3]
    assert [w["metrics"]["deployment-frequency"]["total"] for w in data["weeks"]] == [0, 1, 0]
    assert data["weeks"][-1]["metrics"]["review-depth"] is None  # no pull requests were read: absent, not zero
    commits = next(h for h in data["headlines"] if h["metric"] == "commits")
    assert (commits["this_week"], commits["current"], commits["baseline"], commits["change"]) == (3, 3, 1.5, 1.0)
    assert data["excluded"]["lines"] == {"lock": 50, "generated": 30, "vendored": 20}
    assert any(n["source"] == "GitHub" and n["severity"] == "missing" for n in data["data_quality"])
    assert {v["verdict"] for v in data["balance"]} == {"insufficient data"}


def test_a_change_against_an_empty_baseline_is_null(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    _, out, _ = run(
        capsys,
        "digest",
        "--repo-path",
        str(repo.path),
        "--week",
        "2026-W45",
        "--lookback-weeks",
        "2",
        "--format",
        "json",
        environ=SHORT,
    )
    commits = next(h for h in json.loads(out)["headlines"] if h["metric"] == "commits")
    assert (commits["baseline"], commits["change"]) == (0, None)


def test_a_bad_setting_exits_2_naming_the_field(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--lookback-weeks", "0")
    assert code == 2
    assert out == ""
    assert "lookback-weeks = '0' (from flag --lookback-weeks)" in err
    assert "Traceback" not in err


def test_a_bad_value_in_the_environment_exits_2(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "digest", "--repo-path", str(repo.path), environ={"GOODHART_TIMEZONE": "Nowhere/Land"})
    assert code == 2
    assert "environment variable GOODHART_TIMEZONE" in err


def test_a_directory_that_is_no_repository_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "digest", "--repo-path", str(tmp_path))
    assert (code, out) == (3, "")
    assert "is not a git repository" in err


def test_a_shallow_clone_exits_3_with_the_fix_and_prints_no_digest(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{repo.path}", str(clone)], check=True)
    code, out, err = run(capsys, "digest", "--repo-path", str(clone), "--week", "2026-W46")
    assert (code, out) == (3, "")
    assert "shallow clone" in err and "fetch-depth: 0" in err


def test_the_token_never_appears_in_any_output(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    secret = "ghp_0123456789abcdefSECRET"
    outputs = []
    for argv in (
        ["digest", "--repo-path", str(repo.path), "--week", "2026-W46"],
        ["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--format", "json"],
        ["digest", "--repo-path", str(repo.path), "--repo", "not a repo name"],
    ):
        _, out, err = run(capsys, *argv, environ={"GOODHART_TOKEN": secret, "INPUT_TOKEN": secret})
        outputs += [out, err]
    assert all(secret not in text for text in outputs)


def test_python_dash_m_bot_runs_the_same_cli(repo: GitRepo) -> None:
    build_history(repo)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "# Goodhart digest: repo · 2026-W46" in result.stdout
    assert "read " in result.stderr and "commits" in result.stderr  # progress goes to stderr, never stdout


def test_help_lists_the_flags_with_their_descriptions() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "digest", "--help"], capture_output=True, text=True, check=True
    )
    assert "--lookback-weeks N" in result.stdout
    assert "Weeks of history in the digest" in result.stdout
    assert "exit codes" in result.stdout


def test_an_empty_reported_week_says_why_above_the_numbers(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("this week", {"a.py": "1\n"}, when=at("2026-11-17 10:00"))
    code, out, _ = run(capsys, "digest", "--repo-path", str(repo.path))
    assert code == 0
    note = out.index("> [!NOTE]\n> No commits in the window")
    assert note < out.index("| Metric |")
    assert "ISO week 2026-W47" in out


def test_with_a_repository_and_a_token_the_digest_includes_github_data(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    github.pulls = [pull(n, merged=at("2026-11-10 10:00")) for n in (1, 2)] + [
        pull(3, merged=at("2026-11-11 10:00"), author="renovate", bot=True)
    ]
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, at("2026-11-12 10:00")), deployment("b" * 40, at("2026-11-03 10:00"))]
    github.issues = [issue(5, labels=("incident",), created=at("2026-11-13 10:00"))]
    environ = {"GOODHART_TOKEN": "ghp_secret_for_test", "GITHUB_REPOSITORY": "acme/shop"}
    code, out, err = run(
        capsys,
        "digest",
        "--dry-run",
        "--repo-path",
        str(repo.path),
        "--week",
        "2026-W46",
        "--format",
        "json",
        environ=environ,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["sources_read"] == ["commits", "deployments", "incidents", "pull_requests", "tags", "work_items"]
    week = data["weeks"][-1]
    assert (week["merged_prs"], week["deployments"], week["incidents"]) == (2, 1, 1)
    assert [h["metric"] for h in data["headlines"]] == [
        "deployment-frequency",
        "lead-time",
        "change-failure-rate",
        "time-to-restore",
        "review-depth",
    ]
    (failure,) = data["failures"]
    assert failure["sha"] == "a" * 40 and failure["causes"] == ["incident #5 (opened after it)"]
    assert "GitHub: 6 GraphQL queries" in err
    assert "ghp_secret_for_test" not in out + err


def test_without_a_token_the_digest_says_which_numbers_are_absent(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    code, out, _ = run(capsys, "digest", "--repo-path", str(repo.path), "--repo", "acme/shop", "--week", "2026-W46")
    assert code == 0
    assert "not read: no token" in out
    assert "Deployments from 1 release tag:" in out  # shown above the numbers: a proxy, not real deployments


def test_a_repository_alone_is_enough_when_there_is_no_clone(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    github.pulls = [pull(1, merged=at("2026-11-10 10:00"))]
    environ = {"GOODHART_TOKEN": "t"}
    code, out, _ = run(
        capsys,
        "digest",
        "--dry-run",
        "--repo-path",
        str(tmp_path),
        "--repo",
        "acme/shop",
        "--week",
        "2026-W46",
        "--format",
        "json",
        environ=environ,
    )
    data = json.loads(out)
    assert code == 0
    assert "commits" not in data["sources_read"]
    assert any("commits not read" in n["message"] for n in data["data_quality"])
    assert data["weeks"][-1]["deployments"] == 1  # the merge, as the last-resort source


def test_the_digest_leads_with_a_balance_warning_and_traces_failures_without_names(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    holding(github, generate(3, HEALTHY, SPEED_GAMED))
    twelve_weeks = {"GOODHART_TOKEN": "t", "GOODHART_LOOKBACK_WEEKS": "12"}  # the scenario's whole history
    code, out, err = remote_digest(capsys, tmp_path, twelve_weeks)
    assert code == 0, err
    alert = out.split("\n\n")[1]
    assert alert == (
        "> [!WARNING]\n> **1 balance warning**; each pair's chart, the weeks it was judged over, and what to look "
        "at are under Balance.\n> - **Speed vs stability**: deployment frequency 4.4 → 11.8\u00a0deploys/week "
        "(+169%) while change failure rate 11% → 38% (+235%)."
    )
    assert "| **Speed vs stability** | ⚠️\u00a0warning | deployment frequency" in out
    assert "deployment frequency 4.4 → 11.8\u00a0deploys/week (better, p\u00a0<\u00a00.01)" in out
    assert "### ⚠️ Speed vs stability\n\nWarned since 2026-W46, 1 week;" in out
    assert "## Failure trace" in out and "(opened after it), “" in out and "  - Shipped #" in out
    assert "dev" not in out.replace("DevOps", "") and "reviewer" not in out  # logins never appear


def test_balancer_settings_reach_the_verdicts(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    holding(github, generate(3, HEALTHY, SPEED_GAMED))
    environ = {"GOODHART_TOKEN": "t", "GOODHART_CONFIDENCE": "0.999", "INPUT_MIN-DEPLOYMENTS": "200"}
    code, out, _ = remote_digest(capsys, tmp_path, environ)
    assert code == 0
    assert "at 99.9% confidence" in out
    assert "Speed vs stability (47 deployments now and 35 in the baseline; at least 200 in each are needed)" in out


def test_with_neither_a_clone_nor_a_token_the_digest_says_what_it_could_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "digest", "--repo", "acme/shop", "--repo-path", str(tmp_path / "none"), "--week", "2026-W46"
    )
    assert code == 0, err
    assert "pull requests not read." in out and "not read: no token" in out and "commits not read" in out


@pytest.fixture
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot's git sees no global or system config, so no ``safe.directory`` of the machine's applies."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SUDO_UID", raising=False)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a clone away needs root")
@pytest.mark.usefixtures("isolated_git")
def test_a_clone_owned_by_another_user_exits_3_with_gits_reason_and_the_fix(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    for item in [repo.path, *repo.path.rglob("*")]:
        os.lchown(item, 12345, 12345)
    argv = ["digest", "--repo-path", str(repo.path), "--repo", "acme/shop", "--week", "2026-W46", "--dry-run"]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (3, "")
    assert "detected dubious ownership" in err
    assert f"git config --global --add safe.directory {repo.path}" in err


def test_a_clone_with_its_head_commit_missing_exits_3_as_unreadable_not_empty(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    head = repo.head()
    (repo.path / ".git" / "objects" / head[:2] / head[2:]).unlink()
    code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run")
    assert (code, out) == (3, "")
    assert f"git cannot read commit {head[:12]}" in err and "unreadable, not empty" in err and "git fsck" in err


def test_an_empty_history_says_so_above_the_numbers(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run")
    assert code == 0
    assert out.index("its history is empty") < out.index("| Headline |")


def test_a_branch_that_does_not_exist_exits_3_naming_it(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    code, _, err = run(capsys, "digest", "--repo-path", str(repo.path), "--branch", "relase", "--week", "2026-W46")
    assert code == 3
    assert "'relase' is not a branch, tag or commit of the clone" in err


def test_a_week_in_lower_case_is_the_same_week(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-w46", "--dry-run")
    assert code == 0, err
    assert out.startswith("# Goodhart digest: repo · 2026-W46\n")


def test_a_week_that_has_not_begun_exits_2(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-W48", "--dry-run")
    assert (code, out) == (2, "")
    assert "week 2026-W48 has not begun yet (today is in 2026-W47, UTC); choose 2026-W46" in err


def test_the_current_week_is_labelled_partial(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    code, out, _ = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-W47", "--dry-run")
    assert code == 0
    assert "**2026-W47** (Monday 2026-11-16 to Sunday 2026-11-22, UTC; partial, up to Wednesday 2026-11-18)" in out
    assert out.index("2026-W47 is not over: this is a partial week") < out.index("| Headline |")


@pytest.mark.parametrize("variable", ["GOODHART_PR_CHECK_LIMITS", "INPUT_PR-CHECK-LIMITS"])
def test_pr_check_limits_in_the_readmes_form_are_read_from_an_input_or_variable(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], variable: str
) -> None:
    build_history(repo)
    environ = {variable: "{micro-commits-min: 10, formatting-share: 0.95}"}
    code, _, err = run(
        capsys, "pr-check", "--repo-path", str(repo.path), "--base", "HEAD~1", "--head", "HEAD", environ=environ
    )
    assert code == 0, err


def test_pr_check_limits_that_are_no_mapping_say_what_to_write(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = {"GOODHART_PR_CHECK_LIMITS": "micro-commits-min=10"}
    code, _, err = run(capsys, "pr-check", "--repo-path", str(repo.path), "--base", "a", "--head", "b", environ=environ)
    assert code == 2
    assert "like {micro-commits-min: 10, formatting-share: 0.95}" in err


def test_a_repository_that_is_not_owner_slash_name_is_explained_by_an_example(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "digest", "--repo-path", str(repo.path), "--repo", "https://github.com/acme/shop")
    assert code == 2
    assert "write OWNER/NAME, like octocat/hello-world" in err
    assert "pattern" not in err and "^[" not in err


def test_an_unreadable_config_file_exits_2_with_its_path(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = repo.path / ".github" / "goodhart.yml"
    repo.write({".github/goodhart.yml": "lookback-weeks: 6\n"})
    real_read = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self == config:  # what a file mode of 000 does to anyone but root
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    code, _, err = run(capsys, "digest", "--repo-path", str(repo.path))
    assert code == 2
    assert f"config file {config} could not be read: Permission denied" in err
    assert "internal error" not in err


def test_a_misspelt_goodhart_variable_is_warned_about_with_the_likely_name(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    environ = {"GOODHART_LOOKBACK_WEKS": "3"}
    code, _, err = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-W46", environ=environ)
    assert code == 0
    assert (
        "environment variable GOODHART_LOOKBACK_WEKS is not a setting and was ignored "
        "(did you mean GOODHART_LOOKBACK_WEEKS?)" in err
    )


def test_a_count_of_one_is_singular_in_notes_and_logs(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("one", {"a.py": "1\n"}, when=at("2026-11-10 10:00"))
    repo.tag("v1.0.0", when=at("2026-11-10 11:00"))
    code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run")
    assert code == 0
    assert "read 1 commit on HEAD" in out and "deployments from 1 release tag:" in out
    assert "goodhart: read 1 commit in" in err
    assert "1 commits" not in out + err and "1 release tags" not in out + err


def test_help_says_which_flags_the_config_file_cannot_set() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "digest", "--help"], capture_output=True, text=True, check=True
    )
    text = " ".join(result.stdout.split())
    assert "or in .github/goodhart.yml." not in text
    assert "except --config and --repo-path: the file cannot set those" in text


def test_a_digest_with_no_data_at_all_says_what_was_missing_at_the_top(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(tmp_path / "none"), "--week", "2026-W46"]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    top = out.index("> No data at all: every number below is empty or zero because nothing was read")
    assert top < out.index("| Headline |")
    said = out[top : out.index("\n\n", top)]
    assert "commits not read" in said and "GitHub: not read: no token" in said


def test_a_json_output_that_cannot_be_written_stops_with_exit_2_before_any_work(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_history(repo)
    out_dir = tmp_path / "out"
    blocker = out_dir / "a-file"
    out_dir.mkdir()
    blocker.write_text("not a folder\n")
    for target, says in ((out_dir, "is a folder: name a file"), (blocker / "x.json", "cannot be written")):
        code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--dry-run", "--json-output", str(target))
        assert code == 2 and out == ""
        assert f"json-output {target} {says}" in err and "internal error" not in err
    assert blocker.read_text() == "not a folder\n" and [p.name for p in out_dir.iterdir()] == ["a-file"]
