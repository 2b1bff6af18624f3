"""DORA's keys over a period: deployment frequency, lead time, change failure rate, time to restore, rework.

Tiers use the bands of the 2023 State of DevOps report, one tier per metric and never a blended score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from enum import StrEnum

from bot.measure.changes import is_hotfix, reverted_title
from bot.measure.deploys import Deploy, DeployKind
from bot.measure.failures import Failure
from bot.measure.rules import MeasureRules
from bot.measure.values import Period, Rate, Sample, seconds


@dataclass(frozen=True, slots=True)
class Frequency:
    deployments: int
    """Deployments that put a new build live."""
    deploy_days: int
    redeploys: int


def deployment_frequency(history: Sequence[Deploy], period: Period, zone: tzinfo) -> Frequency:
    inside = [d for d in history if d.at in period]
    changes = [d for d in inside if d.kind is DeployKind.CHANGE]
    days = {d.at.astimezone(zone).date() for d in changes}
    redeploys = sum(1 for d in inside if d.kind is DeployKind.REDEPLOY)
    return Frequency(deployments=len(changes), deploy_days=len(days), redeploys=redeploys)


def lead_times(history: Sequence[Deploy], period: Period, from_pull_requests: bool) -> Sample:
    """Deploy time minus the first commit of each change shipped (the PR's first commit: squash-safe).

    Without pull requests, each shipped commit's authored time stands in.
    """
    values: list[float] = []
    for deploy in history:
        if deploy.kind is not DeployKind.CHANGE or deploy.at not in period:
            continue
        if from_pull_requests:
            values += [seconds(deploy.at - (pr.first_commit_at or pr.created_at)) for pr in deploy.shipped]
        else:
            values += [seconds(deploy.at - c.authored_at) for c in deploy.shipped_commits if not c.is_merge]
    return Sample(tuple(max(0.0, v) for v in values))


def change_failure_rate(history: Sequence[Deploy], failures: Mapping[Deploy, Failure], period: Period) -> Rate:
    """Failed deployments over deployments that tried to ship a change (redeploys and rollbacks excluded)."""
    attempts = [d for d in history if d.at in period and d.kind in (DeployKind.CHANGE, DeployKind.FAILED)]
    return Rate(sum(1 for d in attempts if d in failures), len(attempts))


def time_to_restore(failures: Mapping[Deploy, Failure], period: Period) -> Sample:
    """For failures that started in the period and were restored: restore time minus failure start."""
    return Sample(
        tuple(
            seconds(f.restored_at - f.started_at)
            for f in failures.values()
            if f.started_at in period and f.restored_at is not None
        )
    )


def rework_rate(history: Sequence[Deploy], period: Period, rules: MeasureRules) -> Rate:
    """Unplanned deployments, those shipping a revert or a hotfix, over deployments (DORA 2024's fifth key)."""
    changes = [d for d in history if d.at in period and d.kind is DeployKind.CHANGE]
    return Rate(sum(1 for d in changes if _unplanned(d, rules)), len(changes))


def _unplanned(deploy: Deploy, rules: MeasureRules) -> bool:
    reverts = any(c.reverts for c in deploy.shipped_commits)
    return reverts or any(reverted_title(pr) is not None or is_hotfix(pr, rules) for pr in deploy.shipped)


class Tier(StrEnum):
    ELITE = "elite"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


_DAY = 86_400.0


def frequency_tier(per_week: float) -> Tier:
    """2023: on demand (daily or more) / daily to weekly / weekly to monthly / less often."""
    if per_week >= 7:
        return Tier.ELITE
    if per_week >= 1:
        return Tier.HIGH
    if per_week >= 12 / 52:
        return Tier.MEDIUM
    return Tier.LOW


def lead_time_tier(median_seconds: float) -> Tier:
    """2023: under a day / a day to a week / a week to a month / longer."""
    return _by_bounds(median_seconds, (_DAY, 7 * _DAY, 30 * _DAY))


def failure_rate_tier(rate: float) -> Tier:
    """2023: 5% / 10% / 15% / 64%, taken as upper bounds of each tier."""
    return _by_bounds(rate, (0.05, 0.10, 0.15))


def restore_tier(median_seconds: float) -> Tier:
    """2023: under an hour / under a day / a day to a week / longer."""
    return _by_bounds(median_seconds, (3_600.0, _DAY, 7 * _DAY))


def _by_bounds(value: float, bounds: tuple[float, float, float]) -> Tier:
    for tier, bound in zip((Tier.ELITE, Tier.HIGH, Tier.MEDIUM), bounds, strict=True):
        if value <= bound:
            return tier
    return Tier.LOW
