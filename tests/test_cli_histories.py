"""``goodhart digest`` through the CLI on histories shaped like mature public repositories.

Each history here has the shape of one seen on a real clone (see ``bench/real_histories.py``): merge commits
titled like their pull request, squashes on a release branch merged back, releases far apart, a ``.mailmap``.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.cli import main
from tests.fakegithub import FakeGitHub, pull
from tests.gitrepo import BOT, OTHER, GitRepo, at

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


def merged_prs(data: dict[str, Any]) -> list[int]:
    return [w["merged_prs"] for w in data["weeks"]]


def pull_request_merge(repo: GitRepo, subject: str, when: str, author: tuple[str, str] | None = None) -> None:
    """A branch of one commit merged with ``--no-ff`` and ``subject``, as GitHub's merge button does."""
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("work", {f"f{when[:10]}.py": "x\n"}, when=at(when), **({"author": author} if author else {}))
    repo.git("checkout", "-q", "main")
    repo.merge("topic", subject, when=at(when))
    repo.git("branch", "-q", "-D", "topic")


def test_merge_commits_titled_like_their_pull_request_count_as_merged(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-10-20 09:00"))
    pull_request_merge(repo, "Add a pager option (#3781)", "2026-11-03 10:00")
    pull_request_merge(repo, "Merge pull request #3700 from ada/fix", "2026-11-10 10:00")
    pull_request_merge(repo, "Fix help (#3778)", "2026-11-11 10:00")
    assert merged_prs(digest_json(capsys, repo)) == [0, 1, 2]


def test_a_squash_on_a_release_branch_counts_once_in_the_week_it_was_merged_back(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-10-20 09:00"))
    repo.git("checkout", "-q", "-b", "1.x")
    repo.commit("Fix a crash (#21)", {"a.py": "b\n"}, when=at("2026-10-28 10:00"))  # W44, on the release branch
    repo.git("checkout", "-q", "main")
    repo.commit("Fix a crash (#21)", {"b.py": "b\n"}, when=at("2026-11-04 10:00"))  # W45, cherry-picked to main
    repo.merge("1.x", "Merge branch '1.x'", when=at("2026-11-10 10:00"))  # W46
    assert merged_prs(digest_json(capsys, repo)) == [0, 1, 0]


def test_a_release_branch_merged_back_brings_its_pull_requests_in_that_week(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-10-20 09:00"))
    repo.git("checkout", "-q", "-b", "1.x")
    repo.commit("Fix a crash (#21)", {"a.py": "b\n"}, when=at("2026-10-21 10:00"))  # before the window
    repo.git("checkout", "-q", "main")
    repo.merge("1.x", "Merge branch '1.x'", when=at("2026-11-10 10:00"))  # W46
    assert merged_prs(digest_json(capsys, repo)) == [0, 0, 1]


def test_pull_requests_by_bots_stay_out_whoever_merged_them(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-10-20 09:00"))
    pull_request_merge(repo, "Merge pull request #40 from acme/dependabot/pip/foo-2", "2026-11-10 10:00", BOT)
    pull_request_merge(repo, "Bump bar from 1 to 2 (#41)", "2026-11-11 10:00", BOT)
    repo.commit("Fix help (#42)", {"help.py": "h\n"}, when=at("2026-11-12 10:00"))
    assert merged_prs(digest_json(capsys, repo)) == [0, 0, 1]


def test_lead_time_from_release_tags_does_not_depend_on_the_lookback(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-07-01 09:00"))
    repo.tag("v1.0.0", when=at("2026-07-01 10:00"))
    for day in ("2026-08-03", "2026-09-07", "2026-10-05", "2026-11-02"):
        repo.commit(f"change of {day}", {f"{day}.py": "x\n"}, when=at(f"{day} 10:00"))
    repo.tag("v1.1.0", when=at("2026-11-11 10:00"))
    lead_times = {
        lookback: digest_json(capsys, repo, lookback)["weeks"][-1]["metrics"]["lead-time"] for lookback in (3, 12, 26)
    }
    assert lead_times[3] == lead_times[12] == lead_times[26]
    assert lead_times[3]["n"] == 4


def test_a_release_on_a_maintenance_branch_ships_only_what_it_contains(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-07-01 09:00"))
    repo.tag("v1.0.0", when=at("2026-07-01 10:00"))
    repo.git("checkout", "-q", "-b", "1.0.x")
    repo.commit("Fix a crash", {"a.py": "b\n"}, when=at("2026-11-09 10:00"))
    repo.tag("v1.0.1", when=at("2026-11-11 10:00"))
    repo.git("checkout", "-q", "main")
    repo.commit("new feature on main", {"b.py": "b\n"}, when=at("2026-11-10 10:00"))
    lead_time = digest_json(capsys, repo)["weeks"][-1]["metrics"]["lead-time"]
    assert (lead_time["n"], lead_time["median"]) == (1, 2 * 86_400)  # the fix, not main's feature


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


def test_with_github_read_a_maintenance_release_ships_only_the_pull_requests_it_contains(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tags stand in for deployments while GitHub supplies the PRs: main's PR, merged between two releases
    of the maintenance branch, was not shipped by them, whatever the dates say."""
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-07-01 09:00"))
    repo.tag("v1.0.0", when=at("2026-07-01 10:00"))
    repo.git("checkout", "-q", "-b", "1.0.x")
    repo.commit("Fix a crash", {"a.py": "b\n"}, when=at("2026-11-09 10:00"))
    repo.tag("v1.0.1", when=at("2026-11-11 10:00"))
    repo.git("checkout", "-q", "main")
    repo.commit("New feature (#7)", {"b.py": "b\n"}, when=at("2026-11-10 10:00"))
    feature = repo.head()
    github.pulls = [pull(7, merged=at("2026-11-10 10:00"), first_commit=at("2026-11-09 10:00"), merge_sha=feature)]
    environ = {**SHORT, "GOODHART_TOKEN": "t"}
    argv = ["digest", "--dry-run", "--repo", "acme/shop", "--repo-path", str(repo.path), "--week", "2026-W46"]
    assert main([*argv, "--format", "json"], environ=environ, now=NOW) == 0
    data = json.loads(capsys.readouterr()[0])
    assert data["weeks"][-1]["metrics"]["deployment-frequency"]["total"] == 1  # v1.0.1, from its tag
    assert data["weeks"][-1]["metrics"]["lead-time"]["n"] == 0  # no PR of its own; #7 is main's


def _raw_object(repo: GitRepo, kind: str, text: str) -> str:
    """An object written as old tools wrote them, past the checks today's git applies to new ones."""
    path = repo.path / ".git" / "raw-object"
    path.write_text(text)
    return repo.git("hash-object", "-t", kind, "-w", "--literally", str(path))


def test_a_commit_with_an_offset_no_clock_has_is_counted_at_its_instant(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """requests' history has a commit dated "+51800": git prints +518:00, which no time zone can be."""
    repo.commit("init", {"a.py": "a\n"}, when=at("2026-11-09 09:00"))
    repo.write({"b.py": "b\n"})
    repo.git("add", "-A")
    tree, parent = repo.git("write-tree"), repo.head()
    instant = int(at("2026-11-11 10:00").timestamp())
    odd = _raw_object(
        repo,
        "commit",
        f"tree {tree}\nparent {parent}\nauthor Ada <ada@example.com> {instant} +51800\n"
        f"committer Ada <ada@example.com> {instant} +51800\n\nAdd b\n",
    )
    repo.git("update-ref", "HEAD", odd)
    repo.commit("Fix a typo", {"a.py": "b\n"}, when=at("2026-11-12 10:00"))
    assert [w["commits"] for w in digest_json(capsys, repo)["weeks"]] == [3]  # the history begins in W46


def test_an_annotated_tag_with_no_date_is_dated_by_its_commit(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """git's own v0.99 tag has no tagger line, so no date of its own."""
    commit = repo.commit("init", {"a.py": "a\n"}, when=at("2026-11-10 09:00"))
    undated = _raw_object(repo, "tag", f"object {commit}\ntype commit\ntag v0.99\n\nthe first release\n")
    repo.git("update-ref", "refs/tags/v0.99", undated)
    week = digest_json(capsys, repo)["weeks"][-1]
    assert (week["releases"], week["metrics"]["deployment-frequency"]["total"]) == (1, 1)


def test_a_young_repository_s_weeks_before_its_first_commit_are_left_out_not_read_as_a_rise(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten commits a week from W41: against an 8-week baseline, the five weeks before W41 would read as zeros and
    every count as a rise from nothing."""
    for week in range(6):
        for day in range(5):
            for n in range(2):
                name = f"f{week}{day}{n}.py"
                when = at(f"2026-10-05 1{n}:00") + timedelta(days=7 * week + day)
                repo.commit(f"Add {name}", {name: "x = 1\n"}, when=when)
    argv = ["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--format", "json", "--dry-run"]
    assert main(argv, environ={}, now=NOW) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["week"] for w in data["weeks"]] == [f"2026-W{n}" for n in range(41, 47)]
    assert [w["commits"] for w in data["weeks"]] == [10] * 6
    assert data["current"]["commits"]["value"] == data["baseline"]["commits"]["value"] == 10.0
    assert data["baseline"]["commits"]["weeks"] == 2
    (note,) = [n for n in data["data_quality"] if "history begins" in n["message"]]
    assert "the history begins on 2026-10-05: the window starts in 2026-W41, and the 20 weeks" in note["message"]


def test_a_history_younger_than_the_current_window_is_its_own_window_with_nothing_to_compare_yet(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    for day in range(3):
        repo.commit(f"Add {day}", {f"f{day}.py": "x = 1\n"}, when=at(f"2026-11-1{day} 10:00"))
    argv = ["digest", "--repo-path", str(repo.path), "--week", "2026-W46", "--dry-run"]
    assert main(argv, environ={}, now=NOW) == 0
    out = capsys.readouterr().out
    assert "| Commits per week | 3 | n/a | n/a |" in out  # 3 in its one week, not 3 spread over 4
    assert "The last 1 week only: the history has no weeks before it to compare with yet." in out
