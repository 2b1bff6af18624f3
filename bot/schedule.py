"""``goodhart serve``: the weekly digest for many repositories, on a schedule that survives restarts.

Jobs live in SQLite (APScheduler's SQLAlchemy job store), so a restart neither loses nor doubles a
weekly run: a job already stored keeps its next run time (a run missed while the service was down
happens once, within the misfire grace), and runs that piled up are coalesced into one. Each
repository is its own job; one that fails is logged and the others go on.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.errors import ConfigError
from bot.run import reported, run_digest
from bot.settings import ServeConfig, load_serve_config, repository_settings
from bot.wording import counted

log = logging.getLogger("goodhart")
JOB_PREFIX = "digest:"


class KeepingJobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """A job store that keeps a stored job when it is added again unchanged, and forgets repositories
    that are no longer configured: a restart must not move a pending run."""

    def __init__(self, url: str, wanted: set[str]) -> None:
        super().__init__(url=url)
        self.wanted = wanted

    def start(self, scheduler: Any, alias: str) -> None:
        super().start(scheduler, alias)
        for job in self.get_all_jobs():
            if job.id.startswith(JOB_PREFIX) and job.id not in self.wanted:
                self.remove_job(job.id)
                log.info("removed the job of %s: no longer in the config", job.id.removeprefix(JOB_PREFIX))

    def add_job(self, job: Any) -> None:
        try:
            super().add_job(job)
        except ConflictingIdError:
            stored = self.lookup_job(job.id)
            if stored is not None and str(stored.trigger) == str(job.trigger) and stored.args == job.args:
                return  # unchanged: keep the stored next run time
            self.update_job(job)


def scheduler_for(
    config: ServeConfig, config_path: Path, make: Callable[..., BaseScheduler] = BlockingScheduler, executor: Any = None
) -> BaseScheduler:
    ids = {JOB_PREFIX + entry.repo for entry in config.repositories}
    _make_room_for(config.database, config_path)
    store = KeepingJobStore(f"sqlite:///{config.database}", ids)
    scheduler = make(
        jobstores={"default": store},
        executors={"default": executor or ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": config.misfire_grace_minutes * 60},
        timezone=config.timezone,
    )
    trigger = CronTrigger(
        day_of_week=config.day_of_week, hour=config.hour, minute=config.minute, timezone=config.timezone
    )
    for entry in config.repositories:
        scheduler.add_job(
            "bot.schedule:run_repository",
            trigger,
            args=[str(config_path), entry.repo],
            id=JOB_PREFIX + entry.repo,
            name=f"weekly digest of {entry.repo}",
            replace_existing=False,
        )
    return scheduler


def _make_room_for(database: Path, config_path: Path) -> None:
    """The jobs' directory is created on first start (like /var/lib/goodhart); if it cannot be, say so."""
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(
            f"serve config {config_path}: the directory of database {database} could not be created "
            f"({error.strerror or error}); create it writable for this user, or set database: to a file in a "
            "writable directory"
        ) from None


def checked_repositories(config: ServeConfig, config_path: Path) -> None:
    """Every repository's settings, checked before the first run: a mistake shows at start, not next Monday."""
    problems = []
    for entry in config.repositories:
        try:
            repository_settings(entry, where=f"serve config {config_path}", environ=os.environ)
        except ConfigError as error:
            problems.append(f"{entry.repo}: " + str(error).replace("\n", "\n  "))
    if problems:
        raise ConfigError(
            "not started: fix these repositories' settings in the serve config first\n  " + "\n  ".join(problems)
        )


def run_repository(config_path: str, repo: str) -> int:
    """One repository's digest, with its settings from the serve config; failures are logged, never
    raised to the scheduler."""
    started = time.monotonic()
    try:
        config = load_serve_config(Path(config_path))
        entry = next(e for e in config.repositories if e.repo == repo)
    except (ConfigError, StopIteration) as error:
        log.error("%s: not run: %s", repo, error or "no longer in the config")
        return 2
    log.info("%s: weekly digest starts", repo)
    if not os.environ.get(entry.token_env):
        log.warning("%s: %s is not set, so the digest can only be printed", repo, entry.token_env)
    if entry.path is not None and not entry.path.is_dir():
        log.warning("%s: the clone %s does not exist; commits will not be counted", repo, entry.path)
    if entry.path is None:
        log.info("%s: no clone configured (no path): GitHub alone, commits not counted", repo)

    def digest() -> int:
        settings = repository_settings(entry, where=f"serve config {config_path}", environ=os.environ)
        return run_digest(settings, datetime.now(UTC))

    code = reported(digest, debug=False)  # one repository's failure must not stop the others
    outcome = "done" if code == 0 else f"failed with exit code {code}"
    log.info("%s: weekly digest %s in %.1fs", repo, outcome, time.monotonic() - started)
    return code


def serve(config_path: Path, once: bool) -> int:
    config = load_serve_config(config_path)
    checked_repositories(config, config_path)
    if once:
        codes = [run_repository(str(config_path), entry.repo) for entry in config.repositories]
        return next((code for code in codes if code != 0), 0)
    scheduler = scheduler_for(config, config_path)
    names = ", ".join(e.repo for e in config.repositories)
    log.info(
        "serving %s (%s): %s at %02d:%02d %s",
        counted(len(config.repositories), "repository|repositories"),
        names,
        config.day_of_week,
        config.hour,
        config.minute,
        config.timezone,
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("stopped")
    return 0
