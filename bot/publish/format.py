"""The one formatter: numbers, movements and verdicts as a reader sees them, in markdown and in JSON alike."""

from __future__ import annotations

from collections.abc import Sequence

from bot import wording
from bot.balance.movement import Direction, Movement, Test
from bot.balance.pairs import Absent, Counted, Held, PairVerdict, Unjudged, Verdict
from bot.measure.failures import Cause, CauseKind
from bot.measure.metrics import Basis, Better, Kind, Metric

_BARS = "▁▂▃▄▅▆▇█"
_GAP = "·"
"""A week with no value: inside a code span it is as wide as a bar, so gappy trends keep their length."""
NBSP = "\u00a0"
"""Joins a value to its unit or mark, so a table cell never breaks inside "3.0 h" or "+191% better"."""
_PLAIN_UNIT = (Kind.RATE, Kind.DURATION)
"""Kinds whose shown value carries its own unit (45%, 3.0 h)."""


def shown(value: float | None, kind: Kind) -> str:
    """A metric's value as a reader wants it: durations in minutes, hours or days; rates as percentages."""
    if value is None:
        return "n/a"
    if kind is Kind.DURATION:
        return duration(value)
    if kind is Kind.RATE:
        return f"{value:.0%}"
    return f"{value:,.1f}".removesuffix(".0")


def duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def counted(value: int | None, noun: str) -> str:
    """``3 commits``, ``1 commit``, and ``commits: n/a`` for a count that was not read."""
    if value is None:
        singular, _, plural = noun.partition("|")
        return f"{plural or singular + 's'}: n/a"
    return wording.counted(value, noun)


def change(ratio: float | None, better: Better = Better.NEITHER) -> str:
    """``+191% better``, ``-10% better``, ``+277% worse``: the sign says the direction, the word says the meaning.

    A rise is good news for deployments and bad news for failures, so an arrow alone misleads; a metric
    with no better direction gets the sign only. The parts are joined by non-breaking spaces.
    """
    if ratio is None:
        return "n/a"
    shown = f"{ratio:+.0%}"
    if shown in ("+0%", "-0%"):
        return "±0%"
    if better is Better.NEITHER:
        return shown
    good = (ratio > 0) == (better is Better.HIGHER)
    return f"{shown}{NBSP}{'better' if good else 'worse'}"


def nowrap(text: str) -> str:
    """A table value that stays on one line: its spaces become non-breaking spaces."""
    return text.replace(" ", NBSP)


def sparkline(values: Sequence[float | None]) -> str:
    """Eight-level bars from zero to the series' maximum, as a code span so every week is one column wide.

    A week with no value is a dot of the same width; a series that never moves is drawn flat at mid
    height (full bars would read as "at its peak"); a series with no value at all is ``n/a``.
    """
    known = [v for v in values if v is not None]
    if not known:
        return "n/a"
    top, bottom = max(known), min(known)
    bars = "".join(_GAP if v is None else _bar(v, top, flat=top == bottom) for v in values)
    return f"`{bars}`"


