"""A scope's paths: pathspec globs and a team's CODEOWNERS paths, alone or together."""

from __future__ import annotations

import pytest

from bot.measure.codeowners import parse_codeowners
from bot.measure.scope import WHOLE_REPOSITORY, PathGlobs, Scope


@pytest.mark.parametrize(
    ("glob", "path", "covered"),
    [
        ("services/payments", "services/payments/api/charge.py", True),  # a folder takes in everything under it
        ("services/payments", "lib/services/payments/x.py", False),  # anchored at the root, as pathspecs are
        ("services/*/api", "services/payments/api/x.py", True),
        ("services/*", "services/payments/api/x.py", True),
        ("*.md", "README.md", True),
        ("*.md", "docs/guide.md", False),  # a star stays inside one folder
        ("**/*.md", "docs/deep/guide.md", True),
        ("services/**/*.sql", "services/a/b/schema.sql", True),
        ("/services/payments", "services/payments/x.py", True),
    ],
)
def test_globs_follow_git_pathspecs(glob: str, path: str, covered: bool) -> None:
    assert PathGlobs(include=(glob,)).covers(path) is covered


def test_excluded_globs_win_over_included_ones() -> None:
    globs = PathGlobs(include=("services",), exclude=("**/README.md", "services/search"))
    assert [globs.covers(p) for p in ("services/pay/x.py", "services/pay/README.md", "services/search/x.py")] == [
        True,
        False,
        False,
    ]


def test_no_include_globs_cover_every_path_not_excluded() -> None:
    assert PathGlobs(exclude=("docs",)).covers("src/x.py") and not PathGlobs(exclude=("docs",)).covers("docs/a.md")


def test_a_team_covers_the_paths_codeowners_gives_it_narrowed_by_the_globs() -> None:
    owners = parse_codeowners("* @org/platform\n/services/ @org/payments\n", ".github/CODEOWNERS")
    scope = Scope(team="@org/payments", paths=PathGlobs(exclude=("services/legacy",)), codeowners=owners)
    assert scope.covers("services/api.py")
    assert not scope.covers("services/legacy/api.py")
    assert not scope.covers("Makefile")


def test_the_whole_repository_covers_everything_and_has_no_label() -> None:
    assert WHOLE_REPOSITORY.is_whole_repository and WHOLE_REPOSITORY.covers("any/path")
    assert WHOLE_REPOSITORY.label is None


def test_the_label_says_the_team_and_the_globs() -> None:
    owners = parse_codeowners("* @org/a\n", "CODEOWNERS")
    assert Scope(team="@org/a", paths=PathGlobs(("src",), ("src/gen",)), codeowners=owners).label == (
        "@org/a within src excluding src/gen"
    )
    assert Scope(paths=PathGlobs(("src", "lib"))).label == "paths src, lib"
