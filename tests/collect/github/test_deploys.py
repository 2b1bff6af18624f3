"""Deployments: the Deployments API first, then workflow runs, release tags and merges, each noted."""

from __future__ import annotations

from bot.records import DeploySource, Severity, Tag
from tests.collect.github.helpers import collect, days_ago
from tests.fakegithub import FakeGitHub, deployment, pull, tag, workflow_run


def test_production_deployments_with_their_latest_status(github: FakeGitHub) -> None:
    github.environments = ["Production", "staging"]
    github.deployments = [
        deployment("a" * 40, days_ago(1), "Production", "SUCCESS"),
        deployment("b" * 40, days_ago(2), "Production", "INACTIVE"),  # superseded by a later deploy: it went live
        deployment("c" * 40, days_ago(3), "Production", "FAILURE"),
        deployment("d" * 40, days_ago(4), "Production", "IN_PROGRESS"),
        deployment("e" * 40, days_ago(5), "staging", "SUCCESS"),
    ]
    dataset = collect()
    assert [(d.sha[0], d.succeeded) for d in dataset.deployments] == [("a", True), ("b", True), ("c", False)]
    assert all(d.source is DeploySource.DEPLOYMENTS_API for d in dataset.deployments)
    (note,) = [n for n in dataset.notes if "deployments from" in n.message]
    assert "1 not finished yet" in note.message and note.severity is Severity.INFO


def test_the_deploy_live_when_the_window_opened_is_kept_to_judge_redeploys(github: FakeGitHub) -> None:
    github.environments = ["production"]
    github.deployments = [deployment(f"{i:040x}", days_ago(i * 10)) for i in range(1, 20)]
    shas = [d.sha for d in collect().deployments]
    assert shas == [f"{i:040x}" for i in (3, 1, 2)]  # 30 days ago (before the window), then the two inside


def test_a_quiet_production_environment_is_a_real_zero_not_a_reason_to_fall_back(github: FakeGitHub) -> None:
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, days_ago(60))]
    github.pulls = [pull(1, merged=days_ago(1))]
    dataset = collect()
    assert [d.finished_at for d in dataset.deployments] == [days_ago(60)]  # only the one live at the start
    assert "deployments" in dataset.read


def test_workflow_runs_are_the_first_fallback(github: FakeGitHub) -> None:
    github.environments = ["staging"]
    github.workflows = {
        "deploy.yml": [
            workflow_run("a" * 40, days_ago(1)),
            workflow_run("b" * 40, days_ago(2), branch="feature"),
            workflow_run("c" * 40, days_ago(3), conclusion="failure"),
        ]
    }
    dataset = collect(deploy_workflows=("deploy.yml",))
    assert [(d.sha[0], d.source) for d in dataset.deployments] == [("a", DeploySource.WORKFLOW)]
    (note,) = [n for n in dataset.notes if "deployments from" in n.message]
    assert "passed over: deployments-api: no environment matches" in note.message


def test_a_missing_workflow_falls_through_to_tags_from_the_clone(github: FakeGitHub) -> None:
    tags = (Tag("v1.2.0", "f" * 40, days_ago(3)),)
    dataset = collect(git_tags=tags, deploy_workflows=("nope.yml",))
    assert [(d.sha, d.source) for d in dataset.deployments] == [("f" * 40, DeploySource.TAG)]
    (note,) = [n for n in dataset.notes if "deployments from tag" in n.message]
    assert note.severity is Severity.ATTENTION and "local clone" in note.message
    assert "deploy-workflows not found: nope.yml" in note.message


def test_without_a_clone_tags_come_from_github(github: FakeGitHub) -> None:
    github.tags = [
        tag("v2.0.0", "a" * 40, days_ago(2)),
        tag("v1.9.0", "b" * 40, days_ago(9), annotated=False),
        tag("nightly", "c" * 40, days_ago(1)),
        tag("v1.0.0", "d" * 40, days_ago(90)),
    ]
    dataset = collect()
    assert sorted(d.sha[0] for d in dataset.deployments) == ["a", "b"]


def test_an_annotated_tag_without_a_tagger_is_dated_by_its_commit(github: FakeGitHub) -> None:
    github.tags = [tag("v3.0.0", "e" * 40, days_ago(4), tagger=False)]
    dataset = collect()
    assert [(d.sha, d.finished_at) for d in dataset.deployments] == [("e" * 40, days_ago(4))]


def test_merges_to_the_default_branch_are_the_last_resort(github: FakeGitHub) -> None:
    github.pulls = [pull(1, merged=days_ago(1)), pull(2, merged=days_ago(2), base="release/1.x")]
    dataset = collect()
    assert [(d.sha, d.source) for d in dataset.deployments] == [(f"{1:040x}", DeploySource.MERGE)]


def test_a_token_without_deployments_access_is_told_the_permission_line(github: FakeGitHub) -> None:
    github.forbidden.add("environments")
    github.pulls = [pull(1, merged=days_ago(1))]
    dataset = collect()
    (note,) = [n for n in dataset.notes if n.severity is Severity.MISSING]
    assert note.fix is not None and "`deployments: read`" in note.fix
    assert "deployments" not in dataset.read and "pull_requests" in dataset.read and "incidents" in dataset.read
