"""Digest -> markdown (through the Jinja2 templates) and -> JSON (a documented, versioned shape)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from bot.balance.check import CheckResult
from bot.balance.movement import Movement
from bot.balance.pairs import PairVerdict, Verdict
from bot.balance.trace import FailureTrace
from bot.measure.activity import WeekActivity
from bot.measure.history import PeriodMetrics
from bot.measure.paths import FileKind
from bot.measure.values import Period, Rate, Sample
from bot.publish.escape import code, inline
from bot.records import SourceNote
from bot.report import SCHEMA_VERSION, Digest

_BARS = "▁▂▃▄▅▆▇█"
_EXCLUDED_KINDS = (FileKind.LOCK, FileKind.GENERATED, FileKind.VENDORED)


def templates_dir() -> Path:
    """Templates ship inside the wheel as ``bot/templates``; a source checkout has them at the top."""
    packaged = resources.files("bot") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=False,  # markdown, not HTML: user text goes through the `inline` filter instead
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        inline=inline,
        code=code,
        sparkline=sparkline,
        change=change,
        number=number,
        counted=counted,
        shown=shown,
        duration=duration,
        verdict=verdict_mark,
        movement=movement,
    )
    return env


def render_pr_comment(result: CheckResult, resolved: bool = False) -> str:
    """The check's report; with ``resolved``, as the edit of an earlier comment once every pattern cleared."""
    return environment().get_template("pr_comment.md.j2").render(r=result, resolved=resolved)


