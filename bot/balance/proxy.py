"""Does a KPI still predict its outcome? A lagged rank correlation, recent weeks against earlier ones.

A fast KPI (merged PRs a week) is worth steering by only while it predicts the slower outcome it stands
for (activation, fewer incidents). The seed articles' warning: leads kept rising while their purchase
rate fell from 14% to 8%, and nobody noticed because the proxy looked healthy. So, for each week t the
KPI's mean over weeks t-L..t is paired with the outcome in week t; the Spearman correlation of the
earlier weeks says whether the relation held, the last ``recent_weeks`` whether it still holds, and a
seeded bootstrap gives each an interval. Weeks with no outcome are left out, never counted as zero.

Verdicts: ``validated`` (held before and still holds), ``weak`` (never held clearly, or too unsure now),
``decoupled`` (held before, and the outcome has since fallen behind what the KPI predicts: ``drift``, a
sequential test watched every week with one false-alarm limit for the whole read; with the week it broke
and the week it was seen), ``insufficient data``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.measure.weeks import IsoWeek


class ProxyStatus(StrEnum):
    VALIDATED = "validated"
    WEAK = "weak"
    DECOUPLED = "decoupled"
    INSUFFICIENT = "insufficient data"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProxyRules:
    lag: int = 1
    """The KPI of weeks t-lag..t predicts the outcome of week t."""
    recent_weeks: int = 8
    min_earlier_weeks: int = 10
    min_strength: float = 0.3
    """The recent correlation (in the earlier direction) a validated proxy keeps."""
    confidence: float = 0.90
    resamples: int = 500
    seed: int = 16
    pushed: int = 1
    """Which way the KPI is pushed when it is gamed: +1 up (higher is better), -1 down (lower is better), 0
    either way (a shortfall on either side counts). The outcome falling behind is judged in that direction."""
    drift_limit: float = 3.3
    """How far (in standard normal units) the outcome may fall behind what the earlier relation predicts
    before the proxy is decoupled. Watched every week once 18 paired weeks can serve as the earlier relation,
    a stable relation with Gaussian noise crossed 3.3 in 3.0% of 2,000 simulated 52-week reads (2.3% of
    40-week ones); tests/balance/test_proxy.py checks it on 300."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Paired:
    week: IsoWeek
    kpi: float
    """The KPI's mean over weeks t-lag..t."""
    outcome: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Correlation:
    """Spearman's rho over the paired weeks first..last, and its bootstrap interval."""

    first: IsoWeek
    last: IsoWeek
    weeks: int
    rho: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Validation:
    status: ProxyStatus
    lag: int
    paired_weeks: int
    earlier: Correlation | None
    recent: Correlation | None
    agreement: Agreement | None
    """How well the recent weeks follow the earlier relation; None unless the earlier relation held."""
    broke: IsoWeek | None
    """For ``decoupled``: the first week of the relation's new state."""
    detected: IsoWeek | None = None
    """For ``decoupled``: the week it was first seen; the numbers are those of that week's judgement."""
    confidence: float
    needed_weeks: int


def validate(
    kpi: Sequence[tuple[IsoWeek, float | None]], outcome: Mapping[IsoWeek, float], rules: ProxyRules
) -> Validation:
    """The verdict on one KPI as a proxy of one outcome, over the weeks given (oldest first).

    Watched week by week, as the digest shows it: once the outcome fell behind what the KPI predicts (see
    ``drift``), the proxy stays decoupled, with the week it broke and the week it was seen, until the weeks
    since the break are a full window of their own that validates it again.
    """
    pairs = lagged_pairs(kpi, outcome, rules.lag)
    found = _judged(pairs, rules)
    if found.status is ProxyStatus.INSUFFICIENT:
        return found
    start = 0
    while (shift := drift(pairs[start:], rules)) is not None:
        broke, seen = start + shift.start, start + shift.seen
        if _validated_again(pairs[seen + 1 :], rules):
            start = seen + 1  # a dip that recovered: watch on from it, so a later break still shows
            continue
        then = _judged(pairs[: max(seen + 1, found.needed_weeks)], rules)
        return replace(
            then,
            status=ProxyStatus.DECOUPLED,
            paired_weeks=len(pairs),
            broke=pairs[broke].week,
            detected=pairs[seen].week,
        )
    return found


def _validated_again(since: Sequence[Paired], rules: ProxyRules) -> bool:
    """The first full window of weeks after a break was seen validates the proxy again: the relation came back."""
    needed = rules.recent_weeks + rules.min_earlier_weeks
    return len(since) >= needed and _judged(since[:needed], rules).status is ProxyStatus.VALIDATED


