"""Exact weekly numbers over a real repository with every kind of commit the design names."""

from __future__ import annotations

import re
from datetime import UTC

from bot.collect.git import GitWindow, collect_git
from bot.measure.activity import WeekActivity, exclusions, weekly_activity
from bot.measure.paths import FileKind, PathRules
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset
from tests.gitrepo import BOT, OTHER, GitRepo, at

WINDOW = Window.ending(IsoWeek(2026, 46), 3, UTC)  # W44 (Oct 26) .. W46 (Nov 9-15)


def collect(repo: GitRepo) -> Dataset:
    return collect_git(repo.path, GitWindow(WINDOW.start, WINDOW.end), re.compile(r"^v\d+\.\d+\.\d+$"))


def build_history(repo: GitRepo) -> None:
    """W44: nothing. W45: a merged PR, a lock bump, a bot commit, a release. W46: squash, revert, whitespace."""
    repo.commit("init", {"app.py": "a\n"}, when=at("2026-10-20 09:00"))  # before the window
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feature part 1", {"app.py": "a\nb\nc\n"}, when=at("2026-11-02 10:00"))
    repo.commit("feature part 2", {"lib.py": "x\ny\n"}, when=at("2026-11-03 10:00"), author=OTHER)
    repo.git("checkout", "-q", "main")
    repo.merge("feature", "Merge pull request #7 from ada/feature", when=at("2026-11-04 10:00"))
    repo.commit("bump deps", {"package-lock.json": "{}\n" * 50}, when=at("2026-11-05 10:00"))
    repo.commit("Bump foo (#8)", {"requirements.txt": "foo==2\n"}, when=at("2026-11-05 11:00"), author=BOT)
    repo.tag("v1.0.0", when=at("2026-11-06 10:00"))
    squash = repo.commit("Add search (#9)", {"search.py": "1\n2\n3\n4\n"}, when=at("2026-11-10 10:00"))
    repo.commit("Revert search", {"search.py": None}, when=at("2026-11-11 10:00"))
    repo.git("commit", "-q", "--amend", "--no-edit", "-m", f"Revert search\n\nThis reverts commit {squash}.")
    repo.commit("reindent", {"lib.py": "x \n y\n"}, when=at("2026-11-12 10:00"))
    repo.commit("generated", {"api.pb.go": "g\n" * 30, "vendor/x.go": "v\n" * 20}, when=at("2026-11-13 10:00"))


def test_weekly_numbers_count_what_the_definitions_say(repo: GitRepo) -> None:
    build_history(repo)
    rows = weekly_activity(collect(repo), WINDOW, PathRules())
    assert rows == [
        WeekActivity(IsoWeek(2026, 44), 0, 0, 0, 0, 0, 0),
        # part 1 (+2), part 2 (+2), lock bump (0 meaningful); merge and bot commit not counted.
        WeekActivity(
            IsoWeek(2026, 45), commits=3, meaningful_lines=4, contributors=2, merged_prs=1, releases=1, reverts=0
        ),
        # squash (+4), revert (-4), generated/vendored commit (0 meaningful); the reindent is not a commit.
        WeekActivity(
            IsoWeek(2026, 46), commits=3, meaningful_lines=8, contributors=1, merged_prs=1, releases=0, reverts=1
        ),
    ]


def test_exclusions_say_what_was_left_out(repo: GitRepo) -> None:
    build_history(repo)
    left_out = exclusions(collect(repo), WINDOW, PathRules(), exclude_authors=())
    assert left_out.lines_by_kind == {FileKind.LOCK: 50, FileKind.GENERATED: 30, FileKind.VENDORED: 20}
    assert (left_out.merge_commits, left_out.bot_commits, left_out.whitespace_only_commits) == (1, 1, 1)


def test_excluded_authors_are_left_out_of_volume_and_contributors(repo: GitRepo) -> None:
    build_history(repo)
    rows = weekly_activity(collect(repo), WINDOW, PathRules(), exclude_authors=("grace@*",))
    assert (rows[1].commits, rows[1].meaningful_lines, rows[1].contributors) == (2, 2, 1)
