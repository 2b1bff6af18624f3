"""Named GraphQL queries run through PyGithub's requester, paginated by cursor, with errors for people.

The queries' texts come from the caller, which owns them (collect keeps its own in ``queries/``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from github.GithubException import GithubException, RateLimitExceededExceedsMaxWait
from github.Requester import Requester

from bot.errors import SourceError
from bot.wording import counted

log = logging.getLogger("goodhart")


class RateLimitError(SourceError):
    """The rate limit will not reset within ``max-rate-limit-wait``: stop and report what is missing."""

    def __init__(self, message: str, fix: str = "run again after the reset, or raise max-rate-limit-wait") -> None:
        super().__init__(message)
        self.fix = fix


def resets_at(seconds: float, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> str:
    """When a limit that resets in ``seconds`` resets, as a person reads it."""
    if seconds == float("inf"):
        return "at an unknown time"
    return f"at {(clock() + timedelta(seconds=seconds)):%Y-%m-%d %H:%M} UTC (in {seconds:.0f}s)"


def rest_failure(error: Exception, doing: str, permission: str) -> SourceError:
    """A REST read's failure as a person reads it: a rate limit, a missing permission, or a failure."""
    if isinstance(error, RateLimitExceededExceedsMaxWait):
        wait = error.wait if error.wait is not None else float("inf")
        return RateLimitError(
            f"GitHub's rate limit will not reset within max-rate-limit-wait while {doing}; it asked for "
            f"{wait:.0f}s and resets {resets_at(wait)}"
        )
    if isinstance(error, requests.RequestException):
        return SourceError(f"could not reach GitHub's REST API while {doing}: {type(error).__name__}: {error}")
    if not isinstance(error, GithubException):
        raise error
    if error.status == 403:
        return PermissionDeniedError(f"{doing} was refused", permission)
    return SourceError(f"{doing} failed ({error.status})")


class PermissionDeniedError(SourceError):
    """The token may not read this (a missing ``permissions:`` entry, a fork's read-only token, ...)."""

    def __init__(self, message: str, permission: str | None = None) -> None:
        super().__init__(message)
        self.permission = permission
        """The ``permissions:`` line that grants it, when the caller knows which one."""


@dataclass(slots=True)
class Spend:
    """What a run cost against GitHub's limits, logged at the end."""

    graphql_queries: int = 0
    rest_requests: int = 0
    graphql_cost: int = 0
    graphql_remaining: int | None = None

    def summary(self) -> str:
        remaining = "unknown" if self.graphql_remaining is None else str(self.graphql_remaining)
        return (
            f"GitHub: {counted(self.graphql_queries, 'GraphQL query|GraphQL queries')} "
            f"(cost {counted(self.graphql_cost, 'point')}, "
            f"{remaining} left), {counted(self.rest_requests, 'REST request')}"
        )


