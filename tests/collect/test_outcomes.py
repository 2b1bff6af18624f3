"""A team's outcome series from a CSV file: bad rows name the file and line; missing weeks stay missing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.collect.outcomes import parse_outcome, read_outcome
from bot.errors import ConfigError
from bot.measure.weeks import IsoWeek
from bot.settings import Outcome


def test_rows_become_values_by_week_with_header_comments_and_blank_values_skipped() -> None:
    text = "week,value\n# from the product dashboard\n2026-W01,14.2\n2026-W02,\n\n2026-W03, 8\n"
    assert parse_outcome(text, "a.csv") == {IsoWeek(2026, 1): 14.2, IsoWeek(2026, 3): 8.0}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-W01,1\n2026-W1,2\n", "a.csv:2: '2026-W1' is not an ISO week like 2026-W07"),
        ("2026-W01,1,2\n", "a.csv:1: expected two columns, week,value; found 3"),
        ("2026-W01,1\n2026-W01,2\n", "a.csv:2: 2026-W01 is given twice"),
        ("2026-W01,nan\n", "a.csv:1: the value 'nan' of 2026-W01 is not a finite number"),
        ("2026-W54,1\n", "a.csv:1: '2026-W54': 2026 has no week 54"),
    ],
)
def test_a_bad_row_names_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match="^" + re.escape(message)):
        parse_outcome(text, "a.csv")


def test_a_missing_file_names_the_outcome_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=re.escape("the outcome 'activation' names the file metrics/a.csv, which is")):
        read_outcome(tmp_path, Outcome(name="activation", file="metrics/a.csv"))


def test_an_outcome_file_outside_the_repository_is_refused() -> None:
    with pytest.raises(ValueError, match="must be a path inside the repository"):
        Outcome(name="activation", file="../secrets.csv")


def test_an_outcome_file_that_is_a_symlink_out_of_the_repository_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    clone = tmp_path / "clone"
    (clone / "metrics").mkdir(parents=True)
    (clone / "metrics" / "a.csv").symlink_to(secret)
    with pytest.raises(ConfigError, match="leads outside the repository") as raised:
        read_outcome(clone, Outcome(name="activation", file="metrics/a.csv"))
    assert "root" not in str(raised.value)
