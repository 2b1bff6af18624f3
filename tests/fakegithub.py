"""A stateful GitHub at the HTTP level, for ``responses``.

GraphQL requests are validated and then *executed* against GitHub's published schema over in-memory
state, so every answer has exactly the shape GitHub would give that query. REST answers start from the
smallest body GitHub's OpenAPI description allows and are validated against it. Faults (rate limits,
errors, broken bodies) are queued and served before the state answers.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests
import responses
from graphql import GraphQLError, execute_sync, parse

from tests.contract.github import check_rest_request, example, example_item, graphql_errors, graphql_schema
from tests.fakerest import IssueTracker
from tests.graphqlcost import HourlyBudget, connection_requests, points

Json = dict[str, Any]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def connection(
    items: list[Any], first: int | None = None, after: str | None = None, last: int | None = None, **_: Any
) -> Json:
    """A cursor connection over ``items``; the cursor is the offset, as opaque to the bot as GitHub's."""
    start = int(after) if after else 0
    if last is not None:
        chunk, start = items[-last:], max(0, len(items) - last)
    else:
        chunk = items[start : start + (first or 100)]
    end = start + len(chunk)
    return {
        "totalCount": len(items),
        "nodes": chunk,
        "pageInfo": {"hasNextPage": end < len(items), "endCursor": str(end) if chunk else after},
    }


def paged(items: list[Any]) -> Callable[..., Json]:
    return lambda _info, **args: connection(items, **args)


class NotFoundError(GraphQLError):
    """Rendered as GitHub renders it: ``{"type": "NOT_FOUND", ...}``."""


@dataclass
class Fault:
    status: int
    body: Any
    headers: dict[str, str]
    target: str  # "graphql", "rest" or "any"
    after: int  # served only once this many requests have been answered


