"""Small readers shared by the GraphQL collectors: dates, actors, label names."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.records import Actor


def when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def required_when(text: str) -> datetime:
    moment = when(text)
    if moment is None:
        raise ValueError("a required timestamp is missing")
    return moment


def actor(node: dict[str, Any] | None) -> Actor:
    """A deleted account comes back as ``null``: an Actor with no login, never a crash."""
    if not node:
        return Actor(None)
    login = node.get("login")
    return Actor(login, is_bot=node.get("__typename") == "Bot" or str(login).endswith("[bot]"))


def label_names(node: dict[str, Any]) -> tuple[str, ...]:
    return tuple(label["name"] for label in (node.get("labels") or {}).get("nodes") or [] if label)
