"""What a GitHub Actions step leaves behind: the job summary, step outputs, and the JSON file.

The runner's files are appended to in one write each; outputs use the multi-line ``name<<DELIMITER``
form with a random delimiter, so no value (a URL, a path) can end its own entry early.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

from bot.errors import ConfigError


def append_step_summary(path: Path, markdown: str) -> None:
    with path.open("a", encoding="utf-8") as summary:
        summary.write(markdown if markdown.endswith("\n") else markdown + "\n")


def set_outputs(path: Path, outputs: Mapping[str, str]) -> None:
    lines = []
    for name, value in outputs.items():
        delimiter = f"goodhart_{secrets.token_hex(8)}"
        lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    with path.open("a", encoding="utf-8") as output:
        output.write("".join(lines))


def ensure_writable(path: Path, setting: str) -> None:
    """Refuse, before any work, a JSON output the run could not write at its end: a folder, or a place the
    user cannot create files in. Checked by creating (and removing) a file where the result will go."""
    if path.is_dir():
        raise ConfigError(f"{setting} {path} is a folder: name a file, like {path / 'goodhart.json'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.close(handle)
        Path(probe).unlink()
    except OSError as error:
        raise ConfigError(
            f"{setting} {path} cannot be written ({error.strerror}): name a file in a folder you can write"
        ) from None


def write_atomically(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
