"""From settings to the KPIs' readings and the quarterly audit: the long read, the outcome series, the span.

Proxy validation needs more history than the digest's window, so the KPIs are read over
``validation-weeks`` (and at least the audited quarter plus the digest's lookback): the audit reads them itself, the
weekly digest hands over the read it made for both.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, tzinfo
from functools import cached_property
from pathlib import Path

from bot.audit import Audit, audit_kpis
from bot.balance.pairs import PairVerdict
from bot.balance.proxy import ProxyRules
from bot.collect.github.issue_outcomes import read_issue_outcomes
from bot.collect.outcomes import read_outcome
from bot.collect.scope import gather_in_scope
from bot.errors import ConfigError
from bot.kpis import KpiReading, read_kpis
from bot.measure.history import History
from bot.measure.outcomes import OutcomeSeries, incident_hours, outside_bug_reports, reopened_issues
from bot.measure.quarters import Quarter
from bot.measure.scope import Scope
from bot.measure.values import Period
from bot.measure.weeks import IsoWeek, Window
from bot.records import Dataset, Severity, Source, SourceNote
from bot.report import Replay
from bot.settings import Settings
from bot.wording import counted

log = logging.getLogger("goodhart")


class KpiRead:
    """The KPIs over the ``weeks`` weeks that end with ``last``, and the history they were measured from."""

    def __init__(
        self,
        settings: Settings,
        last: IsoWeek,
        weeks: int,
        now: datetime,
        *,
        strict: bool = False,
        read: tuple[Scope, Dataset] | None = None,
    ) -> None:
        """``strict``: a bad outcome file stops the run (the audit); else the KPI's outcome is marked unread and
        a note names the file and line, so the weekly digest still posts. ``read``: the records of this window,
        already gathered by the digest that shows these KPIs, so the sources are read once."""
        collection, governance = settings.collection, settings.governance
        zone = collection.zone
        self.settings = settings
        self.window = Window.ending(last, max(weeks, governance.validation_weeks), zone)
        started = time.monotonic()
        self.scope, self.dataset = read or gather_in_scope(
            settings.connection,
            collection,
            settings.scope,
            self.window,
            clock=lambda: now + timedelta(seconds=time.monotonic() - started),
        )
        # a young repository's weeks before its first commit are no weeks: as zeros, they would pair with an
        # outcome's zeros and make any KPI look like a proxy that held (as the digest, see report.build_digest)
        self.window = self.window.from_history(self.dataset.history_start, keep=1)
        self.notes: list[SourceNote] = list(self.dataset.notes)
        """What the sources said, and what the outcomes' own reads could not get."""
        self.history = History(self.dataset, settings.measure.rules(zone=zone, attributes=self.dataset.attributes))
        weekly = tuple(self.history.period(Period(w.start(zone), w.end(zone), 1)) for w in self.window.weeks)
        unread: dict[str, str] = {}
        outcomes = outcome_series(
            settings, self.dataset, self.window.weeks, zone, now=now, notes=self.notes, unread=unread, strict=strict
        )
        self.readings: tuple[KpiReading, ...] = read_kpis(
            governance.kpis,
            weeks=self.window.weeks,
            weekly=weekly,
            outcomes=outcomes,
            rules=ProxyRules(lag=governance.proxy_lag),
            unread=unread,
        )
        for reading in self.readings:
            if reading.guard is None:
                log.warning(
                    "KPI %s has no guard and no pair partner: name one under kpis: (guard: METRIC-ID), so that "
                    "pushing it up alone shows",
                    reading.metric.id,
                )

    def verdicts_of(self, week: IsoWeek) -> tuple[PairVerdict, ...]:
        """Each pair's verdict in the digest of ``week``, read from this history."""
        balance, lookback = self.settings.balance, self.settings.collection.lookback_weeks
        window = Window.ending(week, lookback, self.window.zone).from_history(
            self.dataset.history_start, keep=balance.current_weeks
        )
        return self._replay.verdicts(window, balance.current_weeks, balance.baseline_weeks)

    @cached_property
    def _replay(self) -> Replay:
        return Replay(self.history, self.settings.balance)


