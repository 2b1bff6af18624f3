"""When each pull request named in git's subjects first reached the branch: its first-parent arrival.

A commit reaches the branch with the first-parent commit that brings it in: itself when it was committed on
the branch, else the merge of its pull request or of the release branch it had landed on first. The whole
history's subjects are read (one light ``git log``, no diffs), so that a number seen before the window, say
cherry-picked later, is not counted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import git

from bot.collect.gitlog import git_time
from bot.collect.messages import pr_number
from bot.records import Landing, Person

_US = "\x1f"
_FORMAT = _US.join(("%H", "%P", "%aN", "%aE", "%cI", "%s"))


@dataclass(frozen=True, slots=True)
class _Entry:
    parents: tuple[str, ...]
    author: Person
    committed_at: datetime
    subject: str


def read_landings(repo: git.Repo, ref: str, since: datetime, until: datetime) -> tuple[Landing, ...]:
    """Pull requests whose number first reached ``ref`` in [since, until), each once, oldest first."""
    graph = _graph(repo.git.log(f"--format={_FORMAT}", ref, "--"))
    first: dict[int, Landing] = {}
    for sha, landed_at in _arrivals(graph, repo.git.rev_parse(ref)):
        entry = graph[sha]
        number = pr_number(entry.subject, len(entry.parents) > 1)
        if number is not None and number not in first:
            first[number] = Landing(number, landed_at, _pull_request_author(graph, entry))
    return tuple(landing for landing in first.values() if since <= landing.landed_at < until)


def _graph(log: str) -> dict[str, _Entry]:
    graph = {}
    for line in log.splitlines():
        sha, parents, name, email, committed, subject = line.split(_US, 5)
        graph[sha] = _Entry(tuple(parents.split()), Person(name, email), git_time(committed), subject)
    return graph


def _arrivals(graph: dict[str, _Entry], tip: str) -> list[tuple[str, datetime]]:
    """Every commit with the time it reached the branch, in order of arrival (oldest first)."""
    line = []
    sha: str | None = tip
    while sha is not None and sha in graph:
        line.append(sha)
        sha = next(iter(graph[sha].parents), None)
    arrived: dict[str, datetime] = {}
    for step in reversed(line):
        when = graph[step].committed_at
        arrived[step] = when
        waiting = list(graph[step].parents[1:])
        while waiting:
            sha = waiting.pop()
            if sha in arrived or sha not in graph:
                continue
            arrived[sha] = when
            waiting += graph[sha].parents
    return list(arrived.items())


def _pull_request_author(graph: dict[str, _Entry], entry: _Entry) -> Person:
    """A merge commit is authored by whoever pressed the button: the merged branch's tip tells who wrote it."""
    if len(entry.parents) > 1 and entry.parents[1] in graph:
        return graph[entry.parents[1]].author
    return entry.author
