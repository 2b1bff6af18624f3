"""Successful runs of the named deploy workflows on the default branch (REST: Actions workflow runs)."""

from __future__ import annotations

from itertools import count

from github.GithubException import GithubException, UnknownObjectException
from github.PaginatedList import PaginatedList
from github.WorkflowRun import WorkflowRun

from bot.collect.github.deploys.base import DeployContext, Found
from bot.github.graphql import rest_failure
from bot.records import Deployment, DeploySource
from bot.wording import counted


def read(ctx: DeployContext) -> Found:
    if not ctx.workflows:
        return Found(False, (), "no deploy-workflows configured")
    repository = ctx.github.get_repo(f"{ctx.repo.owner}/{ctx.repo.name}")  # lazy: no request
    found: list[Deployment] = []
    missing: list[str] = []
    for name in ctx.workflows:
        runs = repository.get_workflow(name).get_runs(
            branch=ctx.default_branch or "", status="success", created=f">={ctx.since.date().isoformat()}"
        )
        try:
            found += _deployments(runs, name, ctx)
        except UnknownObjectException:
            missing.append(name)
        except GithubException as error:  # a rate limit past the wait is one too, and not a permission
            raise rest_failure(error, f"reading runs of workflow {name!r}", "actions: read") from None
    if len(missing) == len(ctx.workflows):
        return Found(False, (), f"deploy-workflows not found: {', '.join(missing)}")
    gone = f"; not found: {', '.join(missing)}" if missing else ""
    return Found(True, tuple(found), f"{counted(len(found), 'successful run')} of {', '.join(ctx.workflows)}{gone}")


def _deployments(runs: PaginatedList[WorkflowRun], name: str, ctx: DeployContext) -> list[Deployment]:
    """Page by page, one request each, stopping at the first short page."""
    found = []
    for page in count():
        ctx.spend.rest_requests += 1
        batch = runs.get_page(page)
        found += [
            Deployment(run.head_sha, f"workflow {name}", run.updated_at, True, DeploySource.WORKFLOW)
            for run in batch
            if run.updated_at >= ctx.since
        ]
        if len(batch) < 100:
            return found
    raise AssertionError("unreachable")
