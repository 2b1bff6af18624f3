"""The one reader of flags, action inputs, environment and config file, merged into ``Settings``.

Precedence, highest first: command-line flags > action inputs (``INPUT_*``) > ``GOODHART_*``
environment > the runner's ``GITHUB_REPOSITORY``, ``GITHUB_API_URL`` and ``GITHUB_TOKEN`` >
``.github/goodhart.yml`` > defaults. Every value remembers where it came from, so a
bad one is reported with its field, its source and its value.
"""

from __future__ import annotations

import difflib
import json
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.balance.detectors.base import DetectorLimits
from bot.errors import ConfigError
from bot.measure.weeks import IsoWeek

DEFAULT_CONFIG = Path(".github/goodhart.yml")
_SECRET_FIELDS = frozenset({"token", "app_private_key"})
_NOT_IN_FILE = frozenset({"config", "repo_path", "token", "app_private_key"})
RUNNER_FIELDS = frozenset({"step_summary", "github_output", "event_path", "event_name", "runner_temp", "workspace"})
"""Set by the Actions runner, never by the user: not action inputs."""
"""A config file cannot move itself, choose its own repository, or hold a secret."""


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


def _flag(name: str, help_name: str | None = None) -> dict[str, Any]:
    return {"flag": name, **({"metavar": help_name} if help_name else {})}


