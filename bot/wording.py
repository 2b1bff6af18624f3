"""Counts in notes, logs and errors: ``1 commit``, ``3 commits``, never ``1 commits``."""

from __future__ import annotations


def counted(value: int, noun: str) -> str:
    """``counted(1, "commit")`` is ``1 commit``; irregular nouns are given as ``"PR has|PRs have"``."""
    singular, _, plural = noun.partition("|")
    return f"{value:,} {singular if value == 1 else plural or singular + 's'}"
