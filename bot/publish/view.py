"""What the digest shows, as text: built from the Digest once, so the templates only lay it out.

Every user-controlled string is escaped here (``inline``), and every number goes through the one
formatter, so the template holds no logic and no formatting of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.balance.movement import Direction, Movement
from bot.balance.pairs import Absent, PairVerdict, Verdict
from bot.balance.trace import FailureTrace
from bot.measure import metrics as registry
from bot.measure.activity import WeekActivity
from bot.measure.failures import CauseKind
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import Metric, shown_value
from bot.measure.paths import FileKind
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek
from bot.publish import format as fmt
from bot.publish.chart import PairChart, pair_chart
from bot.publish.escape import code, inline
from bot.publish.top import Alert, HeadlineTable, alert, headline_table, withholds
from bot.records import PointsSource, Source, SourceNote
from bot.report import Digest, Headline

MAX_TRACES = 8
"""Failure traces shown in the digest; the JSON has them all."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningView:
    """A warned pair under the Balance table: since when, what to look at, and its one chart.

    Its numbers are in the table row above it and in the alert at the top, so they are not repeated here.
    """

    title: str
    threshold: str
    look_at: str
    held: str
    """``since 2026-W41, 6 weeks``, and the baseline judged against when it is not the usual one."""
    guard_span: str
    """``its guard is judged over 2026-W32 to 2026-W46 against 2026-W21 to 2026-W31``, when not the driver's."""
    chart: PairChart | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceView:
    line: str
    details: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestView:
    title: str
    alert: Alert
    week_line: str
    attention: tuple[str, ...]
    current_weeks: int
    current_span: str
    """``4 weeks``, ``1 week``: the current window, counted."""
    balance_lead: str
    """What the pairs compare, said once above the Balance table."""
    baseline_weeks: int
    lookback_weeks: int
    confidence: str
    headline: HeadlineTable
    withheld_tiers: tuple[str, ...]
    """Why a headline with DORA bands has no tier: a partial basis or too few deployments."""
    balance_rows: tuple[tuple[str, ...], ...]
    """The pairs that were judged; those that were not are one sentence, ``not_judged``."""
    not_judged: str
    warnings: tuple[WarningView, ...]
    traces: tuple[TraceView, ...]
    more_traces: str | None
    week_columns: tuple[str, ...]
    week_rows: tuple[tuple[str, ...], ...]
    metric_rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]
    excluded: tuple[str, ...]
    definitions: tuple[str, ...]
    generated_at: str


def digest_view(d: Digest) -> DigestView:
    week_columns, week_rows = _week_table(d)
    return DigestView(
        title=" · ".join([inline(d.repository), *([inline(d.scope.label)] if d.scope.label else []), str(d.week)]),
        alert=alert(d),
        week_line=_week_line(d),
        attention=tuple(_attention(n) for n in d.attention),
        current_weeks=d.current_period.weeks,
        current_span=fmt.counted(d.current_period.weeks, "week"),
        balance_lead=_balance_lead(d),
        baseline_weeks=d.baseline_period.weeks,
        lookback_weeks=len(d.weeks),
        confidence=_percent(d.limits.confidence),
        headline=headline_table(d),
        withheld_tiers=tuple(_withheld_tier(h, d) for h in d.headlines if withholds(h)),
        balance_rows=tuple(_balance_row(v) for v in d.verdicts if v.driver is not None),
        not_judged=_not_judged(d.verdicts),
        warnings=tuple(
            WarningView(
                title=v.pair.title,
                threshold=fmt.threshold(v.driver),
                look_at=v.pair.look_at,
                held=_held(v, d),
                guard_span=_guard_span(v, d),
                chart=pair_chart(v, d.charts),
            )
            for v in d.warnings
            if v.driver is not None
        ),
        traces=tuple(_trace(t, d) for t in d.traces[:MAX_TRACES]),
        more_traces=_more_traces(len(d.traces)),
        week_columns=week_columns,
        week_rows=week_rows,
        metric_rows=tuple(_metric_row(m, d) for m in d.metrics),
        notes=(*(_note(n) for n in d.notes), *_points_sources(d)),
        excluded=_excluded(d),
        definitions=_definitions(d),
        generated_at=d.generated_at.isoformat(timespec="seconds"),
    )


