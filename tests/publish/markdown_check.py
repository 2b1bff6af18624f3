"""Checks that rendered markdown is well formed: every table parses whole, every chart is an xychart.

Tables are checked with a real parser (markdown-it-py, with GFM tables): each block of ``|`` lines must
come out as one table of as many rows, and every row must have the header's number of cells (GFM
would silently pad or cut them). Mermaid has no Python parser; ``xychart-beta`` blocks are checked
against the chart's grammar: a title, an x-axis list, a y-axis, and series as long as the x-axis.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark").enable("table")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


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


def check_charts(markdown: str) -> list[str]:
    """The titles of the mermaid charts, after checking each is a well-formed xychart-beta."""
    titles = []
    for token in _PARSER.parse(markdown):
        if token.type == "fence" and token.info.strip() == "mermaid":
            titles.append(_check_xychart(token.content))
    return titles


def _check_xychart(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    assert lines[0] == "xychart-beta", f"not an xychart: {lines[0]!r}"
    title = re.fullmatch(r'title "([^"]+)"', lines[1])
    axis = re.fullmatch(r"x-axis \[(.+)\]", lines[2])
    assert title and axis, text
    assert re.fullmatch(r'y-axis "[^"]+"( -?[\d.]+ --> -?[\d.]+)?', lines[3]), lines[3]
    labels = [label.strip() for label in axis.group(1).split(",")]
    for line in lines[4:]:
        series = re.fullmatch(r"(line|bar) \[(.+)\]", line)
        assert series, line
        values = [float(v) for v in series.group(2).split(",")]
        assert len(values) == len(labels), f"{len(values)} values for {len(labels)} x-axis labels"
    assert len(lines) > 4, "a chart needs a series"
    return title.group(1)


def _cells(row: str) -> list[str]:
    return _CELL_SPLIT.split(row.strip().strip("|"))


def _pipe_blocks(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith("|") and (i == 0 or not lines[i - 1].startswith("|"))]


def _in_fence(lines: list[str], index: int) -> bool:
    return sum(1 for line in lines[:index] if line.startswith("```")) % 2 == 1
