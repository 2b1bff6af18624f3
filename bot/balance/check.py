"""The pull-request check: every detector over one change, less what the PR itself silenced."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.balance.detectors import DETECTORS, DetectorLimits, Finding, Skipped
from bot.measure.rules import MeasureRules
from bot.records import PullRequestChange

IGNORE_LABEL = "goodhart:ignore"
_IGNORE = re.compile(r"goodhart-ignore:\s*([\w-]+(?:\s*,\s*[\w-]+)*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CheckResult:
    findings: tuple[Finding, ...]
    skipped: tuple[Skipped, ...]
    silenced: tuple[str, ...]
    """Detector ids the PR silenced with ``goodhart-ignore: <id>`` or the ``goodhart:ignore`` label."""


def silenced_ids(change: PullRequestChange) -> set[str]:
    if IGNORE_LABEL in change.labels:
        return {d.id for d in DETECTORS}
    ids = {i.strip().lower() for match in _IGNORE.finditer(change.body) for i in match.group(1).split(",")}
    return ids & {d.id for d in DETECTORS}


def check(change: PullRequestChange, limits: DetectorLimits, rules: MeasureRules) -> CheckResult:
    silenced = silenced_ids(change)
    findings, skipped = [], []
    for detector in DETECTORS:
        if detector.id in silenced:
            continue
        result = detector.detect(change, limits, rules)
        if isinstance(result, Finding):
            findings.append(result)
        elif isinstance(result, Skipped):
            skipped.append(result)
    return CheckResult(tuple(findings), tuple(skipped), tuple(sorted(silenced)))
