"""A streaming parser for ``git log -z --numstat`` in the format :data:`LOG_FORMAT` asks for.

Kept apart from the process that feeds it so that it can be tested on bytes and stays in bounded
memory: it holds one commit at a time, whatever the length of the history.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.collect.messages import pr_number, reverted_sha
from bot.records import Commit, FileChange, Person

_RS = "\x1e"
_US = "\x1f"
_FIELDS = ("%H", "%P", "%aN", "%aE", "%aI", "%cI", "%s", "%b")
LOG_FORMAT = "tformat:" + _RS + _US.join(_FIELDS)
"""Each commit starts with a record separator; fields are split by unit separators, body last.

Authors as ``.mailmap`` names them (``%aN``, ``%aE``): one person under two addresses is one contributor.
"""


def parse_log(chunks: Iterable[bytes]) -> Iterator[Commit]:
    """Commits from the raw output of ``git log -z --numstat --format=LOG_FORMAT``, as they stream."""
    builder: _CommitBuilder | None = None
    pending_rename: list[str] | None = None
    for token in _tokens(chunks):
        if pending_rename is not None:
            pending_rename.append(token)
            if len(pending_rename) == 4 and builder is not None:
                builder.add_file(*pending_rename)
                pending_rename = None
            continue
        stat = token.lstrip("\n")  # git puts a newline between a header and its stats, or the next header
        if stat.startswith(_RS):
            if builder is not None:
                yield builder.build()
            builder = _CommitBuilder.from_header(stat[1:])
            continue
        if not stat:
            continue
        added, deleted, path = stat.split("\t", 2)
        if path:
            if builder is not None:
                builder.add_file(added, deleted, path)
        else:
            pending_rename = [added, deleted]
    if builder is not None:
        yield builder.build()


def parse_numstat(data: bytes) -> tuple[FileChange, ...]:
    """Files of ``git diff -z --numstat`` output (renames as ``A\tD\t\0old\0new``)."""
    builder = _CommitBuilder([])
    tokens = iter(_tokens([data]))
    for token in tokens:
        stat = token.lstrip("\n")
        if not stat:
            continue
        added, deleted, path = stat.split("\t", 2)
        if path:
            builder.add_file(added, deleted, path)
        else:
            builder.add_file(added, deleted, next(tokens), next(tokens))
    return tuple(builder.files)


def _tokens(chunks: Iterable[bytes]) -> Iterator[str]:
    """NUL-separated tokens, decoded leniently: file names and messages need not be UTF-8."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        for part in parts:
            yield part.decode("utf-8", errors="replace")
    if rest:
        yield rest.decode("utf-8", errors="replace")


@dataclass(slots=True)
class _CommitBuilder:
    header: list[str]
    files: list[FileChange] = field(default_factory=list)

    @classmethod
    def from_header(cls, header: str) -> _CommitBuilder:
        fields = header.split(_US, len(_FIELDS) - 1)
        if len(fields) != len(_FIELDS):
            raise ValueError(f"unexpected git log header with {len(fields)} fields")
        return cls(fields)

    def add_file(self, added: str, deleted: str, path: str, new_path: str | None = None) -> None:
        binary = added == "-" or deleted == "-"
        self.files.append(
            FileChange(
                path=new_path if new_path is not None else path,
                added=None if binary else int(added),
                deleted=None if binary else int(deleted),
            )
        )

    def build(self) -> Commit:
        sha, parents, an, ae, ad, cd, subject, body = self.header
        parent_shas = tuple(parents.split())
        return Commit(
            sha=sha,
            parents=parent_shas,
            author=Person(an, ae),
            authored_at=git_time(ad),
            committed_at=git_time(cd),
            files=tuple(self.files),
            pr_number=pr_number(subject, len(parent_shas) > 1),
            reverts=reverted_sha(body),
        )


_OFFSET = re.compile(r"^(?P<local>.+?)(?P<sign>[+-])(?P<hours>\d+):(?P<minutes>\d{2})$")


def git_time(text: str) -> datetime:
    """A strict-ISO time as git prints it, in UTC when its offset is one Python cannot hold.

    Old tools wrote offsets like ``+51800`` into some histories (git prints ``+518:00``); git still
    keeps the right instant, which is the local time less that offset.
    """
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        found = _OFFSET.match(text)
        if found is None:
            raise
        offset = timedelta(hours=int(found["hours"]), minutes=int(found["minutes"]))
        local = datetime.fromisoformat(found["local"])
        return (local - offset if found["sign"] == "+" else local + offset).replace(tzinfo=UTC)
