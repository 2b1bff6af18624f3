"""What the digest shows, as text: built from the Digest once, so the templates only lay it out.

Every user-controlled string is escaped here (``inline``), and every number goes through the one
formatter, so the template holds no logic and no formatting of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.balance.movement import Direction
from bot.balance.pairs import PairVerdict, Verdict
from bot.balance.trace import FailureTrace
from bot.measure import metrics as registry
from bot.measure.activity import WeekActivity
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import Kind, Metric, shown_value
from bot.measure.paths import FileKind
from bot.measure.weeks import IsoWeek
from bot.publish import format as fmt
from bot.publish.escape import code, inline
from bot.records import PointsSource, Source, SourceNote
from bot.report import Chart, Digest, Headline

MAX_TRACES = 8
"""Failure traces shown in the digest; the JSON has them all."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartView:
    title: str
    unit: str
    weeks: tuple[str, ...]
    values: tuple[str, ...]
    """A week with no value is drawn as 0."""


@dataclass(frozen=True, slots=True, kw_only=True)
class WarningView:
    title: str
    driver: str
    threshold: str
    guards: str
    look_at: str
    held: str
    """``since 2026-W41, 6 weeks``, and the baseline judged against when it is not the usual one."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceView:
    line: str
    details: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestView:
    title: str
    summary: str
    week_line: str
    attention: tuple[str, ...]
    current_weeks: int
    baseline_weeks: int
    lookback_weeks: int
    confidence: str
    headline_rows: tuple[tuple[str, ...], ...]
    withheld_tiers: tuple[str, ...]
    """Why a headline with DORA bands has no tier: a partial basis or too few deployments."""
    balance_rows: tuple[tuple[str, ...], ...]
    warnings: tuple[WarningView, ...]
    charts: tuple[ChartView, ...]
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
    return DigestView(
        title=" · ".join([inline(d.repository), *([inline(d.scope.label)] if d.scope.label else []), str(d.week)]),
        summary=_summary(d),
        week_line=_week_line(d),
        attention=tuple(_attention(n) for n in d.attention),
        current_weeks=d.current_period.weeks,
        baseline_weeks=d.baseline_period.weeks,
        lookback_weeks=len(d.weeks),
        confidence=_percent(d.limits.confidence),
        headline_rows=tuple(_headline_row(h) for h in d.headlines),
        withheld_tiers=tuple(_withheld_tier(h, d) for h in d.headlines if _withholds(h)),
        balance_rows=tuple(
            (
                v.pair.title,
                fmt.verdict_mark(v.verdict),
                fmt.movement(v.driver) if v.driver else fmt.reason(v),
                "; ".join(fmt.movement(g) for g in v.guards),
            )
            for v in d.verdicts
        ),
        warnings=tuple(
            WarningView(
                title=v.pair.title,
                driver=fmt.movement(v.driver),
                threshold=fmt.threshold(v.driver),
                guards="; ".join(fmt.movement(g) for g in v.guards if g.direction is Direction.WORSE)
                or "; ".join(fmt.movement(g) for g in v.guards),
                look_at=v.pair.look_at,
                held=_held(v, d),
            )
            for v in d.warnings
            if v.driver is not None
        ),
        charts=tuple(_chart(c) for c in d.charts),
        traces=tuple(_trace(t, d) for t in d.traces[:MAX_TRACES]),
        more_traces=_more_traces(len(d.traces)),
        week_columns=("Week", *(m.heading for m in registry.WEEK_COLUMNS), *_ACTIVITY_COLUMNS),
        week_rows=tuple(_week_row(w, m) for w, m in zip(reversed(d.weeks), reversed(d.weekly), strict=True)),
        metric_rows=tuple(_metric_row(m, d) for m in d.metrics),
        notes=(*(_note(n) for n in d.notes), *_points_sources(d)),
        excluded=_excluded(d),
        definitions=_definitions(d),
        generated_at=d.generated_at.isoformat(timespec="seconds"),
    )


def _held(v: PairVerdict, d: Digest) -> str:
    if v.held is None:
        return ""
    if v.held.baseline == d.baseline_period:
        return fmt.held(v.held)
    first = IsoWeek.containing(v.held.baseline.start, d.window.zone)
    last = first.shift(v.held.baseline.weeks - 1)
    return f"{fmt.held(v.held)}, against {first} to {last}, the weeks before the rise"


def _percent(share: float) -> str:
    return f"{share * 100:g}%"


def _summary(d: Digest) -> str:
    if d.warnings:
        said = "; ".join(fmt.warning_summary(v) for v in d.warnings)
        lead = fmt.counted(len(d.warnings), "balance warning")
        return f"**{lead}.** {said}. Numbers and what to look at are below."
    unjudged = sum(1 for v in d.verdicts if v.verdict is Verdict.INSUFFICIENT)
    if unjudged:
        return f"**No balance warnings.** {unjudged} of {len(d.verdicts)} pairs had too little data to judge."
    return f"**No balance warnings.** All {len(d.verdicts)} pairs were judged."


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


def _headline_row(h: Headline) -> tuple[str, ...]:
    kind = h.metric.kind
    return (
        h.metric.label,
        fmt.shown(h.this_week, kind),
        fmt.shown(h.current, kind),
        fmt.shown(h.baseline, kind),
        fmt.change(h.change),
        fmt.sparkline(h.series),
        h.tier.value if h.tier else "none, see below" if _withholds(h) else "",
    )


def _withholds(h: Headline) -> bool:
    return h.metric.tier is not None and h.current is not None and not h.basis.tiered


def _withheld_tier(h: Headline, d: Digest) -> str:
    return fmt.withheld_tier(h.metric, h.basis, d.current_period.weeks)


def _chart(c: Chart) -> ChartView:
    """Rates are charted as percentages and durations in hours, so the axis reads without a legend."""
    scale, unit = {Kind.RATE: (100.0, "%"), Kind.DURATION: (1 / 3600, "hours")}.get(c.metric.kind, (1.0, c.metric.unit))
    return ChartView(
        title=f"{c.pair.title}: {c.metric.label}",
        unit=unit,
        weeks=tuple(f"W{w.week:02d}" for w in c.weeks),
        values=tuple(_plain((v or 0.0) * scale) for v in c.values),
    )


def _plain(value: float) -> str:
    """A number Mermaid reads: two decimals at most, no exponent, no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _trace(t: FailureTrace, d: Digest) -> TraceView:
    at = t.deployed_at.astimezone(d.window.zone).strftime("%Y-%m-%d %H:%M")
    restored = "not restored yet" if t.restore_seconds is None else f"restored after {fmt.duration(t.restore_seconds)}"
    details = [f"Incident #{i.number} {inline(i.title, 120)}" for i in t.incidents]
    details += [
        f"Shipped #{c.number} {inline(c.title, 120)}: {fmt.counted(c.meaningful_lines, 'meaningful line')}, "
        f"{fmt.counted(c.review_comments, 'review comment')}{'' if c.reviewed else ', not reviewed'}"
        for c in t.changes
    ]
    line = f"Deploy `{t.sha[:7]}` on {at} ({t.source.value}): {'; '.join(fmt.cause(c) for c in t.causes)}; {restored}."
    return TraceView(line=line, details=tuple(details))


def _more_traces(total: int) -> str | None:
    if total <= MAX_TRACES:
        return None
    earlier = fmt.counted(total - MAX_TRACES, "earlier failure")
    return f"…and {earlier} in this window (all of them are in `--format json`)."


_ACTIVITY_COLUMNS = ("Releases", "Incidents", "Reverts")
"""Week-table columns that are git and issue activity, not metrics."""


def _week_row(w: WeekActivity, m: PeriodMetrics) -> tuple[str, ...]:
    metrics = (shown_value(metric.read(m), metric.centre) for metric in registry.WEEK_COLUMNS)
    activity = (w.releases, w.incidents, w.reverts)
    return (str(w.week), *(fmt.number(value) for value in metrics), *(fmt.number(a) for a in activity))


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