class GraphQL:
    def __init__(
        self,
        requester: Requester,
        spend: Spend,
        max_wait: float,
        *,
        texts: Callable[[str], str],
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """``texts`` gives a query's text by the name callers run it by."""
        self._requester = requester
        self._texts = texts
        self._spend = spend
        self._max_wait = max_wait
        self._sleep = sleep
        self._clock = clock

    def run(self, query: str, /, **variables: Any) -> dict[str, Any]:
        """The ``data`` of one query; GitHub's GraphQL rate limit answer is waited out once if it may be."""
        for attempt in (1, 2):
            try:
                return self._once(query, variables)
            except GithubException as error:
                wait = self._rate_limit_wait(error)
                if wait is None:
                    raise _as_source_error(error, query) from None
                if attempt == 2 or wait > self._max_wait:
                    raise RateLimitError(
                        f"GitHub's GraphQL rate limit is used up and resets {resets_at(wait, self._clock)}, "
                        f"beyond max-rate-limit-wait ({self._max_wait:.0f}s)"
                    ) from None
                log.info("GraphQL rate limit reached; waiting %.0fs for the reset", wait)
                self._sleep(wait)
        raise AssertionError("unreachable")

    def pages(
        self, query: str, path: tuple[str, ...], /, cursor: str | None = None, **variables: Any
    ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Each page's data and the non-null nodes of its connection at ``path``.

        The caller stops iterating when it has enough: no request is made for a page not asked for.
        """
        while True:
            data = self.run(query, cursor=cursor, **variables)
            connection = dig(data, path) or {}
            yield data, [n for n in connection.get("nodes") or [] if n]
            info = connection.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return
            cursor = info.get("endCursor")

    def _once(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        self._spend.graphql_queries += 1
        try:
            _, body = self._requester.graphql_query(self._texts(query), variables)
        except RateLimitExceededExceedsMaxWait as error:
            wait = error.wait if error.wait is not None else float("inf")
            raise RateLimitError(
                f"GitHub's rate limit will not reset within max-rate-limit-wait ({self._max_wait:.0f}s); "
                f"it asked for {wait:.0f}s and resets {resets_at(wait, self._clock)}"
            ) from None
        except requests.RequestException as error:
            raise SourceError(f"could not reach GitHub's GraphQL API: {type(error).__name__}: {error}") from None
        except ValueError as error:
            raise SourceError(f"GitHub's GraphQL API sent an answer that is not JSON ({error})") from None
        data = body.get("data")
        if isinstance(data, str):  # PyGithub wraps a body that is not JSON as {"data": text}
            raise SourceError(f"GitHub's answer to the {query} query is not JSON (it begins {data[:60]!r})")
        if not isinstance(data, dict):
            raise SourceError(f"GitHub's answer to the {query} query has no data")
        self._account(data.get("rateLimit"))
        return data

    def _account(self, rate: Any) -> None:
        if isinstance(rate, dict):
            self._spend.graphql_cost += int(rate.get("cost") or 0)
            self._spend.graphql_remaining = rate.get("remaining")

    def _rate_limit_wait(self, error: GithubException) -> float | None:
        """Seconds to the reset when the error is GraphQL's rate-limit answer, else None.

        GitHub answers HTTP 200 with ``{"errors": [{"type": "RATE_LIMIT", "code": "graphql_rate_limit"}]}``
        (``RATE_LIMITED`` in older answers), which PyGithub raises as a 400.
        """
        if not _error_types(error) & {"RATE_LIMIT", "RATE_LIMITED", "graphql_rate_limit"}:
            return None
        reset = (error.headers or {}).get("x-ratelimit-reset")
        if reset is None or not str(reset).isdigit():
            return float("inf")
        return max(0.0, int(reset) - self._clock().timestamp()) + 1


def dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _error_types(error: GithubException) -> set[str]:
    """The ``type`` and ``code`` of each GraphQL error in the answer."""
    body = error.data if isinstance(error.data, dict) else {}
    errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
    return {str(e.get(key)) for e in errors for key in ("type", "code") if e.get(key)}


def _error_message(error: GithubException) -> str:
    body = error.data if isinstance(error.data, dict) else {}
    messages = [str(e.get("message")) for e in body.get("errors") or [] if isinstance(e, dict)]
    return "; ".join(messages) or str(body.get("message") or error.status)


def _as_source_error(error: GithubException, name: str) -> SourceError:
    types, message = _error_types(error), _error_message(error)
    if error.status == 401:
        return SourceError("GitHub rejected the token (401 Bad credentials): check that token is set to a valid token")
    if error.status == 404 or "NOT_FOUND" in types:
        return SourceError(
            f"GitHub says the repository was not found ({message}): check --repo, and that the token can see it"
        )
    if error.status == 403 or "FORBIDDEN" in types or "not accessible" in message:
        return PermissionDeniedError(message)
    return SourceError(f"GitHub's {name} query failed ({error.status}): {message}")
