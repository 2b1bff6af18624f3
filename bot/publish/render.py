"""Digest -> markdown (through the Jinja2 templates) and -> JSON (a documented, versioned shape)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from bot.balance.check import CheckResult
from bot.balance.detectors import Finding
from bot.balance.movement import Movement
from bot.balance.pairs import Held, PairVerdict
from bot.balance.trace import FailureTrace
from bot.kpis import KpiReading
from bot.measure.activity import WeekActivity
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import Basis, Measured, Metric, shown_value
from bot.measure.paths import FileKind
from bot.measure.scope import Scope
from bot.measure.values import Period, Rate, Sample, Total
from bot.publish import format as fmt
from bot.publish.escape import code, inline
from bot.publish.kpi_json import kpi_json
from bot.publish.kpi_view import KpiTableView
from bot.publish.view import digest_view
from bot.records import Location, SourceNote
from bot.report import SCHEMA_VERSION, Digest

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
        autoescape=False,  # markdown, not HTML: user text is escaped by `inline` before it reaches a template
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=inline, code=code, counted=fmt.counted)
    return env


def render_pr_comment(
    result: CheckResult, resolved: bool = False, repo: str | None = None, number: int | None = None
) -> str:
    """The check's report; with ``resolved``, as the edit of an earlier comment once every pattern cleared.

    With the repository (OWNER/NAME) and the PR's number, each place a finding names links to the PR's
    files view; without them it is named in plain text.
    """
    files_view = f"https://github.com/{repo}/pull/{number}/files" if repo and number is not None else None
    where = [(f.title, [_place(loc, files_view) for loc in f.locations]) for f in result.findings if f.locations]
    evidence = [evidence_markdown(f) for f in result.findings]
    template = environment().get_template("pr_comment.md.j2")
    return template.render(r=result, resolved=resolved, where=where, evidence=evidence)


def evidence_markdown(finding: Finding, limit: int = 400) -> str:
    """A finding's evidence, escaped, with the files it names (those of its locations) as code spans.

    ``package-lock.json`` in a sentence reads as prose and may link; as code it reads as a file name.
    """
    text = " ".join(finding.evidence.split())[:limit]
    names = sorted({n for loc in finding.locations for n in (loc.path, PurePosixPath(loc.path).name)}, key=len)
    if not names:
        return inline(text, limit)
    pattern = re.compile(rf"(?<![\w./-])(?:{'|'.join(re.escape(n) for n in reversed(names))})(?![\w/-])")
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [_spaced(text[last : match.start()], limit), code(match.group())]
        last = match.end()
    return "".join([*parts, _spaced(text[last:], limit)])


def _spaced(fragment: str, limit: int) -> str:
    """``inline`` keeps no outer spaces; between code spans they are the words' separators."""
    lead = " " if fragment[:1].isspace() else ""
    tail = " " if fragment[-1:].isspace() and fragment.strip() else ""
    return lead + inline(fragment, limit) + tail


def _place(location: Location, files_view: str | None) -> str:
    """One location as markdown: a link to the lines in the PR's files view, as GitHub anchors them.

    GitHub's anchor is ``#diff-<sha256 of the path>`` with ``R<n>`` for lines of the head and ``L<n>`` for the
    base; code copied from a file the PR does not change is not in that view, so it is named, not linked.
    """
    lines = f"{location.start_line}-{location.end_line}"
    name = f"{code(location.path)} lines {lines}" + (" (already in the repository)" if location.in_base else "")
    if files_view is None or location.in_base:
        return name
    side = "R"
    anchor = f"diff-{hashlib.sha256(location.path.encode()).hexdigest()}"
    return f"[{name}]({files_view}#{anchor}{side}{location.start_line}-{side}{location.end_line})"


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "title": f.title,
        "evidence": f.evidence,
        "threshold": f.threshold,
        "why": f.why,
        "locations": [
            {"path": loc.path, "start_line": loc.start_line, "end_line": loc.end_line, "in_base": loc.in_base}
            for loc in f.locations
        ],
    }


