"""The fan-out workflow (examples/workflows/org-digest.yml and the batch it calls) run locally, job by job: the list
job's script, each matrix job's action with its runner files, the artifacts passed by folder, and the aggregate
job's rollup. It gives the same organisation digest as digesting each repository and running rollup directly."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
import yaml

from bot.cli import main
from bot.measure.weeks import IsoWeek
from bot.publish.markers import ROLLUP, digest_marker
from bot.publish.split import sections
from bot.settings import CollectionSettings
from tests.fakegithub import FakeGitHub, holding
from tests.rollup.orgrepos import NOW, OWNER, REPOSITORIES, Generated, build_clone, digest_all
from tests.scenarios import HEALTHY, generate

WORKFLOWS = Path(__file__).resolve().parents[2] / "examples" / "workflows"
ORG = yaml.safe_load((WORKFLOWS / "org-digest.yml").read_text())
BATCH = yaml.safe_load((WORKFLOWS.parents[1] / ".github" / "workflows" / "org-digest-batch.yml").read_text())
"""The reusable workflow this project publishes; the example calls it by release."""
DEFAULT_LOOKBACK: int = CollectionSettings.model_fields["lookback_weeks"].default
FANNED = tuple(Generated(g.name, g.seed, g.current, DEFAULT_LOOKBACK) for g in REPOSITORIES)  # as the workflow reads
METRICS_REPO = "metrics"
"""The repository the organisation workflow runs in, and posts to."""
_EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


# -- the few expressions the workflow uses ---------------------------------------------------------------
def value_of(expression: str, context: dict[str, Any]) -> Any:
    if call := re.fullmatch(r"(fromJSON|toJSON)\((.+)\)", expression):
        inner = value_of(call.group(2), context)
        return json.loads(inner) if call.group(1) == "fromJSON" else json.dumps(inner)
    node: Any = context
    for part in expression.split("."):
        node = node[part]
    return node


def evaluated(text: Any, context: dict[str, Any]) -> Any:
    """A ``with:`` value: a lone expression keeps its value's type; expressions inside text become text."""
    if not isinstance(text, str):
        return text
    if whole := _EXPRESSION.fullmatch(text.strip()):
        return value_of(whole.group(1), context)
    return _EXPRESSION.sub(lambda m: str(value_of(m.group(1), context)), text)


def step(job: dict[str, Any], uses: str) -> dict[str, Any]:
    (found,) = [s for s in job["steps"] if s.get("uses", "").startswith(uses)]
    return found


def as_input(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


# -- the runner ------------------------------------------------------------------------------------------
class Runner:
    """One job's runner: a fresh workspace, temp dir, output and summary files, and the GITHUB_* environment."""

    def __init__(self, root: Path, name: str) -> None:
        self.root = root / name
        self.workspace = self.root / "workspace"
        for folder in (self.workspace, self.root / "temp"):
            folder.mkdir(parents=True, exist_ok=True)
        (self.root / "event.json").write_text(json.dumps({"schedule": "37 6 * * 1"}))

    def environ(self) -> dict[str, str]:
        return {
            "GITHUB_ACTIONS": "true",
            "GITHUB_REPOSITORY": f"{OWNER}/{METRICS_REPO}",
            "GITHUB_API_URL": "https://api.github.com",
            "GITHUB_EVENT_NAME": "schedule",
            "GITHUB_EVENT_PATH": str(self.root / "event.json"),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_OUTPUT": str(self.root / "output"),
            "GITHUB_STEP_SUMMARY": str(self.root / "summary.md"),
            "RUNNER_TEMP": str(self.root / "temp"),
        }

    def run_action(self, with_: dict[str, Any], context: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
        """The goodhart action's container: its inputs as INPUT_*, the token's default as the runner gives it,
        run in the workspace."""
        inputs = {f"INPUT_{name.upper()}": as_input(evaluated(v, context)) for name, v in with_.items()}
        environ = {
            **self.environ(),
            "INPUT_TOKEN": "ghs_runner_token",
            "INPUT_WRITE-INTERVAL": "0",  # the fake GitHub needs no pacing
            **inputs,
        }
        monkeypatch.chdir(self.workspace)
        assert main(["action"], environ, NOW) == 0


def list_job(root: Path, repositories: list[str]) -> dict[str, str]:
    """The list job's script with the repositories given as the config list, on the reported week's clock."""
    (script_step,) = [s for s in ORG["jobs"]["list"]["steps"] if s.get("id") == "batches"]
    bin_dir, output = root / "bin", root / "list-output"
    bin_dir.mkdir(parents=True, exist_ok=True)
    clock = bin_dir / "date"  # the runner's clock, set to NOW: the script asks for the week that ended
    clock.write_text(
        f'#!/bin/bash\nargs=(); for a in "$@"; do [ "$a" = "7 days ago" ] && a="{NOW.isoformat()} - 7 days"; '
        f'args+=("$a"); done; exec {shutil.which("date")} "${{args[@]}}"\n'
    )
    clock.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "REPOSITORIES": " ".join(repositories),
        "GH_TOKEN": "",
    }
    subprocess.run(["bash", "-e", "-c", script_step["run"]], cwd=root, env=env, check=True, capture_output=True)
    return dict(line.split("=", 1) for line in output.read_text().splitlines())


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeGitHub(name=METRICS_REPO).install(mock)


needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="the list job's script uses jq, as runners have it")