@dataclass
class FakeGitHub:
    api: str = "https://api.github.com"
    owner: str = "acme"
    name: str = "shop"
    default_branch: str = "main"
    pulls: list[Json] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)
    deployments: list[Json] = field(default_factory=list)
    issues: list[Json] = field(default_factory=list)
    tags: list[Json] = field(default_factory=list)
    workflows: dict[str, list[Json]] = field(default_factory=dict)
    """Workflow file name -> its runs (REST shape)."""
    forbidden: set[str] = field(default_factory=set)
    """Connections the token may not read, like "deployments" or "projectItems"."""
    faults: list[Fault] = field(default_factory=list)
    tracker: IssueTracker | None = None
    """Issues, labels and comments (REST), created on install."""
    requests: list[tuple[str, str, str]] = field(default_factory=list)
    """(method, path, GraphQL operation name or "") of every request received."""
    authorizations: list[str] = field(default_factory=list)
    """The Authorization header of every GraphQL request, to check which credential was used."""
    budget: HourlyBudget = field(default_factory=HourlyBudget)
    """What the token may spend this hour; spent by every request, GraphQL by its cost in points."""
    costs: list[tuple[str, int]] = field(default_factory=list)
    """(operation, points) of every GraphQL query answered, by GitHub's formula."""
    _listing: tuple[Any, list[Json]] | None = None

    # -- wiring ---------------------------------------------------------------------------------------
    def install(self, mock: responses.RequestsMock) -> FakeGitHub:
        graphql = "/api/graphql" if self.api.endswith("/api/v3") else "/graphql"
        self.tracker = IssueTracker(self.api, self.owner, self.name)
        mock.add_callback(responses.POST, self._url(graphql, base_path=False), callback=self._graphql)
        mock.add_callback(responses.GET, self._url(r"/repos/[^/]+/[^/]+/actions/.*"), callback=self._rest)
        mock.add_callback(
            responses.GET, self._url(r"/repos/[^/]+/[^/]+/pulls/comments(\?.*)?"), callback=self._review_comments
        )
        for method in (responses.GET, responses.POST, responses.PATCH, responses.DELETE):
            mock.add_callback(method, self._url(r"/(repos/[^/]+/[^/]+/(issues|labels).*|user)"), callback=self._tracked)
        mock.add_callback(responses.POST, self._url(r"/app/installations/\d+/access_tokens"), callback=self._app_token)
        return self

    def _url(self, path: str, base_path: bool = True) -> re.Pattern[str]:
        """PyGithub writes the port (``:443``) into URLs; GitHub does not care, and neither does the fake."""
        parts = urlsplit(self.api)
        prefix = re.escape(parts.path) if base_path else ""
        return re.compile(f"{re.escape(parts.scheme)}://{re.escape(parts.hostname or '')}(:\\d+)?{prefix}{path}$")

    def fail(
        self,
        status: int,
        body: Any = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
        target: str = "any",
        after: int = 0,
    ) -> None:
        """Answer the next ``times`` matching requests with this, once ``after`` requests were answered."""
        for _ in range(times):
            self.faults.append(Fault(status, body, headers or {}, target, after))

    def graphql_requests(self, operation: str | None = None) -> int:
        return sum(1 for _, path, op in self.requests if path.endswith("graphql") and (operation in (None, op)))

    # -- GraphQL --------------------------------------------------------------------------------------
    def _graphql(self, request: Any) -> tuple[int, dict[str, str], str]:
        payload = json.loads(request.body)
        document = parse(payload["query"])
        operation = document.definitions[0].name.value  # type: ignore[attr-defined]
        self.requests.append(("POST", urlsplit(request.url).path, operation))
        if fault := self._fault("graphql"):
            return fault
        self.authorizations.append(request.headers.get("Authorization", ""))
        if not request.headers.get("Authorization") or "revoked" in request.headers["Authorization"]:
            return 401, {}, json.dumps({"message": "Bad credentials"})
        errors = graphql_errors(payload["query"])
        assert not errors, f"GitHub would reject the {operation} query: {errors}"
        cost = points(connection_requests(graphql_schema(), document, payload["variables"] or {}))
        if refused := self._spend(cost):
            return refused
        self.costs.append((operation, cost))
        root = self._root(cost)
        result = execute_sync(graphql_schema(), document, root_value=root, variable_values=payload["variables"])
        body: Json = {"data": result.data}
        if result.errors:
            body["errors"] = [self._error(e) for e in result.errors]
        return 200, self._limit_headers(self.budget.points, self.budget.points_left), json.dumps(body)

    def _spend(self, cost: int) -> tuple[int, dict[str, str], str] | None:
        """Spend one request (and ``cost`` points for GraphQL), or GitHub's answer when the hour's budget is out."""
        budget = self.budget
        if budget.requests_used >= budget.requests or budget.points_used + cost > budget.points:
            if cost == 0:  # REST: 403 with the limit headers
                body = {
                    "message": "API rate limit exceeded for installation ID 1.",
                    "documentation_url": "https://docs",
                }
                return 403, self._limit_headers(budget.requests, 0), json.dumps(body)
            error = {
                "type": "RATE_LIMIT",
                "code": "graphql_rate_limit",
                "message": "API rate limit already exceeded for user ID 1.",
            }
            return 200, self._limit_headers(budget.points, 0), json.dumps({"errors": [error]})
        budget.requests_used += 1
        budget.points_used += cost
        return None

    def _limit_headers(self, limit: int, remaining: int) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset": str(self.budget.reset_epoch()),
        }

    def _error(self, error: GraphQLError) -> Json:
        original = error.original_error
        kind = "NOT_FOUND" if isinstance(original, NotFoundError) else "FORBIDDEN"
        return {"type": kind, "path": error.path, "message": error.message}

    def _root(self, cost: int) -> Json:
        budget = self.budget
        resets = iso(budget.resets_at) if budget.resets_at else "2030-01-01T00:00:00Z"
        rate = {"cost": cost, "limit": budget.points, "remaining": budget.points_left, "resetAt": resets}
        return {
            "rateLimit": {**rate, "used": budget.points_used},
            "repository": self._repository,
            "nodes": lambda _i, ids: [self._node(i) for i in ids],
            "search": lambda _i, query, **_: {"issueCount": self._search_count(query)},
        }

    def _search_count(self, query: str) -> int:
        """Counts for the searches the bot prices a run with: merged PRs, and labelled issues, since a date."""
        terms = dict(t.split(":", 1) for t in re.findall(r'\S+:(?:"[^"]*"|\S)+', query) if ":" in t)
        if "is:pr" in query.split():
            since = terms["merged"].removeprefix(">=")
            return sum(1 for p in self.pulls if p["mergedAt"] and p["mergedAt"] >= since)
        since = terms.get("updated", "").removeprefix(">=")
        if "label" not in terms and since:  # every issue updated since: the issue outcomes' count
            return sum(1 for i in self.issues if i["updatedAt"] >= since)
        labels = {label.strip('"') for label in terms.get("label", "").split(",")}
        return sum(1 for i in self.issues if labels & set(i["_labels"]) and i["updatedAt"] >= since)

    def _node(self, node_id: str) -> Json | None:
        found = next((p for p in self.pulls if p["id"] == node_id), None)
        return {**found, "__typename": "PullRequest"} if found else None

    def _repository(self, _info: Any, owner: str, name: str, **_: Any) -> Json:
        if (owner, name) != (self.owner, self.name):
            raise NotFoundError(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return {
            "defaultBranchRef": {"name": self.default_branch},
            "pullRequests": self._guarded("pullRequests", lambda **a: self._pull_requests(None, **a)),
            "pullRequest": lambda _i, number: next((p for p in self.pulls if p["number"] == number), None),
            "environments": self._guarded(
                "environments", lambda **a: connection([{"name": n} for n in self.environments], **a)
            ),
            "deployments": self._guarded("deployments", self._deployments),
            "issues": self._guarded("issues", self._issues),
            "refs": lambda _i, **a: connection(sorted(self.tags, key=lambda t: t["_date"], reverse=True), **a),
        }

    def _guarded(self, name: str, resolve: Callable[..., Json]) -> Callable[..., Json]:
        def resolver(_info: Any, **args: Any) -> Json:
            if name in self.forbidden:
                raise GraphQLError("Resource not accessible by integration")
            return resolve(**args)

        return resolver

    def _pull_requests(self, _info: Any, states: list[str] | None = None, **args: Any) -> Json:
        chosen = [p for p in self.pulls if not states or p["_state"] in states]
        chosen.sort(key=lambda p: p["updatedAt"], reverse=True)
        return connection(chosen, **args)

    def _deployments(self, environments: list[str] | None = None, **args: Any) -> Json:
        chosen = [d for d in self.deployments if not environments or d["environment"] in environments]
        chosen.sort(key=lambda d: d["createdAt"], reverse=True)
        return connection(chosen, **args)

    def _issues(
        self,
        labels: list[str] | None = None,
        states: list[str] | None = None,
        filterBy: Json | None = None,  # noqa: N803
        **args: Any,
    ) -> Json:
        since = (filterBy or {}).get("since")
        chosen = [
            i
            for i in self.issues
            if (not labels or set(labels) & set(i["_labels"]))
            and (not states or i["_state"] in states)
            and (not since or i["updatedAt"] >= iso(_parse(since)))
        ]
        chosen.sort(key=lambda i: i["updatedAt"], reverse=True)
        return connection(chosen, **args)

    # -- REST -----------------------------------------------------------------------------------------
    def _rest(self, request: Any) -> tuple[int, dict[str, str], str]:
        path = urlsplit(request.url).path
        self.requests.append(("GET", path, ""))
        if fault := self._fault("rest"):
            return fault
        if refused := self._spend(0):
            return refused
        check_rest_request("GET", request.url)
        match = re.fullmatch(r".*/repos/[^/]+/[^/]+/actions/workflows/([^/?]+)(/runs)?", path)
        if not match or match.group(1) not in self.workflows:
            return 404, {}, json.dumps({"message": "Not Found", "documentation_url": "https://docs.github.com"})
        if "actions" in self.forbidden:
            return 403, {}, json.dumps({"message": "Resource not accessible by integration"})
        workflow = match.group(1)
        url = f"{self.api}/repos/{self.owner}/{self.name}/actions/workflows/{workflow}"
        if not match.group(2):
            return (
                200,
                {},
                json.dumps(example("GET", request.url, {"id": 1, "path": f".github/workflows/{workflow}", "url": url})),
            )
        query = dict(parse_qsl(urlsplit(request.url).query))
        runs = [
            r
            for r in self.workflows[workflow]
            if r["head_branch"] == query.get("branch", r["head_branch"])
            and r["conclusion"] == query.get("status", r["conclusion"])
            and r["created_at"] >= query.get("created", "").removeprefix(">=")
        ]
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "30"))
        chunk = [example_item("GET", request.url, "workflow_runs", r) for r in runs[(page - 1) * per_page :][:per_page]]
        body = example("GET", request.url, {"total_count": len(runs), "workflow_runs": chunk})
        return 200, {}, json.dumps(body)

    def _review_comments(self, request: Any) -> tuple[int, dict[str, str], str]:
        """GET /repos/{owner}/{repo}/pulls/comments: each review's inline comments, dated by the review."""
        self.requests.append(("GET", urlsplit(request.url).path, ""))
        if fault := self._fault("rest"):
            return fault
        if refused := self._spend(0):
            return refused
        check_rest_request("GET", request.url)
        query = dict(parse_qsl(urlsplit(request.url).query))
        comments = self._listed_review_comments(query.get("since", ""), query.get("direction") == "desc")
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "30"))
        chunk = comments[(page - 1) * per_page : page * per_page]
        url = f"{self.api}/repos/{self.owner}/{self.name}/pulls"
        fields = [
            {
                "pull_request_review_id": int(c["pull_request_review_id"]),
                "created_at": c["created_at"],
                "updated_at": c["created_at"],
                "pull_request_url": f"{url}/{c['_pr']}",
            }
            for c in chunk
        ]
        return 200, {}, json.dumps([example_item("GET", request.url, None, f) for f in fields])

    def _listed_review_comments(self, since: str, newest_first: bool) -> list[Json]:
        """The listing a run pages through, built once per (since, order, pulls) so that paging stays linear."""
        key = (since, newest_first, id(self.pulls), len(self.pulls))
        if self._listing is not None and self._listing[0] == key:
            return self._listing[1]
        everyone = [
            (r, p["number"])
            for p in self.pulls
            for r in p["reviews"](None, first=10_000)["nodes"]
            if (r["submittedAt"] or "") >= since
        ]
        comments = [
            {"pull_request_review_id": r["fullDatabaseId"], "created_at": r["submittedAt"], "_pr": number}
            for r, number in everyone
            for _ in range(r["comments"]["totalCount"])
        ]
        comments.sort(key=lambda c: c["created_at"], reverse=newest_first)
        self._listing = (key, comments)
        return comments

    def _tracked(self, request: Any) -> tuple[int, dict[str, str], str]:
        self.requests.append((request.method, urlsplit(request.url).path, ""))
        if fault := self._fault("rest", request.method):
            return fault
        if refused := self._spend(0):
            return refused
        assert self.tracker is not None
        return self.tracker.answer(request.method, request.url, request.body)

    def _app_token(self, request: Any) -> tuple[int, dict[str, str], str]:
        self.requests.append(("POST", urlsplit(request.url).path, ""))
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return 401, {}, json.dumps({"message": "A JSON web token could not be decoded"})
        fields = {"token": "ghs_installation_token", "expires_at": "2030-01-01T00:00:00Z"}
        body = example("POST", request.url, fields, status=201)
        return 201, {}, json.dumps(body)

    def _fault(self, target: str, method: str = "") -> tuple[int, dict[str, str], str] | None:
        """The next queued fault, if it aims at this kind of request ("graphql", "rest", "PATCH", ...)."""
        answered = len(self.requests) - 1
        aims = (target, method, "any")
        if self.faults and self.faults[0].target in aims and answered >= self.faults[0].after:
            fault = self.faults.pop(0)
            if fault.status == 0:  # the answer never comes
                raise requests.exceptions.ReadTimeout("read timed out (fake)")
            body = fault.body if isinstance(fault.body, str) else json.dumps(fault.body or {"message": "fault"})
            return fault.status, fault.headers, body
        return None


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# -- builders: GitHub-shaped nodes from a few words ------------------------------------------------------
_REVIEW_IDS = itertools.count(5_000_000_001)