def _balance_row(v: PairVerdict) -> tuple[str, ...]:
    assert v.driver is not None
    alone = v.verdict is Verdict.BALANCED and any(g.direction is Direction.WORSE for g in v.guards)
    return (
        f"**{v.pair.title}**" if v.verdict is Verdict.WARNING else v.pair.title,
        fmt.nowrap(fmt.verdict_mark(v.verdict)) + (" (the guard worsened alone)" if alone else ""),
        _movement_cell(v.driver),
        "; ".join(_movement_cell(g) for g in v.guards),
    )


def _movement_cell(m: Movement) -> str:
    """``change failure rate 11% → 43% (worse, p < 0.01)``, each value and unit kept on one line."""
    before, after = fmt.shown(m.baseline, m.metric.kind), fmt.with_unit(m.current, m.metric)
    how = fmt.how_it_moved(m, one_line=True)
    return f"{m.metric.name} {fmt.nowrap(before)} → {after.replace(' ', fmt.NBSP, 1)} ({how})"


_TO_CONFIGURE = {
    Absent.DEPLOYMENTS: "name your deployment environments in `production-environments` or your deploy workflows "
    "in `deploy-workflows`",
    Absent.COMMITS: "check out the full history (`fetch-depth: 0`) or give the bot a token that can read the "
    "repository",
    Absent.REVIEWS: "give the bot a token that can read pull requests",
    Absent.PULL_REQUESTS: "give the bot a token that can read pull requests",
    Absent.POINTS: "put points on issues as labels (`points-label-pattern`) or set `points-field` to your "
    "Projects field",
}


def _not_judged(verdicts: tuple[PairVerdict, ...]) -> str:
    """One sentence for every pair with too little data, saying what to configure, instead of a row for each."""
    unjudged = [v for v in verdicts if v.unjudged is not None]
    if not unjudged:
        return ""
    pairs = fmt.listed([f"{v.pair.title} ({fmt.unjudged(v.unjudged)})" for v in unjudged if v.unjudged is not None])
    fixes = list(dict.fromkeys(_TO_CONFIGURE[v.unjudged] for v in unjudged if isinstance(v.unjudged, Absent)))
    waits = any(not isinstance(v.unjudged, Absent) for v in unjudged)
    them = "them" if len(unjudged) > 1 else "it"
    advice = ([f"to judge {them}, {fmt.listed(fixes)}"] if fixes else []) + (
        ["pairs short of samples judge once the weeks hold enough"] if waits else []
    )
    return f"Not enough data yet for {pairs}: {'; '.join(advice)}."


def _held(v: PairVerdict, d: Digest) -> str:
    if v.held is None:
        return ""
    if v.held.baseline == d.baseline_period:
        return fmt.held(v.held)
    return f"{fmt.held(v.held)}, against {_weeks(v.held.baseline, d)}, the weeks before the rise"


def _balance_lead(d: Digest) -> str:
    current, baseline = fmt.counted(d.current_period.weeks, "week"), d.baseline_period.weeks
    if not baseline:
        them = "it" if d.current_period.weeks == 1 else "them"
        return f"The last {current} only: the history has no weeks before {them} to compare with yet."
    return (
        f"Drivers: the last {current} against the {fmt.counted(baseline, 'week')} before. Guards: against every "
        "earlier week of the window, or, once a driver has risen, the weeks since the rise against the weeks "
        f"before it. At {_percent(d.limits.confidence)} confidence."
    )


def _guard_span(v: PairVerdict, d: Digest) -> str:
    """Why a guard's numbers differ from the headline table's: which weeks it was judged over, against which."""
    if v.guard_span is None:
        return ""
    current, baseline = (_weeks(p, d) for p in v.guard_span)
    return f"Its guard is judged over {current} against {baseline}."


