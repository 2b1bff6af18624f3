"""Does a KPI still predict its outcome? A lagged rank correlation, recent weeks against earlier ones.

A fast KPI (merged PRs a week) is worth steering by only while it predicts the slower outcome it stands
for (activation, fewer incidents). The seed articles' warning: leads kept rising while their purchase
rate fell from 14% to 8%, and nobody noticed because the proxy looked healthy. So, for each week t the
KPI's mean over weeks t-L..t is paired with the outcome in week t; the Spearman correlation of the
earlier weeks says whether the relation held, the last ``recent_weeks`` whether it still holds, and a
seeded bootstrap gives each an interval. Weeks with no outcome are left out, never counted as zero.

Verdicts: ``validated`` (held before and still holds), ``weak`` (never held clearly, or too unsure now),
``decoupled`` (held before, and now vanished, the recent weeks straying from the earlier relation, or
reversed beyond noise; the week it broke is the split that best separates the two), ``insufficient data``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
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
    draws: tuple[float, ...] = field(default=(), repr=False, compare=False)
    """The bootstrap's rhos, in draw order (each draw seeded alike), to compare two periods."""

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

    Judged week by week, as the audit would have judged it each week: once the relation broke, the
    earlier period fills with broken weeks and would, on its own, stop showing that it ever held. So a
    proxy found decoupled stays decoupled (with the week it broke) until it is validated again.
    """
    pairs = lagged_pairs(kpi, outcome, rules.lag)
    needed = rules.recent_weeks + rules.min_earlier_weeks
    found = _judged(pairs, rules)
    if found.status is ProxyStatus.VALIDATED:
        return found
    for end in range(needed, len(pairs)):
        if not _may_have_decoupled(pairs[:end], rules):
            continue
        then = _judged(pairs[:end], rules)
        if then.status is ProxyStatus.DECOUPLED:
            return replace(then, paired_weeks=len(pairs), detected=pairs[end - 1].week)
    return found


def _may_have_decoupled(pairs: Sequence[Paired], rules: ProxyRules) -> bool:
    """A quick look without the bootstrap: a recent relation as strong as the earlier rules needs, in its
    direction and in agreement with it, cannot be decoupled, so those weeks need no full judgement."""
    before, after = pairs[: -rules.recent_weeks], pairs[-rules.recent_weeks :]
    earlier, recent = _rho(before), _rho(after)
    if earlier is None or recent is None or earlier == 0:
        return False
    sign = 1.0 if earlier > 0 else -1.0
    within = [_concordant(a, b) for i, a in enumerate(before) for b in before[i + 1 :]]
    across = [_concordant(a, b) for a in after for b in before]
    return sign * recent < rules.min_strength or sign * sum(across) / len(across) < sign * sum(within) / len(within)


def _judged(pairs: Sequence[Paired], rules: ProxyRules) -> Validation:
    """The verdict with the last ``recent_weeks`` of these pairs as the recent period."""
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
    if earlier is None or recent is None:  # a series that never moved predicts nothing
        return found
    if not earlier.excludes_zero:
        return replace(found, status=ProxyStatus.WEAK)
    sign = 1.0 if earlier.rho > 0 else -1.0
    agreement = agreement_with(before, after, rules)
    found = replace(found, agreement=agreement)
    if decoupled(earlier, recent, agreement, sign, rules):
        return replace(found, status=ProxyStatus.DECOUPLED, broke=break_week(pairs, sign, rules.recent_weeks))
    held = sign * min(agreement.low * sign, agreement.high * sign) > 0 and sign * recent.rho >= rules.min_strength
    return replace(found, status=ProxyStatus.VALIDATED if held else ProxyStatus.WEAK)


def decoupled(earlier: Correlation, recent: Correlation, agreement: Agreement, sign: float, rules: ProxyRules) -> bool:
    """Vanished: the recent weeks stray from the earlier relation (their agreement's interval lies below half
    the earlier agreement). Reversed: the correlation fell beyond the noise of both periods, to the other sign.

    A correlation that merely weakened within 8 recent weeks is too often chance: counted as decoupled too,
    it called 12% of coupled histories decoupled at some weekly look over 14 weeks, against 5% without.
    """
    reversed_ = fell(earlier, recent, sign, rules.confidence) > 0 and sign * recent.rho < 0
    strayed = max(agreement.low * sign, agreement.high * sign) < sign * agreement.earlier / 2
    return strayed or reversed_


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
    return Correlation(
        first=pairs[0].week, last=pairs[-1].week, weeks=n, rho=rho, low=low, high=high, draws=tuple(draws)
    )


def interval(draws: Sequence[float], confidence: float) -> tuple[float, float]:
    """The percentile interval of bootstrap draws."""
    ordered = sorted(draws)
    tail = (1 - confidence) / 2
    return ordered[int(tail * (len(ordered) - 1))], ordered[round((1 - tail) * (len(ordered) - 1))]


def fell(earlier: Correlation, recent: Correlation, sign: float, confidence: float) -> float:
    """The lower end of the interval of how much the relation weakened, earlier minus recent, in its
    earlier direction: above zero when it weakened beyond the noise of both periods."""
    drops = [sign * (e - r) for e, r in zip(earlier.draws, recent.draws, strict=True)]
    return interval(drops, confidence)[0]


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


def break_week(pairs: Sequence[Paired], sign: float, recent_weeks: int) -> IsoWeek:
    """The split that best separates a relation that held from one that no longer does: the first week after
    it. Splits leave at least 4 weeks on each side and fall no earlier than twice the recent window back."""
    best, best_gap = len(pairs) - recent_weeks, float("-inf")
    for split in range(max(4, len(pairs) - 2 * recent_weeks), len(pairs) - 3):
        before = _rho(pairs[:split])
        after = _rho(pairs[split:])
        if before is None or after is None:
            continue
        gap = sign * (before - after)
        if gap > best_gap:
            best, best_gap = split, gap
    return pairs[best].week


def _rho(pairs: Sequence[Paired]) -> float | None:
    return spearman([p.kpi for p in pairs], [p.outcome for p in pairs])
