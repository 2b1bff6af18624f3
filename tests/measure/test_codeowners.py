"""CODEOWNERS read as GitHub reads it: its pattern rules, its comments, and the last matching line winning."""

from __future__ import annotations

import pytest

from bot.measure.codeowners import parse_codeowners


def owners(text: str, path: str) -> tuple[str, ...]:
    return parse_codeowners(text, "CODEOWNERS").owners_of(path)


@pytest.mark.parametrize(
    ("pattern", "path", "owned"),
    [
        ("*", "a/b/c.py", True),
        ("*.js", "web/app/main.js", True),  # no slash: at any depth
        ("*.js", "web/app/main.jsx", False),
        ("apps/", "deep/apps/x/y.py", True),  # a trailing slash alone still matches at any depth
        ("apps/", "apps", False),  # a directory's contents, not a file of that name
        ("/docs/", "docs/a.md", True),
        ("/docs/", "src/docs/a.md", False),  # a leading slash anchors at the root
        ("docs/*", "docs/getting-started.md", True),
        ("docs/*", "docs/build-app/troubleshooting.md", False),  # a lone star holds only the files directly in it
        ("src/app", "src/app/x/y.py", True),  # a name may be a folder: everything under it
        ("src/app", "lib/src/app/y.py", False),  # an inner slash anchors at the root
        ("**/logs", "a/b/logs/today.txt", True),
        ("docs/**", "docs/a/b/c.md", True),
        ("a/**/b", "a/b", True),
        ("a/**/b", "a/x/y/b/z", True),
        ("shared/**/*.sql", "shared/db/schema.sql", True),
        ("shared/**/*.sql", "shared/schema.sql", True),
        ("shared/**/*.sql", "shared/db/schema.py", False),
        ("file?.txt", "dir/file1.txt", True),
        ("file?.txt", "dir/file10.txt", False),
    ],
)
def test_patterns_match_as_github_documents(pattern: str, path: str, owned: bool) -> None:
    assert bool(owners(f"{pattern} @org/team", path)) is owned


def test_the_last_matching_line_wins() -> None:
    text = "* @org/platform\n/services/payments/ @org/payments\n"
    assert owners(text, "services/payments/api.py") == ("@org/payments",)
    assert owners(text, "services/search/api.py") == ("@org/platform",)


def test_a_last_matching_line_with_no_owner_leaves_the_path_unowned() -> None:
    text = "/apps/ @octocat\n/apps/github\n"
    assert owners(text, "apps/github/x.rb") == ()
    assert owners(text, "apps/other/x.rb") == ("@octocat",)


def test_comments_blank_lines_and_trailing_comments_are_not_rules() -> None:
    text = "# who owns what\n\n/api/ @org/api # the API team\n\\#notes/ @org/docs\n"
    rules = parse_codeowners(text, "CODEOWNERS").rules
    expected = [("/api/", ("@org/api",), 3), ("#notes/", ("@org/docs",), 4)]
    assert [(r.pattern, r.owners, r.line) for r in rules] == expected


def test_lines_github_would_skip_are_skipped_and_counted() -> None:
    parsed = parse_codeowners("!/keep @org/a\n[abc].py @org/b\n/ok @org/c\n/bad not-an-owner\n", "CODEOWNERS")
    assert [r.pattern for r in parsed.rules] == ["/ok"]
    assert parsed.skipped == (1, 2, 4)


def test_the_owners_named_are_listed_once_and_compared_without_case() -> None:
    parsed = parse_codeowners("* @org/Platform dev@example.com\n/a/ @org/platform @ada\n", "CODEOWNERS")
    assert parsed.owners == ("@ada", "@org/Platform", "@org/platform", "dev@example.com")
    assert parsed.names("@ORG/PLATFORM") and not parsed.names("@org/payments")


def test_the_prefix_index_gives_every_path_the_owners_a_scan_of_every_line_gives() -> None:
    text = (
        "* @all\n/services/ @svc\n/services/pay/ @pay\nservices/pay/api @api\n*.md @docs\n/services/*/gen/\n"
        "docs/* @docs\n**/migrations/ @dba\n/services/pay/**/*.sql @sql\nsrc/app @app\n/x/y?/ @q\n"
    )
    owners = parse_codeowners(text, "CODEOWNERS")
    paths = [
        f"{top}/{mid}/{leaf}"
        for top in ("services", "docs", "src", "x", "lib")
        for mid in ("pay", "pay/api", "search/gen", "app", "y1", "migrations", "pay/db/v1")
        for leaf in ("a.py", "README.md", "schema.sql", "gen/b.py")
    ]
    for path in paths:
        scan = next((rule.owners for rule in reversed(owners.rules) if rule.matches(path)), ())
        assert owners.owners_of(path) == scan, path
