from __future__ import annotations

from bot.publish.escape import code, inline
from bot.publish.format import change, counted, sparkline
from bot.publish.render import templates_dir


def test_sparklines_scale_to_the_series_maximum() -> None:
    assert sparkline([0, 4, 8]) == "▁▅█"
    assert sparkline([0, 0, 0]) == "▁▁▁"


def test_changes_read_as_arrows_and_percentages() -> None:
    assert (change(0.25), change(-0.5), change(0.0), change(None)) == ("▲ 25%", "▼ 50%", "±0%", "n/a")


def test_inline_text_cannot_ping_inject_html_or_break_a_table() -> None:
    text = inline("@org/team fixes #12 <img src=x onerror=alert(1)> a|b <!-- goodhart -->\nnext")
    assert "@org" not in text and "#12" not in text
    assert "<" not in text and ">" not in text
    assert "\\|" in text and "\n" not in text


def test_inline_text_is_cut_to_its_limit() -> None:
    assert len(inline("x" * 10_000, limit=300)) == 300


def test_code_spans_fence_around_backticks() -> None:
    assert code(r"^v\d+$") == r"`^v\d+$`"
    assert code("a`b") == "``a`b``"


def test_the_digest_templates_are_found() -> None:
    assert (templates_dir() / "digest.md.j2").is_file()


def test_counts_read_as_english() -> None:
    assert (counted(1, "commit"), counted(1_200, "commit"), counted(0, "release")) == (
        "1 commit",
        "1,200 commits",
        "0 releases",
    )
