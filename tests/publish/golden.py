"""Golden digests (a healthy week, a week with two warnings, rendered from generated histories) and a golden
pull-request comment (two patterns found in a real branch).

    python -m tests.publish.golden      # rewrites tests/publish/golden/*.md after a deliberate change

Read the diff before committing it: these files are what managers see.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.measure.weeks import Window
from bot.publish.render import render_markdown
from bot.report import Digest
from tests.scenarios import HEALTHY, REPORTED, changed, generate

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "healthy": (11, HEALTHY, HEALTHY),
    "two_warnings": (
        3,
        HEALTHY,
        changed(
            HEALTHY,
            deploys_per_week=10,
            failure_rate=0.35,
            commits_per_week=120,
            review_comments=0.3,
            silent_approvals=0.9,
        ),
    ),
}


def digest(case: str) -> Digest:
    from tests.digests import digest_of

    seed, baseline, current = CASES[case]
    return digest_of(
        generate(seed, baseline, current),
        Window.ending(REPORTED, 12, UTC),
        datetime(2026, 11, 18, 8, tzinfo=UTC),
        release_tag_pattern=r"^v\d+\.\d+\.\d+$",
    )


def render(case: str) -> str:
    return render_markdown(digest(case))


PR_COMMENT = "pr_comment"


def render_pr_comment_case() -> str:
    """The comment on a PR of twelve one-line commits that also adds 1,500 generated lines."""
    from tests.balance.detectors.prrepo import PrRepo, code
    from tests.gitrepo import GitRepo

    with tempfile.TemporaryDirectory() as folder:
        pr = PrRepo(GitRepo(Path(folder) / "repo"), {"app.py": code("app", 30)})
        pr.commit("regenerate the API", {"api/service_pb2.py": "".join(f"FIELD_{i} = {i}\n" for i in range(1_500))})
        for i in range(12):
            pr.commit(f"tweak {i}", {f"notes/n{i}.py": code(f"n{i}", 1)})
        return pr.check_comment("acme/shop", 7)


if __name__ == "__main__":
    for name in CASES:
        (GOLDEN / f"{name}.md").write_text(render(name))
        print(f"wrote {GOLDEN / name}.md")
    (GOLDEN / f"{PR_COMMENT}.md").write_text(render_pr_comment_case())
    print(f"wrote {GOLDEN / PR_COMMENT}.md")
