"""The stateful REST half of the fake GitHub: labels, issues and comments that it remembers.

Every request is checked against GitHub's REST description (route, query parameters, body), and every
answer is built from the smallest body the description allows and validated against it.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.contract.github import check_rest_request, example, example_item

Json = dict[str, Any]
Answer = tuple[int, dict[str, str], str]


@dataclass
class IssueTracker:
    api: str
    owner: str
    name: str
    token_login: str | None = None
    """The login GET /user answers for the token; None answers 403, as for an Actions or App token."""
    writer: str = "github-actions[bot]"
    """Who issues and comments created through the API are authored by."""
    labels: dict[str, Json] = field(default_factory=dict)
    issues: dict[int, Json] = field(default_factory=dict)
    comments: dict[int, Json] = field(default_factory=dict)
    applied_then_failed: int = 0
    """The next writes are applied and then answered 502, as a timeout after success would look."""
    list_barrier: threading.Barrier | None = None
    """Makes the first concurrent listings wait for each other, so that two runs race for real."""
    forbid_writes: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    _next_id: int = 1000

    # -- people's actions, for the tests ---------------------------------------------------------------
    def open_issue(self, title: str, body: str, by: str, labels: tuple[str, ...] = ()) -> Json:
        with self.lock:
            return self._store_issue(title, body, by, list(labels))

    def comment_on(self, number: int, body: str, by: str) -> Json:
        with self.lock:
            return self._store_comment(number, body, by)

    def open_issues(self, label: str | None = None) -> list[Json]:
        return [i for i in self.issues.values() if i["state"] == "open" and (label is None or _has(i, label))]

    # -- dispatch ------------------------------------------------------------------------------------
    def answer(self, method: str, url: str, body: bytes | str | None) -> Answer:
        path = unquote(urlsplit(url).path).removeprefix(urlsplit(self.api).path)
        payload = json.loads(body) if body else None
        check_rest_request(method, url, payload if method in ("POST", "PATCH") else None)
        query = dict(parse_qsl(urlsplit(url).query))
        if path == "/user":
            return self._user(url)
        base = f"/repos/{self.owner}/{self.name}"
        routes = [
            ("GET", rf"{base}/labels/(?P<label>[^/]+)", self._get_label),
            ("POST", rf"{base}/labels", self._create_label),
            ("GET", rf"{base}/issues", self._list_issues),
            ("POST", rf"{base}/issues", self._create_issue),
            ("GET", rf"{base}/issues/(?P<number>\d+)", self._get_issue),
            ("PATCH", rf"{base}/issues/(?P<number>\d+)", self._edit_issue),
            ("GET", rf"{base}/issues/(?P<number>\d+)/comments", self._list_comments),
            ("POST", rf"{base}/issues/(?P<number>\d+)/comments", self._create_comment),
            ("PATCH", rf"{base}/issues/comments/(?P<id>\d+)", self._edit_comment),
            ("DELETE", rf"{base}/issues/comments/(?P<id>\d+)", self._delete_comment),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                if method != "GET" and self.forbid_writes:
                    return _error(403, "Resource not accessible by integration")
                with self.lock:
                    answer: Answer = handler(url, query, payload, **match.groupdict())
                if method != "GET" and self.applied_then_failed:
                    self.applied_then_failed -= 1
                    return 502, {}, "<html>502 Bad Gateway</html>"
                return answer
        return _error(404, "Not Found")

    # -- handlers ------------------------------------------------------------------------------------
    def _user(self, url: str) -> Answer:
        if self.token_login is None:
            return _error(403, "Resource not accessible by integration")
        user = {"login": self.token_login, "type": "User", "user_view_type": "private"}
        return 200, {}, json.dumps(example("GET", url, user))

    def _get_label(self, url: str, query: Json, payload: Any, label: str) -> Answer:
        if label not in self.labels:
            return _error(404, "Not Found")
        return 200, {}, json.dumps(self.labels[label])

    def _create_label(self, url: str, query: Json, payload: Json) -> Answer:
        if payload["name"] in self.labels:
            return _error(422, "Validation Failed")
        label = example("POST", url, {"name": payload["name"], "color": payload.get("color", "ededed")}, status=201)
        self.labels[payload["name"]] = label
        return 201, {}, json.dumps(label)

    def _list_issues(self, url: str, query: Json, payload: Any) -> Answer:
        answer = self._listing(url, query)
        if self.list_barrier is not None:  # this run has looked; wait, lock released, until the other has too
            barrier = self.list_barrier
            self.lock.release()
            try:
                barrier.wait(timeout=10)
            finally:
                self.lock.acquire()
            self.list_barrier = None
        return answer

    def _listing(self, url: str, query: Json) -> Answer:
        wanted = [label for label in query.get("labels", "").split(",") if label]
        found = [
            issue
            for issue in sorted(self.issues.values(), key=lambda i: -i["number"])
            if query.get("state", "open") in ("all", issue["state"])
            and all(_has(issue, label) for label in wanted)
            and query.get("creator") in (None, issue["user"]["login"])
        ]
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "30"))
        chunk = found[(page - 1) * per_page : page * per_page]
        return 200, {}, json.dumps([example_item("GET", url, None, i) for i in chunk])

    def _create_issue(self, url: str, query: Json, payload: Json) -> Answer:
        issue = self._store_issue(payload["title"], payload.get("body") or "", self.writer, payload.get("labels", []))
        return 201, {}, json.dumps(example("POST", url, issue, status=201))

    def _get_issue(self, url: str, query: Json, payload: Any, number: str) -> Answer:
        if int(number) not in self.issues:
            return _error(404, "Not Found")
        return 200, {}, json.dumps(example("GET", url, self.issues[int(number)]))

    def _edit_issue(self, url: str, query: Json, payload: Json, number: str) -> Answer:
        issue = self.issues.get(int(number))
        if issue is None:
            return _error(404, "Not Found")
        for key in ("title", "body", "state", "state_reason"):
            if key in payload:
                issue[key] = payload[key]
        if "labels" in payload:
            issue["labels"] = [self._label(name) for name in payload["labels"]]
        return 200, {}, json.dumps(example("PATCH", url, issue))

    def _list_comments(self, url: str, query: Json, payload: Any, number: str) -> Answer:
        mine = [c for c in self.comments.values() if c["_issue"] == int(number)]
        page, per_page = int(query.get("page", "1")), int(query.get("per_page", "30"))
        chunk = mine[(page - 1) * per_page : page * per_page]
        return 200, {}, json.dumps([example_item("GET", url, None, _public(c)) for c in chunk])

    def _create_comment(self, url: str, query: Json, payload: Json, number: str) -> Answer:
        if int(number) not in self.issues:
            return _error(404, "Not Found")
        comment = self._store_comment(int(number), payload["body"], self.writer)
        return 201, {}, json.dumps(example("POST", url, _public(comment), status=201))

    def _edit_comment(self, url: str, query: Json, payload: Json, id: str) -> Answer:
        comment = self.comments.get(int(id))
        if comment is None:
            return _error(404, "Not Found")
        comment["body"] = payload["body"]
        return 200, {}, json.dumps(example("PATCH", url, _public(comment)))

    def _delete_comment(self, url: str, query: Json, payload: Any, id: str) -> Answer:
        if self.comments.pop(int(id), None) is None:
            return _error(404, "Not Found")
        return 204, {}, ""

    # -- state ---------------------------------------------------------------------------------------
    def _store_issue(self, title: str, body: str, by: str, labels: list[str]) -> Json:
        number = max(self.issues, default=0) + 1
        repo_url = f"{self.api}/repos/{self.owner}/{self.name}"
        issue = {
            "number": number,
            "id": number,
            "title": title,
            "body": body,
            "state": "open",
            "state_reason": None,
            "user": {**_user_json(by)},
            "labels": [self._label(name) for name in labels],
            "url": f"{repo_url}/issues/{number}",
            "html_url": f"https://github.com/{self.owner}/{self.name}/issues/{number}",
            "comments_url": f"{repo_url}/issues/{number}/comments",
            "repository_url": repo_url,
        }
        self.issues[number] = issue
        return issue

    def _store_comment(self, number: int, body: str, by: str) -> Json:
        self._next_id += 1
        repo_url = f"{self.api}/repos/{self.owner}/{self.name}"
        comment = {
            "id": self._next_id,
            "body": body,
            "user": _user_json(by),
            "_issue": number,
            "url": f"{repo_url}/issues/comments/{self._next_id}",
            "issue_url": f"{repo_url}/issues/{number}",
            "html_url": f"https://github.com/{self.owner}/{self.name}/issues/{number}#issuecomment-{self._next_id}",
        }
        self.comments[self._next_id] = comment
        return comment

    def _label(self, name: str) -> Json:
        return self.labels.get(name) or {
            "id": 1,
            "node_id": "L",
            "url": "https://example.com/l",
            "name": name,
            "description": None,
            "color": "ededed",
            "default": False,
        }


def _has(issue: Json, label: str) -> bool:
    return any(item["name"] == label for item in issue["labels"])


def _public(comment: Json) -> Json:
    return {k: v for k, v in comment.items() if not k.startswith("_")}


def _user_json(login: str) -> Json:
    return {
        "login": login,
        "id": abs(hash(login)) % 10_000_000,
        "node_id": "U",
        "avatar_url": "https://example.com/a",
        "gravatar_id": None,
        "url": "https://example.com/u",
        "html_url": "https://example.com/u",
        "followers_url": "https://example.com/u",
        "following_url": "https://example.com/u",
        "gists_url": "https://example.com/u",
        "starred_url": "https://example.com/u",
        "subscriptions_url": "https://example.com/u",
        "organizations_url": "https://example.com/u",
        "repos_url": "https://example.com/u",
        "events_url": "https://example.com/u",
        "received_events_url": "https://example.com/u",
        "type": "Bot" if login.endswith("[bot]") else "User",
        "site_admin": False,
    }


def _error(status: int, message: str) -> Answer:
    return status, {}, json.dumps({"message": message, "documentation_url": "https://docs.github.com/rest"})
