"""Goodhart bot: engineering metrics measured in pairs, so no number can be gamed alone."""

__version__ = "0.1.0"
