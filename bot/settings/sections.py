"""The settings, one section per part of the bot that reads them; each default is written here, once.

Sections are plain frozen models: a part receives only the sections it needs. Their field names,
hyphenated, are the keys users write (``lookback_weeks`` is ``lookback-weeks``), except where a field
names its key in ``json_schema_extra``.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Mapping
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from bot.measure.paths import GENERATED_PATHS, LOCK_FILES, VENDORED_PATHS, PathRules
from bot.measure.rules import MeasureRules
from bot.measure.weeks import IsoWeek
from bot.records import PathAttributes
from bot.settings.values import Patterns, compiles, flag, known_zone, owner_name

LARGE_PR_LINES = 400
"""Meaningful lines above which a PR is large: the measures' default and the large-PR detector's."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ConnectionSettings(Section):
    """Which repository on GitHub, and how to reach and authenticate with it."""

    repo: Annotated[str, AfterValidator(owner_name)] | None = Field(
        None,
        description="The repository on GitHub, as OWNER/NAME.",
        json_schema_extra=flag("--repo", "OWNER/NAME"),
    )
    token: SecretStr | None = Field(
        None, description="GitHub token (the action's GITHUB_TOKEN or a personal access token). Never printed."
    )
    api_url: str = Field(
        "https://api.github.com",
        pattern=r"^https?://",
        description="GitHub API URL; for GitHub Enterprise Server, https://HOST/api/v3.",
        json_schema_extra=flag("--api-url", "URL"),
    )
    app_id: int | None = Field(None, description="GitHub App id, to authenticate as an App instead of a token.")
    app_installation_id: int | None = Field(None, description="The GitHub App's installation id on the repository.")
    app_private_key: SecretStr | None = Field(None, description="The GitHub App's private key (PEM). Never printed.")
    max_rate_limit_wait: float = Field(
        120, ge=0, le=3600, description="Longest wait, in seconds, for a GitHub rate limit to reset before stopping."
    )
    request_timeout: float = Field(30, gt=0, le=600, description="Seconds to wait for one answer from GitHub.")


class RunnerSettings(Section):
    """Files and facts the GitHub Actions runner sets; never action inputs."""

    step_summary: Path | None = Field(
        None, description="Job summary file; set by the Actions runner ($GITHUB_STEP_SUMMARY)."
    )
    github_output: Path | None = Field(
        None, description="Step outputs file; set by the Actions runner ($GITHUB_OUTPUT)."
    )
    event_path: Path | None = Field(
        None, description="The event payload; set by the Actions runner ($GITHUB_EVENT_PATH)."
    )
    event_name: str | None = Field(
        None, description="The event's name; set by the Actions runner ($GITHUB_EVENT_NAME)."
    )
    runner_temp: Path | None = Field(None, description="Temporary directory; set by the Actions runner ($RUNNER_TEMP).")
    workspace: Path | None = Field(None, description="The checkout; set by the Actions runner ($GITHUB_WORKSPACE).")


