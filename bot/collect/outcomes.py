"""A team's own outcome series, read from a CSV file in the repository: ``week,value`` rows, ISO weeks.

A bad row stops the run with the file and line to fix; a week left out, or with an empty value, stays
missing (never zero), so a month without data cannot look like a month of zero activations.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from bot.errors import ConfigError
from bot.measure.outcomes import OutcomeSeries
from bot.measure.weeks import IsoWeek
from bot.settings import Outcome

_MISSING = frozenset({"", "na", "n/a", "null", "none", "-"})


def read_outcome(repo_path: Path, outcome: Outcome) -> OutcomeSeries:
    """The outcome's series; a file that resolves outside the repository (a symlink out of it) is refused
    unread, so nothing outside the clone is read or echoed in an error."""
    path = repo_path / outcome.file
    if not path.resolve().is_relative_to(repo_path.resolve()):
        raise ConfigError(
            f"the outcome {outcome.name!r} names the file {outcome.file}, which leads outside the repository "
            "(a symlink?); keep the outcome's week,value rows in a file inside the repository"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"the outcome {outcome.name!r} names the file {outcome.file}, which is not in the repository at "
            f"{repo_path}; add it (week,value rows) or fix the file under outcomes"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"the outcome file {path} could not be read: {error}") from None
    return parse_outcome(text, outcome.file)


def parse_outcome(text: str, where: str) -> OutcomeSeries:
    """``week,value`` rows (a header row and ``#`` comments allowed) into values by week."""
    series: OutcomeSeries = {}
    seen: set[IsoWeek] = set()
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#") or (line == 1 and cells[0].lower() == "week"):
            continue
        if len(cells) != 2:
            raise ConfigError(f"{where}:{line}: expected two columns, week,value; found {len(cells)}: {row!r}")
        week_text, value_text = cells
        try:
            week = IsoWeek.parse(week_text)
        except ValueError as error:
            raise ConfigError(f"{where}:{line}: {error}") from None
        if week in seen:
            raise ConfigError(f"{where}:{line}: {week} is given twice; keep one row a week")
        seen.add(week)
        if value_text.lower() in _MISSING:
            continue  # a missing week stays missing
        try:
            value = float(value_text)
        except ValueError:
            raise ConfigError(f"{where}:{line}: the value {value_text!r} of {week} is not a number") from None
        if not math.isfinite(value):
            raise ConfigError(f"{where}:{line}: the value {value_text!r} of {week} is not a finite number")
        series[week] = value
    return series
