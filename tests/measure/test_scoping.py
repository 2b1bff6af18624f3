"""A dataset narrowed to a scope: commits by their files, pull requests by the files they touched, the rest kept."""

from __future__ import annotations

from dataclasses import replace

from bot.measure.codeowners import parse_codeowners
from bot.measure.scope import WHOLE_REPOSITORY, PathGlobs, Scope
from bot.measure.scoping import scoped
from bot.records import Dataset, FileChange, Landing, Person
from tests.measure.build import commit, day, deploy, incident, item, pr, sha

PAYMENTS = Scope(
    team="@org/payments",
    codeowners=parse_codeowners("* @org/platform\n/pay/ @org/payments\n", ".github/CODEOWNERS"),
)


def files(*paths: str, lines: int = 5) -> tuple[FileChange, ...]:
    return tuple(FileChange(p, lines, 1) for p in paths)


def test_a_commit_counts_when_one_of_its_files_is_in_scope_with_only_those_files() -> None:
    mixed = replace(commit(1, 1), files=files("pay/a.py", "Makefile"))
    other = replace(commit(2, 1), files=files("search/b.py"))
    narrowed = scoped(Dataset(commits=(mixed, other)), PAYMENTS, {})
    assert [(c.sha, [f.path for f in c.files]) for c in narrowed.commits] == [(sha(1), ["pay/a.py"])]


def test_a_pull_request_counts_when_github_or_git_says_it_touched_the_scope() -> None:
    by_github = pr(1, 2, files=files("pay/a.py"))
    by_git = pr(2, 2, files=())  # GitHub listed no files; its merge commit changed pay/
    elsewhere = pr(3, 2, files=files("search/a.py"))
    narrowed = scoped(Dataset(pull_requests=(by_github, by_git, elsewhere)), PAYMENTS, {2: frozenset({"pay/x.py"})})
    assert [p.number for p in narrowed.pull_requests] == [1, 2]


def test_landings_count_by_their_merge_commit_or_their_squash_commit() -> None:
    ada = Person("ada", "ada@example.com")
    landings = tuple(Landing(n, day(3), ada) for n in (7, 8, 9))
    squash = replace(commit(9, 3, pr_number=9), files=files("pay/z.py"))
    dataset = Dataset(commits=(squash,), landings=landings)
    narrowed = scoped(dataset, PAYMENTS, {7: frozenset({"pay/a.py"}), 8: frozenset({"docs/a.md"})})
    assert [landing.pr_number for landing in narrowed.landings] == [7, 9]


def test_a_merge_commit_stays_only_when_it_merged_the_scope_s_pull_request() -> None:
    ours = commit(1, 3, parents=2, pr_number=7, lines=0)
    theirs = commit(2, 3, parents=2, pr_number=8, lines=0)
    ada = Person("ada", "ada@example.com")
    dataset = Dataset(commits=(ours, theirs), landings=(Landing(7, day(3), ada), Landing(8, day(3), ada)))
    narrowed = scoped(dataset, PAYMENTS, {7: frozenset({"pay/a.py"}), 8: frozenset({"docs/a.md"})})
    assert [c.sha for c in narrowed.commits] == [sha(1)]


def test_deployments_and_incidents_stay_the_repository_s_with_what_they_shipped_narrowed() -> None:
    ours, theirs = replace(commit(1, 1), files=files("pay/a.py")), replace(commit(2, 1), files=files("docs/a"))
    shipped = replace(deploy(5, 2), shipped_commits=(ours, theirs))
    dataset = Dataset(commits=(ours, theirs), deployments=(shipped, deploy(6, 3)), incidents=(incident(1, 2),))
    narrowed = scoped(dataset, PAYMENTS, {})
    assert [d.sha for d in narrowed.deployments] == [sha(5), sha(6)]
    assert narrowed.incidents == dataset.incidents
    assert narrowed.deployments[0].shipped_commits == (ours,)


def test_story_points_count_for_issues_closed_by_the_scope_s_pull_requests_only() -> None:
    dataset = Dataset(
        pull_requests=(pr(1, 2, files=files("pay/a.py")), pr(2, 2, files=files("docs/a.md"))),
        work_items=(item(10, 3, 1), item(11, 5, 2), item(12, 8)),  # 12 was closed by hand
    )
    assert [w.number for w in scoped(dataset, PAYMENTS, {}).work_items] == [10]


def test_the_whole_repository_leaves_the_dataset_as_it_is() -> None:
    dataset = Dataset(commits=(commit(1, 1),), pull_requests=(pr(1, 2),))
    assert scoped(dataset, WHOLE_REPOSITORY, {}) is dataset


def test_globs_alone_scope_without_a_team() -> None:
    dataset = Dataset(commits=(replace(commit(1, 1), files=files("pay/a.py")), replace(commit(2, 1), files=files("x"))))
    assert [c.sha for c in scoped(dataset, Scope(paths=PathGlobs(("pay",))), {}).commits] == [sha(1)]