def pr_check_json(result: CheckResult, number: int | None, notes: tuple[SourceNote, ...]) -> str:
    document = {
        "schema_version": 1,
        "pull_request": number,
        "findings": [_finding_json(f) for f in result.findings],
        "skipped": [{"id": s.id, "reason": s.reason} for s in result.skipped],
        "silenced": list(result.silenced),
        "data_quality": [
            {"source": n.source, "severity": n.severity.value, "message": n.message, "fix": n.fix} for n in notes
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(digest: Digest, kpis: KpiTableView | None = None) -> str:
    """With ``kpis``, the KPI table takes the headline table's place."""
    return environment().get_template("digest.md.j2").render(v=digest_view(digest), kpis=kpis)


def render_json(digest: Digest, kpis: Sequence[KpiReading] = ()) -> str:
    return json.dumps(digest_json(digest, kpis), indent=2, ensure_ascii=False) + "\n"


def digest_json(digest: Digest, kpis: Sequence[KpiReading] = ()) -> dict[str, Any]:
    """The JSON shape, version ``schema_version`` (see bot/schemas/digest.schema.json): metrics keyed by
    their registry ids, durations in seconds, rates in 0..1, and null wherever the source was not read.
    ``kpis`` appears only when the config names KPIs, as the markdown's KPI table does."""
    return _digest_json(digest) | ({"kpis": [kpi_json(k) for k in kpis]} if kpis else {})


def _digest_json(digest: Digest) -> dict[str, Any]:
    zone = digest.window.zone
    metrics = digest.metrics
    return {
        "schema_version": SCHEMA_VERSION,
        "repository": digest.repository,
        "scope": scope_json(digest.scope),
        "generated_at": digest.generated_at.isoformat(),
        "week": str(digest.week),
        "timezone": str(zone),
        "window": {"start": digest.window.start.isoformat(), "end": digest.window.end.isoformat()},
        "windows": {"current": period_json(digest.current_period), "baseline": period_json(digest.baseline_period)},
        "weeks": [
            {
                "week": str(w.week),
                "start": w.week.start(zone).isoformat(),
                **_activity(w),
                "metrics": _metrics(m, metrics),
                "samples": _samples(m),
            }
            for w, m in zip(digest.weeks, digest.weekly, strict=True)
        ],
        "current": _metrics(digest.current, metrics),
        "baseline": _metrics(digest.baseline, metrics),
        "headlines": [
            {
                "metric": h.metric.id,
                "label": h.metric.label,
                "kind": h.metric.kind.value,
                "this_week": h.this_week,
                "current": h.current,
                "baseline": h.baseline,
                "change": h.change,
                "tier": h.tier.value if h.tier else None,
                "series": list(h.series),
                "basis": _basis(h.metric, h.basis, digest) if h.metric.needs else None,
            }
            for h in digest.headlines
        ],
        "bases": {m.id: _basis(m, digest.bases[m.id], digest) for m in metrics if m.needs},
        "balance": [verdict_json(v) for v in digest.verdicts],
        "failures": [_trace(t) for t in digest.traces],
        "excluded": _excluded(digest),
        "sources_read": sorted(digest.read),
        "data_quality": [
            {"source": n.source, "severity": n.severity.value, "message": n.message, "fix": n.fix} for n in digest.notes
        ],
    }


def _basis(metric: Metric, basis: Basis, digest: Digest) -> dict[str, Any]:
    """What the metric's current value rests on; ``tier_withheld`` says why it has no DORA tier, if it has bands."""
    withheld = fmt.withheld_tier(metric, basis, digest.current_period.weeks) if metric.tier else ""
    return {
        "counted": list(basis.counted),
        "unread": list(basis.unread),
        "deployments": basis.deployments,
        "min_deployments": basis.min_deployments,
        "tier_withheld": withheld or None,
    }


def scope_json(scope: Scope) -> dict[str, Any]:
    return {
        "team": scope.team,
        "codeowners": scope.codeowners.path if scope.codeowners else None,
        "paths": {"include": list(scope.paths.include), "exclude": list(scope.paths.exclude)},
    }


def period_json(period: Period) -> dict[str, Any]:
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


def _samples(m: PeriodMetrics) -> dict[str, list[float] | None]:
    """The values behind the week's distributions that the pairs test, so a rollup can pool them across
    repositories and test the pooled values, not average verdicts; null when the source was not read."""

    def values(sample: Sample | None) -> list[float] | None:
        return None if sample is None else list(sample.values)

    return {
        "lead-time": values(m.lead_time),
        "review-depth": values(m.review_depth),
        "pr-size": values(m.pr_size),
        "pointed-items": values(m.points.items) if m.points else None,
    }


def _metrics(m: PeriodMetrics, metrics: tuple[Metric, ...]) -> dict[str, Any]:
    """Each metric by id: its shown value and what it was computed from; null when its source was not read."""
    return {metric.id: _measured(metric.read(m), metric) for metric in metrics}


def _measured(measured: Measured | None, metric: Metric) -> dict[str, Any] | None:
    if measured is None:
        return None
    value = {"value": shown_value(measured, metric.centre)}
    if isinstance(measured, Rate):
        return value | {"numerator": measured.numerator, "denominator": measured.denominator}
    if isinstance(measured, Sample):
        return value | {"median": measured.median, "mean": measured.mean, "n": measured.n}
    if isinstance(measured, Total):
        return value | {"total": measured.count, "weeks": measured.weeks}
    return value


def _movement(m: Movement) -> dict[str, Any]:
    return {
        "metric": m.metric.id,
        "kind": m.metric.kind.value,
        "unit": m.metric.unit,
        "baseline": m.baseline,
        "current": m.current,
        "change": m.change,
        "direction": m.direction.value,
        "test": fmt.test_name(m.test),
        "p_value": m.p_value,
        "samples": {"current": m.samples[0], "baseline": m.samples[1]},
        "threshold": m.threshold,
    }


def verdict_json(v: PairVerdict) -> dict[str, Any]:
    """A pair's verdict as the JSON gives it, in the digest and the organisation rollup alike."""
    return {
        "pair": v.pair.id,
        "title": v.pair.title,
        "verdict": v.verdict.value,
        "reason": fmt.reason(v),
        "look_at": v.pair.look_at,
        "confidence": v.confidence,
        "driver": _movement(v.driver) if v.driver else None,
        "guards": [_movement(g) for g in v.guards],
        "held": _held(v.held) if v.held else None,
        "guard_span": _guard_span(v.guard_span) if v.guard_span else None,
    }


def _guard_span(span: tuple[Period, Period]) -> dict[str, Any]:
    return {"current": period_json(span[0]), "baseline": period_json(span[1])}


def _held(h: Held) -> dict[str, Any]:
    return {"since": str(h.since), "weeks": h.weeks, "baseline": period_json(h.baseline)}


def _trace(t: FailureTrace) -> dict[str, Any]:
    return {
        "sha": t.sha,
        "deployed_at": t.deployed_at.isoformat(),
        "environment": t.environment,
        "source": t.source.value,
        "causes": [fmt.cause(c) for c in t.causes],
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
