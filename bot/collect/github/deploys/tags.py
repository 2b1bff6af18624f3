"""Release tags: from the local clone when there is one, else from GitHub's refs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.collect.github.deploys.base import DeployContext, Found
from bot.collect.github.nodes import when
from bot.github.graphql import dig
from bot.records import Deployment, DeploySource, Tag
from bot.wording import counted


def read(ctx: DeployContext) -> Found:
    tags = ctx.git_tags if ctx.git_tags is not None else tuple(_tags_from_github(ctx))
    deployments = as_deployments(t for t in tags if t.created_at >= ctx.since)
    where = "local clone" if ctx.git_tags is not None else "GitHub"
    if not deployments:
        return Found(False, (), f"no tag matching {ctx.release_tags.pattern!r} in the window ({where})")
    return Found(True, deployments, f"{counted(len(deployments), 'release tag')} ({where})")


def as_deployments(tags: Iterable[Tag]) -> tuple[Deployment, ...]:
    """Each release tag as a deployment of the commit it marks, when it was created, shipping what it first contains."""
    return tuple(
        Deployment(t.sha, f"tag {t.name}", t.created_at, True, DeploySource.TAG, t.first_contains) for t in tags
    )


def _tags_from_github(ctx: DeployContext) -> list[Tag]:
    found = []
    for _, nodes in ctx.gql.pages("tags", ("repository", "refs"), owner=ctx.repo.owner, name=ctx.repo.name):
        dated = [(node, _tag_date(node)) for node in nodes]
        found += [
            Tag(node["name"], _commit_sha(node), moment)
            for node, moment in dated
            if moment is not None and ctx.release_tags.search(node["name"])
        ]
        if any(moment is not None and moment < ctx.since for _, moment in dated):
            break
    return found


def _tag_date(node: dict[str, Any]) -> datetime | None:
    """An annotated tag's own date, else its commit's (a lightweight tag, or an annotated one with no tagger)."""
    target = node.get("target") or {}
    return when(
        dig(target, ("tagger", "date")) or target.get("committedDate") or dig(target, ("target", "committedDate"))
    )


def _commit_sha(node: dict[str, Any]) -> str:
    target = node.get("target") or {}
    return str(dig(target, ("target", "oid")) or target.get("oid") or "")