def _judged(pairs: Sequence[Paired], rules: ProxyRules) -> Validation:
    """The verdict with the last ``recent_weeks`` of these pairs as the recent period: validated or weak
    (``drift`` alone finds a proxy decoupled)."""
    needed = rules.recent_weeks + rules.min_earlier_weeks
    found = Validation(
        status=ProxyStatus.INSUFFICIENT,
        lag=rules.lag,
        paired_weeks=len(pairs),
        confidence=rules.confidence,
        needed_weeks=needed,
        earlier=None,
        recent=None,
        agreement=None,
        broke=None,
    )
    if len(pairs) < needed:
        return found
    before, after = pairs[: -rules.recent_weeks], pairs[-rules.recent_weeks :]
    earlier, recent = correlation(before, rules), correlation(after, rules)
    found = replace(found, earlier=earlier, recent=recent)
    if earlier is None or not earlier.excludes_zero:  # a series that never moved predicted nothing
        return replace(found, status=ProxyStatus.WEAK)
    if recent is None:  # the recent weeks never moved: it cannot be seen to hold (``drift`` may see it broke)
        return replace(found, status=ProxyStatus.WEAK)
    sign = 1.0 if earlier.rho > 0 else -1.0
    agreement = agreement_with(before, after, rules)
    found = replace(found, agreement=agreement)
    held = min(agreement.low * sign, agreement.high * sign) > 0 and sign * recent.rho >= rules.min_strength
    return replace(found, status=ProxyStatus.VALIDATED if held else ProxyStatus.WEAK)


@dataclass(frozen=True, slots=True, kw_only=True)
class Shift:
    """Where the outcome fell behind the KPI: ``pairs[start]`` is the first week of the new state,
    ``pairs[seen]`` the week the evidence first crossed the limit, ``z`` how far it crossed."""

    start: int
    seen: int
    z: float


def drift(pairs: Sequence[Paired], rules: ProxyRules) -> Shift | None:
    """The first week at which the outcome has fallen behind what the earlier relation predicts.

    For each week ``seen`` after the first 18 paired weeks, and each possible break ``start`` within the last
    ``recent_weeks``: a straight line of outcome on KPI over the weeks before ``start`` predicts the weeks
    ``start..seen``; their prediction errors, weighted 1, 2, 3, ... (a proxy usually decays, so each week
    since the break counts more), are scaled by their exact standard error under the earlier relation into a
    normal score. Only shortfalls count (the outcome worse than the KPI says: Goodhart's direction); a KPI
    that falls while its outcome holds shows up as ``weak``. Watching every week and every start is many
    looks, so the limit is set for the whole read, not for one test (see ``ProxyRules.drift_limit``).
    The relation must have held before the break (its rank correlation's interval excludes zero).
    """
    first = rules.recent_weeks + rules.min_earlier_weeks
    lines = {start: _Line.fit(pairs[:start]) for start in range(first, len(pairs))}
    for seen in range(first, len(pairs)):
        scores = [
            Shift(start=start, seen=seen, z=line.shortfall(pairs[start : seen + 1], pushed=rules.pushed))
            for start in range(max(first, seen - rules.recent_weeks + 1), seen + 1)
            if (line := lines[start]) is not None
        ]
        worst = max(scores, key=lambda shift: shift.z, default=None)
        if worst is not None and worst.z > rules.drift_limit and _held(pairs[: worst.start], rules):
            return worst
    return None


@dataclass(frozen=True, slots=True)
class _Line:
    """Least squares of outcome on KPI over the reference weeks, with what its prediction errors need."""

    intercept: float
    slope: float
    weeks: int
    mean_kpi: float
    spread: float
    """The sum of squared KPI deviations from their mean."""
    sd: float
    """The residuals' standard deviation, on weeks - 2 degrees of freedom."""

    @staticmethod
    def fit(pairs: Sequence[Paired]) -> _Line | None:
        n = len(pairs)
        if n < 3:
            return None
        mx, my = sum(p.kpi for p in pairs) / n, sum(p.outcome for p in pairs) / n
        sxx = sum((p.kpi - mx) ** 2 for p in pairs)
        if sxx == 0:
            return None
        slope = sum((p.kpi - mx) * (p.outcome - my) for p in pairs) / sxx
        intercept = my - slope * mx
        squares = sum((p.outcome - intercept - slope * p.kpi) ** 2 for p in pairs)
        if slope == 0 or squares == 0:
            return None
        return _Line(intercept, slope, n, mx, sxx, (squares / (n - 2)) ** 0.5)

    def shortfall(self, window: Sequence[Paired], *, pushed: int = 1) -> float:
        """The weighted prediction error of these weeks against the relation's direction, as a normal score:
        Student's t on weeks - 2 degrees of freedom (the sd is estimated), mapped to a normal quantile.

        A KPI pushed up promises more of the outcome (along the slope's sign) than comes; a KPI pushed down, as
        lead time is, promises the opposite side: ``pushed`` turns the error that way (0: either side)."""
        weights = range(1, len(window) + 1)
        error = sum(w * (p.outcome - self.intercept - self.slope * p.kpi) for w, p in zip(weights, window, strict=True))
        lever = sum(w * (p.kpi - self.mean_kpi) for w, p in zip(weights, window, strict=True))
        variance = sum(w * w for w in weights) + sum(weights) ** 2 / self.weeks + lever**2 / self.spread
        t = -(1.0 if self.slope > 0 else -1.0) * error / (self.sd * math.sqrt(variance))
        t = abs(t) if pushed == 0 else t * pushed
        freedom = self.weeks - 2
        return t * (1 - 1 / (4 * freedom)) / math.sqrt(1 + t * t / (2 * freedom))


