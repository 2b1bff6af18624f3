"""Per-repository digest JSON (``goodhart digest --format json``), read and checked before anything is pooled.

Only what the rollup needs is read: each week's counts, the rates and samples the pairs test, the scope the
digest counted (team, paths), its time zone, and the repository's own verdicts. A file that is not a digest of
this schema version, reports another week or time zone than the others, or counts what another file already
counts, stops the rollup with the file's name and what to fix.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from datetime import UTC
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.measure.dora import Frequency
from bot.measure.history import PeriodMetrics
from bot.measure.points import Points
from bot.measure.values import Period, Rate, Sample
from bot.measure.weeks import IsoWeek
from bot.rollup.repository import TOTALS, RepositoryDigest, Scope, WeekRow

SCHEMA_VERSION = 3
"""The digest JSON version this rollup reads (bot/schemas/digest.schema.json)."""


class _NotADigestError(Exception):
    """A field of the file is not what a digest holds; the message says which and what."""


def digest_files(paths: Sequence[Path]) -> tuple[Path, ...]:
    """The files named, and every ``*.json`` under the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.json") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise ConfigError(f"{path}: no such file or folder; pass digest JSON files or folders holding them")
    if not found:
        raise ConfigError(
            f"no digest JSON (*.json) in {', '.join(map(str, paths)) or 'no path'}; "
            "write them with `goodhart digest --format json` or --json-output"
        )
    return tuple(dict.fromkeys(found))


def read_digests(paths: Sequence[Path], *, by_team: bool = False) -> tuple[RepositoryDigest, ...]:
    """Every digest, checked: one schema version, one reported week, one time zone, and nothing counted twice."""
    digests = tuple(read_digest(path) for path in digest_files(paths))
    first = digests[0]
    for digest in digests:
        _same_week_and_zone(digest, first)
    _each_counted_once(digests, by_team=by_team)
    return digests


def _same_week_and_zone(digest: RepositoryDigest, first: RepositoryDigest) -> None:
    if digest.week != first.week:
        raise ConfigError(
            f"{digest.path}: reports week {digest.week}, but {first.path} reports {first.week}; "
            "run every repository's digest for the same --week"
        )
    if digest.timezone != first.timezone:  # the same ISO week, but its days begin at other hours: not summable
        raise ConfigError(
            f"{digest.path}: counted its weeks in time zone {digest.timezone}, but {first.path} in {first.timezone}; "
            "set the same `timezone` setting for every repository's digest and run them again"
        )


def _each_counted_once(digests: Sequence[RepositoryDigest], *, by_team: bool) -> None:
    """A repository once per scope; several scopes of one repository only by team, each in its own team.

    Scopes overlap (a file several teams own counts for each; deployments and incidents are always the whole
    repository's), so summing two scopes of one repository would count that work twice."""
    seen: dict[tuple[str, Scope], Path] = {}
    teams: dict[tuple[str, str | None], Path] = {}
    for digest in digests:
        key = (digest.repository, digest.scope)
        if key in seen:
            raise ConfigError(
                f"{digest.path}: a second digest of {digest.repository} for {digest.scope} (the first is "
                f"{seen[key]}); pass each repository and scope once, or it would be counted twice"
            )
        other = next((path for (name, _), path in seen.items() if name == digest.repository), None)
        if other is not None and not by_team:
            raise ConfigError(
                f"{digest.path}: a digest of {digest.repository} for {digest.scope}, and {other} is another scope of "
                "it; pass --by-team to pool each team's digest in its team, or one digest per repository (summed, "
                "files several teams own and every deployment and incident would count once per scope)"
            )
        if (digest.repository, digest.team) in teams:
            raise ConfigError(
                f"{digest.path}: a second digest of {digest.repository} for "
                f"{'team ' + digest.team if digest.team else 'no team'} (the first is "
                f"{teams[digest.repository, digest.team]}); by team, both would pool in the same team and count "
                "shared paths twice: pass one of them"
            )
        seen[key], teams[digest.repository, digest.team] = digest.path, digest.path


def read_digest(path: Path) -> RepositoryDigest:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}: not JSON ({error}); pass the output of `goodhart digest --format json`") from None
    try:
        return _digest(path, document)
    except _NotADigestError as error:
        raise ConfigError(f"{path}: {error}; pass the output of `goodhart digest --format json`") from None


def _digest(path: Path, document: Any) -> RepositoryDigest:
    if not isinstance(document, dict) or not {"schema_version", "repository", "weeks"} <= document.keys():
        raise _NotADigestError(f"not a goodhart digest JSON ({_looks_like(document)})")
    version = document["schema_version"]
    if version != SCHEMA_VERSION:
        raise _NotADigestError(
            f"digest JSON schema version {version!r}, but this rollup reads version {SCHEMA_VERSION}"
        )
    week = _week(_field(document, "week", str), "week")
    rows = _field(document, "weeks", list)
    weeks = tuple(_row(row, f"weeks[{i}]") for i, row in enumerate(rows))
    if not weeks or weeks[-1].week != week:
        raise _NotADigestError(f"its weeks do not end with the reported week {week}")
    scope = _scope(document.get("scope"))
    verdicts = _field(document, "balance", list)
    return RepositoryDigest(
        repository=_field(document, "repository", str),
        path=path,
        week=week,
        team=scope.team,
        weeks=weeks,
        verdicts=tuple(_verdict(v, f"balance[{i}]") for i, v in enumerate(verdicts)),
        sampled=all(isinstance(row, dict) and "samples" in row for row in rows),
        partial=any(isinstance(n, dict) and n.get("severity") == "partial" for n in document.get("data_quality") or ()),
        scope=scope,
        timezone=_field(document, "timezone", str),
        guard_alone=frozenset(v["pair"] for v in verdicts if _guard_alone(v)),
    )


