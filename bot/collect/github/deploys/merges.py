"""The last resort: every merge to the default branch counts as a deployment."""

from __future__ import annotations

from bot.collect.github.deploys.base import DeployContext, Found
from bot.records import Deployment, DeploySource
from bot.wording import counted


def read(ctx: DeployContext) -> Found:
    branch = ctx.default_branch
    deployments = tuple(
        Deployment(pr.merge_commit_sha, f"merge to {pr.base_ref}", pr.merged_at, True, DeploySource.MERGE)
        for pr in ctx.pull_requests
        if pr.merged_at is not None and pr.merge_commit_sha and (branch is None or pr.base_ref == branch)
    )
    return Found(True, deployments, f"{counted(len(deployments), 'merge')} to {branch or 'the default branch'}")