def _weeks(period: Period, d: Digest) -> str:
    first = IsoWeek.containing(period.start, d.window.zone)
    last = first.shift(period.weeks - 1)
    return str(first) if period.weeks == 1 else f"{first} to {last}"


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _week_line(d: Digest) -> str:
    w, zone = d.weeks[-1], d.window.zone
    parts = []
    if Source.COMMITS in d.read:
        parts.append(
            f"{fmt.counted(w.commits, 'commit')} by {fmt.counted(w.contributors, 'contributor')}, "
            f"{fmt.counted(w.meaningful_lines, 'meaningful line')} changed"
        )
    parts.append(fmt.counted(w.merged_prs, "merged PR") if w.merged_prs is not None else "pull requests not read")
    if w.deployments is not None:
        parts.append(fmt.counted(w.deployments, "deployment"))
    if w.incidents is not None:
        parts.append(fmt.counted(w.incidents, "incident"))
    span = f"Monday {d.week.monday().isoformat()} to Sunday {d.week.sunday().isoformat()}, {zone}"
    if d.window.end > d.generated_at:  # the current week: not over yet
        span += f"; partial, up to {d.generated_at.astimezone(zone):%A %Y-%m-%d}"
    return f"**{d.week}** ({span}): {', '.join(parts)}."


def _attention(n: SourceNote) -> str:
    text = inline(n.message[:1].upper() + n.message[1:], 1000)
    return f"{text}: {inline(n.fix, 1000)}." if n.fix else f"{text}."


def _withheld_tier(h: Headline, d: Digest) -> str:
    return fmt.withheld_tier(h.metric, h.basis, d.current_period.weeks)


def _trace(t: FailureTrace, d: Digest) -> TraceView:
    """One failed deploy: its causes on one line (each incident once, with its title), then what it shipped."""
    at = t.deployed_at.astimezone(d.window.zone).strftime("%Y-%m-%d %H:%M")
    restored = "not restored yet" if t.restore_seconds is None else f"restored after {fmt.duration(t.restore_seconds)}"
    titles = {i.number: inline(i.title, 120) for i in t.incidents}
    named = {c.number for c in t.causes if c.kind in _INCIDENT_CAUSES}
    causes = [
        f"{fmt.cause(c)}, “{titles[c.number]}”" if c.kind in _INCIDENT_CAUSES and c.number in titles else fmt.cause(c)
        for c in dict.fromkeys(t.causes)
    ]
    details = [f"Incident #{i.number} {titles[i.number]}" for i in t.incidents if i.number not in named]
    details += [
        f"Shipped #{c.number} {inline(c.title, 120)}: {fmt.counted(c.meaningful_lines, 'meaningful line')}, "
        f"{fmt.counted(c.review_comments, 'review comment')}{'' if c.reviewed else ', not reviewed'}"
        for c in t.changes
    ]
    line = f"Deploy `{t.sha[:7]}` on {at} ({t.source.value}): {'; '.join(causes)}; {restored}."
    return TraceView(line=line, details=tuple(dict.fromkeys(details)))


_INCIDENT_CAUSES = (CauseKind.INCIDENT_AFTER, CauseKind.INCIDENT_ROOT_CAUSE)


def _more_traces(total: int) -> str | None:
    if total <= MAX_TRACES:
        return None
    return f"…and {fmt.counted(total - MAX_TRACES, 'earlier failure')} in this window."


_ACTIVITY_COLUMNS = ("Releases", "Incidents", "Reverts")
"""Week-table columns that are git and issue activity, not metrics."""


