"""What each release tag shipped, read from the tags' history, on real repositories."""

from __future__ import annotations

import re

import git

from bot.collect.git import release_tags
from bot.collect.releases import with_contents
from tests.gitrepo import GitRepo, at

RELEASES = re.compile(r"^v\d+\.\d+\.\d+$")


def shipped(repo: GitRepo) -> dict[str, list[str]]:
    handle = git.Repo(repo.path)
    every = tuple(release_tags(handle, RELEASES))
    return {t.name: [c.sha for c in t.first_contains or ()] for t in with_contents(handle, every, every)}


def test_a_release_ships_what_no_earlier_release_contains(repo: GitRepo) -> None:
    first = repo.commit("one", {"a": "1\n"}, when=at("2026-01-01 10:00"))
    repo.tag("v1.0.0", when=at("2026-01-01 11:00"))
    second = repo.commit("two", {"a": "2\n"}, when=at("2026-06-01 10:00"))
    third = repo.commit("three", {"a": "3\n"}, when=at("2026-11-01 10:00"))
    repo.tag("v1.1.0", when=at("2026-11-02 10:00"))
    repo.tag("v1.1.1", when=at("2026-11-03 10:00"))  # the same build again
    assert shipped(repo) == {"v1.0.0": [first], "v1.1.0": [third, second], "v1.1.1": []}
