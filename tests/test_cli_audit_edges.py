"""``goodhart audit`` at its edges, through the real CLI: a team's own audit issue, quarters with no history,
``--week`` against ``--quarter``, unread outcomes, outcome files outside the repository, and config mistakes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from bot.audit import Moved
from bot.publish import audit as audit_render
from tests import test_audit
from tests.fakegithub import FakeGitHub
from tests.gitrepo import GitRepo
from tests.kpirepo import write_config
from tests.test_cli_audit import audited, run, team

TOKEN = {"GOODHART_TOKEN": "t", "GITHUB_REPOSITORY": "acme/shop"}


def test_a_teams_audit_is_an_issue_of_its_own_beside_the_repositorys(
    repo: GitRepo, github: FakeGitHub, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    repo.commit("owners", {".github/CODEOWNERS": "/src/ @acme/payments\n"}, when=datetime(2026, 1, 2, tzinfo=UTC))
    data = audited(capsys, repo, "--team", "@acme/payments")
    assert data["scope"]["team"] == "@acme/payments" and data["scope"]["codeowners"] == ".github/CODEOWNERS"
    assert audited(capsys, repo)["scope"] == {"team": None, "codeowners": None, "paths": {"include": [], "exclude": []}}
    argv = ("audit", "--repo-path", str(repo.path))
    assert run(capsys, *argv, environ=TOKEN)[0] == 0
    assert run(capsys, *argv, "--team", "@acme/payments", environ=TOKEN)[0] == 0
    assert github.tracker is not None
    titles = sorted(i["title"] for i in github.tracker.open_issues("goodhart-audit"))
    assert titles == [
        "Goodhart KPI audit: acme/shop · 2026-Q3",
        "Goodhart KPI audit: acme/shop · 2026-Q3 · @acme/payments",
    ]
    scoped = next(i for i in github.tracker.open_issues("goodhart-audit") if "payments" in i["title"])
    assert scoped["body"].startswith("<!-- goodhart:audit repo=acme/shop quarter=2026-Q3 scope=%40acme%2Fpayments -->")
    assert run(capsys, *argv, "--team", "@acme/payments", environ=TOKEN)[0] == 0  # updated in place, not a third
    assert len(github.tracker.open_issues("goodhart-audit")) == 2


def test_a_quarter_before_the_first_commit_says_there_was_no_history(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    (kpi,) = audited(capsys, repo, "--quarter", "2025-Q1")["kpis"]
    assert kpi["recommendation"] == "review" and kpi["moved"]["weeks"] == 0
    assert kpi["reasons"][0].startswith("there was no history to judge it by")
    code, out, _ = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run", "--quarter", "2025-Q1")
    assert code == 0 and "| no history |" in out and "flat at" not in out and "**retire**" not in out


def test_a_week_after_the_quarter_is_refused_and_an_early_end_says_it_was_chosen(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    argv = ("audit", "--repo-path", str(repo.path), "--dry-run", "--quarter", "2026-Q2")
    code, out, err = run(capsys, *argv, "--week", "2026-W30")
    assert (code, out) == (2, "")
    assert "--week 2026-W30 is after 2026-Q2 (its weeks are 2026-W14 to 2026-W26)" in err
    code, out, _ = run(capsys, *argv, "--week", "2026-W20")
    assert code == 0 and "(ended early by --week: 2026-Q2 ran to 2026-W26)" in out
    assert "the quarter is not over" not in out


def test_a_bad_outcome_row_leaves_the_digest_posting_with_the_kpi_marked_unread(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    repo.write({"metrics/activation.csv": "week,value\n2026-W01,14.2\n2026-W02,lots\n"})
    argv = ("digest", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W39")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "⚠️ outcome not read" in out
    assert "metrics/activation.csv:3: the value 'lots' of 2026-W02 is not a number" in out
    code, out, _ = run(capsys, *argv, "--format", "json")
    document = json.loads(out)
    schema = json.loads((resources.files("bot") / "schemas" / "digest.schema.json").read_text())
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(document)
    (kpi,) = document["kpis"]
    assert kpi["validation"]["status"] == "outcome not read" and "activation.csv:3" in kpi["validation"]["reason"]
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")  # the audit stays strict
    assert code == 2 and "metrics/activation.csv:3" in err


def test_an_outcome_file_linked_out_of_the_repository_is_refused_without_its_content(
    repo: GitRepo, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    team(repo)
    secret = tmp_path_factory.mktemp("outside") / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (repo.path / "metrics" / "activation.csv").unlink()
    (repo.path / "metrics" / "activation.csv").symlink_to(secret)
    code, out, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2 and "leads outside the repository" in err and "root" not in err + out


def test_a_kpi_cannot_be_its_own_guard_or_outcome(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)
    write_config(
        repo, [{"metric": "commits", "owner": "a"}, {"metric": "merged-prs", "owner": "b", "guard": "merged-prs"}]
    )
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2 and "kpis[2] (merged-prs): KPI 'merged-prs' cannot be its own guard" in err
    write_config(repo, [{"metric": "lead-time", "owner": "a", "outcome": "lead-time"}])
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2 and "kpis[1] (lead-time): KPI 'lead-time' cannot be its own outcome" in err


def test_config_errors_show_dates_as_written_and_a_refused_file_only_once(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    repo.write(
        {
            ".github/goodhart.yml": "kpis:\n  - {metric: commits, owner: a, outcome: x}\n"
            "  - {metric: merged-prs, owner: 5, review-by: 2027-01-01}\n"
            "outcomes:\n  - {name: x, file: /etc/passwd}\n"
        }
    )
    code, _, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run")
    assert code == 2
    assert "'review-by': '2027-01-01'" in err and "datetime.date" not in err
    assert "kpis[2] (merged-prs): owner:" in err and "outcomes[1] (x): file: '/etc/passwd' must be a path inside" in err
    assert "is not a name under outcomes" not in err


def test_an_audit_printed_for_want_of_a_token_says_it_was_not_posted(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    code, out, err = run(capsys, "audit", "--repo-path", str(repo.path), "--repo", "acme/shop")
    assert code == 0 and out.startswith("# KPI audit: acme/shop · 2026-Q3")
    assert "printed the audit, not posted: posting it as the quarter's issue needs a token" in err
    assert "1 KPI audited over 2026-W27 to 2026-W39, 13 weeks ending" in out and "1 KPIs" not in out


def test_a_kpi_whose_ends_match_but_which_moved_between_them_shows_its_range() -> None:
    reading = test_audit.reading([3.0, 8.0, 5.5] * 13)
    between = Moved(weeks=13, first=5.5, last=5.5, low=3.0, high=8.0)
    assert not between.flat
    assert audit_render._moved(between, reading) == "±0% (5.5 → 5.5), ranging 3 to 8"
    assert audit_render._moved(Moved(weeks=13, first=2.0, last=6.0, low=2.0, high=6.0), reading) == "+200% (2 → 6)"


def test_the_week_that_is_not_over_cannot_end_an_audit(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    team(repo)  # now is Wednesday of 2026-W41
    code, out, err = run(capsys, "audit", "--repo-path", str(repo.path), "--dry-run", "--week", "2026-W41")
    assert (code, out) == (2, "")
    assert "week 2026-W41 is not over yet: an audit counts whole weeks; choose 2026-W40" in err


def test_incident_hours_never_read_are_reported_unread_with_the_fix_not_short_of_history(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    team(repo)
    write_config(repo, [{"metric": "commits", "owner": "Delivery team", "outcome": "incident-hours"}])
    (kpi,) = audited(capsys, repo)["kpis"]
    assert kpi["validation"]["status"] == "outcome not read"
    assert "incidents were not read" in kpi["validation"]["reason"]


def test_flat_means_every_week_within_5_percent_of_the_middle_of_the_range_as_the_readme_says() -> None:
    def moved(low: float, high: float) -> Moved:
        return Moved(weeks=13, first=low, last=high, low=low, high=high)

    assert moved(100, 108).flat  # the middle is 104: 100 and 108 are each within 5.2 of it
    assert not moved(100, 112).flat  # the middle is 106: 100 is 6 below it, more than 5.3
    assert moved(7, 7).flat and not Moved(weeks=1, first=7, last=7, low=7, high=7).flat
