"""The organisation digest as a value: weekly sums over repositories, pairs judged on pooled samples, one row
per repository with its own verdicts, and, by team, the same for each team. Teams and repositories only: a
digest JSON names no people, and nothing here adds any."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.balance.limits import Limits
from bot.balance.pairs import PairVerdict, Verdict
from bot.measure.history import PeriodMetrics
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek, Window
from bot.report import Replay, periods
from bot.rollup.pool import PooledWeeks, pooled
from bot.rollup.repository import TOTALS, RepositoryDigest, Scope, WeekRow

NO_TEAM = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekTotals:
    """One ISO week summed over the repositories; a count some of them did not read is partial, never zero."""

    week: IsoWeek
    totals: dict[str, int | None]
    """Sums over the repositories that read each count; None when none did."""
    contributed: dict[str, int]
    """How many repositories each sum rests on."""
    repositories: int
    """How many repositories were rolled up (those without this week in their window included)."""

    def partial(self, name: str) -> bool:
        return 0 < self.contributed[name] < self.repositories


@dataclass(frozen=True, slots=True, kw_only=True)
class Pool:
    """A set of repositories rolled into one: the whole organisation, or one team."""

    team: str | None
    repositories: tuple[str, ...]
    weeks: tuple[WeekTotals, ...]
    verdicts: tuple[PairVerdict, ...]
    current: PeriodMetrics
    baseline: PeriodMetrics

    @property
    def warnings(self) -> tuple[PairVerdict, ...]:
        return tuple(v for v in self.verdicts if v.verdict is Verdict.WARNING)


@dataclass(frozen=True, slots=True, kw_only=True)
class RepositoryRow:
    repository: str
    team: str | None
    scope: Scope
    verdicts: tuple[tuple[str, str], ...]
    guard_alone: frozenset[str]
    this_week: dict[str, int | None]
    sampled: bool
    partial: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation:
    week: IsoWeek
    generated_at: datetime
    window: Window
    current_period: Period
    baseline_period: Period
    organisation: Pool
    teams: tuple[Pool, ...]
    """By team, when asked for: each team's repositories pooled; repositories without a team pool as one."""
    repositories: tuple[RepositoryRow, ...]
    """One row per digest: a repository given as several teams' digests has a row for each."""
    limits: Limits
    summed_scopes: tuple[str, ...] = ()
    """Repositories given only as several teams' digests: the organisation's pool sums them, overlaps and all."""
    timezone: str = "UTC"

    @property
    def partial(self) -> tuple[str, ...]:
        """Repositories whose digest a source stopped partway through: rolled up, but undercounted."""
        return tuple(dict.fromkeys(r.repository for r in self.repositories if r.partial))

    @property
    def unsampled(self) -> tuple[str, ...]:
        """Repositories whose JSON carries no samples: left out of the pooled distributions."""
        return tuple(dict.fromkeys(r.repository for r in self.repositories if not r.sampled))


def organise(
    digests: Sequence[RepositoryDigest],
    *,
    limits: Limits,
    current_weeks: int,
    baseline_weeks: int,
    by_team: bool,
    generated_at: datetime,
) -> Organisation:
    week = digests[0].week
    first = min(row.week for d in digests for row in d.weeks)
    window = Window(tuple(_weeks_from(first, week)), UTC)
    counted, summed = _once_per_repository(digests)
    pool = _pool(counted, None, window, limits, current_weeks, baseline_weeks)
    teams = tuple(
        _pool([d for d in digests if d.team == team], team, window, limits, current_weeks, baseline_weeks)
        for team in (_teams(digests) if by_team else ())
    )
    return Organisation(
        week=week,
        generated_at=generated_at,
        window=window,
        current_period=pool.current.period,
        baseline_period=pool.baseline.period,
        organisation=pool,
        teams=teams,
        repositories=tuple(
            _repository_row(d) for d in sorted(digests, key=lambda d: (d.repository.lower(), d.team or ""))
        ),
        limits=limits,
        summed_scopes=summed,
        timezone=digests[0].timezone,
    )


