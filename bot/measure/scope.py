"""Which paths a digest is about: a team's, by CODEOWNERS or by path globs, or the whole repository.

``paths`` / ``exclude-paths`` globs follow git's pathspecs with glob magic: anchored at the repository
root, ``*`` and ``?`` stay inside one directory, ``**`` spans directories, and a pattern that names a
directory takes in everything under it (``services/payments`` is the whole folder). A team's paths are
what CODEOWNERS gives it (:mod:`bot.measure.codeowners`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.measure.codeowners import CodeOwners
from bot.measure.paths import compile_pattern


@dataclass(frozen=True, slots=True)
class PathGlobs:
    """``paths`` and ``exclude-paths``: git pathspec globs, anchored at the root (see the module's docstring)."""

    include: tuple[str, ...] = ()
    """Empty: every path is included."""
    exclude: tuple[str, ...] = ()

    def covers(self, path: str) -> bool:
        included = not self.include or any(_pathspec(p).match(path) for p in self.include)
        return included and not any(_pathspec(p).match(path) for p in self.exclude)


def _pathspec(glob: str) -> re.Pattern[str]:
    return compile_pattern("/" + glob.lstrip("/"))


@dataclass(frozen=True, slots=True)
class Scope:
    """What a digest counts: the whole repository, or the paths of a team and/or of some globs.

    With both a team and globs, a path counts when the team owns it *and* the globs take it in.
    """

    team: str | None = None
    paths: PathGlobs = field(default_factory=PathGlobs)
    codeowners: CodeOwners | None = None
    """The rules that say what ``team`` owns; present whenever ``team`` is."""
    _covered: dict[str, bool] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Each path's answer, once."""

    @property
    def is_whole_repository(self) -> bool:
        return self.team is None and not self.paths.include and not self.paths.exclude

    def covers(self, path: str) -> bool:
        """Whether a change to ``path`` is this scope's work."""
        known = self._covered.get(path)
        if known is None:
            known = self._covered[path] = self._decide(path)
        return known

    def _decide(self, path: str) -> bool:
        if not self.paths.covers(path):
            return False
        if self.team is None or self.codeowners is None:
            return self.team is None
        return self.team.lower() in (o.lower() for o in self.codeowners.owners_of(path))

    @property
    def label(self) -> str | None:
        """The scope in a few words for the digest's header, like ``@org/payments`` or ``paths services/**``;
        None for the whole repository."""
        if self.is_whole_repository:
            return None
        parts = [self.team] if self.team else []
        if self.paths.include:
            parts.append(("within " if parts else "paths ") + ", ".join(self.paths.include))
        if self.paths.exclude:
            parts.append("excluding " + ", ".join(self.paths.exclude))
        return " ".join(parts)

    def touches(self, paths: frozenset[str] | tuple[str, ...]) -> bool:
        return any(self.covers(p) for p in paths)


WHOLE_REPOSITORY = Scope()
