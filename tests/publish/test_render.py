from __future__ import annotations

from bot.balance.movement import Direction, Movement
from bot.balance.movement import Test as StatTest
from bot.measure.metrics import Better, metric
from bot.publish.escape import code, inline
from bot.publish.format import change, counted, how_it_moved, p_value, sparkline
from bot.publish.render import templates_dir


def test_sparklines_scale_to_the_series_maximum_inside_a_code_span() -> None:
    assert sparkline([0, 4, 8]) == "`▁▅█`"
    assert sparkline([0, 0, 0]) == "`▁▁▁`"


def test_a_missing_week_keeps_the_sparkline_its_length_and_a_flat_series_is_drawn_flat() -> None:
    assert sparkline([3, None, 3, 6]) == "`▅·▅█`"
    assert sparkline([5, None, 5, 5]) == "`▄·▄▄`"
    assert sparkline([None, None]) == "n/a"


def test_changes_read_by_meaning_not_by_direction_and_never_wrap() -> None:
    higher, lower = Better.HIGHER, Better.LOWER
    assert (change(1.91, higher), change(2.77, lower), change(-0.1, lower), change(0.05)) == (
        "+191%\u00a0better",
        "+277%\u00a0worse",
        "-10%\u00a0better",
        "+5%",
    )
    assert (change(0.0, higher), change(0.001, higher), change(None)) == ("±0%", "±0%", "n/a")


def test_p_values_read_in_plain_words() -> None:
    assert (p_value(0.0001), p_value(0.004), p_value(0.03), p_value(0.934)) == (
        "p < 0.01",
        "p < 0.01",
        "p = 0.03",
        "p = 0.93",
    )


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


def _lead_time(before: float, now: float, *, direction: Direction, p: float | None) -> Movement:
    return Movement(
        metric=metric("lead-time"),
        baseline=before,
        current=now,
        direction=direction,
        test=StatTest.MANN_WHITNEY,
        p_value=p,
        samples=(40, 80),
        threshold=0.25,
    )


def test_a_flat_move_says_why_it_is_flat_so_a_small_p_value_never_contradicts_it() -> None:
    under_threshold = _lead_time(2.8, 2.5, direction=Direction.FLAT, p=0.02)
    within_noise = _lead_time(2.8, 1.4, direction=Direction.FLAT, p=0.41)
    worse = _lead_time(2.0, 3.0, direction=Direction.WORSE, p=0.001)
    assert how_it_moved(under_threshold) == "flat: -11%, under the 25% threshold"
    assert how_it_moved(within_noise) == "flat: within noise, p = 0.41"
    assert how_it_moved(worse) == "worse, p < 0.01"
    assert how_it_moved(worse, one_line=True) == "worse, p\u00a0<\u00a00.01"
