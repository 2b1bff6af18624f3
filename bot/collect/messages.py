"""Facts written in commit messages by GitHub and by ``git revert``."""

from __future__ import annotations

import re

_MERGE_PR = re.compile(r"^Merge pull request #(\d+) from ")
_SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")
_REVERTS = re.compile(r"This reverts commit ([0-9a-f]{7,40})")


def pr_number(subject: str, is_merge: bool) -> int | None:
    """The PR a commit landed through, from GitHub's merge or squash subject."""
    pattern = _MERGE_PR if is_merge else _SQUASH_PR
    match = pattern.search(subject)
    return int(match.group(1)) if match else None


def reverted_sha(body: str) -> str | None:
    """The commit a ``git revert`` undid; the last mention wins, as in a revert of a revert."""
    found = _REVERTS.findall(body)
    return found[-1] if found else None
