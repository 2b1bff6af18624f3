"""Contract: every query the bot sends is one GitHub's published schema accepts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from tests.contract import refresh
from tests.contract.github import graphql_errors

QUERIES = sorted((Path(str(resources.files("bot.collect.github"))) / "queries").glob("*.graphql"))


def test_there_are_queries_to_check() -> None:
    assert {q.stem for q in QUERIES} >= {"pull_requests", "deployments", "incidents", "environments", "tags"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.stem)
def test_each_query_validates_against_githubs_schema(query: Path) -> None:
    assert graphql_errors(query.read_text()) == []


def test_a_wrong_field_is_caught() -> None:
    assert graphql_errors('query { repository(owner: "a", name: "b") { pullRequestz { totalCount } } }')


@pytest.mark.skipif(not refresh.DEFAULT_SOURCE.is_dir(), reason="GitHub's original files are not beside the project")
def test_the_copies_match_githubs_published_files() -> None:
    """Where ../shared is present (CI), the compact copies must be what refresh.py makes of it."""
    import gzip
    import json

    assert gzip.decompress(refresh.SCHEMA_COPY.read_bytes()).decode() == refresh.schema_sdl(refresh.DEFAULT_SOURCE)
    assert json.loads(gzip.decompress(refresh.REST_COPY.read_bytes())) == json.loads(
        json.dumps(refresh.rest_subset(refresh.DEFAULT_SOURCE), sort_keys=True)
    )
    assert json.loads(gzip.decompress(refresh.WEBHOOKS_COPY.read_bytes())) == json.loads(
        json.dumps(refresh.webhook_subset(refresh.DEFAULT_SOURCE), sort_keys=True)
    )
