"""The action's entry point in a simulated GitHub Actions run, and action.yml kept true to the settings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.settings import KEYS
from bot.settings_reference import with_action_inputs
from tests.contract.github import event_payload
from tests.fakegithub import FakeGitHub, deployment, pull
from tests.gitrepo import GitRepo, at
from tests.measure.test_activity import build_history
from tests.runner_files import read_outputs

ROOT = Path(__file__).resolve().parents[1]
NOW = at("2026-11-18 08:00")


def test_every_input_is_a_setting_and_every_user_setting_an_input() -> None:
    inputs = set(yaml.safe_load((ROOT / "action.yml").read_text())["inputs"])
    assert inputs == {key.name for key in KEYS.values() if not key.set_by_runner}


def test_action_yml_inputs_are_generated_from_the_settings() -> None:
    action = (ROOT / "action.yml").read_text()
    assert action == with_action_inputs(action), "stale inputs: run `python -m bot.settings_reference`"


def test_only_the_token_input_has_a_default_so_config_files_still_apply() -> None:
    inputs = yaml.safe_load((ROOT / "action.yml").read_text())["inputs"]
    assert {name for name, spec in inputs.items() if "default" in spec} == {"token"}


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The runner's environment around a checkout; the action's inputs are added by each test."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    (tmp_path / "temp").mkdir()
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "acme/shop",
        "GITHUB_API_URL": "https://api.github.com",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "RUNNER_TEMP": str(tmp_path / "temp"),
        "INPUT_TOKEN": "ghs_runner_token",
        "INPUT_WRITE-INTERVAL": "0",
        "INPUT_LOOKBACK-WEEKS": "",  # declared but not set: ignored
    }


def test_a_scheduled_run_posts_the_digest_and_leaves_summary_outputs_and_json(
    repo: GitRepo, github: FakeGitHub, runner: dict[str, str], tmp_path: Path
) -> None:
    build_history(repo)
    github.pulls = [pull(1, merged=at("2026-11-10 10:00"))]
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, at("2026-11-11 10:00"))]
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"schedule": "17 6 * * 1"}))
    environ = {
        **runner,
        "GITHUB_EVENT_NAME": "schedule",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(repo.path),
    }
    assert main(["action"], environ, NOW) == 0
    assert github.tracker is not None
    (issue,) = github.tracker.issues.values()
    values = read_outputs(tmp_path / "output")
    assert values["digest-issue-url"] == issue["html_url"]
    assert values["metrics-json"] == str(tmp_path / "temp" / "goodhart-digest.json")
    assert json.loads(Path(values["metrics-json"]).read_text())["repository"] == "acme/shop"
    assert (tmp_path / "summary.md").read_text().startswith("# Goodhart digest: acme/shop · 2026-W46")
    assert f"directory = {repo.path.resolve()}" in (tmp_path / "gitconfig").read_text()


def test_a_pull_request_event_runs_the_check_and_comments(
    repo: GitRepo, github: FakeGitHub, runner: dict[str, str], tmp_path: Path
) -> None:
    base = repo.commit("base", {"app.py": "x = 1\n"})
    repo.git("checkout", "-q", "-b", "feature")
    for i in range(12):
        repo.commit(f"tweak {i}", {f"n{i}.txt": f"{i}\n"})
    assert github.tracker is not None
    number = github.tracker.open_issue("Tweaks", "", by="ada")["number"]
    github.pulls = [pull(number, merged=None, base_sha=base, head_sha=repo.head())]
    payload = event_payload(
        "pull-request-synchronize",
        {"number": number, "pull_request": {"number": number}, "repository": {"full_name": "acme/shop"}},
    )
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload))
    environ = {
        **runner,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(repo.path),
    }
    assert main(["action"], environ, NOW) == 0
    (comment,) = github.tracker.comments.values()
    values = read_outputs(tmp_path / "output")
    assert (values["warnings"], values["pr-comment-url"]) == ("1", comment["html_url"])
    assert (tmp_path / "temp" / "goodhart-pr-check.json").exists()


def test_an_event_that_asks_for_nothing_is_a_clear_error(
    runner: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = {**runner, "GITHUB_EVENT_NAME": "push", "GITHUB_WORKSPACE": str(tmp_path)}
    assert main(["action"], environ, NOW) == 2
    assert "set the mode input to digest or pr-check" in capsys.readouterr().err


def test_the_examples_pin_this_action_by_sha_or_say_to_and_why() -> None:
    root = Path(__file__).resolve().parents[1]
    uses = [
        line
        for path in [*(root / "examples" / "workflows").glob("*.yml"), root / "README.md"]
        for line in path.read_text().splitlines()
        if "uses: goodhart-bot/goodhart@" in line
    ]
    assert len(uses) >= 4
    for line in uses:
        ref = line.split("@", 1)[1].split()[0]
        assert re.fullmatch(r"[0-9a-f]{40}", ref) or "pin that release's full commit SHA (a tag can be moved)" in line
