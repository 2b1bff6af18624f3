"""Who the bot is on GitHub: the account whose issues and comments it may edit, and no other."""

from __future__ import annotations

from github import Auth, Github, GithubIntegration
from github.GithubException import GithubException

from bot.github.client import Credentials

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
