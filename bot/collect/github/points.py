"""Where story points come from, in order: a label, a line in the issue body, a Projects v2 field.

Each source is a function over the closing issue's GraphQL node; adding one is one function and one
entry in :data:`SOURCES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.collect.github.nodes import label_names
from bot.records import PointsSource

_BODY_LINE = re.compile(r"^\s*story\s*points?\s*[:=]\s*(\d+(?:\.\d+)?)\s*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class PointsRules:
    label_pattern: re.Pattern[str]
    """Its last group is the number, as in the default ``^(points|sp|story points?)[:/ ]\\s*(\\d+)$``."""


PointsReader = Callable[[dict[str, Any], PointsRules], float | None]


def from_label(issue: dict[str, Any], rules: PointsRules) -> float | None:
    for name in label_names(issue):
        match = rules.label_pattern.search(name)
        if match and match.lastindex:
            return float(match.group(match.lastindex))
    return None


def from_body(issue: dict[str, Any], rules: PointsRules) -> float | None:
    match = _BODY_LINE.search(issue.get("body") or "")
    return float(match.group(1)) if match else None


def from_project(issue: dict[str, Any], rules: PointsRules) -> float | None:
    for item in (issue.get("projectItems") or {}).get("nodes") or []:
        value = (item or {}).get("fieldValueByName") or {}
        if isinstance(value.get("number"), int | float):
            return float(value["number"])
    return None


SOURCES: tuple[tuple[PointsSource, PointsReader], ...] = (
    (PointsSource.LABEL, from_label),
    (PointsSource.BODY, from_body),
    (PointsSource.PROJECT, from_project),
)


def points_of(issue: dict[str, Any], rules: PointsRules) -> tuple[float | None, PointsSource | None]:
    """The issue's points and the source they came from; (None, None) when no source has them."""
    for source, read in SOURCES:
        points = read(issue, rules)
        if points is not None:
            return points, source
    return None, None