def _held(before: Sequence[Paired], rules: ProxyRules) -> bool:
    """A proxy that never predicted its outcome cannot have decoupled from it."""
    earlier = correlation(before, rules)
    line = _Line.fit(before)
    return earlier is not None and line is not None and earlier.excludes_zero and earlier.rho * line.slope > 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Agreement:
    """How well the recent weeks follow the earlier relation: Kendall's concordance of each recent week with
    every earlier one (+1: a higher KPI came with a higher outcome, as before), against the earlier weeks'
    concordance among themselves. Unlike a correlation within the recent weeks alone, it sees levels: a KPI
    at its highest while the outcome sinks below where that KPI used to put it is discordant."""

    earlier: float
    recent: float
    low: float
    high: float


def agreement_with(before: Sequence[Paired], after: Sequence[Paired], rules: ProxyRules) -> Agreement:
    per_week = [sum(_concordant(a, b) for b in before) / len(before) for a in after]
    within = [_concordant(a, b) for i, a in enumerate(before) for b in before[i + 1 :]]
    rng = random.Random(rules.seed)
    n = len(per_week)
    draws = [sum(per_week[rng.randrange(n)] for _ in range(n)) / n for _ in range(rules.resamples)]
    low, high = interval(draws, rules.confidence)
    return Agreement(earlier=sum(within) / len(within), recent=sum(per_week) / n, low=low, high=high)


def _concordant(a: Paired, b: Paired) -> float:
    product = (a.kpi - b.kpi) * (a.outcome - b.outcome)
    return 1.0 if product > 0 else -1.0 if product < 0 else 0.0


def lagged_pairs(
    kpi: Sequence[tuple[IsoWeek, float | None]], outcome: Mapping[IsoWeek, float], lag: int
) -> list[Paired]:
    """Each week with an outcome and a KPI value in weeks t-lag..t: a missing week is left out, never zero."""
    pairs = []
    for index, (week, _) in enumerate(kpi):
        if week not in outcome or index < lag:
            continue
        values = [v for _, v in kpi[index - lag : index + 1] if v is not None]
        if values:
            pairs.append(Paired(week=week, kpi=sum(values) / len(values), outcome=outcome[week]))
    return pairs


def correlation(pairs: Sequence[Paired], rules: ProxyRules) -> Correlation | None:
    """Spearman's rho and its percentile bootstrap interval; None when either series is constant."""
    xs, ys = [p.kpi for p in pairs], [p.outcome for p in pairs]
    rho = spearman(xs, ys)
    if rho is None:
        return None
    rng = random.Random(rules.seed)
    n = len(pairs)
    draws = []
    for _ in range(rules.resamples):
        picked = [rng.randrange(n) for _ in range(n)]
        drawn = spearman([xs[i] for i in picked], [ys[i] for i in picked])
        draws.append(0.0 if drawn is None else drawn)  # a draw with no spread carries no relation
    low, high = interval(draws, rules.confidence)
    return Correlation(first=pairs[0].week, last=pairs[-1].week, weeks=n, rho=rho, low=low, high=high)


def interval(draws: Sequence[float], confidence: float) -> tuple[float, float]:
    """The percentile interval of bootstrap draws."""
    ordered = sorted(draws)
    tail = (1 - confidence) / 2
    return ordered[int(tail * (len(ordered) - 1))], ordered[round((1 - tail) * (len(ordered) - 1))]


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation of the ranks (ties get their mean rank); None when either side is constant."""
    rx, ry = ranks(xs), ranks(ys)
    n = len(rx)
    if n < 2:
        return None
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None
    return float(sxy / (sxx * syy) ** 0.5)


def ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result