def person(login: str | None, bot: bool = False) -> Json | None:
    return None if login is None else {"__typename": "Bot" if bot else "User", "login": login}


def review(
    author: str | None,
    state: str = "APPROVED",
    at: datetime | None = None,
    body: str = "",
    inline: int = 0,
    bot: bool = False,
) -> Json:
    return {
        "fullDatabaseId": str(next(_REVIEW_IDS)),
        "state": state,
        "submittedAt": iso(at) if at else None,
        "bodyText": body,
        "author": person(author, bot),
        "comments": {"totalCount": inline},
    }


def comment(author: str | None, body: str = "Looks fine, one question on the retry loop.", bot: bool = False) -> Json:
    return {"bodyText": body, "author": person(author, bot)}


def issue(
    number: int,
    *,
    labels: tuple[str, ...] = (),
    body: str = "",
    created: datetime,
    closed: datetime | None = None,
    updated: datetime | None = None,
    title: str = "Something broke",
    project_points: float | None = None,
    forbidden: set[str] | None = None,
    closed_by: tuple[Json, ...] = (),
    state_reason: str | None = "COMPLETED",
    association: str = "MEMBER",
    reopened: tuple[datetime, ...] = (),
) -> Json:
    """A closed issue has ``state_reason``: COMPLETED, NOT_PLANNED, or None as GitHub gives for old issues.
    ``association`` is its author's (MEMBER, CONTRIBUTOR, NONE...); ``reopened``, when it was reopened."""

    def project_items(_info: Any, **args: Any) -> Json:
        if forbidden is not None and "projectItems" in forbidden:
            raise GraphQLError("Resource not accessible by integration")
        value = {"__typename": "ProjectV2ItemFieldNumberValue", "number": project_points}
        items = [] if project_points is None else [{"fieldValueByName": lambda _i, name: value}]
        return connection(items, **args)

    return {
        "number": number,
        "title": title,
        "createdAt": iso(created),
        "closedAt": iso(closed) if closed else None,
        "updatedAt": iso(updated or closed or created),
        "body": body,
        "labels": paged([{"name": n} for n in labels]),
        "projectItems": project_items,
        "closedByPullRequestsReferences": paged(list(closed_by)),
        "stateReason": state_reason if closed else None,
        "authorAssociation": association,
        "timelineItems": paged([{"__typename": "ReopenedEvent", "createdAt": iso(t)} for t in reopened]),
        "_labels": list(labels),
        "_state": "CLOSED" if closed else "OPEN",
    }


