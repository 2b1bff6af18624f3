from __future__ import annotations

from datetime import UTC

import pytest

from bot.measure.changes import is_trivial, meaningful_lines, substantive_comments
from bot.measure.review import merged_in, review_coverage, review_depth, rubber_stamp_rate
from bot.measure.values import Rate
from bot.records import FileChange
from bot.settings import MeasureSettings
from tests.measure.build import comment, period, pr, review

RULES = MeasureSettings().rules(zone=UTC)


@pytest.mark.parametrize("text", ["", "LGTM", "lgtm!", "+1", "👍", "Looks good to me!", "Ship it", "approved"])
def test_one_word_and_stock_approvals_are_not_substantive(text: str) -> None:
    assert is_trivial(text)


@pytest.mark.parametrize("text", ["Why retry here?", "nit: rename this", "LGTM, but the cache key misses the user"])
def test_real_comments_are_substantive(text: str) -> None:
    assert not is_trivial(text)


def test_depth_counts_inline_comments_bodies_and_conversation_by_others_only() -> None:
    change = pr(
        1,
        merged=2,
        reviews=(
            review("bob", "COMMENTED", 1, body="Two questions below", inline=3),
            review("bob", at=1.5, body="LGTM"),
            review("ada", "COMMENTED", 1, body="Answered", inline=2),
            review("ci", at=1, body="Checks passed", bot=True),
        ),
        comments=(comment("carol"), comment("ada"), comment("renovate", bot=True), comment("dan", "+1")),
    )
    assert substantive_comments(change, RULES) == 3 + 1 + 1  # bob's inline and body, carol's comment


def test_excluded_authors_do_not_count_as_reviewers_and_their_prs_are_left_out() -> None:
    rules = MeasureSettings(exclude_authors=("release-*",)).rules(zone=UTC)
    change = pr(1, merged=2, comments=(comment("release-bot"),))
    assert substantive_comments(change, rules) == 0
    assert merged_in([pr(2, merged=1, author="release-train")], period(), rules) == []


def test_coverage_needs_a_review_by_someone_else_before_merge() -> None:
    prs = [
        pr(1, merged=2, reviews=(review("bob", at=1),)),
        pr(2, merged=2, reviews=(review("bob", at=3),)),  # after merge
        pr(3, merged=2, reviews=(review("ada", at=1),)),  # the author
        pr(4, merged=2),
    ]
    assert review_coverage(prs, RULES) == Rate(1, 4)
    assert review_depth(prs, RULES).median == 0


def test_rubber_stamps_are_large_prs_approved_silently_or_within_minutes() -> None:
    big = 600
    prs = [
        pr(1, merged=2, opened=0, lines=big, reviews=(review("bob", at=1),)),
        pr(
            2,
            merged=2,
            opened=0,
            ready=1,
            lines=big,
            reviews=(review("bob", at=1 + 2 / 1440, body="Read it all, the retry is fine"),),
        ),
        pr(3, merged=2, opened=0, lines=big, reviews=(review("bob", at=1, body="The cache needs a TTL", inline=4),)),
        pr(4, merged=2, opened=0, lines=50, reviews=(review("bob", at=1),)),
    ]
    assert rubber_stamp_rate(prs, RULES) == Rate(2, 3)


def test_pr_size_leaves_out_lock_generated_and_vendored_files() -> None:
    files = (
        FileChange("src/a.py", 30, 10),
        FileChange("package-lock.json", 900, 800),
        FileChange("vendor/x.go", 50, 0),
    )
    assert meaningful_lines(pr(1, merged=1, files=files), RULES) == 40