def _scope(scope: Any) -> Scope:
    """Absent in digests written before scopes existed: the whole repository."""
    if scope is None:
        return Scope()
    team = _field(scope, "team", (str, type(None)), "scope")
    paths = scope.get("paths") or {}
    return Scope(team, _globs(paths, "include"), _globs(paths, "exclude"))


def _globs(paths: Any, key: str) -> tuple[str, ...]:
    globs = paths.get(key, []) if isinstance(paths, dict) else None
    if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
        raise _NotADigestError(f"scope.paths.{key} is {globs!r}, not a list of path globs")
    return tuple(globs)


def _guard_alone(verdict: dict[str, Any]) -> bool:
    """Balanced, yet a guard worsened: the digest says so beside the verdict, and so does the rollup."""
    guards = verdict.get("guards")
    worse = isinstance(guards, list) and any(isinstance(g, dict) and g.get("direction") == "worse" for g in guards)
    return verdict.get("verdict") == "balanced" and worse


def _looks_like(document: Any) -> str:
    if isinstance(document, dict) and "pull_request" in document:
        return "it is a pr-check result"
    if isinstance(document, dict) and "repositories" in document:
        return "it is an organisation digest, the output of goodhart rollup"
    return "it has no schema_version, repository and weeks"


def _field(holder: Any, key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    if not isinstance(holder, dict) or key not in holder:
        raise _NotADigestError(f"{where or 'the document'} has no {key!r}")
    value, kinds = holder[key], kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(k.__name__ for k in kinds)
        raise _NotADigestError(f"{where + '.' if where else ''}{key} is {value!r}, not {names}")
    return value


def _week(text: str, where: str) -> IsoWeek:
    try:
        return _parsed_week(text)
    except ValueError as error:
        raise _NotADigestError(f"{where}: {error}") from None


@functools.lru_cache(maxsize=1024)
def _parsed_week(text: str) -> IsoWeek:
    """Parsed once however many repositories report the week."""
    return IsoWeek.parse(text)


@functools.lru_cache(maxsize=1024)
def _period(week: IsoWeek) -> Period:
    return Period(week.start(UTC), week.end(UTC), 1)


def _verdict(item: Any, where: str) -> tuple[str, str]:
    return _field(item, "pair", str, where), _field(item, "verdict", str, where)


def _row(row: Any, where: str) -> WeekRow:
    week = _week(_field(row, "week", str, where), f"{where}.week")
    totals = {name: _count(row, name, where) for name in TOTALS}
    metrics = _field(row, "metrics", dict, where)
    samples = row.get("samples") or {}
    if not isinstance(samples, dict):
        raise _NotADigestError(f"{where}.samples is {samples!r}, not an object")
    return WeekRow(week=week, totals=totals, metrics=_period_metrics(week, totals, metrics, samples, where))


def _count(row: Any, name: str, where: str) -> int | None:
    value = row.get(name) if isinstance(row, dict) else None
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise _NotADigestError(f"{where}.{name} is {value!r}, not a count or null")
    return value


def _period_metrics(
    week: IsoWeek, totals: Mapping[str, int | None], metrics: dict[str, Any], samples: dict[str, Any], where: str
) -> PeriodMetrics:
    """The week as the pairs read it; what the JSON does not carry (time to restore, cycle time, contributors)
    is None, since no pair tests it."""
    deployments = _number(metrics, "deployment-frequency", "total", where)
    points = _number(metrics, "story-points", "total", where)
    estimates = _sample(samples, "pointed-items", where)
    commits = _number(metrics, "commits", "total", where)
    return PeriodMetrics(
        period=_period(week),
        frequency=None
        if deployments is None
        else Frequency(
            deployments=int(deployments),
            deploy_days=int(_number(metrics, "deploy-days", "value", where) or 0),
            redeploys=int(_number(metrics, "redeploys", "value", where) or 0),
        ),
        lead_time=_sample(samples, "lead-time", where),
        change_failure=_rate(metrics, "change-failure-rate", where),
        time_to_restore=None,
        rework=_rate(metrics, "rework-rate", where),
        commits=None if commits is None else int(commits),
        meaningful_lines=totals["meaningful_lines"],
        contributors=None,
        merged_prs=totals["merged_prs"],
        review_depth=_sample(samples, "review-depth", where),
        review_coverage=_rate(metrics, "review-coverage", where),
        rubber_stamp=_rate(metrics, "rubber-stamp-rate", where),
        pr_size=_sample(samples, "pr-size", where),
        cycle_time=None,
        points=None
        if points is None or estimates is None
        else Points(completed=points, items=estimates, per_pr=Sample(()), unpointed=0, sources=()),
    )


def _number(metrics: dict[str, Any], metric_id: str, key: str, where: str) -> float | None:
    measured = metrics.get(metric_id)
    if measured is None:
        return None
    value = _field(measured, key, (int, float), f"{where}.metrics.{metric_id}")
    return float(value)


def _rate(metrics: dict[str, Any], metric_id: str, where: str) -> Rate | None:
    measured = metrics.get(metric_id)
    if measured is None:
        return None
    at = f"{where}.metrics.{metric_id}"
    return Rate(_field(measured, "numerator", int, at), _field(measured, "denominator", int, at))


def _sample(samples: dict[str, Any], name: str, where: str) -> Sample | None:
    values = samples.get(name)
    if values is None:
        return None
    try:  # one pass: a thousand repositories' samples are read in every rollup
        if not isinstance(values, list) or any(isinstance(v, str | bool) for v in values):
            raise TypeError
        return Sample(tuple(map(float, values)))
    except (TypeError, ValueError):
        raise _NotADigestError(f"{where}.samples.{name} is not a list of numbers") from None
