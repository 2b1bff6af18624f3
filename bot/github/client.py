"""A PyGithub client set up for reading on a budget.

- GraphQL queries are POSTs, and PyGithub spaces every POST by ``seconds_between_writes`` (1 s): 50
  pages would cost 50 s of sleeping. Reads need no such gap, so the client sets none; the publisher
  paces its real writes itself.
- Rate limits: PyGithub's ``GithubRetry`` waits for ``x-ratelimit-reset`` up to ``max_rate_limit_wait``,
  but urllib3 obeys any ``Retry-After`` however long. :class:`BoundedRetry` caps that too, so a run
  waits at most ``max_rate_limit_wait`` seconds for one answer, then stops and says what it missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from github import Auth, Github, GithubRetry
from github.GithubException import RateLimitExceededExceedsMaxWait
from pydantic import SecretStr

from bot import __version__
from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.settings import ConnectionSettings

USER_AGENT = f"goodhart-bot/{__version__}"


class BoundedRetry(GithubRetry):
    """``GithubRetry`` whose ``Retry-After`` waits are bounded like its rate-limit waits."""

    def increment(self, *args: Any, **kwargs: Any) -> Any:
        response = kwargs.get("response") if "response" in kwargs else (args[2] if len(args) > 2 else None)
        if response is not None and self.max_rate_limit_wait is not None:
            retry_after = response.headers.get("Retry-After")
            wait = _seconds(retry_after) if retry_after is not None else 0.0
            if wait > self.max_rate_limit_wait:
                raise RateLimitExceededExceedsMaxWait(response.status, None, dict(response.headers), wait=wait)
        return super().increment(*args, **kwargs)


def _seconds(retry_after: str) -> float:
    try:
        return float(retry_after)
    except ValueError:
        return float("inf")  # an HTTP date: treat as "too long to wait here"


@dataclass(frozen=True, slots=True)
class Credentials:
    """A token, or a GitHub App installation; never printed (SecretStr)."""

    token: SecretStr | None = None
    app_id: int | None = None
    installation_id: int | None = None
    private_key: SecretStr | None = None

    @classmethod
    def from_settings(cls, connection: ConnectionSettings) -> Credentials:
        return cls(
            token=connection.token,
            app_id=connection.app_id,
            installation_id=connection.app_installation_id,
            private_key=connection.app_private_key,
        )

    @property
    def present(self) -> bool:
        return self.token is not None or self.app_id is not None

    def auth(self) -> Auth.Auth:
        if self.app_id is not None:
            if self.installation_id is None or self.private_key is None:
                raise ConfigError(
                    "GitHub App authentication needs app-id, app-installation-id and app-private-key together"
                )
            app = Auth.AppAuth(self.app_id, self.private_key.get_secret_value())
            return app.get_installation_auth(self.installation_id)
        if self.token is None:
            raise ConfigError("no GitHub credentials: set token (GOODHART_TOKEN or GITHUB_TOKEN)")
        return Auth.Token(self.token.get_secret_value())


def connect(credentials: Credentials, api_url: str, max_rate_limit_wait: float, timeout: float) -> Github:
    """The reading client: retries rate limits, server errors and timeouts, with no gap between reads."""
    retry = BoundedRetry(
        total=5,
        backoff_factor=0.5,
        secondary_rate_wait=min(60.0, max_rate_limit_wait),
        max_rate_limit_wait=max_rate_limit_wait,
    )
    return _github(credentials, api_url=api_url, timeout=timeout, retry=retry, write_gap=None)


def connect_for_writes(
    credentials: Credentials, api_url: str, max_rate_limit_wait: float, timeout: float, write_gap: float
) -> Github:
    """The writing client: ``write_gap`` seconds between writes, as GitHub asks, and retries only for
    requests that certainly did not happen (refused by a rate limit, or never connected).

    A write that timed out or met a server error may have happened; retrying it blindly could post a
    second issue, so the publisher looks for it by its marker instead.
    """
    retry = BoundedRetry(
        total=3,
        read=0,
        status_forcelist=[],
        backoff_factor=0.5,
        secondary_rate_wait=min(60.0, max_rate_limit_wait),
        max_rate_limit_wait=max_rate_limit_wait,
        allowed_methods=frozenset({"GET", "POST", "PATCH", "DELETE"}),
    )
    return _github(credentials, api_url=api_url, timeout=timeout, retry=retry, write_gap=write_gap or None)


def _github(
    credentials: Credentials, api_url: str, timeout: float, retry: BoundedRetry, write_gap: float | None
) -> Github:
    return Github(
        auth=credentials.auth(),
        base_url=api_url.rstrip("/"),
        timeout=int(timeout),
        user_agent=USER_AGENT,
        per_page=100,
        retry=retry,
        seconds_between_requests=None,
        seconds_between_writes=write_gap,
        lazy=True,
    )
