"""The GraphQL queries the collectors run, by name: ``queries/<name>.graphql`` next to this module."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def query_text(name: str) -> str:
    return (resources.files("bot.collect.github") / "queries" / f"{name}.graphql").read_text(encoding="utf-8")
