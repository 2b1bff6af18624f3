"""Build real git repositories in a temp dir with known commits, dates and authors."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

_ISOLATED = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
_EPOCH = datetime.fromisoformat("2026-11-10T12:00:00+00:00")
HUMAN = ("Ada Lovelace", "ada@example.com")
OTHER = ("Grace Hopper", "grace@example.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")


class GitRepo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **_ISOLATED, **_identity(HUMAN, _EPOCH), **(env or {})},
            check=True,
            capture_output=True,
        )
        return result.stdout.decode("utf-8", "replace").strip()

    def write(self, files: dict[str, str | bytes | None]) -> None:
        for name, content in files.items():
            target = self.path / name
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)

    def commit(
        self,
        message: str,
        files: dict[str, str | bytes | None] | None = None,
        when: datetime = _EPOCH,
        author: tuple[str, str] = HUMAN,
    ) -> str:
        self.write(files or {})
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env=_identity(author, when))
        return self.head()

    def merge(self, branch: str, message: str, when: datetime, author: tuple[str, str] = HUMAN) -> str:
        self.git("merge", "-q", "--no-ff", "-m", message, branch, env=_identity(author, when))
        return self.head()

    def tag(self, name: str, when: datetime, annotated: bool = True) -> None:
        args = ["tag", "-a", "-m", name, name] if annotated else ["tag", name]
        self.git(*args, env=_identity(HUMAN, when))

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def _identity(person: tuple[str, str], when: datetime) -> dict[str, str]:
    stamp = when.isoformat()
    name, email = person
    return {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }


def at(text: str) -> datetime:
    """``at("2026-11-10 12:00")`` in UTC, unless the text carries its own offset."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
