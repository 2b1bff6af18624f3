"""Make user-controlled text inert in GitHub markdown.

Inert means: no ``@mention`` or ``#123`` reference pings, no raw HTML (so no forged hidden markers),
no table cell broken by ``|`` or a newline, no emphasis, code or links that change the meaning.
"""

from __future__ import annotations

import re

_WORD_JOINER = "\u2060"  # invisible, and GitHub no longer sees a mention or reference across it
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_PING = re.compile(r"([@#])(?=\w)")


def inline(text: str, limit: int = 300) -> str:
    """Text safe to place in a sentence or a table cell, cut to ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _PING.sub(r"\1" + _WORD_JOINER, text)


def code(text: str, limit: int = 300) -> str:
    """Text as an inline code span: nothing inside one renders, pings or links.

    The fence is one backtick longer than the longest run inside, as CommonMark asks.
    """
    text = " ".join(text.split())[:limit]
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
