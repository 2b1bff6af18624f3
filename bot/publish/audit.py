"""The quarterly audit -> markdown (through ``templates/audit.md.j2``) and -> JSON (``audit.schema.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.audit import AUDIT_SCHEMA_VERSION, FLAT, Audit, AuditedKpi, Moved
from bot.publish import format as fmt
from bot.publish import kpi_words
from bot.publish.escape import inline
from bot.publish.kpi_json import kpi_identity, validation_json
from bot.publish.render import environment, scope_json
from bot.records import SourceNote
from bot.settings import MAX_KPIS
from bot.wording import counted


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditView:
    title: str
    summary: str
    rows: tuple[tuple[str, ...], ...]
    reasons: tuple[str, ...]
    problems: tuple[str, ...]
    validations: tuple[str, ...]
    notes: tuple[str, ...]
    generated_at: str


def render_audit_markdown(audit: Audit) -> str:
    return environment().get_template("audit.md.j2").render(v=audit_view(audit))


def audit_view(audit: Audit) -> AuditView:
    counts = {
        r: sum(k.recommendation is r for k in audit.kpis) for r in dict.fromkeys(k.recommendation for k in audit.kpis)
    }
    tally = ", ".join(f"{n} {r.value}" for r, n in counts.items())
    span = f"{audit.weeks[0]} to {audit.weeks[-1]}"
    return AuditView(
        title=audit_title(audit.repository, str(audit.quarter), audit.scope.label, escape=True),
        summary=f"{counted(len(audit.kpis), 'KPI')} audited over {span}, {counted(len(audit.weeks), 'week')} ending "
        f"{audit.end:%A %Y-%m-%d}{_partial(audit)}: {tally}.",
        rows=tuple(_row(k, len(audit.weeks)) for k in audit.kpis),
        reasons=tuple(
            f"**{k.reading.metric.label}**: {k.recommendation.value}: {inline('; '.join(k.reasons), 1000)}."
            for k in audit.kpis
        ),
        problems=_problems(audit),
        validations=tuple(d for k in audit.kpis if (d := kpi_words.detail(k.reading))),
        notes=tuple(inline(n.message, limit=500) for n in audit.notes),
        generated_at=f"{audit.generated_at:%Y-%m-%d %H:%M} UTC",
    )


def audit_title(repository: str, quarter: str, scope: str | None, *, escape: bool = False) -> str:
    """``acme/shop · 2026-Q3 · @org/payments``: a team's audit names its scope, as a team's digest does."""
    title = f"{repository} · {quarter}" + ("" if scope is None else f" · {scope}")
    return inline(title) if escape else title


def _partial(audit: Audit) -> str:
    if audit.complete:
        return ""
    if audit.quarter_over:
        return f" (ended early by --week: {audit.quarter} ran to {audit.quarter.weeks()[-1]})"
    return f" (the quarter is not over: audited up to {audit.weeks[-1]})"


def _row(k: AuditedKpi, weeks: int) -> tuple[str, ...]:
    r = k.reading
    review = "not set" if r.review_by is None else f"{r.review_by}" + (" ⚠️ overdue" if k.overdue else "")
    warned = (
        "no pair"
        if r.pair is None
        else "n/a"
        if k.weeks_in_warning is None
        else f"{k.weeks_in_warning} of {counted(weeks, 'week')}"
    )
    return (
        r.metric.label,
        inline(r.owner) if r.owner else "⚠️ nobody",
        review,
        "no history" if k.no_history else _moved(k.moved, r),
        warned,
        kpi_words.short(r),
        f"**{k.recommendation.value}**",
    )


def _moved(m: Moved, k: Any) -> str:
    if m.weeks == 0:
        return "no data"
    if m.flat:
        return f"flat at {fmt.with_unit(m.high, k.metric)}"
    kind = k.metric.kind
    ends = f"{fmt.change(m.change)} ({fmt.shown(m.first, kind)} → {fmt.shown(m.last, kind)})"
    if m.change is None or abs(m.change) < FLAT:  # it moved between its ends: say so, or "±0%" reads as flat
        return f"{ends}, ranging {fmt.shown(m.low, kind)} to {fmt.shown(m.high, kind)}"
    return ends


def _problems(audit: Audit) -> tuple[str, ...]:
    problems = []
    if audit.unowned:
        labels = [k.reading.metric.label for k in audit.kpis if k.reading.owner is None]
        problems.append(f"KPIs nobody owns: {fmt.listed(labels)}. Name a team or role as owner in kpis:.")
    if audit.too_many:
        problems.append(f"{counted(len(audit.kpis), 'KPI')}: more than {MAX_KPIS}. Keep the few the team steers by.")
    return tuple(problems)


# -- JSON ------------------------------------------------------------------------------------------------
def render_audit_json(audit: Audit) -> str:
    return json.dumps(audit_json(audit), indent=2, ensure_ascii=False) + "\n"


def audit_json(audit: Audit) -> dict[str, Any]:
    return {
        "schema_version": AUDIT_SCHEMA_VERSION,
        "command": "audit",
        "repository": audit.repository,
        "scope": scope_json(audit.scope),
        "quarter": str(audit.quarter),
        "complete": audit.complete,
        "weeks": {"first": str(audit.weeks[0]), "last": str(audit.weeks[-1]), "count": len(audit.weeks)},
        "end": audit.end.isoformat(),
        "generated_at": audit.generated_at.isoformat(),
        "kpis": [_kpi(k) for k in audit.kpis],
        "unowned": list(audit.unowned),
        "too_many": audit.too_many,
        "limit": MAX_KPIS,
        "data_quality": [_note(n) for n in audit.notes],
    }


def _kpi(k: AuditedKpi) -> dict[str, Any]:
    return kpi_identity(k.reading) | {
        "overdue": k.overdue,
        "moved": {
            "weeks": k.moved.weeks,
            "first": k.moved.first,
            "last": k.moved.last,
            "change": k.moved.change,
            "low": k.moved.low,
            "high": k.moved.high,
            "flat": k.moved.flat,
        },
        "weeks_in_warning": k.weeks_in_warning,
        "validation": validation_json(k.reading),
        "recommendation": k.recommendation.value,
        "reason": "; ".join(k.reasons),
        "reasons": list(k.reasons),
    }


def _note(n: SourceNote) -> dict[str, Any]:
    return {"source": n.source, "severity": n.severity.value, "message": n.message, "fix": n.fix}
