"""The ``linguist-generated`` and ``linguist-vendored`` lines of a ``.gitattributes`` file.

These are how GitHub itself is told a path is generated or vendored, so the bot honours the same
marks rather than asking for its own.
"""

from __future__ import annotations

from bot.records import PathAttributes

_WATCHED = ("linguist-generated", "linguist-vendored")


def parse_gitattributes(text: str) -> PathAttributes:
    found: dict[str, list[tuple[str, bool]]] = {name: [] for name in _WATCHED}
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        pattern, attributes = parts[0], parts[1:]
        for attribute in attributes:
            name, value = _attribute(attribute)
            if name in found:
                found[name].append((pattern, value))
    return PathAttributes(generated=tuple(found["linguist-generated"]), vendored=tuple(found["linguist-vendored"]))


def _attribute(text: str) -> tuple[str, bool]:
    """``name``, ``-name``, ``!name`` and ``name=true|false`` as git writes them."""
    if text[:1] in "-!":
        return text[1:], False
    name, _, value = text.partition("=")
    return name, value.lower() not in ("false", "0", "no")
