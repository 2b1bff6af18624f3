"""The README's example audit is what ``goodhart audit`` prints today."""

from __future__ import annotations

from pathlib import Path

from tests.readme_audit_example import BEGIN, END, with_example

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_example_audit_is_what_the_bot_prints() -> None:
    readme = README.read_text()
    assert BEGIN in readme and END in readme
    assert readme == with_example(readme), "stale example: run `python -m tests.readme_audit_example`"
