"""A dataset prepared once (deploys in order, what each shipped, which failed), measured over any period."""

from __future__ import annotations

from dataclasses import dataclass

from bot.measure.activity import counted_commits, meaningful_lines, merged_pr_numbers
from bot.measure.deploys import Deploy, deploy_history
from bot.measure.dora import (
    Frequency,
    change_failure_rate,
    deployment_frequency,
    lead_times,
    rework_rate,
    time_to_restore,
)
from bot.measure.failures import Failure, find_failures
from bot.measure.points import Points, story_points
from bot.measure.review import cycle_times, merged_in, pr_sizes, review_coverage, review_depth, rubber_stamp_rate
from bot.measure.rules import MeasureRules
from bot.measure.values import Period, Rate, Sample
from bot.records import Dataset, Landing, Source


@dataclass(frozen=True, slots=True)
class PeriodMetrics:
    """Every metric over one period; None where the source it needs was not read."""

    period: Period
    frequency: Frequency | None
    lead_time: Sample | None
    change_failure: Rate | None
    time_to_restore: Sample | None
    rework: Rate | None
    commits: int | None
    meaningful_lines: int | None
    contributors: int | None
    """Distinct authors of the counted commits: a count, never names."""
    merged_prs: int | None
    review_depth: Sample | None
    review_coverage: Rate | None
    rubber_stamp: Rate | None
    pr_size: Sample | None
    cycle_time: Sample | None
    points: Points | None


class History:
    def __init__(self, dataset: Dataset, rules: MeasureRules) -> None:
        self.dataset = dataset
        self.rules = rules
        self.has_deploys = Source.DEPLOYMENTS in dataset.read or bool(dataset.deployments)
        self.has_prs = Source.PULL_REQUESTS in dataset.read
        self.has_commits = Source.COMMITS in dataset.read
        self.deploys: tuple[Deploy, ...] = deploy_history(
            dataset.deployments, dataset.pull_requests, dataset.commits, dataset.default_branch
        )
        self.failures: dict[Deploy, Failure] = find_failures(
            self.deploys, dataset.incidents, dataset.commits, dataset.pull_requests, rules
        )

    def period(self, period: Period) -> PeriodMetrics:
        deploys = self.deploys if self.has_deploys else None
        merged = merged_in(self.dataset.pull_requests, period, self.rules) if self.has_prs else None
        in_period = [c for c in self.dataset.commits if c.committed_at in period] if self.has_commits else None
        commits = counted_commits(in_period, self.rules.exclude_authors) if in_period is not None else None
        pointed = Source.WORK_ITEMS in self.dataset.read and any(w.points is not None for w in self.dataset.work_items)
        return PeriodMetrics(
            period=period,
            frequency=deployment_frequency(deploys, period, self.rules.zone) if deploys is not None else None,
            lead_time=lead_times(deploys, period, self.has_prs) if deploys is not None else None,
            change_failure=change_failure_rate(deploys, self.failures, period) if deploys is not None else None,
            time_to_restore=time_to_restore(self.failures, period) if deploys is not None else None,
            rework=rework_rate(deploys, period, self.rules) if deploys is not None else None,
            commits=len(commits) if commits is not None else None,
            meaningful_lines=(
                sum(meaningful_lines(c, self.rules.paths) for c in commits) if commits is not None else None
            ),
            contributors=len({c.author.email.lower() for c in commits}) if commits is not None else None,
            merged_prs=len(merged)
            if merged is not None
            else len(merged_pr_numbers(self._landed_in(period), self.rules.exclude_authors))
            if in_period is not None
            else None,
            review_depth=review_depth(merged, self.rules) if merged is not None else None,
            review_coverage=review_coverage(merged, self.rules) if merged is not None else None,
            rubber_stamp=rubber_stamp_rate(merged, self.rules) if merged is not None else None,
            pr_size=pr_sizes(merged, self.rules) if merged is not None else None,
            cycle_time=cycle_times(merged) if merged is not None else None,
            points=story_points(self.dataset.work_items, self.dataset.pull_requests, period) if pointed else None,
        )

    def _landed_in(self, period: Period) -> list[Landing]:
        return [landing for landing in self.dataset.landings if landing.landed_at in period]