class CollectionSettings(Section):
    """What to read: the clone, the weeks, and how deployments, incidents and story points are recognised."""

    repo_path: Path | None = Field(
        Path(),
        description="Path of the local git clone to read.",
        json_schema_extra=flag("--repo-path", "PATH"),
    )
    branch: str = Field(
        "HEAD",
        description="Branch (or any git ref) whose history is read; HEAD is the checked-out one.",
        json_schema_extra=flag("--branch", "REF"),
    )
    week: str | None = Field(
        None,
        description="ISO week to report, like 2026-W07; default: the last complete week.",
        json_schema_extra=flag("--week", "YYYY-Www"),
    )
    lookback_weeks: int = Field(
        12,
        ge=2,
        le=104,
        description="Weeks of history in the digest, the reported week included.",
        json_schema_extra=flag("--lookback-weeks", "N"),
    )
    timezone: str = Field(
        "UTC",
        description="IANA time zone whose Monday-to-Sunday weeks the numbers are counted in.",
        json_schema_extra=flag("--timezone", "ZONE"),
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

    @field_validator("week")
    @classmethod
    def _iso_week(cls, value: str | None) -> str | None:
        return str(IsoWeek.parse(value)) if value is not None else None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

    @field_validator("release_tag_pattern", "production_environments", "points_label_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return compiles(value)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class ScopeSettings(Section):
    """Which part of the repository a digest is about: a CODEOWNERS team's paths, some path globs, or all of it."""

    team: str | None = Field(
        None,
        description="Scope the digest to a CODEOWNERS owner, like @org/payments: only commits and merged PRs "
        "touching paths it owns count (CODEOWNERS read at the window's end); deployments and incidents stay "
        "repository-wide.",
        json_schema_extra=flag("--team", "@ORG/TEAM"),
    )
    paths: Patterns = Field(
        (),
        description="Scope the digest to these path globs (git pathspecs anchored at the root, ** spans folders, "
        "a folder takes in everything under it), comma-separated; empty: every path.",
        json_schema_extra=flag("--paths", "GLOBS"),
    )
    exclude_paths: Patterns = Field(
        (),
        description="Path globs left out of the digest's scope, in the same syntax as paths, comma-separated.",
        json_schema_extra=flag("--exclude-paths", "GLOBS"),
    )

    @field_validator("team")
    @classmethod
    def _owner(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"@[\w.-]+(/[\w.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not a CODEOWNERS owner: write @org/team, @user or an email address")
        return value

    @field_validator("paths", "exclude_paths")
    @classmethod
    def _globs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for glob in value:
            if glob.startswith(("!", ":")) or "***" in glob or ".." in glob.split("/"):
                raise ValueError(
                    f"{glob!r} is not a path glob inside the repository: write folders or globs like "
                    "services/payments or **/*.sql, and put what to leave out in exclude-paths"
                )
        return value


class MeasureSettings(Section):
    """How the measures count: whom to leave out, what is a hotfix, a large PR, a rubber stamp, a generated file."""

    exclude_authors: Patterns = Field(
        (), description="Authors left out of volume metrics: shell patterns over name or email, comma-separated."
    )
    incident_window_days: float = Field(
        7, gt=0, le=90, description="Days after a deploy within which an incident, revert or hotfix counts against it."
    )
    large_pr_lines: int = Field(LARGE_PR_LINES, ge=1, description="Meaningful lines above which a PR counts as large.")
    rubber_stamp_minutes: float = Field(
        5, ge=0, description="An approval this soon after a large PR was opened or marked ready is a rubber stamp."
    )
    hotfix_labels: Patterns = Field(("hotfix",), description="PR labels that mark a hotfix.")
    hotfix_branch_prefix: str = Field("hotfix/", description="Head-branch prefix that marks a hotfix PR.")
    lock_files: Patterns = Field((), description="More lock-file patterns, added to the built-in list.")
    generated_paths: Patterns = Field(
        (), description="More generated-file patterns (gitignore syntax), added to the built-in list."
    )
    vendored_paths: Patterns = Field(
        (), description="More vendored-path patterns (gitignore syntax), added to the built-in list."
    )

    def path_rules(self, attributes: PathAttributes | None = None) -> PathRules:
        """The built-in patterns with the configured ones added, and the repository's ``.gitattributes``."""
        return PathRules(
            lock_files=LOCK_FILES + self.lock_files,
            generated=GENERATED_PATHS + self.generated_paths,
            vendored=VENDORED_PATHS + self.vendored_paths,
            attributes=attributes or PathAttributes(),
        )

    def rules(self, *, zone: tzinfo, attributes: PathAttributes | None = None) -> MeasureRules:
        """The measures' rules, counting days and weeks in ``zone`` (the collection's time zone)."""
        return MeasureRules(
            paths=self.path_rules(attributes),
            exclude_authors=self.exclude_authors,
            hotfix_labels=self.hotfix_labels,
            hotfix_branch_prefix=self.hotfix_branch_prefix,
            incident_window=timedelta(days=self.incident_window_days),
            large_pr_lines=self.large_pr_lines,
            rubber_stamp_minutes=self.rubber_stamp_minutes,
            zone=zone,
        )


class BalanceLimits(Section):
    """The balancer's windows and thresholds; satisfies :class:`bot.balance.limits.Limits`."""

    current_weeks: int = Field(
        4, ge=1, le=26, description="Weeks in the current window that the balancer compares with the baseline."
    )
    baseline_weeks: int = Field(
        8, ge=1, le=52, description="Weeks before the current window that form the baseline (within the lookback)."
    )
    confidence: float = Field(
        0.90, gt=0.5, lt=1, description="Confidence a change must reach before it counts as beyond noise."
    )
    min_deployments: int = Field(
        5,
        ge=1,
        description="Fewest deployments in each window before a deploy pair judges, and in the current window "
        "before lead time, change failure rate or time to restore gets a DORA tier.",
    )
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

    @property
    def alpha(self) -> float:
        """The significance level a change must reach: 1 - confidence."""
        return 1 - self.confidence


class PrCheckLimits(Section):
    """The pull-request detectors' thresholds; satisfies :class:`bot.balance.detectors.base.DetectorLimits`.

    Written as a mapping with hyphenated keys, like ``{micro-commits-min: 10}``.
    """

    micro_commits_min: int = 8
    micro_commit_lines: int = 2
    micro_commits_share: float = 0.60
    duplicate_block_lines: int = 6
    duplicate_blocks_min: int = 2
    duplicate_share: float = 0.20
    duplicate_min_added: int = 30
    generated_share: float = 0.50
    generated_min_lines: int = 50
    self_churn_share: float = 0.30
    self_churn_min_added: int = 50
    large_pr_lines: int = LARGE_PR_LINES
    split_work_min: int = 3
    split_work_days: float = 7
    split_work_lines: int = 20
    formatting_min_lines: int = 200
    formatting_share: float = 0.90

    @model_validator(mode="before")
    @classmethod
    def _known_thresholds(cls, value: Any) -> Any:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):  # from an input or variable: JSON, or YAML's {key: value} as the README shows
            try:
                value = yaml.safe_load(value) if value.strip() else {}
            except yaml.YAMLError:
                value = None
        if not isinstance(value, Mapping):
            raise ValueError(
                "a mapping of detector threshold: value, like {micro-commits-min: 10, formatting-share: 0.95}"
            )
        known = sorted(name.replace("_", "-") for name in cls.model_fields)
        given = {str(k).replace("_", "-"): v for k, v in value.items()}
        unknown = sorted(set(given) - set(known))
        if unknown:
            close = difflib.get_close_matches(unknown[0], known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown detector threshold {unknown[0]!r}{hint}; known: {', '.join(known)}")
        return {k.replace("-", "_"): v for k, v in given.items()}


WhenClear = Literal["edit", "delete"]
"""What happens to the bot's PR comment when every pattern clears: edited to say so, or deleted."""


class PrCheckSettings(Section):
    """Which pull request or refs ``pr-check`` reads, how it comments, and its detectors' thresholds."""

    pr: int | None = Field(
        None,
        ge=1,
        description="Pull request number for pr-check; in Actions, read from the event.",
        json_schema_extra=flag("--pr", "N"),
    )
    base: str | None = Field(
        None,
        description="pr-check's base (a git ref or sha); with a PR, its base commit.",
        json_schema_extra=flag("--base", "REF"),
    )
    head: str | None = Field(
        None,
        description="pr-check's head (a git ref or sha); with a PR, its head commit.",
        json_schema_extra=flag("--head", "REF"),
    )
    pr_comment_when_clear: WhenClear = Field(
        "edit", description="When every pattern clears: edit the bot's PR comment to say so, or delete it."
    )
    fail_on_findings: bool = Field(
        False, description="Exit with code 5 when pr-check finds a pattern, for workflows that want to block on it."
    )
    limits: PrCheckLimits = Field(
        default_factory=PrCheckLimits,
        description="Detector thresholds to change, e.g. {micro-commits-min: 10, formatting-share: 0.95}.",
        json_schema_extra={"key": "pr-check-limits"},
    )


class RollupSettings(Section):
    """What ``rollup`` pools: the repositories' digest JSON, and whether to pool them by team as well."""

    rollup_inputs: Patterns = Field(
        (),
        description="Digest JSON files, or folders searched for *.json, that rollup pools into the organisation "
        "digest (the rollup command's paths; in the action, relative to the workspace).",
    )
    by_team: bool = Field(
        False,
        description="Rollup: also pool the repositories by the team each digest was scoped to (scope.team).",
        json_schema_extra=flag("--by-team"),
    )


class PublishingSettings(Section):
    """Where and how the result goes: printed or posted, in which format, as which issue."""

    dry_run: bool = Field(
        False, description="Print the result instead of publishing it.", json_schema_extra=flag("--dry-run")
    )
    format: Literal["markdown", "json"] = Field(
        "markdown", description="Output format: markdown or json.", json_schema_extra=flag("--format", "FORMAT")
    )
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
        json_schema_extra=flag("--json-output", "FILE"),
    )

    @field_validator("digest_title")
    @classmethod
    def _title_placeholders(cls, value: str) -> str:
        try:
            value.format(repo="o/r", week="2026-W01")
        except (KeyError, IndexError, ValueError):
            raise ValueError("only the placeholders {repo} and {week} may be used") from None
        return value
