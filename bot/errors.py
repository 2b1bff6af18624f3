"""The errors a user can act on, each with the exit code the CLI gives it.

Every message says what is wrong, where it came from and how to fix it; the CLI prints it without a
traceback (``--debug`` shows one).
"""

from __future__ import annotations


class GoodhartError(Exception):
    """Base of every error the bot reports to a person rather than crashes on."""

    exit_code = 1


class ConfigError(GoodhartError):
    """A setting, flag or config file is wrong; nothing was read or written."""

    exit_code = 2


class SourceError(GoodhartError):
    """A source (the git clone, GitHub) cannot give what the run needs."""

    exit_code = 3


class PublishError(GoodhartError):
    """The result was computed but could not be written where it was asked to go."""

    exit_code = 4


class IncompleteError(GoodhartError):
    """A source stopped partway (a rate limit that would not reset in time): the result is partial, so it
    is shown but not published over a complete one."""

    exit_code = 6
