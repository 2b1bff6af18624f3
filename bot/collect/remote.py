"""The GitHub repository a clone came from, read from its ``origin`` remote."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_GITHUB = re.compile(r"^(?:https?://|ssh://)?(?:[^@/]+@)?github\.com[:/]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def origin_repository(path: Path) -> str | None:
    """``OWNER/NAME`` when the clone at ``path`` has an ``origin`` on github.com (https or ssh), else None."""
    try:
        found = subprocess.run(
            ["git", "-C", str(path), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return github_repository(found.stdout.strip()) if found.returncode == 0 else None


def github_repository(url: str) -> str | None:
    """``acme/shop`` from ``https://github.com/acme/shop.git``, ``git@github.com:acme/shop.git`` and the like."""
    match = _GITHUB.match(url)
    return f"{match.group(1)}/{match.group(2)}" if match else None
