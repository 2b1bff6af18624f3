"""Value types and checks the settings sections share: lists from text, time zones, regular expressions."""

from __future__ import annotations

import json
import re
import zoneinfo
from typing import Annotated, Any

from pydantic import BeforeValidator


def _split_list(value: Any) -> Any:
    """Lists arrive from env and action inputs as JSON, comma- or newline-separated text."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        return json.loads(text)
    return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


Patterns = Annotated[tuple[str, ...], BeforeValidator(_split_list)]


def known_zone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; use an IANA name like Europe/Berlin") from None
    return value


_OWNER_NAME = re.compile(r"^[\w.-]+/[\w.-]+$")


def owner_name(value: str) -> str:
    """A repository as GitHub names it, OWNER/NAME."""
    if not _OWNER_NAME.match(value):
        raise ValueError("not a repository name: write OWNER/NAME, like octocat/hello-world")
    return value


def compiles(value: str) -> str:
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"not a regular expression: {error}") from None
    return value


def flag(name: str, metavar: str | None = None) -> dict[str, Any]:
    """A field's command-line flag, kept in its ``json_schema_extra``."""
    return {"flag": name, **({"metavar": metavar} if metavar else {})}
