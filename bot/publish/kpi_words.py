"""A KPI's proxy validation in words, shared by the digest's KPI table and the audit."""

from __future__ import annotations

from bot.balance.proxy import Correlation, ProxyStatus
from bot.kpis import KpiReading
from bot.publish.escape import inline
from bot.wording import counted

NO_OUTCOME = "no outcome"
"""The validation status of a KPI that names no outcome."""
UNREAD = "outcome not read"
"""The validation status of a KPI whose outcome could not be read (a bad file, GitHub's issues without a token)."""


def status(reading: KpiReading) -> str:
    if reading.outcome_unread is not None:
        return UNREAD
    return reading.validation.status.value if reading.validation else NO_OUTCOME


def short(reading: KpiReading) -> str:
    """``validated (rho 0.81)``, ``decoupled since 2026-W29``, ``no outcome``: a table cell."""
    v = reading.validation
    if reading.outcome_unread is not None:
        return f"⚠️ {UNREAD}"
    if v is None:
        return NO_OUTCOME
    if v.status is ProxyStatus.DECOUPLED:
        return f"⚠️ decoupled since {v.broke}" if v.broke else "⚠️ decoupled"
    if v.status is ProxyStatus.INSUFFICIENT:
        return f"insufficient data ({v.paired_weeks} of {v.needed_weeks} weeks)"
    return f"{v.status.value} (rho {rho(v.recent)})" if v.recent else v.status.value


def rho(c: Correlation | None) -> str:
    return "n/a" if c is None else f"{c.rho:+.2f}"


def correlation(c: Correlation | None, confidence: float) -> str:
    if c is None:
        return "n/a (a series that never moved)"
    span = f"{c.first}..{c.last} ({c.weeks} weeks, {confidence:.0%})"
    return f"rho {c.rho:+.2f} [{c.low:+.2f}, {c.high:+.2f}] over {span}"


def detail(reading: KpiReading) -> str | None:
    """The numbers behind the verdict, in one sentence; None for a KPI with no outcome."""
    v = reading.validation
    if reading.outcome_unread is not None and reading.outcome is not None:
        why = inline(reading.outcome_unread, limit=500)
        return f"{reading.metric.label} → {inline(reading.outcome)}: {UNREAD}: {why}."
    if v is None or reading.outcome is None:
        return None
    head = (
        f"{reading.metric.label} → {inline(reading.outcome)}, "
        f"the KPI of weeks t-{v.lag}..t against the outcome of week t"
    )
    if v.status is ProxyStatus.INSUFFICIENT and v.earlier is None:
        return f"{head}: {counted(v.paired_weeks, 'week')} with both values, {v.needed_weeks} needed."
    parts = [f"earlier {correlation(v.earlier, v.confidence)}", f"recent {correlation(v.recent, v.confidence)}"]
    if v.agreement is not None:
        a = v.agreement
        parts.append(
            f"recent weeks' agreement with the earlier relation {a.recent:+.2f} [{a.low:+.2f}, {a.high:+.2f}] "
            f"against {a.earlier:+.2f} before"
        )
    tail = f" It broke in {v.broke}, first seen in {v.detected}." if v.detected else ""
    return f"{head}: " + "; ".join(parts) + f" → **{v.status.value}**." + tail
