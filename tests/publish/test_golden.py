"""What managers read: golden digests, well formed, and inert whatever users typed."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.measure.weeks import Window
from bot.publish.markers import digest_week
from bot.publish.render import render_markdown
from bot.publish.split import sections
from bot.records import Source
from tests.digests import digest_of
from tests.publish.golden import CASES, GOLDEN, PR_COMMENT, render, render_pr_comment_case
from tests.publish.markdown_check import TOP_COLUMNS, check_charts, check_fences, check_tables, check_top, check_wording
from tests.scenarios import HEALTHY, REPORTED, SPEED_GAMED, generate


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_digest_matches_its_golden_file(case: str) -> None:
    assert render(case) == (GOLDEN / f"{case}.md").read_text(), "run `python -m tests.publish.golden` and read the diff"


def test_the_pr_comment_matches_its_golden_file() -> None:
    comment = render_pr_comment_case()
    assert comment == (GOLDEN / f"{PR_COMMENT}.md").read_text(), "run `python -m tests.publish.golden`"
    assert check_tables(comment) == 1 and check_fences(comment) == 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_table_is_well_formed(case: str) -> None:
    assert check_tables(render(case)) >= 4


def test_a_healthy_week_has_no_chart_and_two_warnings_have_one_chart_per_pair() -> None:
    assert check_charts(render("healthy")) == []
    assert check_charts(render("two_warnings")) == [
        "Speed vs stability, as % of the baseline",
        "Volume vs review, as % of the baseline",
    ]


def test_each_chart_sits_under_its_own_warning_with_a_legend_naming_both_metrics() -> None:
    markdown = render("two_warnings")
    for title, driver, guard in (
        ("Speed vs stability", "Deployments per week", "Change failure rate"),
        ("Volume vs review", "Commits per week", "Review comments per PR (mean)"),
    ):
        section = markdown[markdown.index(f"### ⚠️ {title}") :]
        section = section[: section.index("\n### ", 1) if "\n### " in section[1:] else section.index("<!--")]
        assert section.count("```mermaid") == 1
        legend = section[section.rindex("```") :]
        assert f"bars: {driver}," in legend and f"line: {guard}," in legend


@pytest.mark.parametrize("case", sorted(CASES))
def test_rendered_as_github_does_every_fence_closes_the_top_fits_and_no_p_value_reads_zero(case: str) -> None:
    markdown = render(case)
    assert check_fences(markdown) == (2 if case == "two_warnings" else 0)
    assert check_top(markdown) <= TOP_COLUMNS
    check_wording(markdown)


def test_the_top_says_what_to_do_in_an_alert_before_any_table() -> None:
    top = render("two_warnings").split("\n\n")[1].splitlines()
    assert top[:2] == [
        "> [!WARNING]",
        "> **2 balance warnings**; each pair's chart, the weeks it was judged over, and what to look at are "
        "under Balance.",
    ]
    assert [line.split("**")[1] for line in top[2:]] == ["Speed vs stability", "Volume vs review"]
    assert "deployment frequency 4.4 → 12.8\u00a0deploys/week (+191%)" in top[2]
    assert render("healthy").split("\n\n")[1] == "> [!NOTE]\n> **No balance warnings.** All 5 pairs were judged."


def test_the_rows_behind_a_warning_are_marked_and_change_is_read_by_meaning() -> None:
    top = render("two_warnings").split("\n## ")[0]
    rows = {row.split(" | ")[0]: row.split(" | ") for row in top.splitlines() if row.startswith("| ")}
    assert rows["| **⚠️\u00a0Deployments per week**"][3] == "+191%\u00a0better"
    assert rows["| **⚠️\u00a0Change failure rate**"][3] == "+277%\u00a0worse"
    assert rows["| Lead time for changes (median)"][3] == "-10%\u00a0better"


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
    return render_markdown(digest_of(dataset, window, now))


def test_hostile_titles_cannot_ping_inject_html_forge_markers_or_break_tables() -> None:
    markdown = hostile_digest()
    start = markdown.index("## Failure trace")
    trace = markdown[start : markdown.index("<!-- goodhart:section -->", start)]
    assert "(opened after it), “" in trace and "Shipped #" in trace  # the titles are shown
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
    digest = digest_of(dataset, window, datetime(2026, 11, 18, tzinfo=UTC))
    assert "(Monday 2026-11-09 to Sunday 2026-11-15, UTC)" in render_markdown(digest)
    assert timedelta(weeks=12) == window.end - window.start


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_alert_and_the_week_are_paragraphs_of_their_own(case: str) -> None:
    title, alert, week = render(case).split("\n\n")[:3]
    assert title.startswith("# Goodhart digest")
    assert alert.startswith(("> [!NOTE]\n> **No balance warnings.**", "> [!WARNING]\n> **2 balance warnings**"))
    assert week.startswith("**2026-W46** (Monday")


def test_pairs_without_their_sources_are_one_sentence_naming_what_to_configure() -> None:
    dataset = generate(11, HEALTHY, HEALTHY)
    unread = {Source.DEPLOYMENTS, Source.DEPLOYMENT_OUTCOMES, Source.INCIDENTS, Source.WORK_ITEMS}
    dataset = replace(dataset, deployments=(), incidents=(), work_items=(), read=dataset.read - unread)
    markdown = render_markdown(digest_of(dataset, Window.ending(REPORTED, 12, UTC), datetime(2026, 11, 18, tzinfo=UTC)))
    start = markdown.index("## Balance")
    balance = markdown[start : markdown.index("<!-- goodhart:section -->", start)]
    assert "insufficient data" not in balance
    assert "Sources and data quality" not in markdown  # nothing to say, so no heading
    sentence = next(line for line in balance.splitlines() if line.startswith("Not enough data yet"))
    assert "Speed vs stability (no deployment data)" in sentence and "Points vs delivery (no story points)" in sentence
    assert "`production-environments`" in sentence and "`points-label-pattern`" in sentence
    week_table = markdown[markdown.index("<summary>Week by week") :].split("</details>")[0]
    header = next(line for line in week_table.splitlines() if line.startswith("| Week"))
    assert header == "| Week | Commits | Meaningful lines | Authors | Merged PRs | Reverts |"  # no all-n/a column


def test_each_failed_deploy_names_each_incident_once_and_gives_no_command_line_advice() -> None:
    markdown = render("two_warnings")
    start = markdown.index("## Failure trace")
    trace = markdown[start : markdown.index("<!-- goodhart:section -->", start)]
    deploys = trace.split("\n- Deploy ")[1:]  # each with its indented details
    assert len(deploys) == 8
    for deploy in deploys:
        numbers = re.findall(r"#(\d+)", deploy)
        assert numbers and len(numbers) == len(set(numbers)), deploy
    assert trace.rstrip().endswith("- …and 14 earlier failures in this window.")
    assert "--format" not in markdown
