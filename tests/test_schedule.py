"""``goodhart serve`` with a clock the test controls: weekly runs, restarts, missed runs, failures."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import apscheduler.executors.base
import apscheduler.schedulers.base
import pytest
import yaml
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler

from bot.cli import main
from bot.schedule import scheduler_for
from bot.settings import ServeRepository, load_serve_config, repository_settings
from tests.gitrepo import GitRepo, at
from tests.measure.test_activity import build_history


class Clock:
    """Stands in for ``datetime`` where APScheduler 3 reads the time (it has no clock to inject)."""

    now_value = at("2026-11-16 06:00")

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz: timezone | None = None) -> datetime:  # type: ignore[override]
            return Clock.now_value.astimezone(tz) if tz else Clock.now_value

    def set(self, text: str) -> None:
        Clock.now_value = at(text)


class ManualScheduler(BaseScheduler):  # type: ignore[misc]
    """A scheduler that runs due jobs only when told to: no thread, no sleeping."""

    def wakeup(self) -> None:
        pass

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def tick(self) -> None:
        self._process_jobs()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", Clock.FakeDatetime)
    monkeypatch.setattr(apscheduler.executors.base, "datetime", Clock.FakeDatetime)
    clock = Clock()
    clock.set("2026-11-16 06:00")  # each test starts before Monday's run
    return clock


@pytest.fixture
def served(tmp_path: Path, repo: GitRepo) -> Path:
    """Two repositories: one with a clone, one whose settings are wrong (it fails every time)."""
    build_history(repo)
    config = {
        "database": str(tmp_path / "jobs.sqlite"),
        "day-of-week": "mon",
        "hour": 6,
        "minute": 30,
        "timezone": "UTC",
        "misfire-grace-minutes": 120,
        "repositories": [
            {"repo": "acme/shop", "path": str(repo.path), "settings": {"dry-run": True, "lookback-weeks": 6}},
            {"repo": "acme/gone", "settings": {"timezone": "Mars/Olympus"}},
        ],
    }
    path = tmp_path / "goodhart-serve.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def start(config: Path) -> ManualScheduler:
    scheduler = scheduler_for(load_serve_config(config), config, make=ManualScheduler, executor=DebugExecutor())
    scheduler.start()
    return scheduler


def runs(caplog: pytest.LogCaptureFixture, repo: str) -> int:
    return sum(1 for r in caplog.records if r.getMessage() == f"{repo}: weekly digest starts")


@pytest.fixture(autouse=True)
def _log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="goodhart")


def test_a_weekly_trigger_fires_once_a_week_for_each_repository(
    clock: Clock, served: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler = start(served)
    for moment in (
        "2026-11-16 06:29",
        "2026-11-16 06:30",
        "2026-11-16 06:45",
        "2026-11-20 12:00",
        "2026-11-23 06:30",
        "2026-11-23 06:31",
    ):
        clock.set(moment)
        scheduler.tick()
    scheduler.shutdown(wait=False)
    assert (runs(caplog, "acme/shop"), runs(caplog, "acme/gone")) == (2, 2)


def test_one_failing_repository_does_not_stop_the_other(
    clock: Clock, served: Path, caplog: pytest.LogCaptureFixture
) -> None:
    scheduler = start(served)
    clock.set("2026-11-16 06:30")
    scheduler.tick()
    scheduler.shutdown(wait=False)
    messages = [r.getMessage() for r in caplog.records]
    assert "acme/gone: weekly digest failed with exit code 2 in" in " ".join(messages)
    assert any(m.startswith("acme/shop: weekly digest done") for m in messages)


def test_a_restart_between_runs_neither_doubles_nor_drops_a_run(
    clock: Clock, served: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = start(served)
    clock.set("2026-11-16 06:30")
    first.tick()
    first.shutdown(wait=False)
    clock.set("2026-11-16 07:00")  # restarted the same morning: the run is done, not due again
    second = start(served)
    second.tick()
    clock.set("2026-11-23 06:30")
    second.tick()
    second.shutdown(wait=False)
    assert runs(caplog, "acme/shop") == 2


def test_a_run_missed_while_down_happens_once_after_the_restart(
    clock: Clock, served: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = start(served)
    clock.set("2026-11-16 06:00")
    first.tick()
    first.shutdown(wait=False)  # down across 06:30
    clock.set("2026-11-16 07:45")  # back within the misfire grace (2 hours)
    second = start(served)
    second.tick()
    second.tick()
    second.shutdown(wait=False)
    assert runs(caplog, "acme/shop") == 1


def test_once_runs_every_repository_now_and_says_which_failed(
    served: Path, repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    config = yaml.safe_load(served.read_text())
    config["repositories"][1] = {"repo": "acme/gone", "path": str(repo.path), "settings": {"branch": "gone"}}
    served.write_text(yaml.safe_dump(config))
    assert main(["serve", "--config", str(served), "--once"], {}) == 3
    assert capsys.readouterr().out.count("# Goodhart digest: acme/shop") == 1


def test_a_broken_serve_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "serve.yml"
    bad.write_text("repositories: []\nhour: 25\n")
    assert main(["serve", "--config", str(bad), "--once"], {}) == 2
    assert "serve config" in capsys.readouterr().err


def test_the_example_serve_config_is_valid() -> None:
    config = load_serve_config(Path(__file__).resolve().parents[1] / "examples" / "goodhart-serve.yml")
    assert [r.repo for r in config.repositories] == ["acme/shop", "acme/api"]
    assert config.repositories[0].token_env == "GOODHART_TOKEN_ACME"


def test_once_warns_of_a_missing_token_variable_and_a_missing_clone(
    tmp_path: Path, served: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOODHART_TOKEN", raising=False)
    config = yaml.safe_load(served.read_text())
    config["repositories"][0]["path"] = str(tmp_path / "gone")
    del config["repositories"][1]  # its bad setting would stop serve before any run
    served.write_text(yaml.safe_dump(config))
    main(["serve", "--config", str(served), "--once"], {})
    messages = [r.getMessage() for r in caplog.records]
    assert "acme/shop: GOODHART_TOKEN is not set, so the digest can only be printed" in messages
    assert f"acme/shop: the clone {tmp_path / 'gone'} does not exist; commits will not be counted" in messages


def test_a_bad_repository_setting_names_the_repository_and_the_key(
    served: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["serve", "--config", str(served), "--once"], {})
    err = capsys.readouterr().err
    assert "setting timezone = 'Mars/Olympus' (from serve config" in err
    assert "repository acme/gone key timezone): unknown time zone" in err


def test_a_repository_reads_its_token_from_the_variable_its_entry_names_and_no_other_settings(
    tmp_path: Path,
) -> None:
    entry = ServeRepository(repo="acme/shop", path=tmp_path, token_env="TOKEN_ACME", settings={"lookback-weeks": 6})
    environ = {"TOKEN_ACME": "t1", "GOODHART_TOKEN": "other", "GOODHART_LOOKBACK_WEEKS": "9", "INPUT_FORMAT": "json"}
    settings = repository_settings(entry, where="serve config s.yml", environ=environ)
    assert settings.connection.token is not None and settings.connection.token.get_secret_value() == "t1"
    assert (settings.connection.repo, settings.collection.repo_path) == ("acme/shop", tmp_path)
    assert (settings.collection.lookback_weeks, settings.publishing.format) == (6, "markdown")


def with_config(served: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    config = yaml.safe_load(served.read_text())
    change(config)
    served.write_text(yaml.safe_dump(config))
    return served


def test_a_bad_repository_setting_stops_serve_at_start_before_any_run(
    served: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--config", str(served), "--once"], {}) == 2
    out, err = capsys.readouterr()
    assert out == ""  # acme/shop was not run either: the mistake shows now, not at next Monday's run
    assert "not started: fix these repositories' settings in the serve config first" in err
    assert "acme/gone: invalid settings" in err and "unknown time zone 'Mars/Olympus'" in err
    assert "repository acme/gone key timezone" in err  # where the value is, not GOODHART_TIMEZONE
    assert "GOODHART_TIMEZONE" not in err


def test_an_entry_without_a_path_reads_github_alone_not_the_current_directory(
    served: Path, repo: GitRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.path)  # serve started inside some other clone
    monkeypatch.delenv("GOODHART_TOKEN", raising=False)

    def github_alone(config: dict[str, Any]) -> None:
        config["repositories"] = [{"repo": "acme/api", "settings": {"dry-run": True, "week": "2026-W46"}}]

    assert main(["serve", "--config", str(with_config(served, github_alone)), "--once"], {}) == 0
    out = capsys.readouterr().out
    assert "commits not read: no clone is configured (GitHub alone)" in out
    assert "3 commits" not in out


def test_the_example_config_creates_its_state_directory(tmp_path: Path, clock: Clock) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "goodhart-serve.yml"
    config = yaml.safe_load(example.read_text())
    config["database"] = str(tmp_path / "var" / "lib" / "goodhart" / "jobs.sqlite")
    path = tmp_path / "goodhart-serve.yml"
    path.write_text(yaml.safe_dump(config))
    scheduler = start(path)
    scheduler.shutdown(wait=False)
    assert (tmp_path / "var" / "lib" / "goodhart" / "jobs.sqlite").is_file()


def test_a_state_directory_that_cannot_be_created_exits_2_saying_what_to_do(
    tmp_path: Path, served: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "state").write_text("a file, not a directory")

    def blocked(config: dict[str, Any]) -> None:
        config["database"] = str(tmp_path / "state" / "jobs.sqlite")
        del config["repositories"][1]

    assert main(["serve", "--config", str(with_config(served, blocked))], {}) == 2
    err = capsys.readouterr().err
    assert f"the directory of database {tmp_path / 'state' / 'jobs.sqlite'} could not be created" in err
    assert "internal error" not in err


def test_a_day_of_week_that_is_no_day_exits_2_with_the_reason(served: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def funday(config: dict[str, Any]) -> None:
        config["day-of-week"] = "funday"
        del config["repositories"][1]

    assert main(["serve", "--config", str(with_config(served, funday))], {}) == 2
    err = capsys.readouterr().err
    assert "day_of_week: Value error, 'funday' is not a day of the week" in err
    assert "internal error" not in err
