"""The README's example audit: a real ``goodhart audit`` of a generated repository whose commits keep rising
while the activation they used to predict falls from 2026-W27.

    python -m tests.readme_audit_example      # rewrites the example in README.md

``tests/test_readme_audit.py`` fails when the README's example is not what the bot prints today.
"""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import main
from tests.gitrepo import GitRepo
from tests.kpirepo import commits_by_week, write_config
from tests.proxyhistory import csv_text, history

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN, END = "<!-- example:audit -->\n````markdown\n", "````\n<!-- /example:audit -->"
NOW = datetime(2026, 10, 7, 8, tzinfo=UTC)
"""A Wednesday of 2026-W41: the last complete quarter is 2026-Q3."""
KPIS: list[dict[str, object]] = [
    {"metric": "commits", "owner": "Delivery team", "outcome": "activation", "review-by": "2027-01-31"},
    {"metric": "meaningful-lines", "owner": "@acme/platform", "review-by": "2026-09-01"},
]
"""The README's example config."""


def example_audit() -> str:
    """``goodhart audit --dry-run --repo-path shop`` on that repository, as the README shows it."""
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as scratch, redirect_stdout(out), redirect_stderr(io.StringIO()):
        shop = GitRepo(Path(scratch) / "shop")
        counts, outcome = history(1, weeks=39, broken_from=27)
        commits_by_week(shop, counts)
        shop.write({"metrics/activation.csv": csv_text(outcome)})
        write_config(shop, KPIS, [{"name": "activation", "file": "metrics/activation.csv"}])
        code = main(["audit", "--dry-run", "--repo-path", str(shop.path)], {}, NOW)
    if code != 0:
        raise RuntimeError(f"the example audit exited {code}")
    return out.getvalue()


def with_example(readme: str) -> str:
    head, found, rest = readme.partition(BEGIN)
    if not found:
        raise ValueError(f"README.md has no {BEGIN.splitlines()[0]} marker")
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}{example_audit()}{END}{tail}"


if __name__ == "__main__":
    README.write_text(with_example(README.read_text()))
