"""Cut a long markdown body into parts GitHub accepts, at section boundaries, never inside a table.

GitHub refuses issue and comment bodies over 65,536 characters. Sections are packed in order, so the
first part (the issue body) keeps the summary; a section too long on its own is cut at line boundaries,
a table repeating its header and a ``<details>`` block closed and reopened, so each part renders alone.
"""

from __future__ import annotations

from collections.abc import Iterator

GITHUB_BODY_LIMIT = 65_536
SECTION = "<!-- goodhart:section -->\n"
"""Between the template's sections; an HTML comment, so it shows nothing, and user text cannot forge it
because escaped text never holds ``<``."""


def sections(markdown: str) -> list[str]:
    return [part for part in markdown.split(SECTION) if part.strip()]


def split_body(parts: list[str], limit: int) -> list[str]:
    """Consecutive sections joined into bodies of at most ``limit`` characters, in order."""
    bodies: list[str] = []
    current = ""
    for section in parts:
        for piece in _fit(section, limit):
            if current and len(current) + len(piece) > limit:
                bodies.append(current)
                current = ""
            current += piece
    if current:
        bodies.append(current)
    return bodies


def _fit(section: str, limit: int) -> Iterator[str]:
    if len(section) <= limit:
        yield section
        return
    piece = ""
    header: list[str] = []  # the current table's header and separator rows
    details = ""  # the <details> line of an open block
    for line in section.splitlines(keepends=True):
        header = _table_header(line, piece, header)
        if line.startswith("<details>"):
            details = line
        elif line.startswith("</details>"):
            details = ""
        closing = "\n</details>\n" if details else ""
        if piece and len(piece) + len(line) + len(closing) > limit:
            yield piece + closing
            reopened = details.replace("</summary>", " (continued)</summary>") + "\n" if details else ""
            piece = reopened + ("".join(header) if line.startswith("|") else "")
        piece += line
    if piece:
        yield piece


def _table_header(line: str, piece: str, header: list[str]) -> list[str]:
    """A table starts with a row followed by its ``| --- |`` separator; its header lasts until a non-row."""
    if not line.startswith("|"):
        return []
    if set(line.replace("|", "").strip()) <= set("-: ") and "---" in line:
        previous = piece.splitlines(keepends=True)[-1:] if piece else []
        return [*previous, line]
    return header
