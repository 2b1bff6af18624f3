"""Golden digests: a healthy week, and a week with two warnings, rendered from generated histories.

    python -m tests.publish.golden      # rewrites tests/publish/golden/*.md after a deliberate change

Read the diff before committing it: these files are what managers see.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.measure.weeks import Window
from bot.publish.render import render_markdown
from bot.settings import BalanceLimits, MeasureSettings
from tests.scenarios import HEALTHY, REPORTED, changed, generate

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "healthy": (11, HEALTHY, HEALTHY),
    "two_warnings": (
        3,
        HEALTHY,
        changed(
            HEALTHY,
            deploys_per_week=10,
            failure_rate=0.35,
            commits_per_week=120,
            review_comments=0.3,
            silent_approvals=0.9,
        ),
    ),
}


def render(case: str) -> str:
    from bot.report import build_digest

    seed, baseline, current = CASES[case]
    digest = build_digest(
        "acme/shop",
        generate(seed, baseline, current),
        Window.ending(REPORTED, 12, UTC),
        MeasureSettings().rules(),
        BalanceLimits(),
        4,
        8,
        r"^v\d+\.\d+\.\d+$",
        datetime(2026, 11, 18, 8, tzinfo=UTC),
    )
    return render_markdown(digest)


if __name__ == "__main__":
    for name in CASES:
        (GOLDEN / f"{name}.md").write_text(render(name))
        print(f"wrote {GOLDEN / name}.md")
