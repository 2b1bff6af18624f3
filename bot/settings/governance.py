"""The ``kpis:`` and ``outcomes:`` settings: which few metrics the team steers by, who owns each, and what
each is a proxy for.

KPIs name metrics by their registry id; an outcome is a metric id, a GitHub-derived series, or a weekly
series the team keeps in a CSV file in the repository. At most five KPIs: a dashboard of twenty targets
steers nothing, and the audit asks each one to earn its place.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from bot.measure.metrics import METRICS, metric
from bot.settings.values import Patterns, flag

MAX_KPIS = 5
"""More than five KPIs is refused: the seed articles ask for three to five, each with an owner and a guard."""

GITHUB_OUTCOMES: dict[str, str] = {
    "incident-hours": "hours incidents were open in the week (issues with an incident label)",
    "outside-bug-reports": "bug reports opened in the week by people outside the team (by author association)",
    "reopened-issues": "issues reopened in the week",
}
"""Outcome series the bot derives from what it already reads on GitHub, by id."""

_QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


def _hyphenated(cls: type[BaseModel], value: Any, what: str) -> Any:
    """A mapping with hyphenated keys into the model's field names; an unknown key names the known ones."""
    if not isinstance(value, Mapping):
        return value
    known = sorted(name.replace("_", "-") for name in cls.model_fields)
    given = {str(k).replace("_", "-"): v for k, v in value.items()}
    unknown = sorted(set(given) - set(known))
    if unknown:
        close = difflib.get_close_matches(unknown[0], known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(f"unknown {what} key {unknown[0]!r}{hint}; known: {', '.join(known)}")
    return {k.replace("-", "_"): v for k, v in given.items()}


def _metric_id(value: str) -> str:
    try:
        metric(value)
    except KeyError:
        raise ValueError(f"unknown metric {value!r}; known metric ids: {', '.join(m.id for m in METRICS)}") from None
    return value


MetricId = Annotated[str, BeforeValidator(lambda v: v.strip() if isinstance(v, str) else v)]


class Kpi(BaseModel):
    """One KPI: a registry metric, the team or role that owns it, its guard, its outcome, its review date."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: MetricId
    owner: str | None = None
    """A team or role, shown as text: never an @mention (the digest escapes it so nobody is pinged)."""
    guard: MetricId | None = None
    """Default: the metric's pair partner (``bot.balance.pairs``)."""
    outcome: str | None = None
    review_by: date | None = None

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, value: Any) -> Any:
        return _hyphenated(cls, value, "kpis entry")

    @field_validator("metric", "guard")
    @classmethod
    def _known(cls, value: str | None) -> str | None:
        return None if value is None else _metric_id(value)

    @field_validator("owner")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        text = " ".join((value or "").split())
        return text or None

    @model_validator(mode="after")
    def _not_its_own(self) -> Kpi:
        """A KPI that guards or validates itself is never checked: it always agrees with itself."""
        if self.guard == self.metric:
            raise ValueError(
                f"KPI {self.metric!r} cannot be its own guard: name a metric that shows it being pushed up alone, "
                "or leave guard out for its pair partner"
            )
        if self.outcome == self.metric:
            raise ValueError(
                f"KPI {self.metric!r} cannot be its own outcome: name what it should predict (a name under "
                "outcomes, a GitHub-derived outcome, or another metric)"
            )
        return self


class Outcome(BaseModel):
    """A team's own weekly outcome series: ``week,value`` rows (ISO weeks) in a CSV file in the repository."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=60, pattern=r"^[\w.-]+$")
    file: str = Field(min_length=1)

    @field_validator("file")
    @classmethod
    def _in_repository(cls, value: str) -> str:
        path = PurePosixPath(value)
        if path.is_absolute() or ".." in path.parts:
            raise ValueError(f"{value!r} must be a path inside the repository, like metrics/activation.csv")
        return value


def _yaml_list(value: Any) -> Any:
    """From an environment variable or action input, a list arrives as YAML (or JSON) text."""
    if isinstance(value, str):
        try:
            value = yaml.safe_load(value) if value.strip() else []
        except yaml.YAMLError:
            raise ValueError("not a YAML list; write it as in the config file, like [{metric: merged-prs}]") from None
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ValueError(f"a list of entries, not {type(value).__name__}")
    return value


class GovernanceSettings(BaseModel):
    """KPIs, their owners and outcomes, and how the audit and the proxy validation read them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    outcomes: Annotated[tuple[Outcome, ...], BeforeValidator(_yaml_list)] = Field(
        (),
        description="Outcome series in the repository, each {name, file}: a CSV of week,value rows (ISO weeks).",
    )
    kpis: Annotated[tuple[Kpi, ...], BeforeValidator(_yaml_list)] = Field(
        (),
        description="The team's KPIs (at most 5), each {metric, owner, guard, outcome, review-by}; when set, the "
        "digest opens with them instead of the headlines.",
    )
    bug_labels: Patterns = Field(
        ("bug",), description="Issue labels that mark a bug report, for the outside-bug-reports outcome."
    )
    validation_weeks: int = Field(
        52, ge=20, le=156, description="Weeks of history read to validate each KPI against its outcome."
    )
    proxy_lag: int = Field(
        1, ge=0, le=8, description="Weeks before the outcome's week whose KPI values predict it (t-L..t)."
    )
    quarter: str | None = Field(
        None,
        description="Quarter the audit covers, like 2026-Q3; default: the last complete quarter.",
        json_schema_extra=flag("--quarter", "YYYY-Qn"),
    )

    @field_validator("kpis")
    @classmethod
    def _few(cls, value: tuple[Kpi, ...]) -> tuple[Kpi, ...]:
        if len(value) > MAX_KPIS:
            raise ValueError(
                f"{len(value)} KPIs given, at most {MAX_KPIS} are allowed: a team steers by a few numbers, each "
                "owned and guarded; keep the ones that serve and show the rest in the digest's tables"
            )
        seen = [k.metric for k in value]
        twice = sorted({m for m in seen if seen.count(m) > 1})
        if twice:
            raise ValueError(f"metric {twice[0]!r} is a KPI twice; list each metric once")
        return value

    @field_validator("quarter")
    @classmethod
    def _quarter(cls, value: str | None) -> str | None:
        if value is not None and not _QUARTER.match(value.strip().upper()):
            raise ValueError(f"{value!r} is not a quarter like 2026-Q3")
        return None if value is None else value.strip().upper()

    @field_validator("outcomes")
    @classmethod
    def _named_once(cls, value: tuple[Outcome, ...]) -> tuple[Outcome, ...]:
        names = [o.name for o in value]
        if len(set(names)) != len(names):
            raise ValueError("two outcomes share a name; give each its own")
        return value

    @field_validator("kpis")
    @classmethod
    def _outcomes_known(cls, value: tuple[Kpi, ...], info: ValidationInfo) -> tuple[Kpi, ...]:
        if "outcomes" not in info.data:  # outcomes: was refused, with its own error; not a second one here
            return value
        names = [o.name for o in info.data["outcomes"]]
        for kpi in value:
            if kpi.outcome is None or kpi.outcome in names or kpi.outcome in GITHUB_OUTCOMES:
                continue
            try:
                metric(kpi.outcome)
            except KeyError:
                known = [*names, *GITHUB_OUTCOMES, *(m.id for m in METRICS)]
                raise ValueError(
                    f"the outcome {kpi.outcome!r} of KPI {kpi.metric!r} is not a name under outcomes, a "
                    f"GitHub-derived outcome or a metric id; known: {', '.join(known)}"
                ) from None
        return value
