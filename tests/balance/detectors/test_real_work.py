"""The detectors on the shapes ordinary merged PRs of real projects take: none of them is inflation."""

from __future__ import annotations

import hashlib
import json

import pytest

from bot.cli import main
from tests.balance.detectors.prrepo import PrRepo, code
from tests.gitrepo import GitRepo


def functions(count: int, extra: str = "") -> str:
    return "".join(
        f"def handler_{i}(request):\n    value = fetch_the_value(request, index={i})\n{extra}    return value\n\n\n"
        for i in range(count)
    )


def pr_check_json(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    argv = ["pr-check", "--repo-path", str(repo.path), "--base", "main", "--head", "feature", "--format", "json"]
    main(argv, {})
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_small_edits_in_separate_hunks_are_not_stitched_into_duplicate_blocks(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    pr = PrRepo(repo, {"src/handlers.py": functions(20)})
    logging = "    logger.debug('handled request %s', request.identifier)\n    metrics.increment('requests_handled')\n"
    pr.commit("log every handler", {"src/handlers.py": functions(20, extra=logging)})
    assert pr_check_json(repo, capsys)["findings"] == []


def test_a_pure_reformat_of_code_that_already_repeated_is_not_duplicate_blocks(repo: GitRepo) -> None:
    body = "".join(f"    step_{i} = run_the_step('stage_{i}', retries=3, timeout=30)\n" for i in range(8))
    source = "".join(f"def pipeline_{n}():\n{body}    return step_7\n\n\n" for n in range(5))
    pr = PrRepo(repo, {"src/pipelines.py": source})
    pr.commit("format with black", {"src/pipelines.py": source.replace("'", '"')})
    assert "duplicate-blocks" not in pr.fired()


def test_moved_and_reindented_code_is_not_duplicate_blocks(repo: GitRepo) -> None:
    block = code("shared", 8)
    original = code("a", 5) + block + code("b", 5) + block
    pr = PrRepo(repo, {"app.py": original})
    indented = "".join(f"    {line}\n" for line in original.splitlines())
    pr.commit("move into a class", {"app.py": None, "pkg/service.py": "class Service:\n" + indented})
    assert "duplicate-blocks" not in pr.fired()


def test_repeated_workflow_steps_are_not_duplicate_blocks(repo: GitRepo) -> None:
    step = (
        "      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: ${{ matrix.python }}\n      - run: pip install --editable '.[test]'\n"
        "      - run: pytest --cov --cov-report=xml\n"
    )
    jobs = "".join(
        f"  test-{name}:\n    runs-on: {name}-latest\n    steps:\n{step}" for name in ("ubuntu", "macos", "windows")
    )
    pr = PrRepo(repo, {"app.py": code("app", 10)})
    pr.commit("ci on three platforms", {".github/workflows/tests.yml": "on: [push]\njobs:\n" + jobs})
    assert pr.fired() == set()


def test_a_padded_pr_is_still_caught_and_each_copy_is_located_and_linked(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    block = code("shared", 10)
    pr = PrRepo(repo, {"app.py": code("app", 20)})
    pr.commit("copy", {f"src/f{i}.py": code(f"own{i}", 3) + block for i in range(4)})
    (finding,) = pr_check_json(repo, capsys)["findings"]
    assert finding["id"] == "duplicate-blocks"
    assert {"path": "src/f0.py", "start_line": 4, "end_line": 13, "in_base": False} in finding["locations"]
    assert {"path": "src/f1.py", "start_line": 4, "end_line": 13, "in_base": False} in finding["locations"]
    comment = pr.check_comment(repo="acme/shop", number=7)
    anchor = hashlib.sha256(b"src/f0.py").hexdigest()
    assert f"https://github.com/acme/shop/pull/7/files#diff-{anchor}R4-R13" in comment


def test_a_copy_of_existing_code_names_the_original(repo: GitRepo) -> None:
    existing = code("app", 40)
    pr = PrRepo(repo, {"app.py": existing})
    pr.commit("copy", {"src/copy.py": existing[: existing.index("value_app_20")] + code("new", 30)})
    (finding,) = [f for f in pr.check().findings if f.id == "duplicate-blocks"]
    assert [(loc.path, loc.in_base) for loc in finding.locations] == [("src/copy.py", False), ("app.py", True)]


def test_a_whole_file_pattern_names_the_files_and_lines(repo: GitRepo) -> None:
    pr = PrRepo(repo, {"app.py": code("app", 10)})
    pr.commit("vendor a library", {"vendor/lib/core.py": code("lib", 300), "src/use.py": code("use", 10)})
    (finding,) = [f for f in pr.check().findings if f.id == "generated-volume"]
    assert [(loc.path, loc.start_line, loc.end_line) for loc in finding.locations] == [("vendor/lib/core.py", 1, 300)]


def test_a_lock_refresh_without_its_manifest_is_not_generated_volume(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    pr = PrRepo(repo, {"app.py": code("app", 10), "uv.lock": 'name = "dep"\nversion = "1.0.0"\n'})
    lock = "".join(f'[[package]]\nname = "dep{i}"\nversion = "1.{i}.0"\n\n' for i in range(300))
    pr.commit("refresh the lock", {"uv.lock": lock})
    assert pr_check_json(repo, capsys)["findings"] == []


def test_pinned_requirements_updated_with_their_lock_are_not_generated_volume_nor_copies(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    pins = "".join(
        f"dep{i}=={i}.1.0 \\\n    --hash=sha256:{i:064x}\n    # via -r requirements/dev.in\n" for i in range(80)
    )
    pr = PrRepo(repo, {"app.py": code("app", 10)})
    pr.commit(
        "update pinned dependencies",
        {"requirements/dev.txt": pins, "requirements/tests.txt": pins, "poetry.lock": pins},
    )
    assert pr_check_json(repo, capsys)["findings"] == []


def test_code_moved_by_a_later_commit_is_not_self_churn(repo: GitRepo) -> None:
    pr = PrRepo(repo, {"app.py": code("app", 10)})
    pr.commit("add the feature", {"src/feature.py": code("feature", 80)})
    moved = code("feature", 80).splitlines(keepends=True)
    pr.commit("split it in two", {"src/feature.py": "".join(moved[:40]), "src/feature_io.py": "".join(moved[40:])})
    assert "self-churn" not in pr.fired()


def test_configuration_iterated_on_in_review_is_not_self_churn(repo: GitRepo) -> None:
    rules = "".join(f'"RULE{i:03}",  # rule number {i} of the linter\n' for i in range(150))
    pr = PrRepo(repo, {"app.py": code("app", 10)})
    pr.commit("enable every lint rule", {"pyproject.toml": f"[tool.ruff]\nselect = [\n{rules}]\n"})
    pr.commit("keep the rules that pass", {"pyproject.toml": f"[tool.ruff]\nselect = [\n{rules[: len(rules) // 3]}]\n"})
    assert "self-churn" not in pr.fired()
