"""A pull request as a real branch: a base commit on main, then the PR's commits on a feature branch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from bot.balance.check import CheckResult, check
from bot.collect.prdiff import collect_local_change
from bot.measure.paths import PathRules
from bot.publish.render import render_pr_comment
from bot.records import PullRequest, PullRequestChange
from bot.settings import MeasureSettings, PrCheckLimits
from tests.gitrepo import GitRepo


def code(name: str, lines: int, salt: str = "") -> str:
    """Ordinary, distinct lines of code."""
    return "".join(f"value_{name}_{i}{salt} = compute_{name}({i}, factor={i * 7}{salt!r})\n" for i in range(lines))


class PrRepo:
    def __init__(self, repo: GitRepo, base_files: dict[str, str | bytes | None] | None = None) -> None:
        self.repo = repo
        repo.commit("base", base_files or {"README.md": "project\n"})
        repo.git("checkout", "-q", "-b", "feature")

    def commit(self, message: str, files: dict[str, str | bytes | None]) -> None:
        self.repo.commit(message, files)

    def change(
        self,
        body: str = "",
        labels: tuple[str, ...] = (),
        review: PullRequest | None = None,
        siblings: tuple[PullRequest, ...] | None = None,
    ) -> PullRequestChange:
        local = collect_local_change(self.repo.path, "main", "feature", PathRules())
        self.attributes = local.attributes
        return PullRequestChange(
            number=1,
            body=body,
            labels=labels,
            files=local.files,
            commits=local.commits,
            diff=local.diff,
            existing_windows=local.existing_windows,
            review=review,
            siblings=siblings,
        )

    def check(self, **kwargs: object) -> CheckResult:
        change = self.change(**kwargs)  # type: ignore[arg-type]
        rules = replace(MeasureSettings().rules(zone=UTC), paths=PathRules().with_attributes(self.attributes))
        return check(change, PrCheckLimits(), rules)

    def fired(self, **kwargs: object) -> set[str]:
        return {f.id for f in self.check(**kwargs).findings}

    def check_comment(self, repo: str, number: int) -> str:
        return render_pr_comment(self.check(), repo=repo, number=number)
