"""``goodhart digest`` through the CLI on histories shaped like mature public repositories.

Each history here has the shape of one seen on a real clone (see ``bench/real_histories.py``): merge commits
titled like their pull request, squashes on a release branch merged back, releases far apart, a ``.mailmap``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.cli import main
from tests.gitrepo import OTHER, GitRepo, at

NOW = at("2026-11-18 08:00")  # the last complete week is 2026-W46
SHORT = {"GOODHART_CURRENT_WEEKS": "1"}


def digest_json(
    capsys: pytest.CaptureFixture[str], repo: GitRepo, lookback: int = 3, week: str = "2026-W46"
) -> dict[str, Any]:
    argv = ["digest", "--repo-path", str(repo.path), "--week", week, "--lookback-weeks", str(lookback)]
    code = main([*argv, "--format", "json", "--dry-run"], environ=SHORT, now=NOW)
    out, err = capsys.readouterr()
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/acme/shop.git",
        "git@github.com:acme/shop.git",
        "ssh://git@github.com/acme/shop",
        "https://github.com/acme/shop",
    ],
)
def test_the_title_names_the_repository_of_the_origin_remote(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-11-10 09:00"))
    repo.git("remote", "add", "origin", url)
    code = main(["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run"], environ=SHORT, now=NOW)
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.startswith("# Goodhart digest: acme/shop · 2026-W46\n")


def test_without_a_github_remote_the_title_is_the_folder_name(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-11-10 09:00"))
    repo.git("remote", "add", "origin", "https://gitlab.example.com/acme/shop.git")
    main(["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run"], environ=SHORT, now=NOW)
    out, _ = capsys.readouterr()
    assert out.startswith("# Goodhart digest: repo · 2026-W46\n")


def test_contributors_are_counted_once_per_person_in_the_mailmap(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit(
        "init", {".mailmap": "Grace Hopper <grace@example.com> <grace@old.example.org>\n"}, when=at("2026-10-01 09:00")
    )
    repo.commit("one", {"a.py": "a\n"}, when=at("2026-11-10 09:00"), author=OTHER)
    repo.commit("two", {"b.py": "b\n"}, when=at("2026-11-11 09:00"), author=("G. Hopper", "grace@old.example.org"))
    data = digest_json(capsys, repo)
    assert data["weeks"][-1]["contributors"] == 1
