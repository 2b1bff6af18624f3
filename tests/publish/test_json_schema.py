"""The JSON output keeps its documented, versioned schema in every kind of run."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bot.cli import main
from bot.measure.metrics import Kind
from bot.measure.weeks import Window
from bot.publish.render import digest_json
from bot.report import SCHEMA_VERSION
from tests.digests import digest_of
from tests.fakegithub import FakeGitHub, holding
from tests.gitrepo import GitRepo
from tests.measure.test_activity import build_history
from tests.scenarios import HEALTHY, REPORTED, SPEED_GAMED, generate, story

SCHEMA = json.loads((resources.files("bot") / "schemas" / "digest.schema.json").read_text())
NOW = datetime(2026, 11, 18, 8, tzinfo=UTC)


def check(document: Any) -> None:
    Draft202012Validator(SCHEMA, format_checker=FormatChecker()).validate(document)


def test_the_schema_is_a_valid_json_schema_for_this_version() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert SCHEMA["$defs"]["kind"]["enum"] == [kind.value for kind in Kind]  # the registry's kinds, no other


def test_a_gamed_history_with_warnings_and_failures_keeps_the_schema() -> None:
    gamed = SPEED_GAMED
    digest = digest_of(generate(3, HEALTHY, gamed), Window.ending(REPORTED, 12, UTC), NOW)
    document = digest_json(digest)
    check(document)
    assert any(v["verdict"] == "warning" for v in document["balance"]) and document["failures"]


def test_a_local_only_run_keeps_the_schema(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    build_history(repo)
    assert main(["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--format", "json"], {}, NOW) == 0
    check(json.loads(capsys.readouterr().out))


def test_a_github_run_keeps_the_schema(tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    holding(github, generate(4, HEALTHY, SPEED_GAMED))
    argv = [
        "digest",
        "--dry-run",
        "--repo",
        "acme/shop",
        "--repo-path",
        str(tmp_path),
        "--week",
        "2026-W46",
        "--format",
        "json",
    ]
    assert main(argv, {"GOODHART_TOKEN": "t"}, NOW) == 0
    document = json.loads(capsys.readouterr().out)
    check(document)
    assert document["sources_read"] == ["deployments", "incidents", "pull_requests", "work_items"]


def test_a_held_warning_says_since_when_in_the_json_and_the_markdown(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    holding(github, story(3, ((HEALTHY, 14), (SPEED_GAMED, 16))))
    argv = ["digest", "--dry-run", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46"]
    argv += ["--lookback-weeks", "30"]
    assert main([*argv, "--format", "json"], {"GOODHART_TOKEN": "t"}, NOW) == 0
    document = json.loads(capsys.readouterr().out)
    check(document)
    speed = next(v for v in document["balance"] if v["pair"] == "speed-vs-stability")
    held = speed["held"]
    assert speed["verdict"] == "warning" and held["since"] == "2026-W32" and held["weeks"] == 15
    assert held["baseline"]["weeks"] == 8 and held["baseline"]["end"] < "2026-07-27"  # before the gaming, from W31
    assert all(v["held"] is None for v in document["balance"] if v["verdict"] != "warning")
    span = speed["guard_span"]
    assert (span["current"]["weeks"], span["baseline"]["weeks"]) == (15, 12)  # W32..W46 against W17..W28
    assert main(argv, {"GOODHART_TOKEN": "t"}, NOW) == 0
    shown = (
        "### ⚠️ Speed vs stability\n\n"
        "Warned since 2026-W32, 15 weeks, against 2026-W21 to 2026-W28, the weeks before the rise;"
    )
    out = capsys.readouterr().out
    assert shown in out
    # the guard: every week since the rise, against every week before the window it rose in
    assert "Its guard is judged over 2026-W32 to 2026-W46 against 2026-W17 to 2026-W28." in out
