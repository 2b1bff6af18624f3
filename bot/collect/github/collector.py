"""Everything the digest reads from GitHub, in a handful of requests, and a note for what it could not.

First the run is priced (``budget.py``): when the hour's GraphQL points cannot pay for it, nothing else
is spent. Order matters for the budget: pull requests first (the merges fallback needs them) with their
inline review comments, then deployments, then incidents, then the issues closed as completed (story
points). When the rate limit will not reset in time the collector stops, keeps what it has, and marks the
rest missing; when a permission is missing it says which line to add.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from github import Github

from bot.collect.github import budget
from bot.collect.github.deploys import SOURCES, DeployContext
from bot.collect.github.incidents import collect_incidents
from bot.collect.github.named_queries import query_text
from bot.collect.github.points import PointsRules
from bot.collect.github.pulls import PullRequestPages, collect_pull_requests, with_inline_comments
from bot.collect.github.review_comments import inline_comments_by_review
from bot.collect.github.work_items import collect_work_items
from bot.github.client import Credentials, connect
from bot.github.graphql import GraphQL, PermissionDeniedError, RateLimitError, Spend
from bot.github.repo import Repo
from bot.records import Dataset, Deployment, DeploySource, Incident, Severity, Source, SourceNote, Tag, WorkItem
from bot.wording import counted

log = logging.getLogger("goodhart")
SOURCE = "GitHub"

STEPS = {
    Source.PULL_REQUESTS: ("pull requests", "pull-requests: read"),
    Source.DEPLOYMENTS: ("deployments", "deployments: read"),
    Source.INCIDENTS: ("incidents", "issues: read"),
    Source.WORK_ITEMS: ("work items", "issues: read"),
}
"""What each step reads, in words, and the permission line it needs."""
REVIEW_COMMENTS = ("review comments", "pull-requests: read")


@dataclass(frozen=True, slots=True)
class GitHubRequest:
    """What to read, and how patiently."""

    repo: str
    credentials: Credentials
    api_url: str
    since: datetime
    production_environments: re.Pattern[str]
    deploy_workflows: tuple[str, ...]
    release_tags: re.Pattern[str]
    incident_labels: tuple[str, ...]
    points: PointsRules
    points_field: str | None
    max_rate_limit_wait: float
    timeout: float


def collect_github(
    request: GitHubRequest,
    git_tags: tuple[Tag, ...] | None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Dataset:
    """The GitHub part of the dataset; its notes say what was read, from where, and what was not."""
    if not request.credentials.present:
        return Dataset(notes=(_no_token_note(),))
    github = connect(
        request.credentials,
        api_url=request.api_url,
        max_rate_limit_wait=request.max_rate_limit_wait,
        timeout=request.timeout,
    )
    spend = Spend()
    gql = GraphQL(
        github.requester, spend, max_wait=request.max_rate_limit_wait, texts=query_text, sleep=sleep, clock=clock
    )
    run = _Run(request=request, github=github, gql=gql, spend=spend, git_tags=git_tags)
    run.price = lambda: _price(run, sleep, clock)
    try:
        run.all()
    finally:
        log.info(spend.summary())
    return run.dataset()


class _Run:
    def __init__(
        self, request: GitHubRequest, github: Github, gql: GraphQL, spend: Spend, git_tags: tuple[Tag, ...] | None
    ) -> None:
        self.request, self.github, self.gql, self.spend, self.git_tags = request, github, gql, spend, git_tags
        self.repo = Repo.parse(request.repo)
        self.pages = PullRequestPages((), None)
        self.deployments: tuple[Deployment, ...] = ()
        self.incidents: tuple[Incident, ...] = ()
        self.work_items: tuple[WorkItem, ...] = ()
        self.notes: list[SourceNote] = []
        self.read: set[Source] = set()
        self.price: Callable[[], object] = lambda: None
        """Prices the run before it spends (``budget.ensure_affordable``); raises when it cannot finish."""

    def all(self) -> None:
        """Each step in turn, with the kind of record it fills (None: it refines another's)."""
        steps: list[tuple[tuple[str, str], Callable[[], object], Source | None]] = [
            (STEPS[Source.PULL_REQUESTS], self.price, None),
            (STEPS[Source.PULL_REQUESTS], self._pull_requests, Source.PULL_REQUESTS),
            (REVIEW_COMMENTS, self._review_comments, None),
            (STEPS[Source.DEPLOYMENTS], self._deployments, Source.DEPLOYMENTS),
            (STEPS[Source.INCIDENTS], self._incidents, Source.INCIDENTS),
            (STEPS[Source.WORK_ITEMS], self._work_items, Source.WORK_ITEMS),
        ]
        for index, ((what, permission), step, source) in enumerate(steps):
            try:
                step()
                if source is not None:
                    self.read.add(source)
            except PermissionDeniedError as error:
                self.notes.append(_forbidden_note(what, str(error), error.permission or permission))
            except RateLimitError as error:
                skipped = ", ".join(dict.fromkeys(what for (what, _), _, _ in steps[index:]))
                self.notes.append(
                    SourceNote(
                        source=SOURCE,
                        severity=Severity.PARTIAL,
                        message=f"stopped early: {error}; not collected: {skipped}",
                        fix=error.fix,
                    )
                )
                return

    def dataset(self) -> Dataset:
        return Dataset(
            read=frozenset(self.read),
            default_branch=self.pages.default_branch,
            pull_requests=self.pages.pull_requests,
            work_items=self.work_items,
            deployments=self.deployments,
            incidents=self.incidents,
            notes=tuple(self.notes),
        )

    def _pull_requests(self) -> None:
        self.pages = collect_pull_requests(self.gql, self.repo, since=self.request.since)
        merged = counted(len(self.pages.pull_requests), "merged pull request")
        self.notes.append(SourceNote(SOURCE, Severity.INFO, merged))
        long_threads = [pr for pr in self.pages.pull_requests if pr.unread_discussion]
        if long_threads:
            unread = sum(pr.unread_discussion for pr in long_threads)
            self.notes.append(
                SourceNote(
                    SOURCE,
                    Severity.INFO,
                    f"{counted(len(long_threads), 'pull request has|pull requests have')} more than 100 reviews or "
                    "comments: the first 100 "
                    f"of each were read, the other {unread} counted from GitHub's totals as substantive",
                )
            )

    def _review_comments(self) -> None:
        """Inline comments of the PRs' reviews, from REST (GraphQL would charge 100 points a page for them)."""
        since = self.pages.first_reviewed_pr_opened
        if since is not None:
            counts = inline_comments_by_review(self.github, self.spend, self.repo, since)
            self.pages = with_inline_comments(self.pages, counts)

    def _deployments(self) -> None:
        context = DeployContext(
            gql=self.gql,
            github=self.github,
            spend=self.spend,
            repo=self.repo,
            since=self.request.since,
            production=self.request.production_environments,
            workflows=self.request.deploy_workflows,
            release_tags=self.request.release_tags,
            default_branch=self.pages.default_branch,
            pull_requests=self.pages.pull_requests,
            git_tags=self.git_tags,
        )
        passed_over: list[str] = []
        for reader in SOURCES:
            found = reader.read(context)
            if found.applies:
                self.deployments = found.deployments
                fallback = f" (passed over: {'; '.join(passed_over)})" if passed_over else ""
                proxy = reader.source in (DeploySource.TAG, DeploySource.MERGE)
                self.notes.append(
                    SourceNote(
                        source=SOURCE,
                        severity=Severity.ATTENTION if proxy else Severity.INFO,
                        message=f"deployments from {reader.source.value}: {found.note}{fallback}",
                        fix="deploy to a GitHub environment matching production-environments, or name your "
                        "deploy-workflows, to count real deployments"
                        if proxy
                        else None,
                    )
                )
                return
            passed_over.append(f"{reader.source.value}: {found.note}")

    def _incidents(self) -> None:
        self.incidents = collect_incidents(
            self.gql, self.repo, since=self.request.since, labels=self.request.incident_labels
        )
        labels = ", ".join(self.request.incident_labels)
        self.notes.append(
            SourceNote(SOURCE, Severity.INFO, f"{counted(len(self.incidents), 'incident')} (labels: {labels})")
        )

    def _work_items(self) -> None:
        field = self.request.points_field
        try:
            self.work_items = self._read_work_items(field)
        except PermissionDeniedError:
            if field is None:
                raise
            self.work_items = self._read_work_items(None)
            self.notes.append(
                SourceNote(
                    source=SOURCE,
                    severity=Severity.MISSING,
                    message=f"story points from the project field {field!r} could not be read: the token cannot "
                    "read projects; points from labels and issue bodies were read",
                    fix="use a token or GitHub App that can read projects (the built-in GITHUB_TOKEN cannot)",
                )
            )
        pointed = sum(1 for w in self.work_items if w.points is not None)
        self.notes.append(
            SourceNote(
                SOURCE,
                Severity.INFO,
                f"{len(self.work_items)} issues closed as completed; {pointed} of them carry story points",
            )
        )

    def _read_work_items(self, points_field: str | None) -> tuple[WorkItem, ...]:
        return collect_work_items(
            self.gql, self.repo, since=self.request.since, points=self.request.points, points_field=points_field
        )


def _price(run: _Run, sleep: Callable[[float], None], clock: Callable[[], datetime]) -> budget.Estimate:
    request = run.request
    scope = budget.Scope(run.repo, request.since, request.incident_labels, request.points_field is not None)
    return budget.ensure_affordable(run.gql, scope, max_wait=request.max_rate_limit_wait, now=clock(), sleep=sleep)


def _no_token_note() -> SourceNote:
    return SourceNote(
        source=SOURCE,
        severity=Severity.MISSING,
        message="not read: no token. Review depth and coverage, deployments, incidents and story points are absent, "
        "not zero",
        fix="set token (the action's GITHUB_TOKEN, or GOODHART_TOKEN) to read them",
    )


def _forbidden_note(what: str, message: str, permission: str) -> SourceNote:
    return SourceNote(
        source=SOURCE,
        severity=Severity.MISSING,
        message=f"{what} not read: the token may not ({message})",
        fix=f"add `{permission}` under `permissions:` in the workflow (or give the token that access)",
    )
