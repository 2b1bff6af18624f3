"""The organisation digest as markdown (templates/rollup.md.j2) and as JSON (bot/schemas/rollup.schema.json).

Every string reaches the template formatted by the one formatter and escaped: repository and team names are
text people chose, so they cannot mention anyone, inject HTML, forge a marker or break a table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.balance import pairs
from bot.balance.movement import Direction
from bot.balance.pairs import PairVerdict, Verdict
from bot.publish import format as fmt
from bot.publish.escape import code, inline
from bot.publish.render import environment, period_json, verdict_json
from bot.rollup.organisation import Organisation, Pool, RepositoryRow, WeekTotals
from bot.rollup.repository import TOTALS

ROLLUP_SCHEMA_VERSION = 1
_WEEK_COLUMNS = (
    ("commits", "Commits"),
    ("meaningful_lines", "Meaningful lines"),
    ("merged_prs", "Merged PRs"),
    ("deployments", "Deployments"),
    ("incidents", "Incidents"),
)
_WEEK_NOUNS = (("commits", "commits"), ("merged_prs", "merged PRs"), ("deployments", "deployments"))
_SAMPLED_PAIRS = ("volume-vs-review", "points-vs-delivery", "throughput-vs-size", "lead-time-vs-rework")
"""Pairs that test distributions (review depth, PR size, estimates, lead time): pooled from the weeks' samples."""


@dataclass(frozen=True, slots=True)
class PoolView:
    title: str
    summary: str
    balance_rows: tuple[tuple[str, ...], ...]
    warnings: tuple[str, ...]
    week_rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class RollupView:
    title: str
    summary: str
    week_line: str
    current_weeks: int
    baseline_weeks: int
    confidence: str
    organisation: PoolView
    teams: tuple[PoolView, ...]
    week_columns: tuple[str, ...]
    repository_columns: tuple[str, ...]
    repository_rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    generated_at: str


def render_markdown(org: Organisation) -> str:
    return environment().get_template("rollup.md.j2").render(v=rollup_view(org))


def render_json(org: Organisation) -> str:
    return json.dumps(rollup_json(org), indent=2, ensure_ascii=False) + "\n"


def rollup_view(org: Organisation) -> RollupView:
    pool = org.organisation
    repositories = len(pool.repositories)
    return RollupView(
        title=f"Goodhart organisation digest · {org.week}",
        summary=_summary(pool, f"across {fmt.counted(repositories, 'repository|repositories')}"),
        week_line=_week_line(org),
        current_weeks=org.current_period.weeks,
        baseline_weeks=org.baseline_period.weeks,
        confidence=f"{org.limits.confidence:.0%}",
        organisation=_pool_view(pool, "Organisation", "the organisation"),
        teams=tuple(_pool_view(t, _team_title(t.team), _team_words(t.team)) for t in org.teams),
        week_columns=("Week", *(label for _, label in _WEEK_COLUMNS), "Repositories"),
        repository_columns=(
            "Repository",
            "Team",
            f"Commits ({org.week})",
            "Merged PRs",
            "Deployments",
            *(p.title for p in pairs.PAIRS),
        ),
        repository_rows=tuple(_repository_row(r) for r in org.repositories),
        notes=_notes(org),
        generated_at=org.generated_at.isoformat(timespec="seconds"),
    )


def _summary(pool: Pool, where: str) -> str:
    warned = pool.warnings
    if not warned:
        return f"**No balance warnings** {where}."
    names = "; ".join(_warned(v) for v in warned if v.driver is not None)
    return f"**{fmt.counted(len(warned), 'balance warning')}** {where}. {names}."


def _warned(v: PairVerdict) -> str:
    """``Speed vs stability: deployment frequency improved while change failure rate worsened``."""
    assert v.driver is not None
    worse = [g.metric.name for g in v.guards if g.direction is Direction.WORSE]
    kept = " and ".join(g.metric.name for g in v.guards)
    outcome = " and ".join(worse) + " worsened" if worse else kept + " did not keep up"
    return f"{v.pair.title}: {v.driver.metric.name} improved while {outcome}"


