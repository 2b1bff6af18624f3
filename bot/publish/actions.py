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
