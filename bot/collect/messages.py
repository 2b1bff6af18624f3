"""Facts written in commit messages by GitHub and by ``git revert``."""

from __future__ import annotations

import re

_MERGE_PR = re.compile(r"^Merge pull request #(\d+) from ")
_SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")
_REVERTS = re.compile(r"This reverts commit ([0-9a-f]{7,40})")


def pr_number(subject: str, is_merge: bool) -> int | None:
    """The PR a commit landed through, from GitHub's merge or squash subject.

    A merge commit may carry the PR's title, ``Title (#N)``, as many projects set GitHub to do.
    """
    match = (_MERGE_PR.search(subject) if is_merge else None) or _SQUASH_PR.search(subject)
    return int(match.group(1)) if match else None


def reverted_sha(body: str) -> str | None:
    """The commit a ``git revert`` undid; the last mention wins, as in a revert of a revert."""
    found = _REVERTS.findall(body)
    return found[-1] if found else None
