"""Where each setting comes from, and what a user is told when one is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import load_settings


def config(tmp_path: Path, text: str) -> Path:
    target = tmp_path / ".github" / "goodhart.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return tmp_path


def test_defaults_apply_when_no_source_sets_a_value(tmp_path: Path) -> None:
    settings = load_settings({"repo_path": str(tmp_path)}, {})
    assert (settings.collection.lookback_weeks, settings.collection.timezone, settings.publishing.format) == (
        26,
        "UTC",
        "markdown",
    )


def test_the_config_file_beats_defaults(tmp_path: Path) -> None:
    root = config(tmp_path, "lookback-weeks: 8\nexclude-authors: [ci@example.com]\n")
    settings = load_settings({"repo_path": str(root)}, {})
    assert settings.collection.lookback_weeks == 8
    assert settings.measure.exclude_authors == ("ci@example.com",)


def test_goodhart_environment_beats_the_config_file(tmp_path: Path) -> None:
    root = config(tmp_path, "lookback-weeks: 8\n")
    settings = load_settings({"repo_path": str(root)}, {"GOODHART_LOOKBACK_WEEKS": "6"})
    assert settings.collection.lookback_weeks == 6


def test_action_inputs_beat_the_environment_and_use_hyphenated_names(tmp_path: Path) -> None:
    environ = {"GOODHART_LOOKBACK_WEEKS": "6", "INPUT_LOOKBACK-WEEKS": "5"}
    assert load_settings({"repo_path": str(tmp_path)}, environ).collection.lookback_weeks == 5


def test_empty_action_inputs_are_ignored_as_the_runner_sets_every_declared_input(tmp_path: Path) -> None:
    environ = {"GOODHART_LOOKBACK_WEEKS": "6", "INPUT_LOOKBACK-WEEKS": ""}
    assert load_settings({"repo_path": str(tmp_path)}, environ).collection.lookback_weeks == 6


def test_flags_beat_everything(tmp_path: Path) -> None:
    root = config(tmp_path, "lookback-weeks: 8\n")
    environ = {"GOODHART_LOOKBACK_WEEKS": "6", "INPUT_LOOKBACK-WEEKS": "5"}
    assert load_settings({"repo_path": str(root), "lookback_weeks": "9"}, environ).collection.lookback_weeks == 9


def test_lists_arrive_as_comma_or_newline_separated_text(tmp_path: Path) -> None:
    environ = {"GOODHART_EXCLUDE_AUTHORS": "a@x, b@x", "INPUT_GENERATED-PATHS": "gen/\n*.out\n"}
    settings = load_settings({"repo_path": str(tmp_path)}, environ)
    assert settings.measure.exclude_authors == ("a@x", "b@x")
    assert settings.measure.generated_paths == ("gen/", "*.out")


def test_a_bad_value_names_field_source_and_value(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"repo_path": str(tmp_path)}, {"GOODHART_LOOKBACK_WEEKS": "many"})
    message = str(error.value)
    assert "lookback-weeks = 'many'" in message
    assert "environment variable GOODHART_LOOKBACK_WEEKS" in message


def test_a_bad_value_in_the_config_file_names_the_file(tmp_path: Path) -> None:
    root = config(tmp_path, "release-tag-pattern: '(unclosed'\n")
    with pytest.raises(ConfigError, match=r"goodhart.yml key release-tag-pattern\): not a regular expression"):
        load_settings({"repo_path": str(root)}, {})


def test_an_unknown_config_key_suggests_the_right_one(tmp_path: Path) -> None:
    root = config(tmp_path, "lookback-week: 3\n")
    with pytest.raises(ConfigError, match="did you mean 'lookback-weeks'"):
        load_settings({"repo_path": str(root)}, {})


def test_a_config_file_cannot_hold_the_token(tmp_path: Path) -> None:
    root = config(tmp_path, "token: ghp_secret\n")
    with pytest.raises(ConfigError, match="cannot be set in the config file"):
        load_settings({"repo_path": str(root)}, {})


def test_invalid_yaml_and_non_mappings_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings({"repo_path": str(config(tmp_path, "a: [\n"))}, {})
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_settings({"repo_path": str(config(tmp_path, "- a\n- b\n"))}, {})


def test_an_explicit_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({"repo_path": str(tmp_path), "config": "missing.yml"}, {})


def test_bad_weeks_and_time_zones_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="week = '2026-48'"):
        load_settings({"repo_path": str(tmp_path), "week": "2026-48"}, {})
    with pytest.raises(ConfigError, match="unknown time zone"):
        load_settings({"repo_path": str(tmp_path), "timezone": "Mars/Olympus"}, {})


def test_the_token_is_secret_in_repr_and_in_errors(tmp_path: Path) -> None:
    settings = load_settings({"repo_path": str(tmp_path)}, {"GOODHART_TOKEN": "ghp_s3cret"})
    assert settings.connection.token is not None and settings.connection.token.get_secret_value() == "ghp_s3cret"
    assert "ghp_s3cret" not in repr(settings) and "ghp_s3cret" not in str(settings)
    with pytest.raises(ConfigError) as error:
        load_settings({"repo_path": str(tmp_path)}, {"GOODHART_TOKEN": "ghp_s3cret", "GOODHART_REPO": "no slash"})
    assert "ghp_s3cret" not in str(error.value)


def test_a_rule_across_settings_names_where_each_came_from(tmp_path: Path) -> None:
    root = config(tmp_path, "current-weeks: 6\n")
    with pytest.raises(ConfigError) as error:
        load_settings({"repo_path": str(root), "lookback_weeks": "6"}, {})
    message = str(error.value)
    assert "lookback-weeks (6) must be longer than current-weeks (6)" in message
    assert "lookback-weeks from flag --lookback-weeks" in message and "current-weeks from" in message
    assert "goodhart.yml key current-weeks" in message


def test_a_fractional_count_threshold_is_refused_not_truncated(tmp_path: Path) -> None:
    root = config(tmp_path, "pr-check-limits: {micro-commits-min: 2.5}\n")
    with pytest.raises(ConfigError) as error:
        load_settings({"repo_path": str(root)}, {})
    message = str(error.value)
    assert "setting pr-check-limits = {'micro-commits-min': 2.5}" in message
    assert (
        "goodhart.yml key pr-check-limits" in message
        and "micro-commits-min: Input should be a valid integer" in message
    )


def test_detector_thresholds_are_typed_and_keep_their_defaults(tmp_path: Path) -> None:
    root = config(tmp_path, "pr-check-limits: {micro-commits-min: 10, formatting-share: 0.95}\n")
    limits = load_settings({"repo_path": str(root)}, {}).pr_check.limits
    assert (limits.micro_commits_min, limits.formatting_share, limits.micro_commit_lines) == (10, 0.95, 2)


def test_a_higher_source_replaces_the_whole_threshold_mapping(tmp_path: Path) -> None:
    root = config(tmp_path, "pr-check-limits: {formatting-share: 0.5}\n")
    environ = {"GOODHART_PR_CHECK_LIMITS": '{"micro-commits-min": 12}'}
    limits = load_settings({"repo_path": str(root)}, environ).pr_check.limits
    assert (limits.micro_commits_min, limits.formatting_share) == (12, 0.90)


def test_an_unknown_detector_threshold_suggests_the_right_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="did you mean 'micro-commits-min'"):
        load_settings({"repo_path": str(tmp_path)}, {"INPUT_PR-CHECK-LIMITS": '{"micro-commit-min": 3}'})
