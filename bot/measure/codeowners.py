"""CODEOWNERS as GitHub reads it: patterns, their owners, and who owns a path (the last matching line).

Pure: the file is read at the edge (``bot/collect/scope.py``) and arrives here as text. GitHub's pattern rules:
a pattern without a slash (or with only a trailing one) matches at any depth, a leading or inner slash
anchors it at the root, ``dir/*`` holds only the files directly in ``dir``, ``**`` spans directories, a
trailing slash means a directory's contents, and the last matching line wins, even when it names no owner
(the path is then nobody's). ``!`` negation and ``[ ]`` ranges are not supported by GitHub: such lines are
skipped, as GitHub skips them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class OwnerRule:
    """One CODEOWNERS line: a pattern and its owners (none: the paths it matches are left unowned)."""

    pattern: str
    owners: tuple[str, ...]
    line: int

    def matches(self, path: str) -> bool:
        return codeowners_regex(self.pattern).match(path) is not None

    @property
    def prefix(self) -> tuple[str, ...]:
        """The literal folders an anchored pattern starts with, like ``("services", "payments")`` for
        ``/services/payments/``: only paths that start with them can match. Empty when any path might."""
        body = self.pattern.removeprefix("/")
        segments = body.rstrip("/").split("/")
        if not (self.pattern.startswith("/") or len(segments) > 1):
            return ()
        literal = [s for s in segments[: next((i for i, s in enumerate(segments) if _wild(s)), len(segments))]]
        return tuple(literal)


def _wild(segment: str) -> bool:
    return not segment or any(c in segment for c in "*?\\")


@dataclass(frozen=True, slots=True)
class CodeOwners:
    """A repository's CODEOWNERS rules, in file order, and the file they were read from."""

    rules: tuple[OwnerRule, ...]
    path: str
    """Where in the repository they came from, like ``.github/CODEOWNERS``; said in the digest."""
    skipped: tuple[int, ...] = ()
    """Line numbers GitHub would skip as invalid (``!`` negation, ``[ ]`` ranges, a bad owner)."""
    _owners: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Each path's owners, once: a history touches the same files again and again."""
    _by_prefix: dict[tuple[str, ...], tuple[int, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    """Rule indices by their literal prefix, so that a path is tried only against the rules that can match it."""

    def owners_of(self, path: str) -> tuple[str, ...]:
        """The owners of ``path``: the last matching rule's, as GitHub decides."""
        known = self._owners.get(path)
        if known is None:
            known = self._owners[path] = next((self.rules[i].owners for i in self._candidates(path)), ())
        return known

    def _candidates(self, path: str) -> Iterator[int]:
        """Indices of the rules that match ``path``, last first; only rules whose literal prefix the path
        starts with are tried (a large file is mostly ``/folder/...`` lines, each for one folder)."""
        if not self._by_prefix and self.rules:
            grouped: dict[tuple[str, ...], list[int]] = {}
            for index, rule in enumerate(self.rules):
                grouped.setdefault(rule.prefix, []).append(index)
            self._by_prefix.update((key, tuple(indices)) for key, indices in grouped.items())
        segments = path.split("/")
        possible = [i for k in range(len(segments) + 1) for i in self._by_prefix.get(tuple(segments[:k]), ())]
        return (i for i in sorted(possible, reverse=True) if self.rules[i].matches(path))

    @property
    def owners(self) -> tuple[str, ...]:
        """Every owner the file names, each once, sorted without regard to case."""
        return tuple(sorted({o for rule in self.rules for o in rule.owners}, key=lambda o: (o.lower(), o)))

    def names(self, owner: str) -> bool:
        """Whether ``owner`` appears in the file; GitHub's logins and team names ignore case."""
        return owner.lower() in {o.lower() for o in self.owners}


_OWNER = re.compile(r"^(@[\w.-]+(/[\w.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")
"""``@user``, ``@org/team``, or an email address."""


def parse_codeowners(text: str, path: str) -> CodeOwners:
    """Rules from a CODEOWNERS file's text; a line GitHub would skip is skipped and its number kept."""
    rules: list[OwnerRule] = []
    skipped: list[int] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        words = list(_words(raw))
        if not words:
            continue
        pattern, owners = words[0], tuple(words[1:])
        if pattern.startswith("!") or "[" in pattern or "***" in pattern or not all(_OWNER.match(o) for o in owners):
            skipped.append(number)
            continue
        rules.append(OwnerRule(pattern.replace("\\#", "#"), owners, number))
    return CodeOwners(tuple(rules), path, tuple(skipped))


def _words(line: str) -> Iterator[str]:
    """A line's words up to a comment: ``#`` starts one unless escaped as ``\\#``."""
    for word in line.split():
        if word.startswith("#"):
            return
        yield word


@lru_cache(maxsize=1024)
def codeowners_regex(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern as a regular expression over repository-relative paths (GitHub's rules)."""
    segments = pattern.split("/")
    if segments[0] == "":
        segments = segments[1:]  # a leading slash anchors at the root
    elif len(segments) == 1 or (len(segments) == 2 and segments[1] == ""):
        segments = ["**", *segments] if segments[0] != "**" else segments  # one name: at any depth
    if len(segments) > 1 and segments[-1] == "":
        segments[-1] = "**"  # a trailing slash: everything inside
    return re.compile("".join(_segments(segments)) + r"\Z", re.DOTALL)


def _segments(segments: list[str]) -> Iterator[str]:
    last = len(segments) - 1
    slash = False
    for index, segment in enumerate(segments):
        if segment == "**":
            if index == 0:
                yield ".+" if index == last else "(?:.+/)?"
                slash = False
            else:
                yield "/.*" if index == last else "(?:/.+)?"
                slash = index != last
            continue
        yield "/" if slash else ""
        slash = True
        if segment == "*":
            yield "[^/]+"  # a lone star at the end holds only the files directly in the folder
            continue
        yield "".join("[^/]*" if c == "*" else "[^/]" if c == "?" else re.escape(c) for c in segment.replace("\\", ""))
        if index == last:
            yield "(?:/.*)?"  # a name may be a folder: everything under it
