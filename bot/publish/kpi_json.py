"""KPIs and their proxy validation as JSON: shared by the audit and the weekly digest, so both say it alike."""

from __future__ import annotations

from typing import Any

from bot.balance.proxy import Correlation
from bot.kpis import KpiReading
from bot.publish import kpi_words


def kpi_json(reading: KpiReading) -> dict[str, Any]:
    """A KPI as the weekly digest reports it: who owns it, what guards it, its latest week and its validation."""
    this_week = reading.series[-1] if reading.series else None
    return kpi_identity(reading) | {"this_week": this_week, "validation": validation_json(reading)}


def kpi_identity(reading: KpiReading) -> dict[str, Any]:
    """What the config says of a KPI, as the digest and the audit both report it."""
    return {
        "metric": reading.metric.id,
        "label": reading.metric.label,
        "owner": reading.owner,
        "guard": reading.guard.id if reading.guard else None,
        "guard_is_default": reading.guard_is_default,
        "pair": reading.pair.id if reading.pair else None,
        "outcome": reading.outcome,
        "review_by": reading.review_by.isoformat() if reading.review_by else None,
    }


def validation_json(reading: KpiReading) -> dict[str, Any]:
    v = reading.validation
    if reading.outcome_unread is not None:
        return {"status": kpi_words.UNREAD, "reason": reading.outcome_unread}
    if v is None:
        return {"status": kpi_words.NO_OUTCOME}
    agreement = v.agreement
    return {
        "status": v.status.value,
        "lag": v.lag,
        "paired_weeks": v.paired_weeks,
        "needed_weeks": v.needed_weeks,
        "confidence": v.confidence,
        "earlier": _correlation(v.earlier),
        "recent": _correlation(v.recent),
        "agreement": None
        if agreement is None
        else {"earlier": agreement.earlier, "recent": agreement.recent, "low": agreement.low, "high": agreement.high},
        "broke": str(v.broke) if v.broke else None,
        "detected": str(v.detected) if v.detected else None,
    }


def _correlation(c: Correlation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"first": str(c.first), "last": str(c.last), "weeks": c.weeks, "rho": c.rho, "low": c.low, "high": c.high}
