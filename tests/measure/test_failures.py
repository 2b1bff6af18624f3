"""Which deployments failed and when they were restored, signal by signal, and the edge cases."""

from __future__ import annotations

from datetime import UTC, timedelta

from bot.measure.deploys import Deploy, deploy_history
from bot.measure.failures import Failure, find_failures
from bot.publish.format import cause
from bot.records import Commit, Deployment, Incident, PullRequest
from bot.settings import MeasureSettings
from tests.measure.build import commit, day, deploy, incident, pr, sha

RULES = MeasureSettings().rules(zone=UTC)


def failures_of(
    deployments: list[Deployment],
    prs: list[PullRequest] | None = None,
    incidents: list[Incident] | None = None,
    commits: list[Commit] | None = None,
) -> tuple[tuple[Deploy, ...], dict[Deploy, Failure]]:
    history = deploy_history(deployments, prs or [], commits or [], "main")
    return history, find_failures(history, incidents or [], commits or [], prs or [], RULES)


def test_an_incident_names_its_deploy_by_root_cause_sha() -> None:
    prs = [pr(1, merged=1), pr(2, merged=3)]
    history, failed = failures_of(
        [deploy(10, 2), deploy(11, 4)], prs, [incident(5, opened=6, closed=7, root_cause=sha(1)[:7])]
    )
    assert list(failed) == [history[0]]
    (failure,) = failed.values()
    assert tuple(map(cause, failure.causes)) == ("incident #5 (root cause 0000001)",)
    assert (failure.started_at, failure.restored_at) == (day(6), day(7))


def test_without_a_root_cause_the_last_deploy_before_the_incident_is_blamed() -> None:
    history, failed = failures_of([deploy(10, 2), deploy(11, 4)], incidents=[incident(5, opened=4.5, closed=5)])
    assert list(failed) == [history[1]]
    assert failed[history[1]].started_at == day(4.5)


def test_an_incident_before_the_first_deploy_blames_nothing() -> None:
    _, failed = failures_of([deploy(10, 2)], incidents=[incident(5, opened=1)])
    assert failed == {}


def test_an_incident_long_after_the_last_deploy_blames_nothing() -> None:
    _, failed = failures_of([deploy(10, 2)], incidents=[incident(5, opened=2 + 8)])
    assert failed == {}


def test_an_incident_that_two_deploys_could_explain_blames_only_the_one_its_root_cause_names() -> None:
    prs = [pr(1, merged=1), pr(2, merged=3)]
    history, failed = failures_of([deploy(10, 2), deploy(11, 4)], prs, [incident(5, opened=4.5, root_cause=sha(1))])
    assert list(failed) == [history[0]]


def test_two_incidents_on_one_deploy_are_one_failure_restored_when_both_close() -> None:
    _, failed = failures_of(
        [deploy(10, 2)], incidents=[incident(5, opened=3, closed=4), incident(6, opened=3.5, closed=6)]
    )
    (failure,) = failed.values()
    assert len(failure.incidents) == 2 and failure.restored_at == day(6)


def test_an_open_incident_leaves_the_failure_unrestored() -> None:
    _, failed = failures_of([deploy(10, 2)], incidents=[incident(5, opened=3)])
    assert next(iter(failed.values())).restored_at is None


def test_a_reverted_change_fails_the_deploy_that_shipped_it_and_is_restored_by_the_next() -> None:
    commits = [commit(1, 1), commit(2, 3, reverts=sha(1))]
    history, failed = failures_of([deploy(10, 2), deploy(11, 4)], commits=commits)
    assert list(failed) == [history[0]]
    assert failed[history[0]].restored_at == day(4)


def test_a_revert_of_a_revert_is_not_a_failure() -> None:
    commits = [commit(1, 1), commit(2, 3, reverts=sha(1)), commit(3, 5, reverts=sha(2))]
    history, failed = failures_of([deploy(10, 2), deploy(11, 4), deploy(12, 6)], commits=commits)
    assert list(failed) == [history[0]]  # only the original change failed


def test_a_revert_pr_from_githubs_button_fails_the_deploy_of_the_original() -> None:
    prs = [pr(1, merged=1, title="Add caching"), pr(2, merged=3, title='Revert "Add caching"')]
    history, failed = failures_of([deploy(10, 2), deploy(11, 4)], prs)
    assert tuple(map(cause, failed[history[0]].causes)) == ("#1 was reverted by #2",)


def test_a_hotfix_fails_the_last_deploy_before_it() -> None:
    prs = [pr(1, merged=1), pr(2, merged=3, head="hotfix/login")]
    history, failed = failures_of([deploy(10, 2), deploy(11, 4)], prs)
    assert tuple(map(cause, failed[history[0]].causes)) == ("hotfixed by #2",)
    assert failed[history[0]].restored_at == day(4)


def test_a_rollback_fails_the_deploy_it_rolled_back_from() -> None:
    history, failed = failures_of([deploy(1, 1), deploy(2, 2), deploy(1, 2.5)])
    assert tuple(map(cause, failed[history[1]].causes)) == ("rolled back to 0000001",)
    assert failed[history[1]].restored_at - failed[history[1]].started_at == timedelta(days=0.5)


def test_a_failed_deployment_is_restored_by_the_next_successful_one() -> None:
    history, failed = failures_of([deploy(1, 1), deploy(2, 2, succeeded=False), deploy(3, 2.25)])
    assert failed[history[1]].restored_at == day(2.25)
