"""The audit's rules: replace a decoupled proxy, retire a flat KPI, review what is overdue, unowned or warned."""

from __future__ import annotations

from datetime import date

from bot.audit import Recommendation, VerdictsOf, audit_kpis
from bot.balance.pairs import PAIRS, PairVerdict, Verdict
from bot.balance.proxy import ProxyRules, validate
from bot.kpis import KpiReading, pair_of, partner
from bot.measure.metrics import MERGED_PRS
from bot.measure.weeks import IsoWeek
from tests.proxyhistory import history, week

THROUGHPUT = next(p for p in PAIRS if p.id == "throughput-vs-size")
QUARTER = tuple(week(n) for n in range(27, 40))


def reading(series: list[float | None], **changes: object) -> KpiReading:
    weeks = tuple(week(n) for n in range(1, len(series) + 1))
    fields: dict[str, object] = {
        "metric": MERGED_PRS,
        "owner": "Delivery team",
        "guard": partner(MERGED_PRS, THROUGHPUT),
        "guard_is_default": True,
        "pair": pair_of(MERGED_PRS),
        "outcome": None,
        "review_by": date(2027, 1, 31),
        "weeks": weeks,
        "series": tuple(series),
        "guard_series": tuple(None for _ in weeks),
        "outcome_weeks": 0,
        "validation": None,
    }
    return KpiReading(**{**fields, **changes})  # type: ignore[arg-type]


def verdicts(warned: set[IsoWeek]) -> VerdictsOf:
    def of(w: IsoWeek) -> tuple[PairVerdict, ...]:
        verdict = Verdict.WARNING if w in warned else Verdict.BALANCED
        return (PairVerdict(pair=THROUGHPUT, verdict=verdict, driver=None, guards=(), unjudged=None, confidence=0.9),)

    return of


def audited(r: KpiReading, warned: set[IsoWeek] | None = None) -> tuple[Recommendation, tuple[str, ...]]:
    (kpi,) = audit_kpis(
        [r], weeks=QUARTER, end=QUARTER[-1].sunday(), verdicts_of=verdicts(warned or set()), since=week(1)
    )
    return kpi.recommendation, kpi.reasons


def rising() -> list[float | None]:
    return [10.0 + n for n in range(39)]


def test_a_kpi_that_moved_owned_and_guarded_is_kept() -> None:
    assert audited(reading(rising()))[0] is Recommendation.KEEP


def test_a_kpi_flat_all_quarter_is_retired() -> None:
    flat: list[float | None] = [float(n) for n in range(26)]
    flat += [20.0] * 13
    recommendation, reasons = audited(reading(flat))
    assert recommendation is Recommendation.RETIRE and "did not move all quarter" in reasons[0]


def test_a_decoupled_proxy_is_replaced_before_anything_else() -> None:
    kpi, outcome = history(1, weeks=39, broken_from=27)
    validation = validate(kpi, outcome, ProxyRules())
    r = reading([v for _, v in kpi], outcome="activation", validation=validation, owner=None)
    recommendation, reasons = audited(r)
    assert recommendation is Recommendation.REPLACE
    assert reasons[0].startswith("it no longer predicts activation since") and "nobody owns it" in reasons


def test_weeks_its_pair_spent_in_warning_are_counted_and_three_ask_for_a_review() -> None:
    (kpi,) = audit_kpis(
        [reading(rising())],
        weeks=QUARTER,
        end=QUARTER[-1].sunday(),
        verdicts_of=verdicts(set(QUARTER[:3])),
        since=week(1),
    )
    assert kpi.weeks_in_warning == 3 and kpi.recommendation is Recommendation.REVIEW
    assert kpi.reasons == ("its pair was in warning 3 weeks of the quarter",)


def test_a_review_date_passed_by_the_audits_end_is_overdue() -> None:
    (kpi,) = audit_kpis(
        [reading(rising(), review_by=QUARTER[-1].monday())],
        weeks=QUARTER,
        end=QUARTER[-1].sunday(),
        verdicts_of=verdicts(set()),
        since=week(1),
    )
    assert kpi.overdue and kpi.recommendation is Recommendation.REVIEW


def test_a_quarter_before_the_first_commit_is_no_history_not_flat_at_zero() -> None:
    (kpi,) = audit_kpis(
        [reading([0.0] * 39)], weeks=QUARTER, end=QUARTER[-1].sunday(), verdicts_of=verdicts(set()), since=None
    )
    assert kpi.recommendation is Recommendation.REVIEW and kpi.moved.weeks == 0
    assert kpi.reasons[0].startswith("there was no history to judge it by")
    assert not any("did not move" in r for r in kpi.reasons)


def test_weeks_before_the_first_commit_are_left_out_of_what_moved() -> None:
    series: list[float | None] = [0.0] * 33 + [4.0, 9.0, 5.0, 8.0, 6.0, 7.0]
    (kpi,) = audit_kpis(
        [reading(series)], weeks=QUARTER, end=QUARTER[-1].sunday(), verdicts_of=verdicts(set()), since=week(34)
    )
    assert kpi.moved.weeks == 6 and kpi.moved.low == 4.0 and kpi.recommendation is Recommendation.KEEP


def test_an_unread_outcome_asks_for_a_review_and_says_why() -> None:
    r = reading(rising(), outcome="activation", outcome_unread="metrics/a.csv:3: the value 'x' is not a number")
    recommendation, reasons = audited(r)
    assert recommendation is Recommendation.REVIEW
    assert reasons == (
        "its outcome activation was not read, so whether it still predicts it is unknown: "
        "metrics/a.csv:3: the value 'x' is not a number",
    )
