"""What each release tag shipped: the commits it contains that no earlier release tag contains.

Read from the tags' own history, however far back the previous release is, so that a release's lead time
does not depend on how many weeks the digest looks back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import git

from bot.collect.gitlog import LOG_FORMAT, parse_log
from bot.records import Commit, Tag


def with_contents(repo: git.Repo, tags: Sequence[Tag], every_tag: Sequence[Tag]) -> tuple[Tag, ...]:
    """``tags`` with ``first_contains`` read; "earlier" is by creation time among ``every_tag``."""
    ordered = sorted(every_tag, key=_order)
    return tuple(replace(tag, first_contains=_first_contains(repo, tag, ordered)) for tag in tags)


def _first_contains(repo: git.Repo, tag: Tag, ordered: Sequence[Tag]) -> tuple[Commit, ...]:
    earlier = {t.sha for t in ordered if _order(t) < _order(tag)}
    if tag.sha in earlier:
        return ()  # the same build tagged again ships nothing new
    output = repo.git.execute(
        ["git", "log", "-z", f"--format={LOG_FORMAT}", tag.sha, "--not", *sorted(earlier), "--"], stdout_as_string=False
    )
    return tuple(parse_log([output]))


def _order(tag: Tag) -> tuple[datetime, str]:
    return (tag.created_at, tag.name)