def pr_check_json(result: CheckResult, number: int | None, notes: tuple[SourceNote, ...]) -> str:
    document = {
        "schema_version": 1,
        "pull_request": number,
        "findings": [
            {"id": f.id, "title": f.title, "evidence": f.evidence, "threshold": f.threshold, "why": f.why}
            for f in result.findings
        ],
        "skipped": [{"id": s.id, "reason": s.reason} for s in result.skipped],
        "silenced": list(result.silenced),
        "data_quality": [
            {"source": n.source, "severity": n.severity.value, "message": n.message, "fix": n.fix} for n in notes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(digest: Digest) -> str:
    return environment().get_template("digest.md.j2").render(d=digest, FileKind=FileKind)


def sparkline(values: Sequence[float | None]) -> str:
    """Eight-level bars scaled to the series' own maximum; a week with no value is a dot."""
    top = max((v for v in values if v is not None), default=0)
    bars = []
    for v in values:
        if v is None:
            bars.append("·")
        else:
            bars.append(_BARS[min(len(_BARS) - 1, round(v / top * (len(_BARS) - 1)))] if top > 0 else _BARS[0])
    return "".join(bars)


def shown(value: float | None, kind: str) -> str:
    """A metric's value as a reader wants it: durations in minutes, hours or days; shares as percentages."""
    if value is None:
        return "n/a"
    if kind == "duration":
        return duration(value)
    if kind == "share":
        return f"{value:.0%}"
    return f"{value:,.1f}".removesuffix(".0")


def duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


_VERDICT_MARK = {
    Verdict.WARNING: "⚠️ warning",
    Verdict.BALANCED: "✅ balanced",
    Verdict.IMPROVING: "📈 improving",
    Verdict.DEGRADING: "📉 degrading",
    Verdict.INSUFFICIENT: "❔ insufficient data",
}


def verdict_mark(verdict: Verdict) -> str:
    return _VERDICT_MARK[verdict]


def movement(m: Movement | None) -> str:
    """``change failure rate 5% → 25% (worse, p=0.03)`` in the movement's own units."""
    if m is None:
        return "n/a"
    unit = "" if m.kind in ("duration", "share") else f" {m.unit}"
    p = "" if m.p_value is None else f", p={m.p_value:.2f}"
    return f"{m.metric} {shown(m.baseline, m.kind)} → {shown(m.current, m.kind)}{unit} ({m.direction.value}{p})"


def change(ratio: float | None) -> str:
    if ratio is None:
        return "n/a"
    if ratio == 0:
        return "±0%"
    arrow = "▲" if ratio > 0 else "▼"
    return f"{arrow} {abs(ratio):.0%}"


def counted(value: int | None, noun: str) -> str:
    """``3 commits``, ``1 commit``: nouns in the digest are regular, or given as ``"PR|PRs"``."""
    singular, _, plural = noun.partition("|")
    many = plural or singular + "s"
    if value is None:
        return f"{many}: n/a"
    return f"{value:,} {singular if value == 1 else many}"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def render_json(digest: Digest) -> str:
    return json.dumps(digest_json(digest), indent=2, ensure_ascii=False) + "\n"


def digest_json(digest: Digest) -> dict[str, Any]:
    """The JSON shape, version ``schema_version`` (see bot/schemas/digest.schema.json): durations in
    seconds, shares in 0..1, and null wherever the source was not read."""
    zone = digest.window.zone
    return {
        "schema_version": SCHEMA_VERSION,
        "repository": digest.repository,
        "generated_at": digest.generated_at.isoformat(),
        "week": str(digest.week),
        "timezone": str(zone),
        "window": {"start": digest.window.start.isoformat(), "end": digest.window.end.isoformat()},
        "windows": {"current": _period(digest.current_period), "baseline": _period(digest.baseline_period)},
        "weeks": [
            {"week": str(w.week), "start": w.week.start(zone).isoformat(), **_activity(w), **_metrics(m)}
            for w, m in zip(digest.weeks, digest.weekly, strict=True)
        ],
        "current": _metrics(digest.current),
        "baseline": _metrics(digest.baseline),
        "headlines": [
            {
                "key": h.key,
                "label": h.label,
                "kind": h.kind,
                "this_week": h.this_week,
                "current": h.current,
                "baseline": h.baseline,
                "change": h.change,
                "tier": h.tier.value if h.tier else None,
                "series": list(h.series),
            }
            for h in digest.headlines
        ],
        "balance": [_verdict(v) for v in digest.verdicts],
        "failures": [_trace(t) for t in digest.traces],
        "excluded": _excluded(digest),
        "sources_read": sorted(digest.read),
        "data_quality": [
            {"source": n.source, "severity": n.severity.value, "message": n.message, "fix": n.fix} for n in digest.notes
        ],
    }


def _period(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "weeks": period.weeks}


def _activity(w: WeekActivity) -> dict[str, Any]:
    return {
        "commits": w.commits,
        "meaningful_lines": w.meaningful_lines,
        "contributors": w.contributors,
        "merged_prs": w.merged_prs,
        "releases": w.releases,
        "reverts": w.reverts,
        "deployments": w.deployments,
        "incidents": w.incidents,
    }


def _metrics(m: PeriodMetrics) -> dict[str, Any]:
    frequency = m.frequency
    return {
        "deployment_frequency": None
        if frequency is None
        else {
            "deployments": frequency.deployments,
            "per_week": frequency.per_week,
            "deploy_days": frequency.deploy_days,
            "redeploys": frequency.redeploys,
        },
        "lead_time_seconds": _sample(m.lead_time),
        "change_failure_rate": _rate(m.change_failure),
        "time_to_restore_seconds": _sample(m.time_to_restore),
        "rework_rate": _rate(m.rework),
        "review_depth": _sample(m.review_depth),
        "review_coverage": _rate(m.review_coverage),
        "rubber_stamp_rate": _rate(m.rubber_stamp),
        "pr_size_lines": _sample(m.pr_size),
        "cycle_time_seconds": _sample(m.cycle_time),
        "story_points": None
        if m.points is None
        else {
            "completed": m.points.completed,
            "per_pr": m.points.per_pr.mean,
            "per_100_lines": _per_100_lines(m),
        },
    }


def _per_100_lines(m: PeriodMetrics) -> float | None:
    lines = sum(m.pr_size.values) if m.pr_size else 0
    return None if m.points is None or not lines else m.points.completed / lines * 100


def _sample(sample: Sample | None) -> dict[str, Any] | None:
    if sample is None:
        return None
    return {"median": sample.median, "mean": sample.mean, "n": sample.n}


def _rate(rate: Rate | None) -> dict[str, Any] | None:
    if rate is None:
        return None
    return {"value": rate.value, "numerator": rate.numerator, "denominator": rate.denominator}


def _movement(m: Movement) -> dict[str, Any]:
    return {
        "metric": m.metric,
        "unit": m.unit,
        "baseline": m.baseline,
        "current": m.current,
        "change": m.change,
        "direction": m.direction.value,
        "test": m.test,
        "p_value": m.p_value,
        "samples": {"current": m.samples[0], "baseline": m.samples[1]},
        "threshold": m.threshold,
    }


def _verdict(v: PairVerdict) -> dict[str, Any]:
    return {
        "pair": v.pair,
        "title": v.title,
        "verdict": v.verdict.value,
        "reason": v.reason,
        "look_at": v.look_at,
        "confidence": v.confidence,
        "driver": _movement(v.driver) if v.driver else None,
        "guards": [_movement(g) for g in v.guards],
    }


def _trace(t: FailureTrace) -> dict[str, Any]:
    return {
        "sha": t.sha,
        "deployed_at": t.deployed_at.isoformat(),
        "environment": t.environment,
        "source": t.source,
        "causes": list(t.causes),
        "incidents": [
            {
                "number": i.number,
                "title": i.title,
                "opened_at": i.opened_at.isoformat(),
                "closed_at": i.closed_at.isoformat() if i.closed_at else None,
            }
            for i in t.incidents
        ],
        "started_at": t.started_at.isoformat(),
        "restored_at": t.restored_at.isoformat() if t.restored_at else None,
        "restore_seconds": t.restore_seconds,
        "changes": [
            {
                "number": c.number,
                "title": c.title,
                "meaningful_lines": c.meaningful_lines,
                "review_comments": c.review_comments,
                "reviewed": c.reviewed,
            }
            for c in t.changes
        ],
    }


def _excluded(digest: Digest) -> dict[str, Any]:
    ex = digest.exclusions
    return {
        "lines": {kind.value: ex.lines_by_kind.get(kind, 0) for kind in _EXCLUDED_KINDS},
        "binary_files": ex.binary_files,
        "whitespace_only_commits": ex.whitespace_only_commits,
        "bot_commits": ex.bot_commits,
        "excluded_author_commits": ex.excluded_author_commits,
        "merge_commits": ex.merge_commits,
    }
