from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

import pytest

from bot.measure.deploys import deploy_history
from bot.measure.dora import (
    Tier,
    change_failure_rate,
    deployment_frequency,
    failure_rate_tier,
    frequency_tier,
    lead_time_tier,
    lead_times,
    restore_tier,
    rework_rate,
    time_to_restore,
)
from bot.measure.failures import find_failures
from bot.measure.values import Rate
from bot.settings import MeasureSettings
from tests.measure.build import commit, deploy, incident, period, pr, sha

RULES = MeasureSettings().rules(zone=UTC)
UTC = ZoneInfo("UTC")


def test_frequency_counts_changes_and_deploy_days_and_keeps_redeploys_apart() -> None:
    history = deploy_history(
        [deploy(1, 0.1), deploy(2, 0.2), deploy(2, 0.3), deploy(3, 2.5), deploy(4, 9)], [], [], None
    )
    frequency = deployment_frequency(history, period(0, 7), UTC)
    assert (frequency.deployments, frequency.deploy_days, frequency.redeploys) == (3, 2, 1)


def test_a_deploy_late_on_sunday_utc_belongs_to_next_week_in_a_later_time_zone() -> None:
    history = deploy_history([deploy(1, 6.99)], [], [], None)  # Sunday 23:45 UTC = Monday in Berlin
    assert deployment_frequency(history, period(0, 7), UTC).deploy_days == 1
    berlin_week = period(0, 7)
    assert deployment_frequency(history, berlin_week, ZoneInfo("Europe/Berlin")).deployments == 1


def test_no_deployments_give_zero_frequency_and_an_empty_failure_rate() -> None:
    assert deployment_frequency((), period(), UTC).deployments == 0
    assert change_failure_rate((), {}, period()) == Rate(0, 0)
    assert Rate(0, 0).value is None


def test_one_deployment_is_measured_like_any_other() -> None:
    history = deploy_history([deploy(1, 2)], [pr(1, merged=1, first_commit=0)], [], "main")
    assert lead_times(history, period(), True).values == (2 * 86400.0,)
    assert change_failure_rate(history, {}, period()) == Rate(0, 1)


def test_lead_time_runs_from_the_prs_first_commit_so_squash_merges_do_not_hide_it() -> None:
    squash = pr(1, merged=3, first_commit=0.5, merge_sha=sha(50))
    history = deploy_history([deploy(50, 3.5)], [squash], [], "main")
    assert lead_times(history, period(), True).median == 3 * 86400.0


def test_without_prs_lead_time_falls_back_to_shipped_commits() -> None:
    history = deploy_history([deploy(9, 4)], [], [commit(1, 1), commit(2, 3), commit(3, 2, parents=2)], None)
    assert sorted(lead_times(history, period(), False).values) == [86400.0, 3 * 86400.0]


def test_change_failure_rate_counts_failed_deployments_not_incidents_and_skips_redeploys() -> None:
    history = deploy_history(
        [deploy(1, 1), deploy(1, 1.5), deploy(2, 2), deploy(3, 3, succeeded=False), deploy(4, 4)], [], [], None
    )
    failures = find_failures(history, [incident(7, 1.1), incident(8, 1.2)], [], [], RULES)
    assert change_failure_rate(history, failures, period()) == Rate(2, 4)  # deploy 1 (two incidents), the failed one


def test_time_to_restore_uses_restored_failures_that_started_in_the_period() -> None:
    history = deploy_history([deploy(1, 1), deploy(2, 3)], [], [], None)
    failures = find_failures(history, [incident(7, 1.5, closed=2), incident(8, 3.5)], [], [], RULES)
    assert time_to_restore(failures, period()).values == (0.5 * 86400.0,)  # the open one is not restored


def test_rework_rate_counts_deploys_that_shipped_a_revert_or_hotfix() -> None:
    prs = [pr(1, merged=1), pr(2, merged=2, labels=("Hotfix",)), pr(3, merged=3)]
    history = deploy_history([deploy(1, 1.5), deploy(2, 2.5), deploy(3, 3.5)], prs, [], "main")
    assert rework_rate(history, period(), RULES) == Rate(1, 3)


@pytest.mark.parametrize(
    ("per_week", "tier"), [(10, Tier.ELITE), (7, Tier.ELITE), (2, Tier.HIGH), (0.5, Tier.MEDIUM), (0.1, Tier.LOW)]
)
def test_deployment_frequency_tiers(per_week: float, tier: Tier) -> None:
    assert frequency_tier(per_week) is tier


def test_the_other_tiers_follow_the_2023_bands() -> None:
    assert [lead_time_tier(h * 3600) for h in (12, 48, 24 * 20, 24 * 60)] == [
        Tier.ELITE,
        Tier.HIGH,
        Tier.MEDIUM,
        Tier.LOW,
    ]
    assert [failure_rate_tier(r) for r in (0.05, 0.08, 0.15, 0.3)] == [Tier.ELITE, Tier.HIGH, Tier.MEDIUM, Tier.LOW]
    assert [restore_tier(m * 60) for m in (30, 300, 3000, 20000)] == [Tier.ELITE, Tier.HIGH, Tier.MEDIUM, Tier.LOW]
