"""The REST routes the bot calls; ``refresh.py`` copies exactly these from GitHub's description."""

ROUTES: tuple[tuple[str, str], ...] = (
    ("get", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}"),
    ("get", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"),
    ("post", "/app/installations/{installation_id}/access_tokens"),
)
