from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import SecretStr

from bot.collect.github.collector import GitHubRequest, collect_github
from bot.collect.github.points import PointsRules
from bot.github.client import Credentials
from bot.records import Dataset, Tag

NOW = datetime(2026, 11, 16, tzinfo=UTC)
SINCE = NOW - timedelta(weeks=4)

REQUEST = GitHubRequest(
    repo="acme/shop",
    credentials=Credentials(token=SecretStr("ghp_test_token")),
    api_url="https://api.github.com",
    since=SINCE,
    production_environments=re.compile(r"^(prod|production|live)$", re.IGNORECASE),
    deploy_workflows=(),
    release_tags=re.compile(r"^v\d+\.\d+\.\d+$"),
    incident_labels=("incident",),
    points=PointsRules(re.compile(r"^(points|sp|story points?)[:/ ]\s*(\d+)$", re.IGNORECASE)),
    points_field=None,
    max_rate_limit_wait=60,
    timeout=10,
)


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def collect(git_tags: tuple[Tag, ...] | None = None, sleeps: list[float] | None = None, **changes: Any) -> Dataset:
    slept = sleeps if sleeps is not None else []
    return collect_github(replace(REQUEST, **changes), git_tags, sleep=slept.append)
