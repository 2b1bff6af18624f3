"""Faults injected under the real entry points: each run recovers within its bounded wait, or stops with
a clear message and a meaningful exit code; never a duplicate, never a half-built digest posted."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.measure.weeks import IsoWeek
from bot.publish.markers import digest_marker
from tests.fakegithub import FakeGitHub, deployment, issue, pull, review
from tests.gitrepo import at

NOW = at("2026-11-18 08:00")
ENV = {"GOODHART_TOKEN": "ghp_test", "GOODHART_WRITE_INTERVAL": "0", "GOODHART_MAX_RATE_LIMIT_WAIT": "60"}
MARKER = digest_marker("acme/shop", IsoWeek(2026, 46))
RATE_LIMITED = {"message": "API rate limit exceeded for installation ID 1.", "documentation_url": "https://docs"}


def reset_in(seconds: int) -> dict[str, str]:
    return {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + seconds)}


def week_of_data(github: FakeGitHub) -> None:
    github.pulls = [pull(n, merged=at(f"2026-11-1{n} 10:00")) for n in range(1, 4)]
    github.environments = ["production"]
    github.deployments = [deployment("a" * 40, at("2026-11-11 10:00"))]
    github.issues = [issue(9, labels=("incident",), created=at("2026-11-12 10:00"))]


def reviewed(github: FakeGitHub) -> None:
    """A reviewed PR, so that the run reads review comments from REST."""
    github.pulls.append(
        pull(4, merged=at("2026-11-13 10:00"), reviews=(review("bo", at=at("2026-11-13 09:00"), inline=2),))
    )


def both(*setups: Callable[[FakeGitHub], object]) -> Callable[[FakeGitHub], None]:
    def apply(github: FakeGitHub) -> None:
        for setup in setups:
            setup(github)

    return apply


def tracker(github: FakeGitHub):  # type: ignore[no-untyped-def]
    assert github.tracker is not None
    return github.tracker


FAULTS = [
    ("primary rate limit that resets in time", lambda g: g.fail(403, RATE_LIMITED, reset_in(20)), 0, 1, "created"),
    (
        "primary rate limit past the wait",
        lambda g: g.fail(403, RATE_LIMITED, reset_in(3600), target="graphql"),
        6,
        0,
        "partial",
    ),
    (
        "secondary limit, short Retry-After",
        lambda g: g.fail(429, {"message": "You have exceeded a secondary rate limit."}, {"Retry-After": "5"}, times=2),
        0,
        1,
        "created",
    ),
    (
        "secondary limit, Retry-After past the wait",
        lambda g: g.fail(
            403,
            {"message": "You have exceeded a secondary rate limit."},
            {"Retry-After": "900"},
            after=2,
            target="graphql",
        ),
        6,
        0,
        "asked for 900s",
    ),
    (
        "burst of 502 and 503",
        both(
            lambda g: g.fail(502, "<html>bad gateway</html>", times=3),
            lambda g: g.fail(503, {"message": "unavailable"}, times=2),
        ),
        0,
        1,
        "created",
    ),
    (
        "REST primary rate limit past the wait",
        both(reviewed, lambda g: g.fail(403, RATE_LIMITED, reset_in(3600), target="rest")),
        6,
        0,
        "reading review comments; it asked for",
    ),
    (
        "REST secondary limit, Retry-After past the wait",
        both(
            reviewed,
            lambda g: g.fail(
                429, {"message": "You have exceeded a secondary rate limit."}, {"Retry-After": "900"}, target="rest"
            ),
        ),
        6,
        0,
        "asked for 900s and resets at",
    ),
    (
        "GraphQL RATE_LIMIT answer past the wait",
        lambda g: g.fail(
            200,
            {
                "errors": [
                    {"type": "RATE_LIMIT", "code": "graphql_rate_limit", "message": "API rate limit already exceeded"}
                ]
            },
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW.timestamp()) + 3600)},
            target="graphql",
            after=1,
        ),
        6,
        0,
        "GraphQL rate limit is used up and resets at 2026-11-18 09:00 UTC",
    ),
    ("a read that times out", lambda g: g.fail(0, target="graphql"), 3, 0, "could not reach GitHub"),
    ("a truncated JSON body", lambda g: g.fail(200, '{"data": {"rateLimit": {', target="graphql"), 3, 0, "not JSON"),
    ("a body that is not JSON", lambda g: g.fail(200, "<html>maintenance</html>", target="graphql"), 3, 0, "not JSON"),
    ("writes refused (403)", lambda g: setattr(tracker(g), "forbid_writes", True), 4, 0, "`issues: write`"),
    (
        "a create that happened, answered 502",
        lambda g: setattr(tracker(g), "applied_then_failed", 1),
        0,
        1,
        "looking for it",
    ),
    ("a repository that does not exist", lambda g: setattr(g, "name", "other"), 3, 0, "not found"),
]


@pytest.mark.parametrize(("fault", "inject", "exit_code", "issues", "told"), FAULTS, ids=[f[0] for f in FAULTS])
def test_the_digest_under_a_fault(
    tmp_path: Path,
    github: FakeGitHub,
    capsys: pytest.CaptureFixture[str],
    fault: str,
    inject: Callable[[FakeGitHub], None],
    exit_code: int,
    issues: int,
    told: str,
) -> None:
    week_of_data(github)
    inject(github)
    summary = tmp_path / "summary.md"
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46"]
    code = main(argv, {**ENV, "GITHUB_STEP_SUMMARY": str(summary)}, NOW)
    out, err = capsys.readouterr()
    assert code == exit_code, err
    posted = [i for i in tracker(github).issues.values() if MARKER in i["body"]]
    assert len(posted) == issues
    assert told in err + out
    assert "Traceback" not in err
    if exit_code == 6:  # partial: shown, labelled, never posted
        assert "(partial): stopped early" in out and summary.read_text().startswith("# Goodhart digest")


def test_a_digest_issue_deleted_between_finding_and_updating_is_a_clear_publish_error(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    week_of_data(github)
    argv = ["digest", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46"]
    assert main(argv, ENV, NOW) == 0
    github.deployments.append(deployment("b" * 40, at("2026-11-13 10:00")))  # so the body changes
    github.fail(404, {"message": "Not Found"}, target="PATCH")
    code = main(argv, ENV, NOW)
    err = capsys.readouterr().err
    assert code == 4 and "could not update the digest issue: GitHub answered 404" in err
    assert "Traceback" not in err
    assert len([i for i in tracker(github).issues.values() if MARKER in i["body"]]) == 1


def test_a_pull_request_that_no_longer_exists_is_a_source_error(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["pr-check", "--repo", "acme/shop", "--pr", "404", "--repo-path", str(tmp_path)], ENV, NOW)
    assert code == 3
    assert "pull request #404 was not found" in capsys.readouterr().err


def test_a_pull_request_check_past_the_rate_limit_stops_and_says_so(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    github.fail(403, RATE_LIMITED, reset_in(3600), target="graphql")
    code = main(["pr-check", "--repo", "acme/shop", "--pr", "1", "--repo-path", str(tmp_path)], ENV, NOW)
    assert code == 3
    assert "will not reset within max-rate-limit-wait" in capsys.readouterr().err
    assert tracker(github).comments == {}
