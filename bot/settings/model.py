"""``Settings``: the sections together, and the flat hyphenated keys users write for each field.

Users see one flat list of keys (``lookback-weeks``, ``pr-check-limits``); the code sees sections
(``settings.collection.lookback_weeks``, ``settings.pr_check.limits``). :data:`KEYS` maps one to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.settings.governance import GovernanceSettings
from bot.settings.sections import (
    BalanceLimits,
    CollectionSettings,
    ConnectionSettings,
    MeasureSettings,
    PrCheckSettings,
    PublishingSettings,
    RollupSettings,
    RunnerSettings,
    ScopeSettings,
)
from bot.settings.values import flag


class Settings(BaseSettings):
    """Every knob of the bot, in sections. Field descriptions are the user-facing documentation."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    config: Path | None = Field(
        None,
        description="Config file, relative to the repository; default `.github/goodhart.yml` when it exists.",
        json_schema_extra=flag("--config", "FILE"),
    )
    mode: Literal["auto", "digest", "pr-check", "audit", "rollup"] = Field(
        "auto",
        description="What the action does: auto (by event: schedule and workflow_dispatch post the digest, "
        "and in a quarter's first week the KPI audit too; pull request events run pr-check), digest, pr-check, "
        "audit, or rollup (the organisation digest of rollup-inputs).",
    )
    connection: ConnectionSettings = Field(default_factory=ConnectionSettings)
    runner: RunnerSettings = Field(default_factory=RunnerSettings)
    collection: CollectionSettings = Field(default_factory=CollectionSettings)
    scope: ScopeSettings = Field(default_factory=ScopeSettings)
    measure: MeasureSettings = Field(default_factory=MeasureSettings)
    balance: BalanceLimits = Field(default_factory=BalanceLimits)
    pr_check: PrCheckSettings = Field(default_factory=PrCheckSettings)
    rollup: RollupSettings = Field(default_factory=RollupSettings)
    publishing: PublishingSettings = Field(default_factory=PublishingSettings)
    governance: GovernanceSettings = Field(default_factory=GovernanceSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Built directly, settings read only their arguments; :func:`~bot.settings.load.load_settings`
        passes its own sources over a given environment."""
        return (init_settings,)

    @model_validator(mode="after")
    def _windows_fit(self) -> Settings:
        lookback, current = self.collection.lookback_weeks, self.balance.current_weeks
        if lookback <= current:
            raise ValueError(
                f"lookback-weeks ({lookback}) must be longer than current-weeks ({current}) "
                "to leave a baseline to compare with"
            )
        return self

    def json_path(self, command: str) -> Path | None:
        """Where the JSON result goes: as set, else in the Actions runner's temporary directory."""
        json_output, runner_temp = self.publishing.json_output, self.runner.runner_temp
        if json_output is not None or runner_temp is None:
            return json_output
        return runner_temp / f"goodhart-{command}.json"


SECTIONS: dict[str, type[BaseModel]] = {
    name: info.annotation
    for name, info in Settings.model_fields.items()
    if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
}

_SECRET = frozenset({"token", "app-private-key"})
_NOT_IN_FILE = frozenset({"config", "repo-path", "token", "app-private-key"})
"""A config file cannot move itself, choose its own repository, or hold a secret."""


@dataclass(frozen=True, slots=True)
class Key:
    """One setting as users write it, and where it lives in :class:`Settings`."""

    name: str
    """Hyphenated: the config file's key and the action input's name."""
    path: tuple[str, ...]
    """``("collection", "lookback_weeks")``; ``("mode",)`` for a setting outside the sections."""
    info: FieldInfo

    @property
    def env(self) -> str:
        return f"GOODHART_{self.name.replace('-', '_').upper()}"

    @property
    def dest(self) -> str:
        """The name of its command-line flag's value, and of its ``flags`` entry."""
        return self.name.replace("-", "_")

    @property
    def flag(self) -> str | None:
        return flag_of(self.info)

    @property
    def secret(self) -> bool:
        return self.name in _SECRET

    @property
    def in_file(self) -> bool:
        return self.name not in _NOT_IN_FILE

    @property
    def set_by_runner(self) -> bool:
        """Set by the Actions runner, never by the user: not an action input."""
        return self.path[0] == "runner"


def flag_of(info: FieldInfo) -> str | None:
    extra = info.json_schema_extra
    return str(extra["flag"]) if isinstance(extra, dict) and "flag" in extra else None


def input_name(field: str) -> str:
    """Action input names are hyphenated, like the config file's keys."""
    return field.replace("_", "-")


def _key_name(field: str, info: FieldInfo) -> str:
    extra = info.json_schema_extra
    return str(extra["key"]) if isinstance(extra, dict) and "key" in extra else input_name(field)


def _keys() -> dict[str, Key]:
    keys: dict[str, Key] = {}
    for name, info in Settings.model_fields.items():
        section = SECTIONS.get(name)
        fields = section.model_fields.items() if section else [(name, info)]
        for field, field_info in fields:
            key = Key(_key_name(field, field_info), (name, field) if section else (name,), field_info)
            keys[key.name] = key
    return keys


KEYS: dict[str, Key] = _keys()
"""Every user-facing setting by its hyphenated name, sections in order."""
