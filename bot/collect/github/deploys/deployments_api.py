"""GitHub Deployments to the environments that ``production-environments`` matches."""

from __future__ import annotations

from typing import Any

from bot.collect.github.deploys.base import DeployContext, Found
from bot.collect.github.nodes import required_when, when
from bot.github.graphql import dig
from bot.records import Deployment, DeploySource
from bot.wording import counted

_SUCCEEDED = frozenset({"SUCCESS", "INACTIVE"})  # INACTIVE: superseded by a later deploy, so it did go live
_FAILED = frozenset({"FAILURE", "ERROR"})


def read(ctx: DeployContext) -> Found:
    data = ctx.gql.run("environments", owner=ctx.repo.owner, name=ctx.repo.name)
    names = [e["name"] for e in dig(data, ("repository", "environments", "nodes")) or [] if e]
    production = [n for n in names if ctx.production.search(n)]
    if not production:
        seen = ", ".join(names) or "none"
        return Found(False, (), f"no environment matches {ctx.production.pattern!r} (environments: {seen})")
    found: list[Deployment] = []
    unfinished = 0
    seen_any = False
    for _, nodes in ctx.gql.pages(
        "deployments", ("repository", "deployments"), owner=ctx.repo.owner, name=ctx.repo.name, environments=production
    ):
        seen_any = seen_any or bool(nodes)
        for node in nodes:
            deployment = _deployment(node)
            if deployment is None:
                unfinished += 1
            else:
                found.append(deployment)
        if any(required_when(n["createdAt"]) < ctx.since for n in nodes):
            break
    kept = _window_and_the_one_before(found, ctx)
    pending = f"; {unfinished} not finished yet, left out" if unfinished else ""
    note = f"{counted(len(kept), 'deployment')} to {', '.join(production)}{pending}"
    return Found(seen_any, tuple(kept), note)


def _deployment(node: dict[str, Any]) -> Deployment | None:
    status = node.get("latestStatus") or {}
    state = str(status.get("state") or "")
    if state not in _SUCCEEDED | _FAILED:
        return None
    return Deployment(
        sha=node.get("commitOid") or "",
        environment=node.get("environment") or "",
        finished_at=when(status.get("createdAt")) or required_when(node["createdAt"]),
        succeeded=state in _SUCCEEDED,
        source=DeploySource.DEPLOYMENTS_API,
    )


def _window_and_the_one_before(found: list[Deployment], ctx: DeployContext) -> list[Deployment]:
    """The deploy live when the window opened tells whether the first one in it shipped anything new."""
    inside = [d for d in found if d.finished_at >= ctx.since]
    before = [d for d in found if d.finished_at < ctx.since and d.succeeded]
    return ([max(before, key=lambda d: d.finished_at)] if before else []) + inside