def pull(
    number: int,
    *,
    merged: datetime | None,
    created: datetime | None = None,
    updated: datetime | None = None,
    author: str | None = "ada",
    bot: bool = False,
    title: str = "Improve the thing",
    base: str = "main",
    additions: int = 40,
    deletions: int = 10,
    changed_files: int = 3,
    commits: int = 2,
    first_commit: datetime | None = None,
    ready: datetime | None = None,
    labels: tuple[str, ...] = (),
    closing: tuple[Json, ...] = (),
    reviews: tuple[Json, ...] = (),
    comments: tuple[Json, ...] = (),
    merge_sha: str | None = None,
    files: tuple[tuple[str, int, int], ...] | None = None,
    body: str = "",
    base_sha: str = "b" * 40,
    head_sha: str = "c" * 40,
) -> Json:
    opened = created or (merged or datetime(2026, 1, 1, tzinfo=UTC)).replace(hour=1)
    if files is not None:
        additions, deletions = sum(f[1] for f in files), sum(f[2] for f in files)
    ready_events = [{"__typename": "ReadyForReviewEvent", "createdAt": iso(ready)}] if ready else []
    return {
        "id": f"PR_{number}",
        "number": number,
        "title": title,
        "createdAt": iso(opened),
        "updatedAt": iso(updated or merged or opened),
        "mergedAt": iso(merged) if merged else None,
        "author": person(author, bot),
        "baseRefName": base,
        "headRefName": f"feature/{number}",
        "mergeCommit": {"oid": merge_sha or f"{number:040x}"} if merged else None,
        "additions": additions,
        "deletions": deletions,
        "changedFiles": len(files) if files is not None else changed_files,
        "files": paged(
            [{"path": p, "additions": a, "deletions": d} for p, a, d in files]
            if files is not None
            else [
                {
                    "path": f"src/file{i}.py",
                    "additions": additions // changed_files,
                    "deletions": deletions // changed_files,
                }
                for i in range(changed_files)
            ]
        ),
        "commits": paged(
            [
                {
                    "commit": {
                        "oid": f"{i:040x}",
                        "authoredDate": iso(first_commit or opened),
                        "additions": 1,
                        "deletions": 0,
                    }
                }
                for i in range(max(commits, 1))
            ]
        ),
        "body": body,
        "baseRefOid": base_sha,
        "headRefOid": head_sha,
        "timelineItems": lambda _i, **a: connection(ready_events, **a),
        "labels": paged([{"name": n} for n in labels]),
        "closingIssuesReferences": paged(list(closing)),
        "reviews": paged(list(reviews)),
        "comments": paged(list(comments)),
        "_state": "MERGED" if merged else "OPEN",
    }


