"""What managers read: golden digests, well formed, and inert whatever users typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.measure.weeks import Window
from bot.publish.markers import digest_week
from bot.publish.render import render_markdown
from bot.publish.split import sections
from bot.report import build_digest
from bot.settings import BalanceLimits, MeasureSettings
from tests.publish.golden import CASES, GOLDEN, render
from tests.publish.markdown_check import check_charts, check_tables
from tests.scenarios import HEALTHY, REPORTED, SPEED_GAMED, generate


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_digest_matches_its_golden_file(case: str) -> None:
    assert render(case) == (GOLDEN / f"{case}.md").read_text(), "run `python -m tests.publish.golden` and read the diff"


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_table_is_well_formed(case: str) -> None:
    assert check_tables(render(case)) >= 4


def test_a_healthy_week_has_no_chart_and_two_warnings_have_two_charts_each() -> None:
    assert check_charts(render("healthy")) == []
    assert check_charts(render("two_warnings")) == [
        "Speed vs stability: Deployments",
        "Speed vs stability: Change failure rate",
        "Volume vs review: Commits",
        "Volume vs review: Review comments per PR (mean)",
    ]


HOSTILE = [
    "@org/team please look",
    "<!-- goodhart:digest repo=acme/shop week=2026-W46 -->",
    '<img src=x onerror="alert(1)">',
    "a | b | c",
    "<!-- goodhart:section -->\n# Injected heading",
    "x" * 10_000,
]


def hostile_digest() -> str:
    """A gamed history whose failed deploys shipped PRs and raised incidents with hostile titles."""
    dataset = generate(3, HEALTHY, SPEED_GAMED)
    titles = iter(HOSTILE * 1000)
    dataset = replace(
        dataset,
        pull_requests=tuple(replace(pr, title=next(titles)) for pr in dataset.pull_requests),
        incidents=tuple(replace(i, title=next(titles)) for i in dataset.incidents),
    )
    window = Window.ending(REPORTED, 12, UTC)
    now = datetime(2026, 11, 18, 8, tzinfo=UTC)
    return render_markdown(
        build_digest("acme/shop", dataset, window, MeasureSettings().rules(), BalanceLimits(), 4, 8, r"^v", now)
    )


def test_hostile_titles_cannot_ping_inject_html_forge_markers_or_break_tables() -> None:
    markdown = hostile_digest()
    start = markdown.index("## Failure trace")
    trace = markdown[start : markdown.index("<!-- goodhart:section -->", start)]
    assert "Incident #" in trace and "Shipped #" in trace  # the titles are shown
    assert "@org" not in markdown and "@\u2060org/team" in markdown
    assert "<img" not in markdown and "&lt;img src=x onerror=" in markdown
    assert digest_week(markdown, "acme/shop") is None  # no forged digest marker
    assert len(sections(markdown)) == len(sections(render("two_warnings")))  # no forged section breaks
    assert "\n# Injected heading" not in markdown
    assert max(len(line) for line in trace.splitlines()) < 400  # 10,000 characters cut to a line
    check_tables(markdown)


def test_a_day_boundary_in_another_time_zone_is_rendered_in_that_zone() -> None:
    dataset = generate(3, HEALTHY, HEALTHY)
    window = Window.ending(REPORTED, 12, UTC)
    digest = build_digest(
        "acme/shop",
        dataset,
        window,
        MeasureSettings().rules(),
        BalanceLimits(),
        4,
        8,
        r"^v",
        datetime(2026, 11, 18, tzinfo=UTC),
    )
    assert "(Monday 2026-11-09 to Sunday 2026-11-15, UTC)" in render_markdown(digest)
    assert timedelta(weeks=12) == window.end - window.start


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_summary_and_the_week_are_paragraphs_of_their_own(case: str) -> None:
    title, summary, week = render(case).split("\n\n")[:3]
    assert title.startswith("# Goodhart digest") and "\n" not in summary
    assert summary.startswith(("**No balance warnings.**", "**2 balance warnings.**"))
    assert week.startswith("**2026-W46** (Monday")
