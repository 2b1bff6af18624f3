from __future__ import annotations

from bot.measure.deploys import DeployKind, deploy_history
from tests.measure.build import commit, deploy, pr, sha


def kinds(history) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.kind.value for d in history]


def test_no_deployments_is_an_empty_history() -> None:
    assert deploy_history([], [pr(1, merged=1)], [], "main") == ()


def test_each_deploy_ships_the_prs_merged_since_the_previous_one() -> None:
    prs = [pr(1, merged=1), pr(2, merged=2), pr(3, merged=4), pr(4, merged=4.5, base="release")]
    history = deploy_history([deploy(10, at=3), deploy(11, at=5)], prs, [], "main")
    assert [[p.number for p in d.shipped] for d in history] == [[1, 2], [3]]


def test_the_same_build_again_is_a_redeploy_and_an_older_live_build_is_a_rollback() -> None:
    history = deploy_history(
        [deploy(1, at=1), deploy(1, at=2), deploy(2, at=3), deploy(1, at=4), deploy(3, at=5, succeeded=False)],
        [],
        [],
        None,
    )
    assert kinds(history) == ["change", "redeploy", "change", "rollback", "failed"]
    assert all(not d.shipped for d in history if d.kind is not DeployKind.CHANGE)


def test_a_squash_merge_is_matched_by_its_merge_commit_even_if_merged_just_after_the_deploy_started() -> None:
    squash = pr(7, merged=3.01, merge_sha=sha(99))
    (only,) = deploy_history([deploy(99, at=3)], [squash], [], "main")
    assert only.shipped == (squash,)


def test_without_prs_the_commits_committed_since_the_last_deploy_are_shipped() -> None:
    history = deploy_history([deploy(10, at=2), deploy(11, at=4)], [], [commit(1, 1), commit(2, 3)], None)
    assert [[c.sha for c in d.shipped_commits] for d in history] == [[sha(1)], [sha(2)]]
    assert history[1].ships_sha(sha(2)[:7]) and not history[1].ships_sha(sha(1)[:7])