def deployment(sha: str, at: datetime, environment: str = "production", state: str | None = "SUCCESS") -> Json:
    status = {"state": state, "createdAt": iso(at)} if state else None
    return {"createdAt": iso(at), "environment": environment, "commitOid": sha, "latestStatus": status}


def tag(name: str, sha: str, at: datetime, annotated: bool = True, tagger: bool = True) -> Json:
    """``tagger=False``: an annotated tag whose tagger GitHub does not know (imported tags have none)."""
    commit = {"__typename": "Commit", "oid": sha, "committedDate": iso(at)}
    signed = {"date": iso(at)} if tagger else None
    target = {"__typename": "Tag", "oid": f"t{sha[:39]}", "tagger": signed, "target": commit}
    return {"name": name, "target": target if annotated else commit, "_date": iso(at)}


def workflow_run(sha: str, at: datetime, branch: str = "main", conclusion: str = "success") -> Json:
    return {
        "head_sha": sha,
        "head_branch": branch,
        "status": "completed",
        "conclusion": conclusion,
        "created_at": iso(at),
        "updated_at": iso(at),
    }


def holding(fake: FakeGitHub, dataset: Any) -> FakeGitHub:
    """The fake GitHub serving a generated dataset's pull requests, deployments, incidents and points."""
    fake.environments = sorted({d.environment for d in dataset.deployments})
    fake.deployments = [
        deployment(d.sha, d.finished_at, d.environment, "SUCCESS" if d.succeeded else "FAILURE")
        for d in dataset.deployments
    ]
    fake.issues = [
        issue(
            i.number,
            labels=("incident",),
            created=i.created_at,
            closed=i.closed_at,
            title=i.title,
            body=f"root cause: {i.root_cause_sha}" if i.root_cause_sha else "",
        )
        for i in dataset.incidents
    ] + [
        issue(
            w.number,
            labels=(f"points: {w.points:.0f}",) if w.points else (),
            created=w.closed_at - timedelta(days=3),
            closed=w.closed_at,
            title="A story",
            closed_by=tuple({"number": n} for n in w.closed_by),
        )
        for w in dataset.work_items
    ]
    fake.pulls = [
        pull(
            pr.number,
            merged=pr.merged_at,
            created=pr.created_at,
            author=pr.author.login,
            bot=pr.author.is_bot,
            title=pr.title,
            base=pr.base_ref,
            first_commit=pr.first_commit_at,
            merge_sha=pr.merge_commit_sha,
            files=tuple((f.path, f.added or 0, f.deleted or 0) for f in pr.files),
            reviews=tuple(
                review(r.author.login, r.state, r.submitted_at, r.body, r.inline_comments) for r in pr.reviews
            ),
            comments=tuple(comment(c.author.login, c.body) for c in pr.comments),
        )
        for pr in dataset.pull_requests
    ]
    return fake
