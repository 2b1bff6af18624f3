"""``goodhart audit`` through its real entry point, on real repositories with 39 weeks of history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bot.cli import main
from tests.fakegithub import FakeGitHub, issue
from tests.gitrepo import GitRepo
from tests.kpirepo import commits_by_week, write_config
from tests.proxyhistory import csv_text, history

NOW = datetime(2026, 10, 7, 8, tzinfo=UTC)  # a Wednesday of 2026-W41: the last complete quarter is 2026-Q3
SCHEMA = json.loads((resources.files("bot") / "schemas" / "audit.schema.json").read_text())
ACTIVATION = [{"name": "activation", "file": "metrics/activation.csv"}]


def run(capsys: pytest.CaptureFixture[str], *argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    code = main(list(argv), environ=environ or {}, now=NOW)
    out, err = capsys.readouterr()
    return code, out, err


def audited(
    capsys: pytest.CaptureFixture[str], repo: GitRepo, *extra: str, environ: dict[str, str] | None = None
) -> dict[str, Any]:
    argv = ("audit", "--repo-path", str(repo.path), "--format", "json", "--dry-run", *extra)
    code, out, err = run(capsys, *argv, environ=environ)
    assert code == 0, err
    document = json.loads(out)
    Draft202012Validator(SCHEMA, format_checker=FormatChecker()).validate(document)
    return document


def team(repo: GitRepo, seed: int = 1, broken_from: int | None = None, **kpi: object) -> None:
    counts, outcome = history(seed, weeks=39, broken_from=broken_from)
    commits_by_week(repo, counts)
    repo.write({"metrics/activation.csv": csv_text(outcome)})
    entry = {"metric": "commits", "owner": "Delivery team", "outcome": "activation", "review-by": "2027-01-31"}
    write_config(repo, [{**entry, **kpi}], ACTIVATION)


def test_a_kpi_that_still_predicts_its_outcome_is_validated_and_kept(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    data = audited(capsys, repo)
    assert (data["quarter"], data["weeks"]["first"], data["weeks"]["last"]) == ("2026-Q3", "2026-W27", "2026-W39")
    (kpi,) = data["kpis"]
    assert kpi["metric"] == "commits" and kpi["owner"] == "Delivery team"
    assert kpi["guard"] == "review-depth-mean" and kpi["guard_is_default"] and kpi["pair"] == "volume-vs-review"
    assert kpi["validation"]["status"] == "validated"
    assert kpi["validation"]["earlier"]["low"] > 0
    assert (kpi["overdue"], kpi["recommendation"]) == (False, "keep")
    assert kpi["moved"]["weeks"] == 13 and not kpi["moved"]["flat"]


def test_a_kpi_whose_outcome_falls_from_week_27_is_decoupled_and_replaced(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo, broken_from=27)
    (kpi,) = audited(capsys, repo)["kpis"]
    validation = kpi["validation"]
    assert validation["status"] == "decoupled"
    assert "2026-W21" <= validation["broke"] <= "2026-W33" and validation["detected"] <= "2026-W33"
    assert kpi["recommendation"] == "replace"
    assert kpi["reason"].startswith("it no longer predicts activation since 2026-W")


def test_an_overdue_review_date_is_flagged_at_the_audits_end(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo, **{"review-by": "2026-09-01"})
    (kpi,) = audited(capsys, repo)["kpis"]
    assert kpi["overdue"] and kpi["recommendation"] == "review"
    assert "its review date 2026-09-01 has passed" in kpi["reasons"]
    (early,) = audited(capsys, repo, "--week", "2026-W35")["kpis"]  # ends Sunday 2026-08-30: not yet overdue
    assert not early["overdue"]


def test_week_ends_the_audit_early_and_quarter_chooses_another(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    data = audited(capsys, repo, "--week", "2026-W35")
    assert (data["quarter"], data["weeks"]["last"], data["complete"]) == ("2026-Q3", "2026-W35", False)
    data = audited(capsys, repo, "--quarter", "2026-Q2")
    assert (data["weeks"]["first"], data["weeks"]["last"], data["end"]) == ("2026-W14", "2026-W26", "2026-06-28")


def test_six_kpis_are_refused_with_exit_2_and_the_reason(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    ids = ["commits", "merged-prs", "pr-size", "review-depth", "lead-time", "deployment-frequency"]
    write_config(repo, [{"metric": m, "owner": "Platform"} for m in ids])
    code, out, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert (code, out) == (2, "")
    assert "setting kpis" in err and "6 KPIs given, at most 5 are allowed" in err


def test_an_unknown_metric_id_names_the_key_and_the_known_ids(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    write_config(repo, [{"metric": "velocity", "owner": "Platform"}])
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2
    assert "setting kpis" in err and "unknown metric 'velocity'" in err and "merged-prs" in err


def test_a_bad_outcome_row_names_the_file_and_line(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    repo.write({"metrics/activation.csv": "week,value\n2026-W01,14.2\n2026-W02,lots\n"})
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2
    assert "metrics/activation.csv:3: the value 'lots' of 2026-W02 is not a number" in err


def test_missing_outcome_weeks_stay_missing(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    _, outcome = history(1, weeks=39)
    repo.write({"metrics/activation.csv": csv_text(outcome, skip=range(5, 15))})
    (kpi,) = audited(capsys, repo)["kpis"]
    # every outcome week but the 10 left out, and the first: its KPI week before (lag 1) predates the history
    assert kpi["validation"]["paired_weeks"] == 39 - 10 - 1


def test_a_kpi_nobody_owns_is_listed_and_its_owner_never_pings(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    write_config(
        repo,
        [
            {"metric": "commits", "owner": "@acme/delivery", "outcome": "activation"},
            {"metric": "meaningful-lines"},
        ],
        ACTIVATION,
    )
    data = audited(capsys, repo)
    assert data["unowned"] == ["meaningful-lines"]
    lines = data["kpis"][1]
    assert lines["guard"] is None and "nothing guards it" in lines["reason"]
    code, out, _ = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 0
    assert "@acme" not in out and "@\u2060acme/delivery" in out
    assert "KPIs nobody owns: Meaningful lines per week" in out


def test_the_audit_issue_is_created_once_and_updated_in_place(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    environ = {"GOODHART_TOKEN": "t", "GITHUB_REPOSITORY": "acme/shop"}
    assert run(capsys, "audit", "--repo-path", str(repo.path), environ=environ)[0] == 0
    assert github.tracker is not None
    (issue,) = github.tracker.open_issues("goodhart-audit")
    assert issue["title"] == "Goodhart KPI audit: acme/shop · 2026-Q3"
    assert issue["body"].startswith("<!-- goodhart:audit repo=acme/shop quarter=2026-Q3 -->\n# KPI audit")
    write_config(repo, [{"metric": "commits", "owner": "Platform team", "outcome": "activation"}], ACTIVATION)
    assert run(capsys, "audit", "--repo-path", str(repo.path), environ=environ)[0] == 0
    (again,) = github.tracker.open_issues("goodhart-audit")
    assert again["number"] == issue["number"] and "Platform team" in again["body"]
    assert github.tracker.open_issues("goodhart-digest") == []


def test_the_digest_opens_with_the_kpi_table_when_kpis_are_configured(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo, broken_from=27)
    write_config(
        repo,
        [
            {"metric": "commits", "owner": "Delivery team", "outcome": "activation"},
            {"metric": "meaningful-lines", "owner": "@acme/platform"},
        ],
        ACTIVATION,
    )
    code, out, err = run(capsys, "digest", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W39")
    assert code == 0
    table = out.index("| KPI | Owner | This week |")
    assert table < out.index("## Balance") and "| Headline |" not in out
    assert "| Commits per week | Delivery team | " in out and "⚠️ decoupled since 2026-W" in out
    assert "| Meaningful lines per week | @\u2060acme/platform | " in out and "| ⚠️ none | no outcome |" in out
    assert "KPI meaningful-lines has no guard and no pair partner" in err


def test_without_kpis_the_digest_keeps_its_headlines(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    repo.write({".github/goodhart.yml": "lookback-weeks: 12\n"})
    code, out, _ = run(capsys, "digest", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W39")
    assert code == 0
    assert "| Headline |" in out and "| KPI |" not in out


def test_an_outcome_that_names_nothing_known_is_refused(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    write_config(repo, [{"metric": "commits", "owner": "Platform", "outcome": "revenue"}], ACTIVATION)
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2
    assert "the outcome 'revenue' of KPI 'commits' is not a name under outcomes" in err and "activation" in err


def test_an_audit_with_no_kpis_or_of_a_quarter_not_begun_is_a_usage_error(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run", "--quarter", "2027-Q1")
    assert code == 2 and "2027-Q1 has no complete week yet (it begins with 2027-W01" in err
    repo.write({".github/goodhart.yml": "lookback-weeks: 12\n"})
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2 and "there are no KPIs to audit" in err


def test_bug_reports_from_outside_the_team_can_be_the_outcome(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    _, outcome = history(1, weeks=39)
    reports = [(w, max(0, round(v) - 14)) for w, v in sorted(outcome.items())]  # more as activation grows
    github.issues = [
        issue(n * 100 + i, labels=("bug",), created=w.start(UTC) + timedelta(days=1, hours=i), association="NONE")
        for n, (w, count) in enumerate(reports)
        for i in range(count)
    ]
    write_config(repo, [{"metric": "commits", "owner": "Delivery team", "outcome": "outside-bug-reports"}])
    environ = {"GOODHART_TOKEN": "t", "GITHUB_REPOSITORY": "acme/shop"}
    data = audited(capsys, repo, environ=environ)
    validation = data["kpis"][0]["validation"]
    assert validation["paired_weeks"] == 38  # the 39 weeks since the history began, the first lacking its week before
    assert validation["status"] == "validated"
    assert ("IssueOutcomes", 2) in github.costs


def test_without_a_token_github_outcomes_are_reported_not_read_with_the_fix(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    write_config(repo, [{"metric": "commits", "owner": "Delivery team", "outcome": "reopened-issues"}])
    code, out, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run", "--format", "json")
    assert code == 0
    (kpi,) = json.loads(out)["kpis"]
    assert kpi["validation"]["status"] == "outcome not read"
    assert "need --repo OWNER/NAME and a token; give both to count them" in kpi["validation"]["reason"]
    assert kpi["recommendation"] == "review"
    assert not any("too little history" in r for r in kpi["reasons"])
    assert "issue outcomes not read: they need --repo OWNER/NAME and a token" in err
    notes = [n["message"] for n in json.loads(out)["data_quality"]]
    assert "issue outcomes not read: they need --repo OWNER/NAME and a token" in notes
    code, markdown, _ = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert "⚠️ outcome not read" in markdown and "0 of " not in markdown
    assert "its outcome reopened-issues was not read, so whether it still predicts it is unknown" in markdown


def test_the_digest_json_carries_the_kpis_with_their_validation_as_the_schema_says(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo, broken_from=27)
    write_config(repo, [{"metric": "commits", "owner": "Delivery team", "outcome": "activation"}], ACTIVATION)
    argv = ("digest", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W39", "--format", "json")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    document = json.loads(out)
    digest_schema = json.loads((resources.files("bot") / "schemas" / "digest.schema.json").read_text())
    Draft202012Validator(digest_schema, format_checker=FormatChecker()).validate(document)
    (kpi,) = document["kpis"]
    assert (kpi["metric"], kpi["owner"], kpi["outcome"]) == ("commits", "Delivery team", "activation")
    assert kpi["validation"]["status"] == "decoupled" and kpi["validation"]["broke"].startswith("2026-W")
    assert kpi["this_week"] == document["weeks"][-1]["commits"]


def test_without_kpis_the_digest_json_has_no_kpis_key(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    repo.write({".github/goodhart.yml": "lookback-weeks: 12\n"})
    code, out, _ = run(
        capsys, "digest", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W39", "--format", "json"
    )
    assert code == 0 and "kpis" not in json.loads(out)


def test_a_digest_with_kpis_reads_once_and_counts_exactly_as_one_without(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """The KPIs need 52 weeks of history and the digest 26: one read serves both, and the digest's own numbers
    do not change for being cut from the longer read."""
    team(repo)
    argv = ("digest", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W39", "--format", "json")
    code, out, err = run(capsys, *argv)
    assert code == 0 and err.count("read ") == err.count("read 546 commits") == 1  # one read, of the 52 weeks
    with_kpis = json.loads(out)
    repo.write({".github/goodhart.yml": "lookback-weeks: 26\n"})
    code, out, _ = run(capsys, *argv)
    without = json.loads(out)
    assert "kpis" in with_kpis and "kpis" not in without
    for key in ("window", "weeks", "current", "baseline", "headlines", "balance", "failures", "excluded"):
        assert with_kpis[key] == without[key], key
