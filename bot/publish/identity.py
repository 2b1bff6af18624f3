"""Who the bot is on GitHub: the account whose issues and comments it may edit, and no other."""

from __future__ import annotations

from github import Auth, Github, GithubIntegration
from github.GithubException import GithubException

from bot.github.client import Credentials, connect_for_writes
from bot.settings import ConnectionSettings, PublishingSettings

ACTIONS_LOGIN = "github-actions[bot]"


def bot_login(github: Github, credentials: Credentials, api_url: str, configured: str | None) -> str:
    """The configured login; else the App's ``<slug>[bot]``; else the token's user, where the token may
    say (a personal token); else the built-in GITHUB_TOKEN's ``github-actions[bot]``."""
    if configured:
        return configured
    if credentials.app_id is not None and credentials.private_key is not None:
        app = Auth.AppAuth(credentials.app_id, credentials.private_key.get_secret_value())
        return f"{GithubIntegration(auth=app, base_url=api_url.rstrip('/')).get_app().slug}[bot]"
    try:
        return str(github.get_user().login)
    except GithubException as error:
        if error.status == 403:  # an installation or Actions token may not read /user
            return ACTIONS_LOGIN
        raise


def connect_as_bot(connection: ConnectionSettings, publishing: PublishingSettings) -> tuple[Github, str]:
    """A connection for writes, paced by ``write-interval``, and the login whose issues and comments it may edit."""
    credentials = Credentials.from_settings(connection)
    github = connect_for_writes(
        credentials,
        api_url=connection.api_url,
        max_rate_limit_wait=connection.max_rate_limit_wait,
        timeout=connection.request_timeout,
        write_gap=publishing.write_interval,
    )
    return github, bot_login(github, credentials, api_url=connection.api_url, configured=publishing.bot_login)
