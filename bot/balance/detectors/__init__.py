"""Pull-request detectors of commit-inflation patterns; adding one is one module and one line here."""

from __future__ import annotations

from bot.balance.detectors import (
    duplicate_blocks,
    formatting_volume,
    generated_volume,
    large_thin_review,
    micro_commits,
    self_churn,
    split_work,
)
from bot.balance.detectors.base import Detector, DetectorLimits, Finding, Skipped

DETECTORS: tuple[Detector, ...] = (
    Detector(micro_commits.ID, micro_commits.detect),
    Detector(duplicate_blocks.ID, duplicate_blocks.detect),
    Detector(generated_volume.ID, generated_volume.detect),
    Detector(self_churn.ID, self_churn.detect),
    Detector(large_thin_review.ID, large_thin_review.detect),
    Detector(split_work.ID, split_work.detect),
    Detector(formatting_volume.ID, formatting_volume.detect),
)

__all__ = ["DETECTORS", "Detector", "DetectorLimits", "Finding", "Skipped"]
