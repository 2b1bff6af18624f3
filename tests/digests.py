"""One way for tests to build a digest from a dataset: today's default rules, limits and windows."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.measure.rules import MeasureRules
from bot.measure.weeks import Window
from bot.records import Dataset
from bot.report import Digest, build_digest
from bot.settings import BalanceLimits, MeasureSettings


def digest_of(
    dataset: Dataset,
    window: Window,
    generated_at: datetime,
    *,
    repository: str = "acme/shop",
    rules: MeasureRules | None = None,
    current_weeks: int = 4,
    baseline_weeks: int = 8,
    release_tag_pattern: str = r"^v",
) -> Digest:
    return build_digest(
        repository=repository,
        dataset=dataset,
        window=window,
        rules=rules or MeasureSettings().rules(zone=UTC),
        limits=BalanceLimits(),
        current_weeks=current_weeks,
        baseline_weeks=baseline_weeks,
        release_tag_pattern=release_tag_pattern,
        generated_at=generated_at,
    )
