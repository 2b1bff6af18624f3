"""Settings from every source, in precedence order, or one :class:`ConfigError` naming each bad value.

Precedence, highest first: command-line flags > action inputs (``INPUT_*``) > ``GOODHART_*``
environment > the runner's ``GITHUB_REPOSITORY``, ``GITHUB_API_URL`` and ``GITHUB_TOKEN`` >
``.github/goodhart.yml`` > defaults. Every value remembers where it came from, so a
bad one is reported with its field, its source and its value.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from pydantic import ValidationError

from bot.errors import ConfigError
from bot.settings.model import KEYS, Key, Settings, input_name
from bot.settings.serve import ServeRepository
from bot.settings.sources import (
    ActionInputsSource,
    ConfigFileSource,
    EnvironmentSource,
    FlagsSource,
    KeyedSource,
    RunnerSource,
    ServeEntrySource,
)

log = logging.getLogger("goodhart")


class Remembering(Protocol):
    """A source that says which value each key had there, and where that was."""

    values: dict[str, Any]
    origins: dict[str, str]


def load_settings(flags: Mapping[str, Any], environ: Mapping[str, str]) -> Settings:
    """Settings from every source, or a :class:`ConfigError` naming the field, source and value."""
    for warning in unknown_variables(environ):
        log.warning("%s", warning)
    return _built(
        FlagsSource(Settings, flags),
        ActionInputsSource(Settings, environ),
        EnvironmentSource(Settings, environ),
        RunnerSource(Settings, environ),
        ConfigFileSource(Settings),
    )


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """A sentence for each ``GOODHART_*`` variable that names no setting: a typo would otherwise go unseen."""
    known = sorted(key.env for key in KEYS.values())
    warnings = []
    for name in sorted(v for v in environ if v.startswith("GOODHART_") and v not in known):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]}?" if close else "the README's configuration table lists them"
        warnings.append(f"environment variable {name} is not a setting and was ignored ({hint})")
    return warnings


def repository_settings(entry: ServeRepository, where: str, environ: Mapping[str, str]) -> Settings:
    """One scheduled repository's settings: its entry in the serve config, its token (from the variable
    the entry names), the runner's variables and the clone's config file, and nothing of the others'."""
    entry_at = f"{where}, repository {entry.repo}"
    place = KeyedSource(  # no path: GitHub alone, never the clone of whatever directory serve runs in
        Settings,
        values={"repo": entry.repo, "repo-path": entry.path},
        origins={"repo": f"{entry_at} key repo", "repo-path": f"{entry_at} key path"},
    )
    token = environ.get(entry.token_env)
    return _built(
        place,
        ServeEntrySource(
            Settings,
            where=entry_at,
            settings=entry.settings,
            token=(entry.token_env, token) if token else None,
        ),
        RunnerSource(Settings, environ),
        ConfigFileSource(Settings),
    )


def _built(*sources: KeyedSource | ConfigFileSource) -> Settings:
    try:
        return Settings(_build_sources=(sources, {}))
    except ValidationError as error:
        raise ConfigError(_validation_message(error, sources)) from None


def _validation_message(error: ValidationError, sources: Sequence[Remembering]) -> str:
    lines = []
    for problem in error.errors():
        reason = str(problem["msg"]).removeprefix("Value error, ")
        found = _key_at(problem["loc"])
        if found is None:  # a rule across fields: say where each field it names came from
            named = [name for name in KEYS if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", reason)]
            origins = ", ".join(f"{name} from {_origin(name, sources)}" for name in named)
            lines.append(f"{reason} ({origins})" if origins else reason)
            continue
        key, inner = found
        given = _value(key.name, sources)
        value = "***" if key.secret else repr(_readable(given))
        within = _within(key.name, inner, given)
        lines.append(f"setting {key.name} = {value} (from {_origin(key.name, sources)}): {within}{reason}")
    return "invalid settings:\n  " + "\n  ".join(lines)


_BY_PATH = {key.path: key for key in KEYS.values()}


def _within(name: str, inner: tuple[int | str, ...], given: Any) -> str:
    """Where inside the setting: ``kpis[2] (lead-time): owner: ``, entries counted from 1 as a reader does."""
    parts = []
    for part in inner:
        if isinstance(part, int):
            entry = given[part] if isinstance(given, list | tuple) and part < len(given) else None
            named = entry.get("metric") or entry.get("name") if isinstance(entry, Mapping) else None
            parts.append(f"{name}[{part + 1}]" + (f" ({named})" if isinstance(named, str) else ""))
        else:
            parts.append(input_name(part))
    return "".join(f"{part}: " for part in parts)


def _readable(value: Any) -> Any:
    """The value as the config file wrote it: dates in ISO form, not ``datetime.date(2027, 1, 1)``."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {k: _readable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_readable(v) for v in value)
    return value


def _key_at(loc: tuple[int | str, ...]) -> tuple[Key, tuple[int | str, ...]] | None:
    """The setting a validation error's location points into, and the rest of the location inside it."""
    for length in (2, 1):
        key = _BY_PATH.get(tuple(str(part) for part in loc[:length]))
        if key is not None:
            return key, loc[length:]
    return None


def _origin(name: str, sources: Sequence[Remembering]) -> str:
    return next((source.origins[name] for source in sources if name in source.origins), "default")


def _value(name: str, sources: Sequence[Remembering]) -> Any:
    return next((source.values[name] for source in sources if name in source.values), None)
