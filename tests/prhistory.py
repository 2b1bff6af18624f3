"""A generated history of healthy pull requests, as real git commits, for the detectors' false positives.

Ordinary work in ordinary proportions: features (1-5 commits), bug fixes, refactors that move code
between files, dependency bumps (manifest and lock file), docs, reverts, and small multi-commit polish.
Built with ``git fast-import`` (thousands of commits in seconds); each PR is a (base, head) pair of shas.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

KINDS = (
    ("feature", 40),
    ("bugfix", 20),
    ("move", 8),
    ("bump", 8),
    ("docs", 10),
    ("revert", 4),
    ("polish", 10),
)


@dataclass
class _Tree:
    files: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class HealthyPr:
    kind: str
    base: str
    head: str


class HistoryBuilder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.tree = _Tree()
        self.stream: list[bytes] = []
        self.mark = 0
        self.when = 1_700_000_000
        self.prs: list[tuple[str, int, int]] = []
        self.last_added: list[tuple[str, list[str]]] = []

    # -- content -------------------------------------------------------------------------------------
    def _function(self, name: str) -> list[str]:
        body = [
            f"    {self._word()}_{i} = {self._word()}({name!r}, {self.rng.randrange(1000)})"
            for i in range(self.rng.randint(3, 12))
        ]
        return [f"def {name}():", *body, f"    return {self._word()}_{self.rng.randrange(9)}", ""]

    def _word(self) -> str:
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.rng.randint(4, 9)))

    # -- commits -------------------------------------------------------------------------------------
    def _commit(self, message: str, changed: dict[str, list[str] | None]) -> int:
        self.mark += 1
        self.when += self.rng.randint(600, 7200)
        parts = [f"commit refs/heads/main\nmark :{self.mark}\n".encode()]
        ident = f"Dev <dev@example.com> {self.when} +0000\n"
        data = message.encode()
        parts.append(f"author {ident}committer {ident}data {len(data)}\n".encode() + data + b"\n")
        for path, lines in changed.items():
            if lines is None:
                self.tree.files.pop(path, None)
                parts.append(f"D {path}\n".encode())
            else:
                self.tree.files[path] = lines
                content = ("\n".join(lines) + "\n").encode()
                parts.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")
        self.stream.append(b"".join(parts) + b"\n")
        return self.mark

    def pull_request(self, kind: str) -> None:
        base = self.mark
        getattr(self, f"_{kind}")()
        self.prs.append((kind, base, self.mark))

    def _feature(self) -> None:
        for _ in range(self.rng.randint(1, 5)):
            path = (
                f"src/{self._word()}.py"
                if self.rng.random() < 0.5 or not self._sources()
                else self.rng.choice(self._sources())
            )
            added = [line for _ in range(self.rng.randint(1, 4)) for line in self._function(self._word())]
            self.last_added = [(path, added)]
            self._commit("feature", {path: self.tree.files.get(path, []) + added})

    def _bugfix(self) -> None:
        for _ in range(self.rng.randint(1, 2)):
            path = self.rng.choice(self._sources())
            lines = list(self.tree.files[path])
            for _ in range(self.rng.randint(1, 6)):
                index = self.rng.randrange(len(lines))
                if lines[index].strip():
                    lines[index] = lines[index].rstrip() + f"  # {self._word()}"
            self._commit("fix", {path: lines})

    def _move(self) -> None:
        path = self.rng.choice(self._sources())
        lines = self.tree.files[path]
        half = len(lines) // 2
        target = f"src/{self._word()}.py"
        self._commit("move code", {path: lines[:half], target: lines[half:]})

    def _bump(self) -> None:
        manifest = {"package.json": [f'"{self._word()}": "{self.rng.randint(1, 9)}.0.0",' for _ in range(5)]}
        lock = [f'"{self._word()}": "{self.rng.randint(1, 9)}.{i}.0",' for i in range(self.rng.randint(50, 400))]
        self._commit("bump dependencies", {**manifest, "package-lock.json": lock})

    def _docs(self) -> None:
        text = [
            f"{self._word().capitalize()} {self._word()} {self._word()} {self._word()}."
            for _ in range(self.rng.randint(5, 60))
        ]
        self._commit("docs", {f"docs/{self._word()}.md": text})

    def _revert(self) -> None:
        if not self.last_added:
            return self._docs()
        path, added = self.last_added[0]
        lines = [line for line in self.tree.files.get(path, []) if line not in set(added)]
        self._commit("Revert", {path: lines})
        self.last_added = []
        return None

    def _polish(self) -> None:
        for _ in range(self.rng.randint(3, 6)):
            path = self.rng.choice(self._sources())
            added = self._function(self._word())[: self.rng.randint(3, 15)]
            self._commit("polish", {path: self.tree.files[path] + added})

    def _padded(self) -> None:
        """Not healthy: twelve one-line commits, to show the detectors see patterns in this history."""
        for i in range(12):
            path = self._sources()[0]
            self._commit(f"tweak {i}", {path: [*self.tree.files[path], f"tweak_{i} = {i}"]})

    def _sources(self) -> list[str]:
        """Source files with enough lines to fix, move or extend (moves and reverts can empty a file)."""
        return sorted(p for p, lines in self.tree.files.items() if p.endswith(".py") and len(lines) >= 4)

    # -- the repository ------------------------------------------------------------------------------
    def build(self, path: Path, prs: int, then: tuple[str, ...] = ()) -> list[HealthyPr]:
        self._commit("start", {f"src/{self._word()}.py": self._function("main"), "package.json": ['"a": "1.0.0",']})
        for _ in range(5):
            self._feature()
        kinds, weights = zip(*KINDS, strict=True)
        for _ in range(prs):
            self.pull_request(self.rng.choices(kinds, weights)[0])
        for kind in then:
            self.pull_request(kind)
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True)
        marks = path / "marks"
        subprocess.run(
            ["git", "fast-import", "--quiet", f"--export-marks={marks}"],
            cwd=path,
            check=True,
            input=b"".join(self.stream),
        )
        shas = dict(line.split() for line in marks.read_text().splitlines())
        return [HealthyPr(kind, shas[f":{base}"], shas[f":{head}"]) for kind, base, head in self.prs if head != base]


def healthy_history(path: Path, prs: int, seed: int = 1) -> list[HealthyPr]:
    return HistoryBuilder(seed).build(path, prs)
