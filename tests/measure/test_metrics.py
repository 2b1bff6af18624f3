"""The metric registry: one entry makes a metric, one more makes a pair, and both reach markdown and JSON."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.balance import pairs
from bot.balance.movement import move
from bot.balance.pairs import Counted, Limits, Pair, Reading, Unjudged, at_least, guard_worse
from bot.cli import main
from bot.measure import metrics
from bot.measure.history import PeriodMetrics
from bot.measure.metrics import MERGED_PRS, METRICS, Better, Kind, Metric
from bot.measure.values import Total
from tests.fakegithub import FakeGitHub, holding
from tests.scenarios import HEALTHY, generate

NOW = datetime(2026, 11, 18, 8, tzinfo=UTC)

REVIEWED_PRS = Metric(
    id="reviewed-prs",
    label="Reviewed PRs per week",
    name="reviewed PRs",
    unit="PRs/week",
    kind=Kind.COUNT,
    better=Better.HIGHER,
    definition="merged PRs that someone other than their author reviewed",
    read=lambda m: Total(m.review_coverage.numerator, m.period.weeks) if m.review_coverage else None,
)


def _enough(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Unjudged | None:
    assert cur.merged_prs is not None and base.merged_prs is not None
    return at_least(Counted.MERGED_PRS, current=cur.merged_prs, baseline=base.merged_prs, minimum=limits.min_merged_prs)


def _read(cur: PeriodMetrics, base: PeriodMetrics, limits: Limits) -> Reading:
    driver = move(MERGED_PRS, cur, base, threshold=0.25, alpha=limits.alpha)
    return driver, (move(REVIEWED_PRS, cur, base, threshold=None, alpha=limits.alpha),)


MERGES_VS_REVIEWS = Pair(
    id="merges-vs-reviews",
    title="Merges vs reviews",
    driver=MERGED_PRS,
    guards=(REVIEWED_PRS,),
    look_at="PRs merged without a review",
    enough=_enough,
    read=_read,
    warns=guard_worse,
)


def test_every_metric_id_is_unique_and_kebab_case() -> None:
    ids = [m.id for m in METRICS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)
    assert len({m.label for m in METRICS}) == len(METRICS)


def test_the_ids_config_files_use_are_all_there() -> None:
    wanted = (
        "deployment-frequency lead-time change-failure-rate time-to-restore rework-rate commits meaningful-lines "
        "contributors merged-prs review-depth review-coverage rubber-stamp-rate pr-size cycle-time story-points"
    )
    assert {metrics.metric(i).id for i in wanted.split()} == set(wanted.split())
    with pytest.raises(KeyError, match="unknown metric 'deploys'; known: deployment-frequency"):
        metrics.metric("deploys")


def test_a_metric_and_a_pair_added_to_the_registries_reach_the_digest_and_its_json(
    tmp_path: Path, github: FakeGitHub, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(metrics, "METRICS", (*METRICS, REVIEWED_PRS))
    monkeypatch.setattr(pairs, "PAIRS", (*pairs.PAIRS, MERGES_VS_REVIEWS))
    holding(github, generate(4, HEALTHY, HEALTHY))
    argv = ["digest", "--dry-run", "--repo", "acme/shop", "--repo-path", str(tmp_path), "--week", "2026-W46"]

    assert main([*argv, "--format", "json"], {"GOODHART_TOKEN": "t"}, NOW) == 0
    document = json.loads(capsys.readouterr().out)
    reviewed = document["current"]["reviewed-prs"]
    assert reviewed["total"] == document["current"]["review-coverage"]["numerator"] > 0
    verdict = next(v for v in document["balance"] if v["pair"] == "merges-vs-reviews")
    assert verdict["guards"][0]["metric"] == "reviewed-prs" and verdict["driver"]["metric"] == "merged-prs"

    assert main([*argv, "--format", "markdown"], {"GOODHART_TOKEN": "t"}, NOW) == 0
    markdown = capsys.readouterr().out
    assert re.search(r"^\| Reviewed PRs per week \| [\d.,]+ \| [\d.,]+ \|$", markdown, re.MULTILINE)
    assert re.search(r"^\| Merges vs reviews \| [^|]+ \| merged PRs [\d.,]+ → [\d.,]+\sPRs/week", markdown, re.M)
    assert "- *Reviewed PRs per week*: merged PRs that someone other than their author reviewed." in markdown
