"""The runs (digest, pr-check, the quarterly KPI audit, and the rollup of many digests), from a settings object
to an exit code; the CLI and ``serve`` call them.

Exit codes: 0 done; 1 internal error; 2 bad input; 3 a source could not be read; 4 could not publish;
5 pr-check found a pattern and fail-on-findings is set; 6 a source stopped partway; 130 interrupted.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from bot.balance.check import check
from bot.collect.pr_change import Gathered
from bot.collect.pr_change import gather as gather_pr
from bot.collect.remote import origin_repository
from bot.collect.scope import gather_in_scope
from bot.errors import ConfigError, GoodhartError, IncompleteError
from bot.github.client import Credentials
from bot.kpi_run import KpiRead, compute_audit
from bot.measure.weeks import IsoWeek, Window
from bot.publish.audit import render_audit_json, render_audit_markdown
from bot.publish.audit_issue import publish_audit
from bot.publish.digest import Rendered, leave_for_actions, publish_issue, set_digest_outputs
from bot.publish.kpi_view import kpi_table
from bot.publish.pull_request import PullRequestAddress, comment_on_pull_request, set_pr_outputs
from bot.publish.render import pr_check_json, render_json, render_markdown, render_pr_comment
from bot.records import Dataset, Severity, SourceNote
from bot.report import Digest, build_digest
from bot.rollup import render as rollup_render
from bot.rollup.digests import read_digests
from bot.rollup.organisation import organise
from bot.settings import Settings

log = logging.getLogger("goodhart")


def reported(run: Callable[[], int], debug: bool) -> int:
    """The run's exit code; an error is printed for a person, with a traceback only when debugging."""
    try:
        return run()
    except GoodhartError as error:
        print(f"goodhart: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("goodhart: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback unless asked
        if debug:
            traceback.print_exc()
        print(f"goodhart: internal error: {type(error).__name__}: {error} (rerun with --debug)", file=sys.stderr)
        return 1


def run_digest(settings: Settings, now: datetime) -> int:
    """Compute the digest, leave it for Actions, then print or publish it as the settings say."""
    with_kpis = bool(settings.governance.kpis)
    read = Read(settings, now, weeks=settings.governance.validation_weeks if with_kpis else 0)
    digest = compute_digest(settings, now, read)
    weeks = len(read.window.weeks)
    kpis = KpiRead(settings, digest.week, weeks, now, read=read.gathered).readings if with_kpis else ()
    rendered = Rendered(
        markdown=render_markdown(digest, kpi_table(digest, kpis) if kpis else None),
        json=render_json(digest, kpis),
        week=digest.week,
        warnings=len(digest.warnings),
        scope=digest.scope.label,
    )
    connection, publishing, json_path = settings.connection, settings.publishing, settings.json_path("digest")
    leave_for_actions(settings.runner, json_path, rendered)
    issue_url = None
    can_publish = connection.repo is not None and Credentials.from_settings(connection).present
    if publishing.dry_run or not can_publish:
        sys.stdout.write(rendered.json if publishing.format == "json" else rendered.markdown)
        if not publishing.dry_run:
            missing = "a token" if connection.repo else "--repo OWNER/NAME and a token"
            log.info("printed the digest: publishing it as an issue needs %s", missing)
    else:
        partial = [n for n in digest.notes if n.severity is Severity.PARTIAL]
        if partial:
            sys.stdout.write(rendered.json if publishing.format == "json" else rendered.markdown)
            set_digest_outputs(settings.runner, json_path=json_path, rendered=rendered, issue_url=None)
            fix = partial[0].fix or "run again after the rate limit resets"
            raise IncompleteError(
                f"the digest is partial ({partial[0].message}), so it was printed and not published; {fix}"
            )
        issue_url = publish_issue(connection, publishing, rendered).url
    set_digest_outputs(settings.runner, json_path=json_path, rendered=rendered, issue_url=issue_url)
    return 0


class Read:
    """What a digest reads: its lookback, or longer when its KPIs need the validation weeks too, so the sources
    are read once (and priced once) for both."""

    def __init__(self, settings: Settings, now: datetime, *, weeks: int = 0) -> None:
        collection = settings.collection
        self.week = reported_week(collection.week, now, collection.zone)
        self.window = Window.ending(self.week, max(collection.lookback_weeks, weeks), collection.zone)
        started = time.monotonic()
        self.gathered = gather_in_scope(
            settings.connection,
            collection,
            settings.scope,
            self.window,
            clock=lambda: now + timedelta(seconds=time.monotonic() - started),
        )


def compute_digest(settings: Settings, now: datetime, read: Read | None = None) -> Digest:
    collection = settings.collection
    zone = collection.zone
    read = read or Read(settings, now)
    week = read.week
    window = Window.ending(week, collection.lookback_weeks, zone)
    scope, dataset = read.gathered
    if window.end > now:
        dataset = dataset.combined(Dataset(notes=(_unfinished(week, now, zone),)))
    return build_digest(
        repository=settings.connection.repo or _local_name(collection.repo_path),
        dataset=dataset,
        window=window,
        rules=settings.measure.rules(zone=zone, attributes=dataset.attributes),
        limits=settings.balance,
        current_weeks=settings.balance.current_weeks,
        baseline_weeks=settings.balance.baseline_weeks,
        release_tag_pattern=collection.release_tag_pattern,
        generated_at=now,
        scope=scope,
    )


def reported_week(week: str | None, now: datetime, zone: tzinfo) -> IsoWeek:
    """The week asked for, or the last complete one; a week that has not begun is refused."""
    if week is None:
        return IsoWeek.last_complete(now, zone)
    asked, current = IsoWeek.parse(week), IsoWeek.containing(now, zone)
    if asked > current:
        raise ConfigError(
            f"week {asked} has not begun yet (today is in {current}, {zone}); choose {current.shift(-1)}, the "
            "last complete week, or an earlier one"
        )
    return asked


def _unfinished(week: IsoWeek, now: datetime, zone: tzinfo) -> SourceNote:
    moment = now.astimezone(zone)
    return SourceNote(
        source="goodhart",
        severity=Severity.ATTENTION,
        message=f"{week} is not over: this is a partial week, counted up to {moment:%A %Y-%m-%d %H:%M} ({zone}), "
        "and its numbers will still grow",
        fix=f"for a complete week, leave out --week or choose {week.shift(-1)}",
    )


def _local_name(repo_path: Path | None) -> str:
    """OWNER/NAME from the clone's github.com origin, else the folder's name."""
    path = repo_path or Path()
    return origin_repository(path) or path.resolve().name


def run_pr_check(settings: Settings) -> int:
    paths = settings.measure.path_rules()
    gathered = gather_pr(
        connection=settings.connection,
        runner=settings.runner,
        pr_check=settings.pr_check,
        repo_path=settings.collection.repo_path or Path(),
        paths=paths,
    )
    rules = settings.measure.rules(zone=settings.collection.zone, attributes=gathered.attributes)
    result = check(gathered.change, settings.pr_check.limits, rules)
    body = render_pr_comment(result, repo=gathered.repo, number=gathered.change.number)
    document = pr_check_json(result, gathered.change.number, gathered.notes)
    rendered = Rendered(markdown=body, json=document, week=None, warnings=len(result.findings), command="pr-check")
    json_path = settings.json_path("pr-check")
    leave_for_actions(settings.runner, json_path, rendered)
    comment_url = None
    repo, number = gathered.repo, gathered.change.number
    if (
        settings.publishing.dry_run
        or repo is None
        or number is None
        or not Credentials.from_settings(settings.connection).present
    ):
        sys.stdout.write(document if settings.publishing.format == "json" else _local_report(body, gathered))
    else:
        comment = render_pr_comment(
            result, resolved=True, repo=repo, number=number
        )  # sent only when editing an earlier comment
        comment_url = comment_on_pull_request(
            connection=settings.connection,
            publishing=settings.publishing,
            runner=settings.runner,
            pull_request=PullRequestAddress(repo, number),
            body=comment,
            has_findings=bool(result.findings),
            when_clear=settings.pr_check.pr_comment_when_clear,
        )
    set_pr_outputs(settings.runner, json_path=json_path, warnings=len(result.findings), comment_url=comment_url)
    return 5 if settings.pr_check.fail_on_findings and result.findings else 0


def _local_report(body: str, gathered: Gathered) -> str:
    notes = "".join(f"\n- {n.source}: {n.message}" + (f" ({n.fix})" if n.fix else "") for n in gathered.notes)
    first = "".join(
        f"> {n.message[:1].upper()}{n.message[1:]}.\n\n" for n in gathered.notes if n.severity is Severity.ATTENTION
    )
    return first + body + (f"\n**Sources**{notes}\n" if notes else "")


# -- the quarterly KPI audit ------------------------------------------------------------------------------
def run_audit(settings: Settings, now: datetime) -> int:
    """Audit the KPIs over a quarter, leave it for Actions, then print or publish it as the settings say."""
    connection, publishing = settings.connection, settings.publishing
    audit = compute_audit(settings, now, connection.repo or _local_name(settings.collection.repo_path))
    markdown, document = render_audit_markdown(audit), render_audit_json(audit)
    json_path = settings.json_path("audit")
    rendered = Rendered(markdown=markdown, json=document, week=None, warnings=0, command="audit")
    leave_for_actions(settings.runner, json_path, rendered)
    can_publish = connection.repo is not None and Credentials.from_settings(connection).present
    partial = [n for n in audit.notes if n.severity is Severity.PARTIAL]
    if publishing.dry_run or not can_publish or partial:
        sys.stdout.write(document if publishing.format == "json" else markdown)
        if partial and can_publish and not publishing.dry_run:
            raise IncompleteError(f"the audit is partial ({partial[0].message}), so it was printed and not published")
        if not publishing.dry_run:
            missing = "a token" if connection.repo else "--repo OWNER/NAME and a token"
            log.info("printed the audit, not posted: posting it as the quarter's issue needs %s", missing)
        return 0
    publish_audit(connection, publishing, audit.quarter, markdown, scope=audit.scope.label)
    return 0


# -- the organisation rollup -----------------------------------------------------------------------------
def run_rollup(settings: Settings, now: datetime) -> int:
    """Pool the repositories' digest JSON into the organisation digest, then print or publish it as the week's
    issue in ``repo``, found again by its own marker. Bad input stops before anything is written."""
    balance, rollup = settings.balance, settings.rollup
    if not rollup.rollup_inputs:
        raise ConfigError("rollup needs the repositories' digest JSON: pass files or folders, or set rollup-inputs")
    base = settings.runner.workspace or Path()  # in the action, paths are the workspace's
    org = organise(
        read_digests([base / path for path in rollup.rollup_inputs], by_team=rollup.by_team),
        limits=balance,
        current_weeks=balance.current_weeks,
        baseline_weeks=balance.baseline_weeks,
        by_team=rollup.by_team,
        generated_at=now,
    )
    rendered = Rendered(
        markdown=rollup_render.render_markdown(org),
        json=rollup_render.render_json(org),
        week=org.week,
        warnings=len(org.organisation.warnings),
        command="rollup",
    )
    connection, publishing, json_path = settings.connection, settings.publishing, settings.json_path("rollup")
    leave_for_actions(settings.runner, json_path, rendered)
    issue_url = None
    if publishing.dry_run or connection.repo is None or not Credentials.from_settings(connection).present:
        sys.stdout.write(rendered.json if publishing.format == "json" else rendered.markdown)
        if not publishing.dry_run:
            needs = "a token" if connection.repo else "--repo OWNER/NAME and a token"
            log.info("printed the organisation digest: posting it as an issue needs %s", needs)
    else:
        owner = connection.repo.partition("/")[0]
        title = f"Goodhart organisation digest: {owner} · {org.week}"
        issue_url = publish_issue(connection, publishing, rendered, title=title).url
    set_digest_outputs(settings.runner, json_path=json_path, rendered=rendered, issue_url=issue_url)
    return 0