def _week_table(d: Digest) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Newest week first; a column that is n/a in every week (a source not read) is left out."""
    columns = ("Week", *(m.heading for m in registry.WEEK_COLUMNS), *_ACTIVITY_COLUMNS)
    rows = [_week_row(w, m) for w, m in zip(reversed(d.weeks), reversed(d.weekly), strict=True)]
    kept = [i for i in range(len(columns)) if i == 0 or any(row[i] != "n/a" for row in rows)]
    return tuple(columns[i] for i in kept), tuple(tuple(row[i] for i in kept) for row in rows)


def _week_row(w: WeekActivity, m: PeriodMetrics) -> tuple[str, ...]:
    """The week label with a non-breaking hyphen, so ``2026-W46`` never splits across two lines."""
    metrics = (shown_value(metric.read(m), metric.centre) for metric in registry.WEEK_COLUMNS)
    activity = (w.releases, w.incidents, w.reverts)
    label = str(w.week).replace("-", "\u2011")
    return (label, *(fmt.number(value) for value in metrics), *(fmt.number(a) for a in activity))


def _metric_row(metric: Metric, d: Digest) -> tuple[str, ...]:
    return (
        metric.label,
        fmt.shown(metric.value(d.current), metric.kind),
        fmt.shown(metric.value(d.baseline), metric.kind),
    )


def _note(n: SourceNote) -> str:
    fix = f" *To fix:* {inline(n.fix, 1000)}" if n.fix else ""
    return f"**{inline(n.source)}** ({n.severity.value}): {inline(n.message, 1000)}{fix}"


_POINTS_FROM = {
    PointsSource.LABEL: "labels",
    PointsSource.BODY: "issue bodies",
    PointsSource.PROJECT: "a Projects field",
}


def _points_sources(d: Digest) -> tuple[str, ...]:
    """Where the current window's story points came from, so a reader can check them against the board."""
    points = d.current.points
    if points is None:
        return ()
    issues = fmt.counted(points.items.n, "issue")
    sources = ", ".join(f"{n} from {_POINTS_FROM[source]}" for source, n in points.sources)
    unpointed = f"; {fmt.counted(points.unpointed, 'more issue')} closed without points" if points.unpointed else ""
    return (
        f"**Story points**: {fmt.number(points.completed)} points from {issues} closed as completed in the last "
        f"{fmt.counted(d.current_period.weeks, 'week')}, by a PR or by hand ({sources}){unpointed}.",
    )


def _excluded(d: Digest) -> tuple[str, ...]:
    ex, n = d.exclusions, fmt.number
    lines = ex.lines_by_kind
    return (
        f"Lines in lock files: {n(lines.get(FileKind.LOCK, 0))}; "
        f"generated files: {n(lines.get(FileKind.GENERATED, 0))}; "
        f"vendored files: {n(lines.get(FileKind.VENDORED, 0))}; binary files changed: {n(ex.binary_files)}.",
        f"Commits that change only whitespace (or nothing): {n(ex.whitespace_only_commits)}; merge commits: "
        f"{n(ex.merge_commits)}; bot commits: {n(ex.bot_commits)}; commits by excluded authors: "
        f"{n(ex.excluded_author_commits)}.",
    )


def _definitions(d: Digest) -> tuple[str, ...]:
    limits, confidence = d.limits, _percent(d.limits.confidence)
    weeks = (
        f"Weeks are ISO weeks (Monday to Sunday) in {d.window.zone}. The balancer compares the last "
        f"{d.current_period.weeks} weeks with the {d.baseline_period.weeks} before them; a move counts only when it "
        f"passes its test at {confidence} confidence (exact Poisson test for counts, Fisher's exact test for rates, "
        "Mann-Whitney U for distributions) and, for a driver, its threshold. No pair judges below "
        f"{limits.min_deployments} deployments, {limits.min_merged_prs} merged PRs or {limits.min_commits} commits "
        "in each window. DORA tiers use the 2023 State of DevOps report's bands, one per metric, and are given only "
        "when everything the metric counts was read and, for lead time, change failure rate and time to restore, "
        f"when the last {d.current_period.weeks} weeks had at least {limits.min_deployments} deployments."
    )
    metrics = tuple(f"*{m.label}*: {m.definition}." for m in d.metrics)
    others = (
        f"*Releases*: tags matching {code(d.release_tag_pattern)}. "
        "*Reverts*: commits whose message says `This reverts commit <sha>`."
    )
    return (weeks, *metrics, others)
