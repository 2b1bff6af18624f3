"""Checks that rendered markdown is well formed the way GitHub renders it: tables, fences, charts, top, wording.

The markdown is parsed with a real CommonMark parser (markdown-it-py, with GFM tables and strikethrough), so
a fence closed too early or a table that GFM would pad or cut is seen as GitHub sees it. Tables: each block
of ``|`` lines must come out as one table of as many rows, every row with the header's number of cells.
Mermaid has no Python parser; the ``xychart-beta`` subset the digest emits is checked against its grammar:
an init directive setting the palette, the header, a title, an x-axis list, a y-axis from 0 to a maximum, and
bar or line series of numbers as long as the x-axis.
"""

from __future__ import annotations

import json
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
TOP_COLUMNS = 7
"""The most columns a table above the first section may have: wider ones wrap or scroll at 760 px."""


def check_tables(markdown: str) -> int:
    """The number of tables, after checking each one; AssertionError on a broken table."""
    tokens = _PARSER.parse(markdown)
    tables = [t for t in tokens if t.type == "table_open"]
    lines = markdown.splitlines()
    for table in tables:
        assert table.map is not None
        start, end = table.map
        rows = [line for line in lines[start:end] if line.strip()]
        header = _cells(rows[0])
        for row in rows[2:]:
            assert len(_cells(row)) == len(header), f"row has {len(_cells(row))} cells, header {len(header)}: {row}"
        body_rows = sum(1 for t in tokens if t.type == "tr_open" and t.map and start <= t.map[0] < end)
        assert body_rows == len(rows) - 1, f"table at line {start + 1} parsed {body_rows} of {len(rows) - 1} rows"
    blocks = sum(1 for block in _pipe_blocks(lines) if not _in_fence(lines, block))
    assert blocks == len(tables), f"{blocks} blocks of | lines but {len(tables)} tables parsed"
    return len(tables)


def check_fences(markdown: str) -> int:
    """The number of fenced blocks, after checking that each is closed by its own fence, not by the document's end.

    CommonMark runs an unclosed fence to the end of the document; and a fence closed by an inner fence of
    the same character leaves the rest of the page flipping between code and prose, as the README's once did.
    """
    lines = markdown.splitlines()
    fences = [t for t in _PARSER.parse(markdown) if t.type == "fence"]
    for fence in fences:
        assert fence.map is not None
        closing = lines[fence.map[1] - 1].strip() if fence.map[1] - 1 > fence.map[0] else ""
        marker = fence.markup[0]
        assert closing.startswith(fence.markup) and closing == marker * len(closing), (
            f"the fence opened at line {fence.map[0] + 1} is never closed"
        )
        if fence.info.strip() == "markdown":
            inner = re.findall(rf"^ *({re.escape(marker)}{{3,}})", fence.content, re.MULTILINE)
            assert all(len(run) < len(fence.markup) for run in inner), (
                f"the fence at line {fence.map[0] + 1} holds fences as long as its own"
            )
    return len(fences)


def check_top(markdown: str) -> int:
    """The widest table above the first ``##`` section, after checking it has at most TOP_COLUMNS columns."""
    top = markdown.split("\n## ", 1)[0]
    widths = _header_widths(_PARSER.parse(top))
    assert all(w <= TOP_COLUMNS for w in widths), f"a table at the top has {max(widths)} columns"
    return max(widths, default=0)


def check_wording(markdown: str) -> None:
    """No p-value shown as ``p=0.00``: a manager reads it as certainty, or as nonsense."""
    found = re.search(r"p\s*=\s*0\.0+\b(?!\d*[1-9])", markdown)
    assert found is None, f"a p-value reads {found.group(0)!r}: say 'p < 0.01'"


def check_charts(markdown: str) -> list[str]:
    """The titles of the mermaid charts, after checking each is a well-formed xychart-beta with its palette set."""
    titles = []
    for token in _PARSER.parse(markdown):
        if token.type == "fence" and token.info.strip() == "mermaid":
            titles.append(_check_xychart(token.content))
    return titles


def _check_xychart(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    init = re.fullmatch(r"%%\{init: (\{.*\})\}%%", lines[0])
    assert init, f"no init directive: {lines[0]!r}"
    palette = json.loads(init.group(1))["themeVariables"]["xyChart"]["plotColorPalette"]
    colours = [c.strip() for c in palette.split(",")]
    assert len(colours) >= 2 and all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in colours), palette
    assert lines[1] == "xychart-beta", f"not an xychart: {lines[1]!r}"
    title = re.fullmatch(r'title "([^"]+)"', lines[2])
    axis = re.fullmatch(r"x-axis \[(.+)\]", lines[3])
    assert title and axis, text
    y_axis = re.fullmatch(r'y-axis "[^"]+" 0 --> (\d+(?:\.\d+)?)', lines[4])
    assert y_axis, f"the y axis must run from 0 to a maximum: {lines[4]!r}"
    labels = [label.strip() for label in axis.group(1).split(",")]
    assert lines[5:], "a chart needs a series"
    for line in lines[5:]:
        series = re.fullmatch(r"(line|bar) \[(.+)\]", line)
        assert series, line
        values = [float(v) for v in series.group(2).split(",")]
        assert len(values) == len(labels), f"{len(values)} values for {len(labels)} x-axis labels"
        assert all(0 <= v <= float(y_axis.group(1)) for v in values), f"a value is off the axis: {line}"
    return title.group(1)


def _header_widths(tokens: list[Token]) -> list[int]:
    """The number of header cells of each table."""
    widths: list[int] = []
    for token in tokens:
        if token.type == "thead_open":
            widths.append(0)
        elif token.type == "th_open":
            widths[-1] += 1
    return widths


def _cells(row: str) -> list[str]:
    return _CELL_SPLIT.split(row.strip().strip("|"))


def _pipe_blocks(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|"))]


def _in_fence(lines: list[str], index: int) -> bool:
    return sum(1 for line in lines[:index] if line.startswith("```")) % 2 == 1
