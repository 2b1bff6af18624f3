from __future__ import annotations

import pytest

from bot.measure.paths import FileKind, PathRules, compile_pattern
from bot.records import FileChange, PathAttributes


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.min.js", "web/app.min.js", True),
        ("*.min.js", "app.min.js.txt", False),
        ("vendor/", "src/vendor/lib.go", True),
        ("vendor/", "vendor.go", False),
        ("/gen/*.py", "gen/a.py", True),
        ("/gen/*.py", "src/gen/a.py", False),
        ("docs/**/*.png", "docs/a/b/c.png", True),
        ("docs/**/*.png", "docs/c.png", True),
        ("api/openapi.json", "api/openapi.json", True),
        ("api/openapi.json", "x/api/openapi.json", False),
    ],
)
def test_patterns_follow_gitignore_rules(pattern: str, path: str, matches: bool) -> None:
    assert bool(compile_pattern(pattern).match(path)) is matches


def kind(path: str, rules: PathRules | None = None, binary: bool = False) -> FileKind:
    change = FileChange(path, None if binary else 1, None if binary else 1)
    return (rules or PathRules()).kind(change)


def test_built_in_kinds() -> None:
    assert kind("package-lock.json") is FileKind.LOCK
    assert kind("services/api/go.sum") is FileKind.LOCK
    assert kind("proto/user.pb.go") is FileKind.GENERATED
    assert kind("third_party/zlib/inflate.c") is FileKind.VENDORED
    assert kind("assets/logo.png", binary=True) is FileKind.BINARY
    assert kind("src/app.py") is FileKind.MEANINGFUL


def test_gitattributes_mark_and_unmark_generated_and_vendored_paths() -> None:
    rules = PathRules().with_attributes(
        PathAttributes(
            generated=(("schema/*.json", True), ("schema/hand.json", False), ("*.pb.go", False)),
            vendored=(("legacy/**", True),),
        )
    )
    assert kind("schema/api.json", rules) is FileKind.GENERATED
    assert kind("schema/hand.json", rules) is FileKind.MEANINGFUL
    assert kind("proto/user.pb.go", rules) is FileKind.MEANINGFUL
    assert kind("legacy/old.c", rules) is FileKind.VENDORED


def test_user_patterns_extend_the_built_in_lists() -> None:
    rules = PathRules(generated=(*PathRules().generated, "migrations/"))
    assert kind("app/migrations/0001_initial.py", rules) is FileKind.GENERATED
    assert kind("web/app.min.js", rules) is FileKind.GENERATED
