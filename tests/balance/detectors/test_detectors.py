"""Each detector on real git branches: the pattern it names fires, the ordinary change next to it does not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.balance.detectors.prrepo import PrRepo, code
from tests.gitrepo import GitRepo
from tests.measure.build import comment, day, pr, review


@pytest.fixture
def branch(repo: GitRepo) -> PrRepo:
    return PrRepo(repo, {"app.py": code("app", 40), "README.md": "project\n"})


# -- micro-commits ------------------------------------------------------------------------------------
def test_a_pr_padded_with_twelve_one_line_commits_is_micro_commits(branch: PrRepo) -> None:
    for i in range(12):
        branch.commit(f"tweak {i}", {f"notes/n{i}.txt": f"note {i}\n"})
    assert "micro-commits" in branch.fired()


def test_a_few_substantial_commits_are_not_micro_commits(branch: PrRepo) -> None:
    for i in range(9):
        branch.commit(f"step {i}", {f"src/m{i}.py": code(f"m{i}", 20)})
    assert branch.fired() == set()


# -- duplicate-blocks ---------------------------------------------------------------------------------
def test_the_same_ten_line_block_in_five_files_is_duplicate_blocks(branch: PrRepo) -> None:
    block = code("shared", 10)
    branch.commit("copy", {f"src/f{i}.py": code(f"own{i}", 3) + block for i in range(5)})
    result = branch.check()
    (finding,) = [f for f in result.findings if f.id == "duplicate-blocks"]
    assert finding.evidence.startswith("4 blocks of 6+ lines repeat")  # the first of the five is the original


def test_a_block_copied_from_existing_code_is_duplicate_blocks(branch: PrRepo) -> None:
    existing = code("app", 40)
    branch.commit("copy", {"src/copy.py": existing[: existing.index("value_app_20")] + code("new", 30)})
    assert "duplicate-blocks" in branch.fired()


def test_a_refactor_that_moves_code_is_not_duplication(branch: PrRepo) -> None:
    original = code("app", 40)
    kept, moved = original[: original.index("value_app_20")], original[original.index("value_app_20") :]
    branch.commit("move half of app.py", {"app.py": kept, "moved.py": moved})
    assert branch.fired() == set()


# -- generated-volume ---------------------------------------------------------------------------------
def test_a_pr_of_unmarked_vendored_code_is_generated_volume(branch: PrRepo) -> None:
    branch.commit("vendor a library", {"vendor/lib/core.py": code("lib", 300), "src/use.py": code("use", 10)})
    assert "generated-volume" in branch.fired()


def test_a_dependency_bump_with_its_manifest_is_not_generated_volume(branch: PrRepo) -> None:
    branch.commit(
        "bump deps",
        {
            "package.json": '{"dependencies": {"left-pad": "2.0.0"}}\n',
            "package-lock.json": "".join(f'"dep{i}": "2.{i}.0",\n' for i in range(300)),
        },
    )
    assert branch.fired() == set()


def test_a_lock_file_marked_linguist_generated_is_not_generated_volume(repo: GitRepo) -> None:
    marked = PrRepo(repo, {".gitattributes": "package-lock.json linguist-generated\n", "app.py": code("a", 5)})
    marked.commit("regenerate", {"package-lock.json": "".join(f'"dep{i}": "1.{i}.0",\n' for i in range(300))})
    assert marked.fired() == set()


# -- self-churn ---------------------------------------------------------------------------------------
def test_later_commits_rewriting_earlier_ones_is_self_churn(branch: PrRepo) -> None:
    branch.commit("first try", {"src/feature.py": code("first", 80)})
    branch.commit("second try", {"src/feature.py": code("first", 40) + code("second", 40)})
    result = branch.check()
    (finding,) = [f for f in result.findings if f.id == "self-churn"]
    assert "40 of the 120 lines" in finding.evidence


def test_commits_that_build_on_each_other_are_not_self_churn(branch: PrRepo) -> None:
    branch.commit("part one", {"src/one.py": code("one", 60)})
    branch.commit("part two", {"src/two.py": code("two", 60)})
    assert branch.fired() == set()


# -- large-thin-review --------------------------------------------------------------------------------
def test_a_600_line_pr_approved_without_comment_is_large_thin_review(branch: PrRepo) -> None:
    branch.commit("big feature", {"src/big.py": code("big", 600)})
    silent = pr(1, merged=2, opened=0, reviews=(review("bob", at=1),))
    assert "large-thin-review" in branch.fired(review=silent)


def test_a_large_pr_with_real_review_comments_is_fine(branch: PrRepo) -> None:
    branch.commit("big feature", {"src/big.py": code("big", 600)})
    reviewed = pr(1, merged=2, opened=0, reviews=(review("bob", at=1, inline=3),), comments=(comment("carol"),))
    assert branch.fired(review=reviewed) == set()


# -- split-work ---------------------------------------------------------------------------------------
def test_four_five_line_prs_closing_one_issue_is_split_work(branch: PrRepo) -> None:
    branch.commit("part 4", {"src/p.py": code("p", 5)})
    siblings = tuple(pr(n, merged=n, lines=5) for n in (2, 3, 4))
    assert "split-work" in branch.fired(review=pr(1, merged=5, lines=5), siblings=siblings)


def test_prs_closing_one_issue_over_weeks_or_of_real_size_are_fine(branch: PrRepo) -> None:
    branch.commit("part 4", {"src/p.py": code("p", 5)})
    old = tuple(pr(n, merged=n - 20, lines=5) for n in (2, 3, 4))
    big = tuple(pr(n, merged=n, lines=200) for n in (2, 3, 4))
    assert branch.fired(review=pr(1, merged=5, lines=5), siblings=old) == set()
    assert branch.fired(review=pr(1, merged=5, lines=5), siblings=big) == set()
    assert day(5) - day(0) == timedelta(days=5)


# -- formatting-volume --------------------------------------------------------------------------------
def test_a_reformatting_pr_is_formatting_volume(repo: GitRepo) -> None:
    source = "".join(f"call_{i}('argument', key='value_{i}')\n" for i in range(150))
    formatting = PrRepo(repo, {"src/calls.py": source})
    formatting.commit("format", {"src/calls.py": source.replace("'", '"').replace(", ", ",  ")})
    assert "formatting-volume" in formatting.fired()


def test_a_large_real_change_is_not_formatting_volume(repo: GitRepo) -> None:
    real = PrRepo(repo, {"src/calls.py": code("old", 150)})
    real.commit("rewrite", {"src/calls.py": code("new", 150)})
    assert "formatting-volume" not in real.fired()


# -- silencing ----------------------------------------------------------------------------------------
def test_goodhart_ignore_in_the_body_silences_one_detector_and_the_label_all(branch: PrRepo) -> None:
    for i in range(12):
        branch.commit(f"tweak {i}", {f"notes/n{i}.txt": f"note {i}\n"})
    result = branch.check(body="Small steps on purpose.\n\ngoodhart-ignore: micro-commits")
    assert result.findings == () and result.silenced == ("micro-commits",)
    assert branch.check(labels=("goodhart:ignore",)).findings == ()
