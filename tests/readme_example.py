"""The README's example digest: the top of a real digest of the speed-vs-stability scenario.

    python -m tests.readme_example      # rewrites the example in README.md

``tests/test_readme.py`` fails when the README's example is not what the bot prints today.
"""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import responses

from bot.cli import main
from tests.fakegithub import FakeGitHub, holding
from tests.scenarios import HEALTHY, SPEED_GAMED, story

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN, END = "<!-- example:digest -->\n````markdown\n", "````\n<!-- /example:digest -->"
"""Four backticks outside: the digest's own mermaid fences (three) must not close the example's."""
_OLD_BEGIN, _OLD_END = "<!-- example:digest -->\n```markdown\n", "```\n<!-- /example:digest -->"
"""The three-backtick fence the README had until the example held charts; rewritten on the next run."""


def example_digest() -> str:
    """Summary, headlines and balance of the digest for a team that doubled deploys as failures rose, after half
    a year of steady work (the default lookback reads 26 weeks)."""
    out = io.StringIO()
    with (
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
        tempfile.TemporaryDirectory() as empty,
        redirect_stdout(out),
        redirect_stderr(io.StringIO()),
    ):
        holding(FakeGitHub().install(mock), story(3, ((HEALTHY, 22), (SPEED_GAMED, 4))))
        argv = ["digest", "--dry-run", "--repo", "acme/shop", "--repo-path", empty, "--week", "2026-W46"]
        main(argv, {"GOODHART_TOKEN": "example"}, datetime(2026, 11, 18, 8, tzinfo=UTC))
    text = out.getvalue()
    return text[: text.index("## Failure trace")]


def with_example(readme: str) -> str:
    head, _, rest = readme.replace(_OLD_BEGIN, BEGIN).partition(BEGIN)
    _, _, tail = rest.partition(END if END in rest else _OLD_END)
    return f"{head}{BEGIN}{example_digest()}{END}{tail}"


if __name__ == "__main__":
    README.write_text(with_example(README.read_text()))