def _once_per_repository(digests: Sequence[RepositoryDigest]) -> tuple[list[RepositoryDigest], tuple[str, ...]]:
    """The digests the organisation's pool counts: a repository given as several teams' digests (by team only)
    counts once, by its whole-repository digest when one was given; else its teams' digests are summed, and
    the repository is named, since files several teams own and its deployments then count once per team."""
    by_repository: dict[str, list[RepositoryDigest]] = {}
    for digest in digests:
        by_repository.setdefault(digest.repository, []).append(digest)
    counted: list[RepositoryDigest] = []
    summed: list[str] = []
    for repository, given in by_repository.items():
        whole = [d for d in given if d.scope.whole]
        counted.extend(whole if len(given) > 1 and whole else given)
        if len(given) > 1 and not whole:
            summed.append(repository)
    return counted, tuple(sorted(summed, key=str.lower))


def _weeks_from(first: IsoWeek, last: IsoWeek) -> list[IsoWeek]:
    weeks = [first]
    while weeks[-1] < last:
        weeks.append(weeks[-1].shift(1))
    return weeks


def _teams(digests: Sequence[RepositoryDigest]) -> list[str | None]:
    named = sorted({d.team for d in digests if d.team is not None}, key=str.lower)
    return [*named, *([NO_TEAM] if any(d.team is None for d in digests) else [])]


def _pool(
    digests: Sequence[RepositoryDigest],
    team: str | None,
    window: Window,
    limits: Limits,
    current_weeks: int,
    baseline_weeks: int,
) -> Pool:
    rows = _rows_by_week(digests)
    judged = _covered_by_all(digests, window.last)
    weekly = {week: pooled([row.metrics for row in rows.get(week, [])], _week_period(week)) for week in judged.weeks}
    replay = Replay(PooledWeeks(weekly), limits)
    current_weeks = max(1, min(current_weeks, len(judged.weeks) - 1))
    current, baseline = periods(judged, current_weeks, baseline_weeks)
    return Pool(
        team=team,
        repositories=tuple(sorted({d.repository for d in digests}, key=str.lower)),
        weeks=tuple(_totals(rows.get(week, []), week, len(digests)) for week in window.weeks),
        verdicts=replay.verdicts(judged, current_weeks, baseline_weeks),
        current=replay.measure(current),
        baseline=replay.measure(baseline),
    )


def _covered_by_all(digests: Sequence[RepositoryDigest], last: IsoWeek) -> Window:
    """The weeks every repository's digest covers: the pairs compare the same repositories before and after,
    or a repository whose lookback begins later would read as a rise in everything it counts."""
    first = max(min(row.week for row in d.weeks) for d in digests)
    return Window(tuple(_weeks_from(first, last)), UTC)


def _rows_by_week(digests: Sequence[RepositoryDigest]) -> dict[IsoWeek, list[WeekRow]]:
    rows: dict[IsoWeek, list[WeekRow]] = {}
    for digest in digests:
        for row in digest.weeks:
            rows.setdefault(row.week, []).append(row)
    return rows


def _week_period(week: IsoWeek) -> Period:
    return Period(week.start(UTC), week.end(UTC), 1)


def _totals(rows: Sequence[WeekRow], week: IsoWeek, repositories: int) -> WeekTotals:
    read = {name: [v for row in rows if (v := row.totals[name]) is not None] for name in TOTALS}
    return WeekTotals(
        week=week,
        totals={name: sum(values) if values else None for name, values in read.items()},
        contributed={name: len(values) for name, values in read.items()},
        repositories=repositories,
    )


def _repository_row(digest: RepositoryDigest) -> RepositoryRow:
    last = digest.weeks[-1]
    return RepositoryRow(
        repository=digest.repository,
        team=digest.team,
        scope=digest.scope,
        verdicts=digest.verdicts,
        guard_alone=digest.guard_alone,
        this_week={name: last.totals[name] for name in ("commits", "merged_prs", "deployments")},
        sampled=digest.sampled,
        partial=digest.partial,
    )
