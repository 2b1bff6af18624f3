"""The pull-request comment's life over a stateful fake GitHub, through `goodhart pr-check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.publish.comments import MARKER
from tests.balance.detectors.prrepo import code
from tests.contract.github import event_payload
from tests.fakegithub import FakeGitHub, pull
from tests.gitrepo import GitRepo, at

ENV = {"GOODHART_TOKEN": "ghp_test", "GOODHART_WRITE_INTERVAL": "0"}


class PullRequest:
    """A PR whose commits are in a real clone and whose metadata the fake GitHub serves."""

    def __init__(self, repo: GitRepo, github: FakeGitHub) -> None:
        self.repo, self.github = repo, github
        self.base = repo.commit("base", {"app.py": code("app", 30)})
        repo.git("checkout", "-q", "-b", "feature")
        assert github.tracker is not None
        self.number = github.tracker.open_issue("Add notes", "", by="ada")["number"]

    def push(self, commits: int, lines: int) -> None:
        for i in range(commits):
            self.repo.commit(f"change {i}", {f"notes/n{i}.py": code(f"n{i}", lines)})
        self.serve()

    def squash(self) -> None:
        self.repo.git("reset", "-q", "--soft", self.base)
        self.repo.commit("one change", {})
        self.serve()

    def serve(self) -> None:
        head = self.repo.head()
        self.github.pulls = [
            pull(self.number, merged=None, created=at("2026-11-16 10:00"), base_sha=self.base, head_sha=head)
        ]

    def check(self, environ: dict[str, str] | None = None) -> int:
        argv = ["pr-check", "--repo", "acme/shop", "--pr", str(self.number), "--repo-path", str(self.repo.path)]
        return main(argv, {**ENV, **(environ or {})})

    def comments(self) -> list[dict]:  # type: ignore[type-arg]
        assert self.github.tracker is not None
        return sorted(self.github.tracker.comments.values(), key=lambda c: c["id"])


@pytest.fixture
def pr(repo: GitRepo, github: FakeGitHub) -> PullRequest:
    return PullRequest(repo, github)


def test_a_pattern_gets_one_comment_a_fix_resolves_it_and_a_relapse_updates_it(
    pr: PullRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    pr.push(commits=12, lines=1)
    assert pr.check() == 0
    (first,) = pr.comments()
    assert first["body"].startswith(MARKER) and "Many very small commits" in first["body"]
    assert first["user"]["login"] == "github-actions[bot]"
    assert capsys.readouterr().out == ""

    pr.squash()
    assert pr.check() == 0
    (resolved,) = pr.comments()
    assert resolved["id"] == first["id"] and "no longer present" in resolved["body"]

    pr.push(commits=10, lines=1)
    assert pr.check() == 0
    (again,) = pr.comments()
    assert again["id"] == first["id"] and "Many very small commits" in again["body"]


def test_a_clean_pr_gets_no_comment_at_all(pr: PullRequest) -> None:
    pr.push(commits=2, lines=40)
    assert pr.check() == 0
    assert pr.comments() == []


def test_someone_elses_comment_with_the_marker_is_never_touched(pr: PullRequest, github: FakeGitHub) -> None:
    assert github.tracker is not None
    forged = github.tracker.comment_on(pr.number, f"{MARKER}\nI wrote this", by="mallory")
    pr.push(commits=12, lines=1)
    assert pr.check() == 0
    assert forged["body"] == f"{MARKER}\nI wrote this"
    assert [c["user"]["login"] for c in pr.comments()] == ["mallory", "github-actions[bot]"]


def test_clearing_can_delete_the_comment_instead(pr: PullRequest) -> None:
    pr.push(commits=12, lines=1)
    assert pr.check() == 0
    pr.squash()
    assert pr.check({"GOODHART_PR_COMMENT_WHEN_CLEAR": "delete"}) == 0
    assert pr.comments() == []


def test_a_read_only_token_puts_the_result_in_the_summary_and_an_annotation_and_passes(
    pr: PullRequest, github: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert github.tracker is not None
    github.tracker.forbid_writes = True
    pr.push(commits=12, lines=1)
    summary = tmp_path / "summary.md"
    assert pr.check({"GITHUB_STEP_SUMMARY": str(summary)}) == 0
    assert "Many very small commits" in summary.read_text()
    annotation = capsys.readouterr().out
    assert annotation.startswith("::warning title=Goodhart bot could not comment::")
    assert "`pull-requests: write`" in annotation


def test_a_team_can_choose_to_fail_the_step_on_a_finding(pr: PullRequest, tmp_path: Path) -> None:
    pr.push(commits=12, lines=1)
    output = tmp_path / "output"
    assert pr.check({"GOODHART_FAIL_ON_FINDINGS": "true", "GITHUB_OUTPUT": str(output)}) == 5
    assert "warnings<<" in output.read_text()


def write_event(tmp_path: Path, number: int, name: str = "pull-request-opened") -> Path:
    payload = event_payload(
        name, {"number": number, "pull_request": {"number": number}, "repository": {"full_name": "acme/shop"}}
    )
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return path


def test_in_actions_the_pull_request_comes_from_the_event_payload(pr: PullRequest, tmp_path: Path) -> None:
    pr.push(commits=12, lines=1)
    event = write_event(tmp_path, pr.number, "pull-request-synchronize")
    environ = {**ENV, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    assert main(["pr-check", "--repo-path", str(pr.repo.path)], environ) == 0
    assert len(pr.comments()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "could not be read as JSON"),
        ('{"pull_request": {"number": 1}', "could not be read as JSON"),
        ('{"action": "opened"}', "has no pull_request.number"),
        ("[1, 2]", "is not a JSON object"),
    ],
)
def test_a_broken_event_payload_is_a_clear_error_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    event = tmp_path / "event.json"
    event.write_text(content)
    environ = {**ENV, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    assert main(["pr-check", "--repo-path", str(tmp_path)], environ) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_local_check_that_finds_nothing_says_so_not_that_something_was_resolved(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("base", {"app.py": code("app", 30)})
    repo.commit("one change", {"app.py": code("app", 40)})
    assert main(["pr-check", "--repo-path", str(repo.path), "--base", "HEAD~1", "--head", "HEAD"], {}) == 0
    out = capsys.readouterr().out
    assert out.startswith("**Goodhart bot** found no commit-inflation pattern in this change.")
    assert "no longer present" not in out


def test_a_local_check_of_a_ref_that_does_not_exist_exits_3_naming_it(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("base", {"app.py": code("app", 30)})
    assert main(["pr-check", "--repo-path", str(repo.path), "--base", "main", "--head", "feature/nope"], {}) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert "'feature/nope' is not a branch, tag or commit of the clone" in err


def test_a_local_check_of_an_empty_range_says_it_is_empty_before_anything_else(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("base", {"app.py": code("app", 30)})
    repo.commit("one change", {"app.py": code("app", 40)})
    assert main(["pr-check", "--repo-path", str(repo.path), "--base", "HEAD", "--head", "HEAD~1"], {}) == 0
    out = capsys.readouterr().out
    assert out.startswith("> The range HEAD..HEAD~1 is empty: HEAD~1 has no commit that HEAD lacks")


def test_the_comment_names_files_as_code_counts_with_separators_and_gives_no_runner_advice(pr: PullRequest) -> None:
    generated = "".join(f"FIELD_{i} = {i}\n" for i in range(1_500))
    pr.repo.commit("regenerate the API", {"api/service_pb2.py": generated})
    pr.serve()
    assert pr.check() == 0
    (comment,) = pr.comments()
    evidence = "1,500 of 1,500 changed lines (100%) are in generated or vendored files (`service_pb2.py`)"
    assert evidence in comment["body"]
    assert "[`api/service_pb2.py` lines 1-1500]" in comment["body"]  # the place links to the PR's files view
    assert "--repo" not in comment["body"] and "--format" not in comment["body"]
