"""The weekly digest issue over a stateful fake GitHub: created once, updated in place, never doubled."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.cli import main
from bot.measure.weeks import IsoWeek
from bot.publish.digest import Rendered, publish_issue
from bot.publish.markers import digest_marker
from bot.settings import load_settings
from tests.fakegithub import FakeGitHub, deployment, issue, pull
from tests.gitrepo import at
from tests.runner_files import read_outputs

NOW = at("2026-11-18 08:00")
ENV = {"GOODHART_TOKEN": "ghp_test", "GOODHART_WRITE_INTERVAL": "0"}
MARKER = digest_marker("acme/shop", IsoWeek(2026, 46))


def quiet_week(github: FakeGitHub) -> None:
    github.pulls = [pull(1, merged=at("2026-11-10 10:00"))]
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, at("2026-11-11 10:00"))]
    github.issues = [issue(7, labels=("incident",), created=at("2026-11-12 10:00"))]


def digest(tmp_path: Path, environ: dict[str, str] | None = None, *extra: str) -> int:
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46", *extra]
    return main(argv, {**ENV, **(environ or {})}, NOW)


def digests(github: FakeGitHub) -> list[dict]:  # type: ignore[type-arg]
    assert github.tracker is not None
    return [i for i in github.tracker.issues.values() if MARKER in i["body"]]


def test_the_first_run_creates_one_labelled_issue(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet_week(github)
    assert digest(tmp_path) == 0
    (created,) = digests(github)
    assert created["title"] == "Goodhart digest: acme/shop · 2026-W46"
    assert created["body"].startswith(MARKER + "\n# Goodhart digest: acme/shop · 2026-W46")
    assert [label["name"] for label in created["labels"]] == ["goodhart-digest"]
    assert created["user"]["login"] == "github-actions[bot]"
    out, err = capsys.readouterr()
    assert out == "" and "created the digest issue #1" in err


def test_a_second_run_updates_the_same_issue(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    assert digest(tmp_path) == 0
    github.deployments.append(deployment("b" * 40, at("2026-11-13 10:00")))
    assert digest(tmp_path) == 0
    (updated,) = digests(github)
    assert "2 deployments" in updated["body"]
    assert github.requests.count(("POST", "/repos/acme/shop/issues", "")) == 1


def test_two_runs_at_once_leave_one_open_issue(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    assert github.tracker is not None
    github.tracker.list_barrier = threading.Barrier(2)  # both runs see no digest, then both create one
    codes: list[int] = []
    runs = [threading.Thread(target=lambda: codes.append(digest(tmp_path))) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(timeout=30)
    assert codes == [0, 0]
    both = digests(github)
    assert len(both) == 2, "the race really happened"
    assert [(i["number"], i["state"], i["state_reason"]) for i in both] == [
        (1, "open", None),
        (2, "closed", "duplicate"),
    ]


def test_a_create_that_failed_after_it_happened_is_not_repeated(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    assert github.tracker is not None
    github.tracker.applied_then_failed = 1  # the issue is created, but GitHub answers 502
    assert digest(tmp_path) == 0
    assert len(digests(github)) == 1


def test_someone_elses_issue_with_the_marker_is_never_touched(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    assert github.tracker is not None
    forged = github.tracker.open_issue("Not a digest", f"{MARKER}\nmine", by="mallory", labels=("goodhart-digest",))
    assert digest(tmp_path) == 0
    assert forged["body"] == f"{MARKER}\nmine" and forged["state"] == "open"
    assert [i["user"]["login"] for i in digests(github)] == ["mallory", "github-actions[bot]"]


def test_a_personal_token_is_the_bots_identity(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    assert github.tracker is not None
    github.tracker.token_login = github.tracker.writer = "release-robot"
    assert digest(tmp_path) == 0
    assert digest(tmp_path) == 0
    (only,) = digests(github)
    assert only["user"]["login"] == "release-robot"


def test_last_weeks_digest_is_closed_when_asked(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    assert github.tracker is not None
    old = github.tracker.open_issue(
        "old", digest_marker("acme/shop", IsoWeek(2026, 45)), by="github-actions[bot]", labels=("goodhart-digest",)
    )
    assert digest(tmp_path, {"GOODHART_CLOSE_PREVIOUS_DIGEST": "true"}) == 0
    assert (old["state"], old["state_reason"]) == ("closed", "completed")


def test_a_token_that_may_not_write_issues_gets_the_permission_line_and_loses_nothing(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet_week(github)
    assert github.tracker is not None
    github.tracker.forbid_writes = True
    summary = tmp_path / "summary.md"
    assert digest(tmp_path, {"GITHUB_STEP_SUMMARY": str(summary)}) == 4
    assert "`issues: write` under `permissions:`" in capsys.readouterr().err
    assert summary.read_text().startswith("# Goodhart digest: acme/shop · 2026-W46")


def test_in_actions_the_summary_outputs_and_json_are_written(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    environ = {"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path)}
    assert digest(tmp_path, environ) == 0
    values = read_outputs(output)
    assert values["digest-issue-url"] == "https://github.com/acme/shop/issues/1"
    assert values["warnings"] == "0"
    assert values["metrics-json"] == str(tmp_path / "goodhart-digest.json")
    assert (tmp_path / "goodhart-digest.json").read_text().startswith('{\n  "schema_version": 3')
    assert "## Balance" in summary.read_text()


def test_an_oversized_body_keeps_its_summary_and_continues_in_updated_comments(
    tmp_path: Path, github: FakeGitHub
) -> None:
    quiet_week(github)
    settings = load_settings({"repo": "acme/shop", "repo_path": str(tmp_path)}, ENV)
    sections = [f"# Summary\n\n**Summary** {'x' * 500}\n\n"] + [
        f"<!-- goodhart:section -->\n<details><summary>Part {n}</summary>\n\n| a | b |\n| --- | --- |\n"
        + "".join(f"| {n} | row {r} |\n" for r in range(60))
        + "\n</details>\n\n"
        for n in range(4)
    ]
    rendered = Rendered("".join(sections), "{}", IsoWeek(2026, 46), 0)
    publish_issue(settings.connection, settings.publishing, rendered, limit=1500)
    assert github.tracker is not None
    (posted,) = digests(github)
    assert len(posted["body"]) <= 1500 and "**Summary**" in posted["body"]
    comments = sorted(github.tracker.comments.values(), key=lambda c: c["id"])
    assert len(comments) >= 4 and all(len(c["body"]) <= 1500 for c in comments)
    for comment in comments:
        body = comment["body"]
        assert body.startswith("<!-- goodhart:digest-details repo=acme/shop week=2026-W46 part=")
        assert body.count("<details>") == body.count("</details>")
        assert all(block.split("\n", 1)[0] == "| a | b |" for block in _tables(body))
    publish_issue(
        settings.connection, settings.publishing, Rendered(sections[0], "{}", IsoWeek(2026, 46), 0), limit=1500
    )
    assert github.tracker.comments == {}  # the digest fits again: its continuations are removed


def _tables(markdown: str) -> list[str]:
    """Each table's text, from its header row on."""
    blocks, current = [], []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    return blocks + (["\n".join(current)] if current else [])


def test_an_update_lists_the_issues_once_even_when_closing_last_weeks(tmp_path: Path, github: FakeGitHub) -> None:
    quiet_week(github)
    environ = {"GOODHART_CLOSE_PREVIOUS_DIGEST": "true"}
    assert digest(tmp_path, environ) == 0
    before = len(github.requests)
    assert digest(tmp_path, environ) == 0
    listings = [r for r in github.requests[before:] if r[:2] == ("GET", "/repos/acme/shop/issues")]
    assert len(listings) == 1