def outcome_series(
    settings: Settings,
    dataset: Dataset,
    weeks: tuple[IsoWeek, ...],
    zone: tzinfo,
    now: datetime,
    notes: list[SourceNote],
    unread: dict[str, str],
    strict: bool = True,
) -> dict[str, OutcomeSeries]:
    """The outcomes the KPIs name, by name: files from the clone, and the GitHub-derived ones. One that cannot
    be read goes into ``unread`` with the reason (and a note), unless ``strict``, where a bad file stops the run."""
    until = min(now, weeks[-1].end(zone))
    named = {kpi.outcome for kpi in settings.governance.kpis if kpi.outcome}
    clone = settings.collection.repo_path or Path()
    series: dict[str, OutcomeSeries] = {}
    for outcome in settings.governance.outcomes:
        if outcome.name not in named:
            continue
        try:
            series[outcome.name] = read_outcome(clone, outcome)
        except ConfigError as error:
            if strict:
                raise
            unread[outcome.name] = str(error)
            notes.append(
                SourceNote(
                    source=outcome.file,
                    severity=Severity.MISSING,
                    message=f"outcome {error}",
                    fix="fix that row; until then the KPI's validation against this outcome is left out",
                )
            )
    if "incident-hours" in named:
        if Source.INCIDENTS in dataset.read:
            series["incident-hours"] = incident_hours(dataset, weeks, zone, until)
        else:  # unread, not zero: the reader is told what to fix
            unread["incident-hours"] = (
                "incidents were not read; set incident-labels and give the bot --repo and a token that can read issues"
            )
    if named & {"outside-bug-reports", "reopened-issues"}:
        issues, note = read_issue_outcomes(settings.connection, weeks[0].start(zone), clock=lambda: now)
        if note is not None:
            log.warning("%s%s", note.message, f" ({note.fix})" if note.fix else "")
            notes.append(note)
            reason = f"{note.message}; {note.fix}" if note.fix else note.message
            unread.update({name: reason for name in named & {"outside-bug-reports", "reopened-issues"}})
        if issues is not None:  # unread: the outcome is missing, never zero
            labels = settings.governance.bug_labels
            series["outside-bug-reports"] = outside_bug_reports(issues, weeks, zone, labels)
            series["reopened-issues"] = reopened_issues(issues, weeks, zone)
    return series


def audit_span(
    quarter: str | None, week: str | None, now: datetime, zone: tzinfo
) -> tuple[Quarter, tuple[IsoWeek, ...]]:
    """The quarter audited and its weeks up to the audit's end: ``--quarter``, ended early by ``--week``; else
    the quarter of ``--week``; else the last complete quarter. A ``--week`` outside ``--quarter`` is refused."""
    last_complete = IsoWeek.last_complete(now, zone)
    end = IsoWeek.parse(week) if week else None
    if end is not None and end > last_complete:
        state = "is not over yet" if end == last_complete.shift(1) else "has not begun yet"
        raise ConfigError(f"week {end} {state}: an audit counts whole weeks; choose {last_complete} or an earlier week")
    chosen = Quarter.parse(quarter) if quarter else Quarter.of(end) if end else Quarter.last_complete(last_complete)
    first, last = chosen.weeks()[0], chosen.weeks()[-1]
    if end is not None and end > last:
        raise ConfigError(
            f"--week {end} is after {chosen} (its weeks are {first} to {last}); choose a week of {chosen} to end "
            "the audit early, or leave --week out to audit the whole quarter"
        )
    weeks = tuple(w for w in chosen.weeks() if w <= (end or last_complete))
    if not weeks:
        if end is not None:
            raise ConfigError(f"--week {end} ends the audit before {chosen} begins ({first}); choose a later week")
        raise ConfigError(
            f"{chosen} has no complete week yet (it begins with {first}; the last complete week is {last_complete}); "
            "choose an earlier quarter"
        )
    return chosen, weeks


def compute_audit(settings: Settings, now: datetime, repository: str) -> Audit:
    zone = settings.collection.zone
    if not settings.governance.kpis:
        raise ConfigError("there are no KPIs to audit: list them under kpis: in .github/goodhart.yml (see README)")
    quarter, weeks = audit_span(settings.governance.quarter, settings.collection.week, now, zone)
    read = KpiRead(settings, weeks[-1], len(weeks) + settings.collection.lookback_weeks, now, strict=True)
    log.info("auditing %s over %s (%s to %s)", counted(len(read.readings), "KPI"), quarter, weeks[0], weeks[-1])
    first_commit = min((c.authored_at for c in read.dataset.commits), default=None)
    return Audit(
        repository=repository,
        quarter=quarter,
        weeks=weeks,
        end=weeks[-1].sunday(),
        generated_at=now,
        kpis=audit_kpis(
            read.readings,
            weeks=weeks,
            end=weeks[-1].sunday(),
            verdicts_of=read.verdicts_of,
            since=None if first_commit is None else IsoWeek.containing(first_commit, zone),
        ),
        notes=tuple(read.notes),
        scope=read.scope,
        quarter_over=quarter.weeks()[-1] <= IsoWeek.last_complete(now, zone),
    )
