"""The digest's table and its headlines count the same things the same way."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.measure.metrics import DEPLOYMENT_FREQUENCY
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset, Source
from bot.settings import MeasureSettings
from tests.digests import digest_of
from tests.measure.build import deploy, pr


def test_the_week_table_and_the_headlines_agree_on_deployments_and_merged_prs() -> None:
    week = Window.ending(IsoWeek(2026, 46), 2, UTC)  # 2026-11-02 .. 2026-11-15; build.day(0) is 11-02
    dataset = Dataset(
        deployments=(deploy(1, 8), deploy(1, 9), deploy(2, 10)),  # the second is a redeploy: not counted
        pull_requests=(pr(1, merged=8), pr(2, merged=9, author="renovate", bot=True), pr(3, merged=10, author="ci-1")),
        read=frozenset({Source.DEPLOYMENTS, Source.PULL_REQUESTS}),
    )
    rules = MeasureSettings(exclude_authors=("ci-*",)).rules(zone=UTC)
    digest = digest_of(
        dataset,
        week,
        datetime(2026, 11, 18, tzinfo=UTC),
        repository="a/b",
        rules=rules,
        current_weeks=1,
        baseline_weeks=1,
    )
    row = digest.weeks[-1]
    headline = next(h for h in digest.headlines if h.metric is DEPLOYMENT_FREQUENCY)
    assert (row.deployments, headline.this_week) == (2, 2)
    assert (row.merged_prs, digest.weekly[-1].merged_prs) == (1, 1)
