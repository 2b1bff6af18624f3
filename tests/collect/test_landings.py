"""When each pull request named in git's subjects first reached the branch, on real repositories."""

from __future__ import annotations

import git

from bot.collect.landings import read_landings
from bot.records import Landing, Person
from tests.gitrepo import BOT, HUMAN, OTHER, GitRepo, at

SINCE, UNTIL = at("2026-11-02 00:00"), at("2026-11-16 00:00")


def landings(repo: GitRepo) -> tuple[Landing, ...]:
    return read_landings(git.Repo(repo.path), "HEAD", SINCE, UNTIL)


def test_a_merged_pull_request_lands_with_its_merge_written_by_its_branch_author(repo: GitRepo) -> None:
    repo.commit("init", {"a": "1\n"}, when=at("2026-10-01 10:00"))
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("work", {"b": "1\n"}, when=at("2026-10-30 10:00"), author=OTHER)
    repo.git("checkout", "-q", "main")
    repo.merge("topic", "Merge pull request #5 from grace/topic", when=at("2026-11-03 10:00"), author=HUMAN)
    assert landings(repo) == (Landing(5, at("2026-11-03 10:00"), Person(*OTHER)),)


def test_a_number_that_landed_before_the_window_is_not_counted_again(repo: GitRepo) -> None:
    repo.commit("Fix (#3)", {"a": "1\n"}, when=at("2026-10-01 10:00"))
    repo.commit("Fix (#3)", {"a": "2\n"}, when=at("2026-11-03 10:00"))  # cherry-picked back and forth
    assert landings(repo) == ()


def test_squashes_land_where_they_were_committed_and_keep_their_author(repo: GitRepo) -> None:
    repo.commit("init", {"a": "1\n"}, when=at("2026-10-01 10:00"))
    repo.commit("Bump foo (#8)", {"a": "2\n"}, when=at("2026-11-04 10:00"), author=BOT)
    repo.commit("Add bar (#9)", {"a": "3\n"}, when=at("2026-11-16 00:00"))  # after the window
    assert landings(repo) == (Landing(8, at("2026-11-04 10:00"), Person(*BOT)),)
