"""``goodhart serve``'s own file: when to run, where to keep the jobs, and for which repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from apscheduler.triggers.cron import CronTrigger
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import ConfigError
from bot.settings.values import known_zone, owner_name


class ServeRepository(BaseModel):
    """One repository the scheduler posts a digest for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    repo: Annotated[str, AfterValidator(owner_name)] = Field(description="OWNER/NAME on GitHub.")
    path: Path | None = Field(None, description="A local clone to read commits from; without one, GitHub alone.")
    token_env: str = Field(
        "GOODHART_TOKEN",
        pattern=r"^[A-Z_][A-Z0-9_]*$",
        description="Name of the environment variable holding this repository's token (never the token).",
    )
    settings: dict[str, Any] = Field(
        default_factory=dict, description="Settings for this repository, as in goodhart.yml."
    )


class ServeConfig(BaseModel):
    """``goodhart serve``'s file: when to run, where to keep the jobs, and for which repositories."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    database: Path = Field(Path("goodhart-jobs.sqlite"), description="SQLite file of the scheduled jobs.")
    timezone: str = Field("UTC", description="IANA time zone of the schedule.")
    day_of_week: str = Field("mon", description="Cron day of week (mon, tue, ... or mon-fri).")
    hour: int = Field(6, ge=0, le=23)
    minute: int = Field(30, ge=0, le=59)
    misfire_grace_minutes: int = Field(
        360, ge=1, description="A run missed by at most this much (the service was down) still happens, once."
    )
    repositories: list[ServeRepository] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return known_zone(value)

    @field_validator("day_of_week")
    @classmethod
    def _cron_days(cls, value: str) -> str:
        try:
            CronTrigger(day_of_week=value)
        except ValueError as error:
            raise ValueError(
                f"{value!r} is not a day of the week ({error}); write mon, tue, ... sun, or mon-fri"
            ) from None
        return value


def load_serve_config(path: Path) -> ServeConfig:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"serve config {path} could not be read: {error}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"serve config {path} must be a mapping of setting: value")
    fields = {str(k).replace("-", "_"): v for k, v in raw.items()}
    if isinstance(fields.get("repositories"), list):  # hyphenated keys inside each repository too
        fields["repositories"] = [
            {str(k).replace("-", "_"): v for k, v in entry.items()} if isinstance(entry, dict) else entry
            for entry in fields["repositories"]
        ]
    try:
        return ServeConfig.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"serve config {path} is invalid: {problems}") from None