def _bar(value: float, top: float, *, flat: bool) -> str:
    if top <= 0:
        return _BARS[0]
    if flat:
        return _BARS[len(_BARS) // 2 - 1]
    return _BARS[min(len(_BARS) - 1, round(value / top * (len(_BARS) - 1)))]


def p_value(p: float) -> str:
    """``p < 0.01``, ``p = 0.03``: never ``p=0.00``, which reads as certainty (or nonsense) to a manager."""
    return "p < 0.01" if p < 0.005 else f"p = {p:.2f}"


def with_unit(value: float | None, metric: Metric) -> str:
    """``12.8 deploys/week``, ``43%``, ``2.5 d``."""
    text = shown(value, metric.kind)
    return text if metric.kind in _PLAIN_UNIT or value is None else f"{text} {metric.unit}".rstrip()


def movement(m: Movement) -> str:
    """``change failure rate 11% → 43% (worse, p < 0.01)``, in the metric's own units."""
    before = shown(m.baseline, m.metric.kind)
    return f"{m.metric.name} {before} → {with_unit(m.current, m.metric)} ({how_it_moved(m)})"


def how_it_moved(m: Movement, *, one_line: bool = False) -> str:
    """``worse, p < 0.01``; a flat move says why it is flat, so "flat, p = 0.02" never reads as a contradiction.

    A move can be beyond noise and still flat, when it is smaller than the pair's threshold: that is said as
    the change and the threshold it did not reach, not as a p-value that looks significant.
    """
    keep = nowrap if one_line else str
    change = m.change
    p = "" if m.p_value is None else f", {keep(p_value(m.p_value))}"
    if m.direction is not Direction.FLAT:
        return f"{m.direction.value}{p}"
    if m.threshold is not None and change is not None and abs(change) < m.threshold:
        return f"flat: {change:+.0%}, under the {keep(f'{m.threshold:.0%} threshold')}".replace("+0%", "±0%")
    return f"flat: within noise{p}" if p else "flat"


_TESTS = {
    Test.POISSON: "exact Poisson rate test",
    Test.FISHER: "Fisher's exact test",
    Test.MANN_WHITNEY: "Mann-Whitney U test",
    Test.ESTIMATE_SIZE: "Mann-Whitney U test on the points of each pointed item",
    Test.PRS_AND_SIZE: "exact Poisson test on merged PRs and Mann-Whitney U test on PR size",
}


def test_name(test: Test) -> str:
    return _TESTS[test]


def threshold(m: Movement) -> str:
    return "any change beyond noise" if m.threshold is None else f"a change of at least {m.threshold:.0%}"


_VERDICT_MARK = {
    Verdict.WARNING: "⚠️ warning",
    Verdict.BALANCED: "✅ balanced",
    Verdict.IMPROVING: "📈 improving",
    Verdict.DEGRADING: "📉 degrading",
    Verdict.INSUFFICIENT: "❔ insufficient data",
}


def verdict_mark(verdict: Verdict) -> str:
    return _VERDICT_MARK[verdict]


_ABSENT = {
    Absent.DEPLOYMENTS: "no deployment data",
    Absent.COMMITS: "no commit history",
    Absent.REVIEWS: "no review data",
    Absent.POINTS: "no story points",
    Absent.PULL_REQUESTS: "no pull request data",
}
_COUNTED = {
    Counted.DEPLOYMENTS: "deployment",
    Counted.COMMITS: "commit",
    Counted.MERGED_PRS: "merged PR",
    Counted.POINTED_ITEMS: "pointed work item",
}


def unjudged(reason: Unjudged) -> str:
    """Why a pair was not judged, in a sentence."""
    if isinstance(reason, Absent):
        return _ABSENT[reason]
    now = counted(reason.current, _COUNTED[reason.counted])
    return f"{now} now and {reason.baseline} in the baseline; at least {reason.minimum} in each are needed"


_LEAD = {
    Verdict.WARNING: "{driver} improved while its guard worsened",
    Verdict.IMPROVING: "both improved",
    Verdict.DEGRADING: "both worsened",
    Verdict.BALANCED: "no pair of opposite moves beyond noise",
}


def reason(verdict: PairVerdict) -> str:
    """What moved, by how much: the same sentence in the JSON as in the digest's table."""
    if verdict.driver is None:
        assert verdict.unjudged is not None
        return unjudged(verdict.unjudged)
    lead = _LEAD[verdict.verdict].format(driver=verdict.driver.metric.name)
    return f"{lead}: " + "; ".join(movement(m) for m in (verdict.driver, *verdict.guards))


def held(h: Held) -> str:
    """``since 2026-W41, 6 weeks``: the run of weekly digests a warning has held in, this one included."""
    return f"since {h.since}, {counted(h.weeks, 'week')}"


def cause(c: Cause) -> str:
    """``incident #5 (opened after it)``, ``#12 was reverted by #14``: why a deploy counts as failed."""
    sha = (c.sha or "")[:7]
    return {
        CauseKind.DEPLOY_FAILED: "the deployment failed",
        CauseKind.ROLLED_BACK: f"rolled back to {sha}",
        CauseKind.INCIDENT_ROOT_CAUSE: f"incident #{c.number} (root cause {sha})",
        CauseKind.INCIDENT_AFTER: f"incident #{c.number} (opened after it)",
        CauseKind.COMMIT_REVERTED: f"{sha} was reverted",
        CauseKind.PR_REVERTED: f"#{c.number} was reverted by #{c.by}",
        CauseKind.HOTFIXED: f"hotfixed by #{c.by}",
    }[c.kind]


def listed(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def withheld_tier(metric: Metric, basis: Basis, weeks: int) -> str:
    """Why a metric with DORA bands gets no tier, in a manager's words; empty when it gets one."""
    if basis.tiered:
        return ""
    reasons = []
    if basis.partial:
        counted = f"counts {listed(basis.counted)} only" if basis.counted else "counts nothing it needs"
        reasons.append(f"it {counted}; {listed(basis.unread)} were not read")
    if basis.too_few:
        rests = counted_deployments(basis.deployments, weeks)
        reasons.append(f"it rests on {rests}, and a tier needs at least {basis.min_deployments}")
    name = metric.name[:1].upper() + metric.name[1:]
    return f"{name} has no DORA tier: {'; and '.join(reasons)}."


def counted_deployments(deployments: int | None, weeks: int) -> str:
    return f"{counted(deployments or 0, 'deployment')} in the last {counted(weeks, 'week')}"
