"""The parallel history scan against one sequential ``git log``: the same records, whatever the split."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path

import git
import pytest

from bot.collect.git import GitWindow, collect_git, scan_commits, stream_commits
from bot.errors import SourceError
from tests.gitrepo import OTHER, GitRepo, at

SINCE = at("2026-11-02 00:00")
UNTIL = at("2026-11-16 00:00")
WINDOW = GitWindow(since=SINCE, until=UNTIL)
RELEASES = re.compile(r"^v\d+")


def lines(count: int, tag: str = "line") -> str:
    return "".join(f"{tag} {i}\n" for i in range(count))


@pytest.fixture
def busy(repo: GitRepo) -> GitRepo:
    """Every kind of commit the parser distinguishes, some exactly on the window's edges."""
    repo.commit("before the window", {"a.py": lines(3)}, when=SINCE - timedelta(seconds=1))
    repo.commit("on the window's first second", {"a.py": lines(4)}, when=SINCE)
    repo.commit("same second again", {"b.py": lines(2)}, when=SINCE)
    repo.commit("base for a rename", {"old/mod.py": lines(30)}, when=at("2026-11-03 09:00"))
    moved = {"old/mod.py": None, "new/mod.py": lines(30) + "extra\n"}
    repo.commit("rename with an edit", moved, when=at("2026-11-03 10:00"))
    repo.commit("image", {"logo.png": b"\x89PNG\x00\x01\x02"}, when=at("2026-11-04 10:00"))
    repo.commit("image again", {"logo.png": b"\x89PNG\x00\x03"}, when=at("2026-11-04 11:00"))
    repo.commit("reindent only", {"a.py": lines(4).replace(" ", "   ")}, when=at("2026-11-05 10:00"))
    repo.commit("nothing at all", when=at("2026-11-05 11:00"))
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("topic work (#12)", {"t.py": lines(5, "t")}, when=at("2026-11-06 10:00"), author=OTHER)
    repo.commit("topic rename", {"t.py": None, "topic/t.py": lines(5, "t")}, when=at("2026-11-06 11:00"))
    repo.git("checkout", "-q", "main")
    repo.commit("main moves on", {"b.py": lines(3)}, when=at("2026-11-06 12:00"))
    repo.merge("topic", "Merge pull request #12 from x/topic", when=at("2026-11-07 10:00"))
    (repo.path / "caf\xe9.txt".encode("latin-1").decode("utf-8", "surrogateescape")).write_text("x\n")
    (repo.path / "message").write_bytes(b"caf\xe9 \xff (#7)\n\nbody \xfe\n")
    repo.git("add", "caf\udce9.txt")
    repo.git("commit", "-q", "-F", "message", env={"GIT_COMMITTER_DATE": at("2026-11-08 10:00").isoformat()})
    for day in range(9, 16):
        repo.commit(f"day {day}", {f"d{day}.py": lines(day)}, when=at(f"2026-11-{day:02d} 10:00"))
    repo.commit("on the window's end, outside", {"a.py": lines(9)}, when=UNTIL)
    return repo


def sequential(repo: GitRepo, window: GitWindow = WINDOW) -> list[object]:
    return list(stream_commits(git.Repo(repo.path), window))


def test_every_split_of_the_history_gives_the_records_of_one_sequential_scan(busy: GitRepo) -> None:
    expected = sequential(busy)
    assert len(expected) > 20
    for part_size in (1, 2, 3, 7, len(expected) - 1, len(expected), 500):
        for jobs in (1, 2, 3):
            scanned = list(scan_commits(git.Repo(busy.path), WINDOW, jobs=jobs, part_size=part_size))
            assert scanned == expected, f"{part_size} commits a part, {jobs} jobs"


def test_the_scan_keeps_what_the_sequential_scan_reads_of_renames_merges_binaries_and_whitespace(
    busy: GitRepo,
) -> None:
    by_subject = {c.sha: c for c in scan_commits(git.Repo(busy.path), WINDOW, jobs=2, part_size=2)}
    messages = dict(line.split(" ", 1) for line in busy.git("log", "--format=%H %s").splitlines())
    commit = {messages[sha]: record for sha, record in by_subject.items()}
    assert [(f.path, f.added, f.deleted) for f in commit["rename with an edit"].files] == [("new/mod.py", 1, 0)]
    assert commit["Merge pull request #12 from x/topic"].is_merge
    assert commit["Merge pull request #12 from x/topic"].files == ()
    assert commit["image again"].files[0].is_binary
    assert commit["reindent only"].files == ()
    assert any(c.pr_number == 7 for c in by_subject.values())


def test_a_commit_on_a_window_edge_lands_in_exactly_one_of_two_adjacent_windows(busy: GitRepo) -> None:
    middle = at("2026-11-06 12:00")  # "main moves on" is committed exactly then
    first = collect_git(busy.path, GitWindow(SINCE, middle), RELEASES).commits
    second = collect_git(busy.path, GitWindow(middle, UNTIL), RELEASES).commits
    whole = collect_git(busy.path, WINDOW, RELEASES).commits
    assert [*second, *first] == list(whole)
    assert [c.committed_at for c in second if c.committed_at == middle] == [middle]


def test_a_clock_skewed_commit_stops_the_walk_as_git_log_does(repo: GitRepo) -> None:
    repo.commit("in the window", {"a.py": "1\n"}, when=at("2026-11-03 10:00"))
    repo.commit("clock in the past", {"a.py": "2\n"}, when=at("2026-10-01 10:00"))
    repo.commit("in the window again", {"a.py": "3\n"}, when=at("2026-11-04 10:00"))
    expected = sequential(repo)
    assert list(scan_commits(git.Repo(repo.path), WINDOW, jobs=2, part_size=1)) == expected


def test_an_empty_window_reads_no_commits_rather_than_the_whole_branch(repo: GitRepo) -> None:
    repo.commit("long ago", {"a.py": "1\n"}, when=at("2020-01-01 10:00"))
    assert list(scan_commits(git.Repo(repo.path), WINDOW, jobs=2)) == []


def test_a_shallow_clone_is_scanned_as_the_sequential_scan_reads_it(busy: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth=6", f"file://{busy.path}", str(clone)], check=True)
    expected = list(stream_commits(git.Repo(clone), WINDOW))
    assert list(scan_commits(git.Repo(clone), WINDOW, jobs=2, part_size=2)) == expected


def test_a_ref_git_cannot_read_is_a_source_error(busy: GitRepo) -> None:
    window = GitWindow(SINCE, UNTIL, ref="no-such-branch")
    with pytest.raises(SourceError, match="no-such-branch"):
        list(scan_commits(git.Repo(busy.path), window, jobs=2))
