"""The checks the golden digests pass must fail on what GitHub would show broken."""

from __future__ import annotations

import pytest

from bot.publish.chart import PALETTE
from tests.publish.markdown_check import check_charts, check_fences, check_top, check_wording

INIT = '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + ", ".join(PALETTE) + '"}}}}%%'
CHART = """```mermaid
{init}
xychart-beta
    title "Pair"
    x-axis [W01, W02]
    {y}
    bar [1, 2]
    line [{line}]
```
"""


def chart(init: str = INIT, y: str = 'y-axis "%" 0 --> 5', line: str = "2, 3") -> str:
    return CHART.format(init=init, y=y, line=line)


def test_a_well_formed_chart_passes() -> None:
    assert check_charts(chart()) == ["Pair"]


@pytest.mark.parametrize(
    "broken",
    [
        chart(init="%%{init: {}}%%"),  # no palette
        chart(init=""),  # Mermaid's pale default palette
        chart(y='y-axis "%"'),  # the axis starts at the data's minimum
        chart(y='y-axis "%" 1 --> 5'),
        chart(line="2"),  # shorter than the x-axis
        chart(line="2, 9"),  # off the axis
    ],
)
def test_a_chart_without_its_palette_or_axis_from_zero_or_with_a_short_series_fails(broken: str) -> None:
    with pytest.raises((AssertionError, KeyError)):
        check_charts(broken)


def test_a_fence_closed_by_an_inner_fence_or_never_closed_fails() -> None:
    assert check_fences("````markdown\n" + chart() + "````\n") == 1
    with pytest.raises(AssertionError):
        check_fences("```markdown\n" + chart() + "```\n")
    with pytest.raises(AssertionError):
        check_fences("text\n\n```mermaid\nxychart-beta\n")


def test_a_table_at_the_top_wider_than_seven_columns_fails_and_below_it_does_not() -> None:
    wide = "| " + " | ".join("abcdefgh") + " |\n|" + " --- |" * 8 + "\n"
    with pytest.raises(AssertionError):
        check_top("# Title\n\n" + wide)
    assert check_top("# Title\n\n## Section\n\n" + wide) == 0


@pytest.mark.parametrize("text", ["(flat, p=0.00)", "p = 0.00", "p=0.0"])
def test_a_p_value_of_zero_fails(text: str) -> None:
    with pytest.raises(AssertionError):
        check_wording(text)


def test_plain_word_p_values_pass() -> None:
    check_wording("(worse, p < 0.01); (flat, p = 0.03); p = 0.10")
