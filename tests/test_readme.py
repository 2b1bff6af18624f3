"""The README's promises: its configuration table matches the settings, its commands are what CI runs."""

from __future__ import annotations

from pathlib import Path

from bot.settings_reference import with_table
from tests.publish.markdown_check import check_fences
from tests.readme_example import with_example

ROOT = Path(__file__).resolve().parents[1]


def test_the_configuration_table_is_generated_from_the_settings_model() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme == with_table(readme), "stale table: run `python -m bot.settings_reference`"


def test_ci_runs_the_readme_commands_it_extracts_by_their_markers() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    for name in ("install", "test"):
        assert f"<!-- readme:{name} -->\n```sh\n" in readme
        assert f"$(readme_command {name})" in ci


def test_the_example_digest_is_what_the_bot_prints() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme == with_example(readme), "stale example: run `python -m tests.readme_example`"


def test_the_example_digest_is_fenced_so_its_charts_do_not_close_it() -> None:
    readme = (ROOT / "README.md").read_text()
    example = readme[readme.index("<!-- example:digest -->") : readme.index("<!-- /example:digest -->")]
    assert "```mermaid" in example
    check_fences(readme)