@needs_jq
def test_the_list_job_batches_the_repositories_by_256_and_pins_the_reported_week(tmp_path: Path) -> None:
    names = [f"{OWNER}/repo-{n:03d}" for n in range(600)]
    outputs = list_job(tmp_path, [*names, names[0]])  # listed twice, digested once
    batches = json.loads(outputs["batches"])
    assert [len(b) for b in batches] == [256, 256, 88]
    assert [e["repo"] for b in batches for e in b] == sorted(names)
    assert batches[0][0] == {"repo": "acme/repo-000", "owner": "acme", "name": "repo-000", "slug": "acme__repo-000"}
    assert outputs["week"] == str(IsoWeek.last_complete(NOW, NOW.tzinfo))  # type: ignore[arg-type]


@needs_jq
def test_the_fanned_out_jobs_give_the_same_organisation_digest_as_rollup_run_directly(
    tmp_path: Path, fake_github: FakeGitHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    generated = {f"{OWNER}/{g.name}": g for g in FANNED}
    outputs = list_job(tmp_path / "list", list(generated))
    context: dict[str, Any] = {"needs": {"list": {"outputs": outputs}}, "vars": {"GOODHART_APP_ID": "12345"}}
    caller = ORG["jobs"]["digest"]
    assert caller["uses"].startswith("goodhart-bot/goodhart/.github/workflows/org-digest-batch.yml@")
    assert caller["strategy"]["max-parallel"] == 1
    artifacts = tmp_path / "artifacts"
    for batch in evaluated(caller["strategy"]["matrix"]["batch"], context):
        inputs = {k: evaluated(v, {**context, "matrix": {"batch": batch}}) for k, v in caller["with"].items()}
        job = BATCH["jobs"]["digest"]
        assert job["strategy"]["max-parallel"] <= 20 and not job["strategy"]["fail-fast"]
        for entry in evaluated(job["strategy"]["matrix"]["repository"], {"inputs": inputs}):
            repo = generated[entry["repo"]]
            runner = Runner(tmp_path / "jobs", entry["slug"])
            job_context = {
                "inputs": inputs,
                "matrix": {"repository": entry},
                "steps": {"app": {"outputs": {"token": "ghs_app"}}},
            }
            checkout = step(job, "actions/checkout@")["with"]
            assert evaluated(checkout["repository"], job_context) == entry["repo"] and checkout["fetch-depth"] == 0
            shutil.rmtree(runner.workspace)
            build_clone(runner.workspace, repo.seed, repo.lookback)  # what the checkout leaves
            holding(fake_github, generate(repo.seed, HEALTHY, repo.current))  # what GitHub holds for it
            fake_github.name = repo.name
            runner.run_action(step(job, "goodhart-bot/goodhart@")["with"], job_context, monkeypatch)
            upload = step(job, "actions/upload-artifact@")["with"]
            name = evaluated(upload["name"], job_context)
            path = runner.workspace / evaluated(upload["path"], job_context)
            assert not (artifacts / name).exists(), f"artifact {name} uploaded twice"
            (artifacts / name).mkdir(parents=True)
            shutil.copy(path, artifacts / name / path.name)
    fake_github.name = METRICS_REPO

    aggregate = ORG["jobs"]["rollup"]
    runner = Runner(tmp_path / "jobs", "rollup")
    download = step(aggregate, "actions/download-artifact@")["with"]
    assert download["merge-multiple"] is True
    target = runner.workspace / download["path"]
    target.mkdir(parents=True)
    for artifact in sorted(artifacts.iterdir()):
        if fnmatch.fnmatch(artifact.name, download["pattern"]):
            for file in artifact.iterdir():
                assert not (target / file.name).exists(), "two artifacts would overwrite each other"
                shutil.copy(file, target / file.name)
    rollup_step = step(aggregate, "goodhart-bot/goodhart@")["with"]
    runner.run_action(rollup_step, {"github": {"repository": f"{OWNER}/{METRICS_REPO}"}}, monkeypatch)
    fanned_out = (runner.root / "temp" / "goodhart-rollup.json").read_text()

    direct_root = tmp_path / "direct"
    folder = digest_all(direct_root, fake_github, FANNED)
    fake_github.name = METRICS_REPO
    capsys.readouterr()
    assert main(["rollup", str(folder), "--dry-run", "--format", "json"], {}, NOW) == 0
    assert json.loads(fanned_out) == json.loads(capsys.readouterr().out)
    assert main(["rollup", str(folder), "--dry-run"], {}, NOW) == 0
    markdown = capsys.readouterr().out
    assert fake_github.tracker is not None
    (issue,) = fake_github.tracker.issues.values()
    marker = digest_marker(f"{OWNER}/{METRICS_REPO}", IsoWeek(2026, 46), ROLLUP)
    assert issue["body"] == f"{marker}\n" + "".join(sections(markdown))  # one body: the sections joined
    assert len(json.loads(fanned_out)["repositories"]) == len(FANNED)