class Settings(BaseSettings):
    """Every knob of the bot. Field descriptions are the user-facing documentation."""

    model_config = SettingsConfigDict(extra="forbid", frozen=True)

    repo_path: Path = Field(
        Path(),
        description="Path of the local git clone to read.",
        json_schema_extra=_flag("--repo-path", "PATH"),
    )
    repo: str | None = Field(
        None,
        pattern=r"^[\w.-]+/[\w.-]+$",
        description="The repository on GitHub, as OWNER/NAME.",
        json_schema_extra=_flag("--repo", "OWNER/NAME"),
    )
    token: SecretStr | None = Field(
        None, description="GitHub token (the action's GITHUB_TOKEN or a personal access token). Never printed."
    )
    api_url: str = Field(
        "https://api.github.com",
        pattern=r"^https?://",
        description="GitHub API URL; for GitHub Enterprise Server, https://HOST/api/v3.",
        json_schema_extra=_flag("--api-url", "URL"),
    )
    app_id: int | None = Field(None, description="GitHub App id, to authenticate as an App instead of a token.")
    app_installation_id: int | None = Field(None, description="The GitHub App's installation id on the repository.")
    app_private_key: SecretStr | None = Field(None, description="The GitHub App's private key (PEM). Never printed.")
    config: Path | None = Field(
        None,
        description="Config file, relative to the repository; default `.github/goodhart.yml` when it exists.",
        json_schema_extra=_flag("--config", "FILE"),
    )
    week: str | None = Field(
        None,
        description="ISO week to report, like 2026-W07; default: the last complete week.",
        json_schema_extra=_flag("--week", "YYYY-Www"),
    )
    lookback_weeks: int = Field(
        12,
        ge=2,
        le=104,
        description="Weeks of history in the digest, the reported week included.",
        json_schema_extra=_flag("--lookback-weeks", "N"),
    )
    timezone: str = Field(
        "UTC",
        description="IANA time zone whose Monday-to-Sunday weeks the numbers are counted in.",
        json_schema_extra=_flag("--timezone", "ZONE"),
    )
    branch: str = Field(
        "HEAD",
        description="Branch (or any git ref) whose history is read; HEAD is the checked-out one.",
        json_schema_extra=_flag("--branch", "REF"),
    )
    dry_run: bool = Field(
        False, description="Print the result instead of publishing it.", json_schema_extra=_flag("--dry-run")
    )
    format: Literal["markdown", "json"] = Field(
        "markdown", description="Output format: markdown or json.", json_schema_extra=_flag("--format", "FORMAT")
    )
    exclude_authors: Patterns = Field(
        (), description="Authors left out of volume metrics: shell patterns over name or email, comma-separated."
    )
    release_tag_pattern: str = Field(
        r"^v?\d+(\.\d+){1,2}$", description="Regular expression for tags that mark a release."
    )
    production_environments: str = Field(
        r"^(prod|production|live)$",
        description="Regular expression (case-insensitive) for the deployment environments that are production.",
    )
    deploy_workflows: Patterns = Field(
        (),
        description="Workflow files (like deploy.yml) whose successful runs on the default branch are deployments, "
        "when there are no deployments to a production environment.",
    )
    incident_labels: Patterns = Field(("incident",), description="Issue labels that mark an incident.")
    points_label_pattern: str = Field(
        r"^(points|sp|story points?)[:/ ]\s*(\d+)$",
        description="Regular expression (case-insensitive) for story-point labels; its last group is the number.",
    )
    points_field: str | None = Field(
        None, description="Name of a Projects v2 number field holding story points (needs a token that reads projects)."
    )
    max_rate_limit_wait: float = Field(
        120, ge=0, le=3600, description="Longest wait, in seconds, for a GitHub rate limit to reset before stopping."
    )
    request_timeout: float = Field(30, gt=0, le=600, description="Seconds to wait for one answer from GitHub.")
    current_weeks: int = Field(
        4, ge=1, le=26, description="Weeks in the current window that the balancer compares with the baseline."
    )
    baseline_weeks: int = Field(
        8, ge=1, le=52, description="Weeks before the current window that form the baseline (within the lookback)."
    )
    confidence: float = Field(
        0.90, gt=0.5, lt=1, description="Confidence a change must reach before it counts as beyond noise."
    )
    min_deployments: int = Field(5, ge=1, description="Fewest deployments in each window before a deploy pair judges.")
    min_merged_prs: int = Field(5, ge=1, description="Fewest merged PRs in each window before a PR pair judges.")
    min_commits: int = Field(10, ge=1, description="Fewest commits in each window before the volume pair judges.")
    deploy_rise: float = Field(0.25, gt=0, description="Rise in deployment frequency that speed-vs-stability watches.")
    commit_rise: float = Field(0.25, gt=0, description="Rise in commits per week that volume-vs-review watches.")
    review_depth_drop: float = Field(
        0.25, gt=0, lt=1, description="Fall in review depth (mean comments per PR) that counts as worse."
    )
    points_rise: float = Field(0.25, gt=0, description="Rise in story points per week that points-vs-delivery watches.")
    delivery_flat: float = Field(
        0.10, ge=0, lt=1, description="Change in delivered lines per week still counted as flat."
    )
    pr_count_rise: float = Field(0.50, gt=0, description="Rise in merged PRs per week that throughput-vs-size watches.")
    pr_size_drop: float = Field(0.50, gt=0, lt=1, description="Fall in median PR size that counts as splitting work.")
    lead_time_drop: float = Field(
        0.25, gt=0, lt=1, description="Fall in median lead time that lead-time-vs-rework watches."
    )
    incident_window_days: float = Field(
        7, gt=0, le=90, description="Days after a deploy within which an incident, revert or hotfix counts against it."
    )
    large_pr_lines: int = Field(400, ge=1, description="Meaningful lines above which a PR counts as large.")
    rubber_stamp_minutes: float = Field(
        5, ge=0, description="An approval this soon after a large PR was opened or marked ready is a rubber stamp."
    )
    hotfix_labels: Patterns = Field(("hotfix",), description="PR labels that mark a hotfix.")
    hotfix_branch_prefix: str = Field("hotfix/", description="Head-branch prefix that marks a hotfix PR.")
    digest_label: str = Field(
        "goodhart-digest",
        min_length=1,
        max_length=50,
        description="Label of the weekly digest issues (created if missing).",
    )
    digest_title: str = Field(
        "Goodhart digest: {repo} · {week}",
        min_length=1,
        description="Title of the weekly digest issue; {repo} and {week} are filled in.",
    )
    close_previous_digest: bool = Field(
        False, description="Close earlier weeks' digest issues when a new one is posted."
    )
    bot_login: str | None = Field(
        None,
        description="The bot's GitHub login, whose issues and comments it edits; found from the token when unset.",
    )
    write_interval: float = Field(
        1.0, ge=0, le=60, description="Seconds between write requests to GitHub (GitHub asks for at least 1)."
    )
    json_output: Path | None = Field(
        None,
        description="Also write the result as JSON to this file; in Actions, $RUNNER_TEMP/goodhart-COMMAND.json.",
        json_schema_extra=_flag("--json-output", "FILE"),
    )
    runner_temp: Path | None = Field(None, description="Temporary directory; set by the Actions runner ($RUNNER_TEMP).")
    workspace: Path | None = Field(None, description="The checkout; set by the Actions runner ($GITHUB_WORKSPACE).")
    mode: Literal["auto", "digest", "pr-check"] = Field(
        "auto",
        description="What the action does: auto (by event: schedule and workflow_dispatch post the digest, "
        "pull request events run pr-check), digest, or pr-check.",
    )
    step_summary: Path | None = Field(
        None, description="Job summary file; set by the Actions runner ($GITHUB_STEP_SUMMARY)."
    )
    github_output: Path | None = Field(
        None, description="Step outputs file; set by the Actions runner ($GITHUB_OUTPUT)."
    )
    pr: int | None = Field(
        None,
        ge=1,
        description="Pull request number for pr-check; in Actions, read from the event.",
        json_schema_extra=_flag("--pr", "N"),
    )
    base: str | None = Field(
        None,
        description="pr-check's base (a git ref or sha); with a PR, its base commit.",
        json_schema_extra=_flag("--base", "REF"),
    )
    head: str | None = Field(
        None,
        description="pr-check's head (a git ref or sha); with a PR, its head commit.",
        json_schema_extra=_flag("--head", "REF"),
    )
    event_path: Path | None = Field(
        None, description="The event payload; set by the Actions runner ($GITHUB_EVENT_PATH)."
    )
    event_name: str | None = Field(
        None, description="The event's name; set by the Actions runner ($GITHUB_EVENT_NAME)."
    )
    pr_comment_when_clear: Literal["edit", "delete"] = Field(
        "edit", description="When every pattern clears: edit the bot's PR comment to say so, or delete it."
    )
    fail_on_findings: bool = Field(
        False, description="Exit with code 5 when pr-check finds a pattern, for workflows that want to block on it."
    )
    pr_check_limits: dict[str, float] = Field(
        default_factory=dict,
        description="Detector thresholds to change, e.g. {micro-commits-min: 10, formatting-share: 0.95}.",
    )
    lock_files: Patterns = Field((), description="More lock-file patterns, added to the built-in list.")
    generated_paths: Patterns = Field(
        (), description="More generated-file patterns (gitignore syntax), added to the built-in list."
    )
    vendored_paths: Patterns = Field(
        (), description="More vendored-path patterns (gitignore syntax), added to the built-in list."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """:func:`load_settings` layers the sources itself, to know where each value came from."""
        return (init_settings,)

    @field_validator("week")
    @classmethod
    def _iso_week(cls, value: str | None) -> str | None:
        if value is not None:
            IsoWeek.parse(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    @field_validator("release_tag_pattern", "production_environments", "points_label_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a regular expression: {error}") from None
        return value

    @field_validator("digest_title")
    @classmethod
    def _title_placeholders(cls, value: str) -> str:
        try:
            value.format(repo="o/r", week="2026-W01")
        except (KeyError, IndexError, ValueError):
            raise ValueError("only the placeholders {repo} and {week} may be used") from None
        return value

    @field_validator("pr_check_limits", mode="before")
    @classmethod
    def _known_limits(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = json.loads(value) if value.strip() else {}
        if not isinstance(value, dict):
            raise ValueError("a mapping of detector threshold: value")
        known = {name.replace("_", "-") for name in DetectorLimits.__dataclass_fields__}
        unknown = sorted(set(map(str, value)) - known - {k.replace("-", "_") for k in known})
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown detector threshold {unknown[0]!r}{hint}; known: {', '.join(sorted(known))}")
        return {str(k).replace("-", "_"): v for k, v in value.items()}

    @model_validator(mode="after")
    def _windows_fit(self) -> Settings:
        if self.lookback_weeks <= self.current_weeks:
            raise ValueError(
                f"lookback-weeks ({self.lookback_weeks}) must be longer than current-weeks ({self.current_weeks}) "
                "to leave a baseline to compare with"
            )
        return self

    def json_path(self, command: str) -> Path | None:
        """Where the JSON result goes: as set, else in the Actions runner's temporary directory."""
        if self.json_output is not None or self.runner_temp is None:
            return self.json_output
        return self.runner_temp / f"goodhart-{command}.json"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class Layer:
    """One source's values, keyed by field name, with a description of where each came from."""

    values: dict[str, Any]
    origins: dict[str, str]


def field_names() -> list[str]:
    return list(Settings.model_fields)


def flag_of(info: FieldInfo) -> str | None:
    extra = info.json_schema_extra
    return str(extra["flag"]) if isinstance(extra, dict) and "flag" in extra else None


def input_name(field: str) -> str:
    """Action input names are hyphenated, like the config file's keys."""
    return field.replace("_", "-")


_RUNNER_VARIABLES = {
    "GITHUB_REPOSITORY": "repo",
    "GITHUB_API_URL": "api_url",
    "GITHUB_TOKEN": "token",
    "GITHUB_STEP_SUMMARY": "step_summary",
    "GITHUB_OUTPUT": "github_output",
    "GITHUB_EVENT_PATH": "event_path",
    "GITHUB_EVENT_NAME": "event_name",
    "RUNNER_TEMP": "runner_temp",
    "GITHUB_WORKSPACE": "workspace",
}


def runner_layer(environ: Mapping[str, str]) -> Layer:
    """What the Actions runner (or a user's shell) already says: repository, API URL, token and files."""
    values: dict[str, Any] = {field: environ[name] for name, field in _RUNNER_VARIABLES.items() if environ.get(name)}
    origins = {field: f"environment variable {name}" for name, field in _RUNNER_VARIABLES.items() if field in values}
    return Layer(values, origins)


def flags_layer(flags: Mapping[str, Any]) -> Layer:
    values = {k: v for k, v in flags.items() if v is not None}
    origins = {k: f"flag {flag_of(Settings.model_fields[k]) or k}" for k in values}
    return Layer(values, origins)


def inputs_layer(environ: Mapping[str, str]) -> Layer:
    """``INPUT_*`` as the Actions runner sets them: upper case, hyphens kept; empty means not given."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for field in field_names():
        for variable in (f"INPUT_{input_name(field).upper()}", f"INPUT_{field.upper()}"):
            if environ.get(variable, "").strip():
                values[field] = environ[variable].strip()
                origins[field] = f"action input {input_name(field)} ({variable})"
                break
    return Layer(values, origins)


def environment_layer(environ: Mapping[str, str]) -> Layer:
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for field in field_names():
        variable = f"GOODHART_{field.upper()}"
        if environ.get(variable, "") != "":
            values[field] = environ[variable]
            origins[field] = f"environment variable {variable}"
    return Layer(values, origins)


def file_layer(path: Path, explicit: bool) -> Layer:
    if not path.is_file():
        if explicit:
            raise ConfigError(f"config file {path} does not exist; fix the path given to --config")
        return Layer({}, {})
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ConfigError(f"config file {path} is not valid YAML: {error}") from None
    if loaded is None:
        return Layer({}, {})
    if not isinstance(loaded, dict):
        raise ConfigError(f"config file {path} must be a mapping of setting: value, not {type(loaded).__name__}")
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key, value in loaded.items():
        field = str(key).replace("-", "_")
        if field not in Settings.model_fields or field in _NOT_IN_FILE:
            raise ConfigError(_unknown_key_message(str(key), path))
        values[field] = value
        origins[field] = f"{path} key {key}"
    return Layer(values, origins)


def _unknown_key_message(key: str, path: Path) -> str:
    allowed = [input_name(f) for f in field_names() if f not in _NOT_IN_FILE]
    if key.replace("-", "_") in _NOT_IN_FILE:
        return f"{key!r} cannot be set in the config file {path}; pass it as a flag, input or environment variable"
    close = difflib.get_close_matches(key.replace("_", "-"), allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown setting {key!r} in {path}{hint}; known settings: {', '.join(allowed)}"


def merge(layers: list[Layer]) -> Layer:
    """Earlier layers win: the list is in precedence order."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for layer in reversed(layers):
        values.update(layer.values)
        origins.update(layer.origins)
    return Layer(values, origins)


def load_settings(flags: Mapping[str, Any], environ: Mapping[str, str]) -> Settings:
    """Settings from every source, or a :class:`ConfigError` naming the field, source and value."""
    layers = [flags_layer(flags), inputs_layer(environ), environment_layer(environ), runner_layer(environ)]
    early = merge(layers)
    repo_path = Path(str(early.values.get("repo_path", ".")))
    config = early.values.get("config")
    config_path = repo_path / (Path(str(config)) if config else DEFAULT_CONFIG)
    layers.append(file_layer(config_path, explicit=config is not None))
    merged = merge(layers)
    try:
        return Settings(**merged.values)
    except ValidationError as error:
        raise ConfigError(_validation_message(error, merged)) from None


def _validation_message(error: ValidationError, merged: Layer) -> str:
    lines = []
    for problem in error.errors():
        reason = str(problem["msg"]).removeprefix("Value error, ")
        if not problem["loc"]:  # a rule across fields: say where each field it names came from
            named = [f for f in field_names() if re.search(rf"(?<![\w-]){re.escape(input_name(f))}(?![\w-])", reason)]
            origins = ", ".join(f"{input_name(f)} from {merged.origins.get(f, 'default')}" for f in named)
            lines.append(f"{reason} ({origins})" if origins else reason)
            continue
        field = str(problem["loc"][0])
        origin = merged.origins.get(field, "default")
        value = "***" if field in _SECRET_FIELDS else repr(merged.values.get(field))
        lines.append(f"setting {input_name(field)} = {value} (from {origin}): {reason}")
    return "invalid settings:\n  " + "\n  ".join(lines)


class ServeRepository(BaseModel):
    """One repository the scheduler posts a digest for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    repo: str = Field(pattern=r"^[\w.-]+/[\w.-]+$", description="OWNER/NAME on GitHub.")
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


def repository_environment(entry: ServeRepository, environ: Mapping[str, str]) -> dict[str, str]:
    """The environment one scheduled digest runs with: its token and settings, nothing else of the others'."""
    values = {k: v for k, v in environ.items() if not k.startswith(("GOODHART_", "INPUT_"))}
    if environ.get(entry.token_env):
        values["GOODHART_TOKEN"] = environ[entry.token_env]
    for key, value in entry.settings.items():
        field = str(key).replace("-", "_")
        if field not in Settings.model_fields or field in _NOT_IN_FILE:
            raise ConfigError(_unknown_key_message(str(key), Path(f"serve config, {entry.repo}")))
        values[f"GOODHART_{field.upper()}"] = json.dumps(value) if isinstance(value, list | dict) else str(value)
    return values
