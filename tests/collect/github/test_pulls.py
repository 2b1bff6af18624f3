"""Pull requests over an HTTP-level fake: pages, stopping, bots, ghosts, big discussions, story points."""

from __future__ import annotations

from tests.collect.github.helpers import SINCE, collect, days_ago
from tests.fakegithub import FakeGitHub, comment, pull, review


def test_reads_every_merged_pr_of_the_window_in_pages_of_100(github: FakeGitHub) -> None:
    github.pulls = [pull(n, merged=days_ago(n / 20)) for n in range(1, 251)]
    dataset = collect()
    assert len(dataset.pull_requests) == 250
    assert github.graphql_requests("PullRequests") == 3


def test_stops_at_the_first_page_that_reaches_before_the_window(github: FakeGitHub) -> None:
    github.pulls = [pull(n, merged=days_ago(n)) for n in range(1, 500)]  # 1..28: the start is inclusive
    dataset = collect()
    assert {p.number for p in dataset.pull_requests} == set(range(1, 29))
    assert github.graphql_requests("PullRequests") == 1


def test_a_pr_merged_before_the_window_but_updated_in_it_is_left_out(github: FakeGitHub) -> None:
    github.pulls = [pull(1, merged=days_ago(40), updated=days_ago(1)), pull(2, merged=days_ago(2))]
    assert [p.number for p in collect().pull_requests] == [2]


def test_bots_and_deleted_accounts_are_told_apart(github: FakeGitHub) -> None:
    github.pulls = [
        pull(1, merged=days_ago(1), author="dependabot", bot=True),
        pull(2, merged=days_ago(1), author=None, reviews=(review(None, at=days_ago(1)),)),
    ]
    by_number = {p.number: p for p in collect().pull_requests}
    assert by_number[1].author.is_bot and by_number[1].author.login == "dependabot"
    assert by_number[2].author.login is None and not by_number[2].author.is_bot
    assert by_number[2].reviews[0].author.login is None


def test_long_discussions_are_counted_to_their_totals_without_extra_requests(github: FakeGitHub) -> None:
    reviews = tuple(review(f"r{i}", "COMMENTED", days_ago(1), body=f"point {i}") for i in range(230))
    comments = tuple(comment(f"c{i}") for i in range(150))
    github.pulls = [pull(1, merged=days_ago(1), reviews=reviews, comments=comments), pull(2, merged=days_ago(1))]
    dataset = collect()
    pr = next(p for p in dataset.pull_requests if p.number == 1)
    assert (len(pr.reviews), len(pr.comments)) == (100, 100)
    assert (pr.review_count, pr.comment_count, pr.unread_discussion) == (230, 150, 180)
    assert github.graphql_requests() == 6  # budget, pull requests, environments, tags, incidents, closed issues
    assert any("the other 180 counted from GitHub's totals" in n.message for n in dataset.notes)


def test_times_sizes_and_first_commit_come_through(github: FakeGitHub) -> None:
    github.pulls = [
        pull(
            7,
            merged=days_ago(1),
            created=days_ago(5),
            ready=days_ago(3),
            first_commit=days_ago(9),
            additions=120,
            deletions=30,
            changed_files=4,
            commits=6,
            labels=("hotfix",),
        )
    ]
    (pr,) = collect().pull_requests
    assert (pr.created_at, pr.ready_at, pr.first_commit_at) == (days_ago(5), days_ago(3), days_ago(9))
    assert (pr.additions, pr.deletions, pr.changed_files, pr.labels) == (120, 30, 4, ("hotfix",))
    assert pr.merge_commit_sha == f"{7:040x}"
    assert [(f.path, f.added, f.deleted) for f in pr.files] == [(f"src/file{i}.py", 30, 7) for i in range(4)]


def test_an_empty_repository_gives_no_prs_and_one_request(github: FakeGitHub) -> None:
    dataset = collect()
    assert dataset.pull_requests == ()
    assert github.graphql_requests("PullRequests") == 1
    assert days_ago(0) > SINCE
