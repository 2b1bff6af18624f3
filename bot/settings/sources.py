"""Where settings come from: pydantic-settings sources that read flat keys and remember each one's origin.

Each source yields its values nested into sections, as :class:`~bot.settings.model.Settings` wants them,
and keeps ``values`` and ``origins`` by hyphenated key, so a bad value is reported with where it came from.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, YamlConfigSettingsSource

from bot.errors import ConfigError
from bot.settings.model import KEYS, input_name

DEFAULT_CONFIG = Path(".github/goodhart.yml")

RUNNER_VARIABLES = {
    "GITHUB_REPOSITORY": "repo",
    "GITHUB_API_URL": "api-url",
    "GITHUB_TOKEN": "token",
    "GITHUB_STEP_SUMMARY": "step-summary",
    "GITHUB_OUTPUT": "github-output",
    "GITHUB_EVENT_PATH": "event-path",
    "GITHUB_EVENT_NAME": "event-name",
    "RUNNER_TEMP": "runner-temp",
    "GITHUB_WORKSPACE": "workspace",
}
"""What the Actions runner (or a user's shell) already says: repository, API URL, token and files."""


def nested(values: Mapping[str, Any]) -> dict[str, Any]:
    """Flat keys into sections. A mapping value is wrapped so that a higher source's mapping replaces a
    lower one's whole, as it always did, instead of being merged into it key by key."""
    tree: dict[str, Any] = {}
    for name, value in values.items():
        *sections, field = KEYS[name].path
        target = tree
        for section in sections:
            target = target.setdefault(section, {})
        target[field] = MappingProxyType(dict(value)) if isinstance(value, Mapping) else value
    return tree


class KeyedSource(PydanticBaseSettingsSource):
    """Values by hyphenated key, each with a sentence saying where it came from."""

    def __init__(self, settings_cls: type[BaseSettings], values: Mapping[str, Any], origins: Mapping[str, str]):
        super().__init__(settings_cls)
        self.values = dict(values)
        self.origins = dict(origins)

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ answers for every key at once

    def __call__(self) -> dict[str, Any]:
        return nested(self.values)


class FlagsSource(KeyedSource):
    """Command-line flags, by their argparse destination (``lookback_weeks``); None means not given."""

    def __init__(self, settings_cls: type[BaseSettings], flags: Mapping[str, Any]):
        given = {KEYS[input_name(dest)]: value for dest, value in flags.items() if value is not None}
        super().__init__(
            settings_cls,
            values={key.name: value for key, value in given.items()},
            origins={key.name: f"flag {key.flag or key.dest}" for key in given},
        )


class ActionInputsSource(KeyedSource):
    """``INPUT_*`` as the Actions runner sets them: upper case, hyphens kept; empty means not given."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]):
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for key in KEYS.values():
            for variable in (f"INPUT_{key.name.upper()}", f"INPUT_{key.dest.upper()}"):
                if environ.get(variable, "").strip():
                    values[key.name] = environ[variable].strip()
                    origins[key.name] = f"action input {key.name} ({variable})"
                    break
        super().__init__(settings_cls, values=values, origins=origins)


class EnvironmentSource(KeyedSource):
    """``GOODHART_*`` variables; empty means not given."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]):
        given = [key for key in KEYS.values() if environ.get(key.env, "") != ""]
        super().__init__(
            settings_cls,
            values={key.name: environ[key.env] for key in given},
            origins={key.name: f"environment variable {key.env}" for key in given},
        )


class RunnerSource(KeyedSource):
    """The runner's own variables: ``GITHUB_REPOSITORY``, ``GITHUB_TOKEN``, ``GITHUB_STEP_SUMMARY``..."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]):
        given = {name: variable for variable, name in RUNNER_VARIABLES.items() if environ.get(variable)}
        super().__init__(
            settings_cls,
            values={name: environ[variable] for name, variable in given.items()},
            origins={name: f"environment variable {variable}" for name, variable in given.items()},
        )


class ServeEntrySource(KeyedSource):
    """One repository's ``settings:`` in the serve config, keyed as in goodhart.yml, and its token."""

    def __init__(
        self,
        settings_cls: type[BaseSettings],
        where: str,
        settings: Mapping[str, Any],
        token: tuple[str, str] | None,
    ):
        values: dict[str, Any] = {}
        origins: dict[str, str] = {}
        for raw, value in settings.items():
            name = file_key(str(raw), where)
            values[name], origins[name] = value, f"{where} key {raw}"
        if token is not None:
            variable, secret = token
            values["token"], origins["token"] = secret, f"environment variable {variable}"
        super().__init__(settings_cls, values=values, origins=origins)


class ConfigFileSource(YamlConfigSettingsSource):
    """``.github/goodhart.yml`` (or ``config``), found in ``repo-path`` as the sources above it set them."""

    def __init__(self, settings_cls: type[BaseSettings]):
        super().__init__(settings_cls, yaml_file=None)  # the file is known only when called
        self.values: dict[str, Any] = {}
        self.origins: dict[str, str] = {}

    def __call__(self) -> dict[str, Any]:
        config = self.current_state.get("config")
        clone = self.current_state.get("collection", {}).get("repo_path", ".")
        if clone is None:  # no clone (a serve entry without a path): no config file either
            return {}
        path = Path(str(clone)) / (Path(str(config)) if config else DEFAULT_CONFIG)
        if not path.is_file():
            if config:
                what = "is a directory, not a file" if path.is_dir() else "does not exist"
                raise ConfigError(f"config file {path} {what}; fix the path given to --config")
            return {}
        for raw, value in self._read_file(path).items():
            name = file_key(str(raw), str(path))
            self.values[name], self.origins[name] = value, f"{path} key {raw}"
        return nested(self.values)

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        try:
            loaded = yaml.safe_load(Path(file_path).read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise ConfigError(f"config file {file_path} is not valid YAML: {error}") from None
        except OSError as error:
            raise ConfigError(
                f"config file {file_path} could not be read: {error.strerror or error}; make it readable by the "
                "user running goodhart, or name another with --config"
            ) from None
        if loaded is None:
            return {}
        if not isinstance(loaded, dict):
            raise ConfigError(
                f"config file {file_path} must be a mapping of setting: value, not {type(loaded).__name__}"
            )
        return loaded


def file_key(raw: str, where: str) -> str:
    """The hyphenated key a config file's entry sets, or a :class:`ConfigError` saying what it might be."""
    name = input_name(raw)
    key = KEYS.get(name)
    if key is not None and key.in_file:
        return name
    if key is not None:
        raise ConfigError(
            f"{raw!r} cannot be set in the config file {where}; pass it as a flag, input or environment variable"
        )
    allowed = [key.name for key in KEYS.values() if key.in_file]
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ConfigError(f"unknown setting {raw!r} in {where}{hint}; known settings: {', '.join(allowed)}")
