"""The face of a deployment source: what it is given, and what it answers.

Sources are tried in the order of :data:`bot.collect.github.deploys.SOURCES`; the first that *applies*
is used, even when it found no deployment in the window (a quiet month is data, not a reason to guess
from a weaker source). Each source says in one line what it found or why it did not apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from github import Github

from bot.github.graphql import GraphQL, Spend
from bot.github.repo import Repo
from bot.records import Deployment, DeploySource, PullRequest, Tag


@dataclass(frozen=True, slots=True)
class DeployContext:
    gql: GraphQL
    github: Github
    spend: Spend
    repo: Repo
    since: datetime
    production: re.Pattern[str]
    workflows: tuple[str, ...]
    release_tags: re.Pattern[str]
    default_branch: str | None
    pull_requests: tuple[PullRequest, ...]
    git_tags: tuple[Tag, ...] | None
    """Release tags from the local clone, or None when there is no clone to read."""


@dataclass(frozen=True, slots=True)
class Found:
    applies: bool
    deployments: tuple[Deployment, ...]
    note: str


@dataclass(frozen=True, slots=True)
class DeploySourceReader:
    source: DeploySource
    read: Callable[[DeployContext], Found]
