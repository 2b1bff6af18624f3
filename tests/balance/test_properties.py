"""Properties of the pure core over arbitrary datasets (hypothesis): it never raises, every rate is a
share, and nothing depends on the order the sources listed their records in."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.measure.values import Rate
from bot.measure.weeks import IsoWeek, Window
from bot.publish.format import reason
from bot.records import (
    Actor,
    Comment,
    Commit,
    Dataset,
    Deployment,
    DeploySource,
    FileChange,
    Incident,
    Person,
    PointsSource,
    PullRequest,
    Review,
    Source,
    WorkItem,
)
from tests.digests import digest_of

START = datetime(2026, 8, 24, tzinfo=UTC)
WINDOW = Window.ending(IsoWeek(2026, 46), 12, UTC)
moments = st.integers(min_value=-14 * 86400, max_value=90 * 86400).map(lambda s: START + timedelta(seconds=s))
shas = st.integers(min_value=0, max_value=40).map(lambda n: f"{n:07x}" + "e" * 33)
logins = st.sampled_from(["ada", "bob", "carol", None, "renovate"])
texts = st.sampled_from(["", "LGTM", "Why does this retry?", "+1", 'Revert "Change 3"', "Change 3", "hotfix"])


@st.composite
def pull_requests(draw: st.DrawFn) -> PullRequest:
    created = draw(moments)
    merged = draw(st.one_of(st.none(), moments.filter(lambda m: m >= created)))
    files = tuple(
        FileChange(
            draw(st.sampled_from(["a.py", "package-lock.json", "vendor/x.go", "b.md"])),
            draw(st.integers(0, 900)),
            draw(st.integers(0, 900)),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    reviews = tuple(
        Review(
            Actor(draw(logins), draw(st.booleans())),
            draw(st.sampled_from(["APPROVED", "COMMENTED", "DISMISSED"])),
            draw(st.one_of(st.none(), moments)),
            draw(texts),
            draw(st.integers(0, 5)),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    comments = tuple(Comment(Actor(draw(logins)), draw(texts)) for _ in range(draw(st.integers(0, 3))))
    return PullRequest(
        number=draw(st.integers(1, 60)),
        title=draw(texts),
        author=Actor(draw(logins), draw(st.booleans())),
        created_at=created,
        ready_at=created,
        merged_at=merged,
        base_ref=draw(st.sampled_from(["main", "release"])),
        head_ref=draw(st.sampled_from(["feature/x", "hotfix/y"])),
        merge_commit_sha=draw(st.one_of(st.none(), shas)),
        additions=sum(f.added or 0 for f in files),
        deletions=sum(f.deleted or 0 for f in files),
        changed_files=draw(st.integers(len(files), len(files) + 200)),
        first_commit_at=draw(st.one_of(st.none(), moments)),
        labels=tuple(draw(st.lists(st.sampled_from(["hotfix", "bug"]), max_size=2))),
        reviews=reviews,
        comments=comments,
        review_count=len(reviews) + draw(st.integers(0, 200)),
        comment_count=len(comments),
        files=files,
    )


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    commits = tuple(
        Commit(
            draw(shas),
            tuple("p" for _ in range(draw(st.integers(0, 2)))),
            Person("a", draw(st.sampled_from(["a@x", "b[bot]@x"]))),
            when,
            when,
            tuple(draw(st.lists(st.just(FileChange("a.py", 3, 1)), max_size=2))),
            draw(st.one_of(st.none(), st.integers(1, 60))),
            draw(st.one_of(st.none(), shas)),
        )
        for when in draw(st.lists(moments, max_size=25))
    )
    deployments = tuple(
        Deployment(draw(shas), "production", when, draw(st.booleans()), DeploySource.DEPLOYMENTS_API)
        for when in draw(st.lists(moments, max_size=30))
    )
    incidents = tuple(
        Incident(
            draw(st.integers(1, 99)),
            "x",
            when,
            draw(st.one_of(st.none(), moments.filter(lambda m, opened=when: m >= opened))),
            draw(st.one_of(st.none(), shas)),
        )
        for when in draw(st.lists(moments, max_size=10))
    )
    prs = tuple(draw(st.lists(pull_requests(), max_size=25)))
    items = tuple(
        WorkItem(
            n,
            draw(st.one_of(st.none(), st.floats(0, 21))),
            PointsSource.LABEL,
            draw(moments),
            tuple(draw(st.lists(st.integers(1, 60), max_size=3))),
        )
        for n in range(draw(st.integers(0, 8)))
    )
    read = frozenset(draw(st.lists(st.sampled_from([s for s in Source if s is not Source.DEPLOYMENT_OUTCOMES]))))
    return Dataset(
        commits=commits,
        deployments=deployments,
        incidents=incidents,
        pull_requests=prs,
        work_items=items,
        read=read,
        default_branch=draw(st.sampled_from([None, "main"])),
    )


def digest(dataset: Dataset):  # type: ignore[no-untyped-def]
    return digest_of(dataset, WINDOW, START, repository="a/b")


def rates(metrics: object) -> list[Rate]:
    return [value for value in vars_of(metrics) if isinstance(value, Rate)]


def vars_of(metrics: object) -> list[object]:
    return [getattr(metrics, name) for name in metrics.__dataclass_fields__]  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(datasets(), st.randoms(use_true_random=False))
def test_the_core_never_raises_keeps_rates_in_range_and_ignores_record_order(
    dataset: Dataset, rng: random.Random
) -> None:
    first = digest(dataset)
    for metrics in (first.current, first.baseline, *first.weekly):
        for rate in rates(metrics):
            assert 0 <= rate.numerator <= rate.denominator
            assert rate.value is None or 0.0 <= rate.value <= 1.0
    shuffled = replace(
        dataset,
        **{
            name: tuple(rng.sample(list(getattr(dataset, name)), len(getattr(dataset, name))))
            for name in ("commits", "deployments", "incidents", "pull_requests", "work_items")
        },
    )
    again = digest(shuffled)
    assert [(v.pair.id, v.verdict, reason(v)) for v in again.verdicts] == [
        (v.pair.id, v.verdict, reason(v)) for v in first.verdicts
    ]
    assert again.headlines == first.headlines