def _week_line(org: Organisation) -> str:
    last = org.organisation.weeks[-1]
    counts = ", ".join(_with_partial(last, name, noun) for name, noun in _WEEK_NOUNS)
    monday, sunday = org.week.monday(), org.week.sunday()
    return f"**{org.week}** (Monday {monday} to Sunday {sunday}): {counts}, summed over the repositories."


def _with_partial(week: WeekTotals, name: str, noun: str) -> str:
    value = week.totals[name]
    if value is None:
        return f"{noun}: n/a"
    shown = f"{value:,} {noun}"
    if week.partial(name):
        shown += f" (from {week.contributed[name]} of {week.repositories} repositories)"
    return shown


def _pool_view(pool: Pool, title: str, name: str) -> PoolView:
    return PoolView(
        title=title,
        summary=_summary(pool, f"in {name} ({fmt.counted(len(pool.repositories), 'repository|repositories')})"),
        balance_rows=tuple(_balance_row(v) for v in pool.verdicts),
        warnings=tuple(_warning(v) for v in pool.warnings if v.driver is not None),
        week_rows=tuple(_week_row(w) for w in reversed(pool.weeks)),
    )


def _balance_row(v: PairVerdict) -> tuple[str, ...]:
    alone = v.verdict is Verdict.BALANCED and any(g.direction is Direction.WORSE for g in v.guards)
    return (
        v.pair.title,
        _with_qualifier(fmt.verdict_mark(v.verdict), alone=alone),
        fmt.movement(v.driver) if v.driver else fmt.reason(v),
        "; ".join(fmt.movement(g) for g in v.guards),
    )


def _with_qualifier(mark: str, *, alone: bool) -> str:
    """As the digest shows it: balanced, yet a guard worsened with no driver gain to blame, is said so."""
    return mark + (" (the guard worsened alone)" if alone else "")


def _warning(v: PairVerdict) -> str:
    assert v.driver is not None
    held = f" ({fmt.held(v.held)})" if v.held else ""
    guards = "; ".join(fmt.movement(g) for g in v.guards)
    return (
        f"⚠️ **{v.pair.title}**{held}: {fmt.movement(v.driver)}, against {fmt.threshold(v.driver)}; {guards}. "
        f"*Look at* {v.pair.look_at}."
    )


def _week_row(w: WeekTotals) -> tuple[str, ...]:
    cells = []
    for name, _ in _WEEK_COLUMNS:
        value = w.totals[name]
        cell = "n/a" if value is None else f"{value:,}"
        cells.append(f"{cell} ({w.contributed[name]} of {w.repositories})" if w.partial(name) else cell)
    return (str(w.week), *cells, str(max(w.contributed.values(), default=0)))


def _repository_row(r: RepositoryRow) -> tuple[str, ...]:
    verdicts = dict(r.verdicts)
    return (
        code(r.repository),
        inline(r.team) if r.team else "" if r.scope.whole else inline(str(r.scope), 80),
        *(fmt.number(r.this_week[name]) for name in ("commits", "merged_prs", "deployments")),
        *(_verdict_cell(verdicts.get(p.id), alone=p.id in r.guard_alone) for p in pairs.PAIRS),
    )


def _verdict_cell(verdict: str | None, *, alone: bool) -> str:
    if verdict is None:
        return "n/a"
    try:
        return _with_qualifier(fmt.verdict_mark(Verdict(verdict)), alone=alone)
    except ValueError:
        return inline(verdict, 40)


def _team_title(team: str | None) -> str:
    return f"Team {inline(team)}" if team else "No team"


def _team_words(team: str | None) -> str:
    return inline(team) if team else "the repositories of no team"


