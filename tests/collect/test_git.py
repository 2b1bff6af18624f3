"""The git collector against real repositories: window, tags, attributes, shallow clones."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bot.collect.git import GitWindow, collect_git
from bot.errors import SourceError
from bot.records import Severity
from tests.gitrepo import GitRepo, at

RELEASES = re.compile(r"^v\d+\.\d+\.\d+$")
WINDOW = GitWindow(since=at("2026-11-02 00:00"), until=at("2026-11-16 00:00"))


def test_reads_only_commits_committed_inside_the_window(repo: GitRepo) -> None:
    repo.commit("before", {"a": "1\n"}, when=at("2026-11-01 23:59"))
    inside = repo.commit("inside", {"a": "2\n"}, when=at("2026-11-02 00:00"))
    repo.commit("after", {"a": "3\n"}, when=at("2026-11-16 00:00"))
    dataset = collect_git(repo.path, WINDOW, RELEASES)
    assert [c.sha for c in dataset.commits] == [inside]


def test_release_tags_are_peeled_filtered_by_pattern_and_window(repo: GitRepo) -> None:
    first = repo.commit("one", {"a": "1\n"}, when=at("2026-11-03 10:00"))
    repo.tag("v1.0.0", when=at("2026-11-03 11:00"))
    second = repo.commit("two", {"a": "2\n"}, when=at("2026-11-10 10:00"))
    repo.tag("v1.1.0", when=at("2026-11-10 11:00"), annotated=False)
    repo.tag("nightly-5", when=at("2026-11-10 11:00"))
    dataset = collect_git(repo.path, WINDOW, RELEASES)
    assert {(t.name, t.sha) for t in dataset.tags} == {("v1.0.0", first), ("v1.1.0", second)}


def test_linguist_attributes_are_read_from_the_branch_not_the_working_tree(repo: GitRepo) -> None:
    repo.commit("attrs", {".gitattributes": "gen/** linguist-generated\n"}, when=at("2026-11-03 10:00"))
    (repo.path / ".gitattributes").write_text("other/** linguist-generated\n")
    dataset = collect_git(repo.path, WINDOW, RELEASES)
    assert dataset.attributes.generated == (("gen/**", True),)


def test_a_repository_with_no_commits_gives_an_empty_dataset_with_a_note(repo: GitRepo) -> None:
    dataset = collect_git(repo.path, WINDOW, RELEASES)
    assert dataset.commits == ()
    assert "no commits" in dataset.notes[0].message


def test_a_path_that_is_no_repository_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a git repository"):
        collect_git(tmp_path, WINDOW, RELEASES)


def shallow_clone(repo: GitRepo, target: Path, depth: int) -> Path:
    subprocess.run(["git", "clone", "-q", f"--depth={depth}", f"file://{repo.path}", str(target)], check=True)
    return target


def test_a_shallow_clone_cut_inside_the_window_is_refused_with_the_fix(repo: GitRepo, tmp_path: Path) -> None:
    for day in (3, 4, 5):
        repo.commit(f"day {day}", {"a": f"{day}\n"}, when=at(f"2026-11-{day:02d} 10:00"))
    clone = shallow_clone(repo, tmp_path / "shallow", depth=1)
    with pytest.raises(SourceError, match="fetch-depth: 0"):
        collect_git(clone, WINDOW, RELEASES)


def test_a_shallow_clone_cut_before_the_window_is_used_and_noted(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("old", {"a": "0\n"}, when=at("2026-10-01 10:00"))
    repo.commit("older still", {"a": "1\n"}, when=at("2026-10-02 10:00"))
    repo.commit("in window", {"a": "2\n"}, when=at("2026-11-03 10:00"))
    clone = shallow_clone(repo, tmp_path / "shallow", depth=2)
    dataset = collect_git(clone, WINDOW, RELEASES)
    assert len(dataset.commits) == 1
    assert any("shallow clone" in n.message and n.severity is Severity.INFO for n in dataset.notes)


def test_an_empty_window_says_where_the_history_is(repo: GitRepo) -> None:
    repo.commit("later", {"a": "1\n"}, when=at("2026-11-18 10:00"))
    dataset = collect_git(repo.path, WINDOW, RELEASES)
    (note,) = [n for n in dataset.notes if "no commits in the window" in n.message]
    assert "2026-11-18, after it" in note.message
    assert note.fix is not None and "2026-W47" in note.fix
