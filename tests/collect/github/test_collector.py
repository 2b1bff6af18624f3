"""The collector as a whole: credentials, servers, rate limits and faults, over an HTTP-level fake."""

from __future__ import annotations

import time

import pytest
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from bot.errors import SourceError
from bot.github.client import Credentials
from bot.records import Severity
from tests.collect.github.helpers import collect, days_ago
from tests.fakegithub import FakeGitHub, deployment, issue, pull

RATE_LIMITED = {"message": "API rate limit exceeded for installation ID 1.", "documentation_url": "https://docs"}


def busy_repository(github: FakeGitHub) -> None:
    github.pulls = [pull(n, merged=days_ago(n / 10)) for n in range(1, 121)]
    github.environments = ["production"]
    github.deployments = [deployment(f"{n:040x}", days_ago(n)) for n in range(1, 10)]
    github.issues = [issue(1, labels=("incident",), created=days_ago(2))]


def reset_in(seconds: int) -> dict[str, str]:
    return {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + seconds)}


def test_without_credentials_nothing_is_requested_and_the_gap_is_explained(github: FakeGitHub) -> None:
    dataset = collect(credentials=Credentials())
    assert github.requests == []
    (note,) = dataset.notes
    assert note.severity is Severity.MISSING and note.fix is not None and "token" in note.fix


def test_a_primary_rate_limit_that_resets_soon_is_waited_out(github: FakeGitHub) -> None:
    busy_repository(github)
    github.fail(403, RATE_LIMITED, reset_in(20))
    dataset = collect()
    assert len(dataset.pull_requests) == 120
    assert github.graphql_requests("Budget") == 2  # the refused one, then the price
    assert github.graphql_requests("PullRequests") == 2
    assert dataset.read == {"pull_requests", "deployments", "incidents", "work_items"}


def test_a_primary_rate_limit_beyond_the_wait_stops_cleanly_and_says_what_is_missing(github: FakeGitHub) -> None:
    busy_repository(github)
    github.pulls = github.pulls[:50]
    github.environments = []
    github.fail(403, RATE_LIMITED, reset_in(3600), target="graphql")
    dataset = collect()
    (partial,) = [n for n in dataset.notes if n.severity is Severity.PARTIAL]
    assert "not collected: pull requests, review comments, deployments, incidents, work items" in partial.message
    assert dataset.read == frozenset() and dataset.pull_requests == ()


def test_a_rate_limit_midway_keeps_what_was_read(github: FakeGitHub) -> None:
    busy_repository(github)
    github.fail(429, {"message": "slow down"}, {"Retry-After": "900"}, after=3)  # the price, 2 PR pages
    dataset = collect()
    assert dataset.read == {"pull_requests"}
    assert len(dataset.pull_requests) == 120
    (partial,) = [n for n in dataset.notes if n.severity is Severity.PARTIAL]
    assert "not collected: deployments, incidents, work items" in partial.message
    assert "asked for 900s" in partial.message


def test_a_secondary_limit_with_a_short_retry_after_is_retried(github: FakeGitHub) -> None:
    busy_repository(github)
    github.fail(429, {"message": "You have exceeded a secondary rate limit."}, {"Retry-After": "3"}, times=2)
    assert len(collect().pull_requests) == 120
    assert github.graphql_requests("Budget") == 3  # refused twice, then the price
    assert github.graphql_requests("PullRequests") == 2


def test_bursts_of_server_errors_are_retried(github: FakeGitHub) -> None:
    busy_repository(github)
    github.fail(502, "<html>bad gateway</html>", times=2)
    github.fail(503, {"message": "unavailable"})
    assert collect().read == {"pull_requests", "deployments", "incidents", "work_items"}
    assert github.graphql_requests() == 7 + 3  # seven queries, three of them answered only when retried


def test_graphqls_own_rate_limit_answer_is_waited_for_once(github: FakeGitHub) -> None:
    busy_repository(github)
    body = {"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}
    github.fail(200, body, {"x-ratelimit-reset": str(int(time.time()) + 30)}, target="graphql")
    slept: list[float] = []
    dataset = collect(sleeps=slept)
    assert len(slept) == 1 and 25 <= slept[0] <= 32
    assert len(dataset.pull_requests) == 120


def test_a_rejected_token_is_a_source_error_that_names_the_setting(github: FakeGitHub) -> None:
    with pytest.raises(SourceError, match="rejected the token"):
        collect(credentials=Credentials(token=SecretStr("revoked-token")))


def test_an_unknown_repository_is_a_source_error(github: FakeGitHub) -> None:
    with pytest.raises(SourceError, match="not found"):
        collect(repo="acme/nope")


def test_github_enterprise_is_reached_at_its_own_api_url() -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        server = FakeGitHub(api="https://ghe.example.com/api/v3").install(mock)
        server.pulls = [pull(1, merged=days_ago(1))]
        dataset = collect(api_url="https://ghe.example.com/api/v3")
    assert len(dataset.pull_requests) == 1
    assert {path for _, path, _ in server.requests} == {"/api/graphql"}


def test_a_github_app_installation_authenticates_with_its_own_token(github: FakeGitHub) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    github.pulls = [pull(1, merged=days_ago(1))]
    credentials = Credentials(app_id=12345, installation_id=678, private_key=SecretStr(pem.decode()))
    dataset = collect(credentials=credentials)
    assert len(dataset.pull_requests) == 1
    assert ("POST", "/app/installations/678/access_tokens", "") in github.requests
    assert set(github.authorizations) == {"token ghs_installation_token"}


def test_spend_is_logged_at_the_end(github: FakeGitHub, caplog: pytest.LogCaptureFixture) -> None:
    busy_repository(github)
    with caplog.at_level("INFO", logger="goodhart"):
        collect()
    assert "GitHub: 7 GraphQL queries (cost 18 points, 4982 left), 0 REST requests" in caplog.text


@pytest.mark.parametrize(
    ("refused", "not_read", "line"),
    [
        ("pullRequests", "pull_requests", "`pull-requests: read`"),
        ("environments", "deployments", "`deployments: read`"),
        ("issues", "incidents work_items", "`issues: read`"),
    ],
)
def test_each_missing_permission_is_named_with_its_line_and_the_rest_is_read(
    github: FakeGitHub, refused: str, not_read: str, line: str
) -> None:
    busy_repository(github)
    github.forbidden.add(refused)
    dataset = collect()
    missing = [n for n in dataset.notes if n.severity is Severity.MISSING]
    assert len(missing) == len(not_read.split()) and all(n.fix and line in n.fix for n in missing)
    assert dataset.read == {"pull_requests", "deployments", "incidents", "work_items"} - set(not_read.split())