def _notes(org: Organisation) -> tuple[str, ...]:
    notes = [
        "Weekly counts are sums over the repositories that read them; a count a repository did not read is left "
        "out and the cell says how many repositories it rests on, never counting it as zero. Contributors are not "
        "summed: one person in two repositories would count twice.",
        "Each pair is judged once, on the events and values of every repository pooled (deployments and failed "
        "deployments, commits, merged PRs, review comments and size of each merged PR, lead time of each change, "
        "points of each pointed item), by the same tests a repository's digest uses; not an average of verdicts.",
    ]
    if org.summed_scopes:
        notes.append(
            f"{fmt.counted(len(org.summed_scopes), 'repository|repositories')} ({_names(org.summed_scopes)}) "
            "came only as several teams' digests: the organisation's rows and pairs sum them, so files several "
            "teams own, and every deployment and incident, count once per team. Add each one's whole-repository "
            "digest (`goodhart digest` without --team) to count it once; its teams' digests then pool only in their "
            "teams."
        )
    if org.partial:
        notes.append(
            f"{fmt.counted(len(org.partial), 'repository|repositories')} ({_names(org.partial)}) gave a partial "
            "digest (a rate limit stopped its reading): their numbers are undercounts; run their digests again."
        )
    judged = org.current_period.weeks + org.baseline_period.weeks
    if judged < len(org.window.weeks):
        notes.append(
            f"The pairs are judged over the {judged} weeks every repository's digest covers, of the "
            f"{len(org.window.weeks)} the longest lookback reaches: a repository whose weeks begin later would "
            "otherwise read as a rise in everything it counts."
        )
    if org.unsampled:
        notes.append(
            f"{fmt.counted(len(org.unsampled), 'repository|repositories')} ({_names(org.unsampled)}) gave digest JSON "
            "without weekly samples (made by an earlier version): their review depth, PR sizes, lead times and "
            "estimates are left out of the pooled pairs; run their digests again to include them."
        )
    return tuple(notes)


def _names(repositories: tuple[str, ...], shown: int = 10) -> str:
    more = f" and {len(repositories) - shown} more" if len(repositories) > shown else ""
    return ", ".join(code(name) for name in repositories[:shown]) + more


# -- JSON ---------------------------------------------------------------------------------------------------
def rollup_json(org: Organisation) -> dict[str, Any]:
    """The JSON shape, version ROLLUP_SCHEMA_VERSION (bot/schemas/rollup.schema.json)."""
    return {
        "schema_version": ROLLUP_SCHEMA_VERSION,
        "week": str(org.week),
        "generated_at": org.generated_at.isoformat(),
        "window": {"start": org.window.start.isoformat(), "end": org.window.end.isoformat()},
        "windows": {"current": period_json(org.current_period), "baseline": period_json(org.baseline_period)},
        "weeks": [_week_json(w) for w in org.organisation.weeks],
        "balance": [verdict_json(v) for v in org.organisation.verdicts],
        "repositories": [_repository_json(r) for r in org.repositories],
        "teams": [_team_json(t) for t in org.teams],
        "unsampled": list(org.unsampled),
        "pooled_from_samples": list(_SAMPLED_PAIRS),
    }


def _week_json(w: WeekTotals) -> dict[str, Any]:
    return {
        "week": str(w.week),
        **{name: w.totals[name] for name in TOTALS},
        "repositories": w.repositories,
        "contributed": dict(w.contributed),
        "partial": [name for name in TOTALS if w.partial(name)],
    }


def _repository_json(r: RepositoryRow) -> dict[str, Any]:
    return {
        "repository": r.repository,
        "team": r.team,
        "this_week": dict(r.this_week),
        "balance": [{"pair": pair, "verdict": verdict} for pair, verdict in r.verdicts],
        "samples": r.sampled,
        "partial": r.partial,
    }


def _team_json(t: Pool) -> dict[str, Any]:
    return {
        "team": t.team,
        "repositories": list(t.repositories),
        "weeks": [_week_json(w) for w in t.weeks],
        "balance": [verdict_json(v) for v in t.verdicts],
    }
