"""The tests that decide whether a change is beyond noise; exact where the samples are small.

All one-sided, returning a p-value: the chance of a difference at least this large if nothing changed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import groupby


def rates_greater(x1: int, n1: int, x2: int, n2: int) -> float:
    """Fisher's exact test that the rate x1/n1 exceeds x2/n2 (e.g. change failure rate rose).

    Fisher's own p, not Lancaster's mid-p: the mid-p holds the stated level on average, and for a warning that
    needs a driver and a guard beyond noise, in any of three weekly digests and then held, it raised the
    speed-vs-stability false alarms of steady 10- and 30-PR teams from 3% to 5% and 4.5% (bench/balance_noise.py,
    200 teams). Power comes from more data instead: the guard is judged against the longer past and over the
    weeks since the rise (balance/hold.py).
    """
    if n1 == 0 or n2 == 0:
        return 1.0
    successes, total = x1 + x2, n1 + n2
    low = max(0, successes - n2)
    high = min(successes, n1)
    return min(1.0, sum(_hypergeometric(k, total, successes, n1) for k in range(max(x1, low), high + 1)))


def counts_greater(c1: int, exposure1: float, c2: int, exposure2: float) -> float:
    """Exact conditional test that the count rate c1/exposure1 exceeds c2/exposure2 (Poisson counts).

    Given c1 + c2 events, c1 is binomial with p = exposure1 / (exposure1 + exposure2) if the rates are equal.
    """
    n = c1 + c2
    if n == 0 or exposure1 <= 0 or exposure2 <= 0:
        return 1.0
    p = exposure1 / (exposure1 + exposure2)
    if c1 > n * p:
        return min(1.0, _binomial_tail(range(c1, n + 1), n, p))
    return max(0.0, 1.0 - _binomial_tail(range(c1 - 1, -1, -1), n, p))


def _binomial_tail(ks: range, n: int, p: float) -> float:
    """The binomial probabilities of ``ks`` (walking away from the mode), summed until they no longer count."""
    total = 0.0
    for k in ks:
        term = _binomial(k, n, p)
        total += term
        if term < 1e-17 * max(total, 1e-300):
            break
    return total


def values_greater(a: Sequence[float], b: Sequence[float]) -> float:
    """Mann-Whitney U test that values in ``a`` tend to exceed those in ``b`` (normal approximation,
    tie-corrected, with continuity correction)."""
    n1, n2 = len(a), len(b)
    if n1 == 0 or n2 == 0:
        return 1.0
    ranks, ties = _ranks([*a, *b])
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    n = n1 + n2
    variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))) if n > 1 else 0.0
    if variance <= 0:
        return 1.0
    z = (u - n1 * n2 / 2 - 0.5) / math.sqrt(variance)
    return 1 - _normal_cdf(z)


def _hypergeometric(k: int, total: int, successes: int, draws: int) -> float:
    return math.exp(_log_comb(successes, k) + _log_comb(total - successes, draws - k) - _log_comb(total, draws))


def _binomial(k: int, n: int, p: float) -> float:
    if p in (0.0, 1.0):
        return float(k == (n if p == 1.0 else 0))
    return math.exp(_log_comb(n, k) + k * math.log(p) + (n - k) * math.log(1 - p))


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _ranks(values: list[float]) -> tuple[list[float], float]:
    """Average ranks (1-based) and the tie term sum(t^3 - t)."""
    midrank: dict[float, float] = {}
    ties = 0.0
    below = 0
    for value, run in groupby(sorted(values)):
        t = sum(1 for _ in run)
        midrank[value] = below + (t + 1) / 2
        ties += t**3 - t
        below += t
    return [midrank[v] for v in values], ties


def _normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))
