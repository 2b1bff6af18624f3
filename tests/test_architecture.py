"""The arrows between bot's parts point one way: the core is pure, publish does not reach into collect,
settings do not know their readers, and no module imports itself round a loop."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
CORE_MAY_IMPORT = ("bot.records", "bot.errors", "bot.measure", "bot.balance")


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(BOT.rglob("*.py"))}


def imports_of(module: str) -> set[str]:
    """Every bot module this one imports, at the top or inside a function, ``TYPE_CHECKING`` included."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            for alias in node.names:  # `from bot.x import y` imports the module bot.x.y when there is one
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name == "bot" or name.startswith("bot.")}


GRAPH = {module: imports_of(module) for module in MODULES}


def within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def offending(sources: Iterable[str], allowed: tuple[str, ...] = (), forbidden: tuple[str, ...] = ()) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module in sources
        for target in GRAPH[module]
        if (allowed and not within(target, *allowed)) or (forbidden and within(target, *forbidden))
    )


def cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules round it, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_modules_are_found_and_their_imports_read() -> None:
    assert "bot.settings.load" in MODULES and "bot.github.client" in MODULES
    assert "bot.measure.rules" in GRAPH["bot.balance.detectors.base"]
    assert "bot.run" in GRAPH["bot.schedule"]


def test_measure_and_balance_import_only_records_errors_and_each_other() -> None:
    core = [m for m in MODULES if within(m, "bot.measure", "bot.balance")]
    assert offending(core, allowed=CORE_MAY_IMPORT) == []


def test_measure_does_not_know_the_balancer() -> None:
    assert offending([m for m in MODULES if within(m, "bot.measure")], forbidden=("bot.balance",)) == []


def test_collectors_know_nothing_of_verdicts_or_publishing() -> None:
    collect = [m for m in MODULES if within(m, "bot.collect")]
    assert offending(collect, forbidden=("bot.balance", "bot.publish", "bot.report", "bot.run", "bot.cli")) == []


def test_the_github_connection_serves_collect_and_publish_without_knowing_them() -> None:
    github = [m for m in MODULES if within(m, "bot.github")]
    assert offending(github, forbidden=("bot.collect", "bot.publish", "bot.measure", "bot.balance")) == []


def test_publish_does_not_import_collect() -> None:
    assert offending([m for m in MODULES if within(m, "bot.publish")], forbidden=("bot.collect",)) == []


def test_settings_do_not_import_their_readers() -> None:
    settings = [m for m in MODULES if within(m, "bot.settings")]
    assert offending(settings, forbidden=("bot.balance", "bot.collect", "bot.publish")) == []


def test_the_rollup_reads_digest_json_never_the_sources() -> None:
    rollup = [m for m in MODULES if within(m, "bot.rollup")]
    assert rollup and offending(rollup, forbidden=("bot.collect", "bot.github", "bot.run", "bot.cli")) == []


def test_the_rollups_pooling_and_judging_are_pure() -> None:
    pure = ["bot.rollup.repository", "bot.rollup.pool", "bot.rollup.organisation"]
    allowed = (*CORE_MAY_IMPORT, "bot.report", *pure)
    assert offending(pure, allowed=allowed) == []


def test_the_import_graph_has_no_cycle() -> None:
    assert cycle(GRAPH) is None


def test_a_cycle_is_seen_when_there_is_one() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
