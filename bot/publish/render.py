"""Digest -> markdown (through the Jinja2 templates) and -> JSON (a documented, versioned shape)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from bot.measure.paths import FileKind
from bot.publish.escape import code, inline
from bot.report import SCHEMA_VERSION, Digest

_BARS = "▁▂▃▄▅▆▇█"
_EXCLUDED_KINDS = (FileKind.LOCK, FileKind.GENERATED, FileKind.VENDORED)


def templates_dir() -> Path:
    """Templates ship inside the wheel as ``bot/templates``; a source checkout has them at the top."""
    packaged = resources.files("bot") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=False,  # markdown, not HTML: user text goes through the `inline` filter instead
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=inline, code=code, sparkline=sparkline, change=change, number=number, counted=counted)
    return env


def render_markdown(digest: Digest) -> str:
    return environment().get_template("digest.md.j2").render(d=digest, FileKind=FileKind)


def sparkline(values: tuple[int, ...] | list[int]) -> str:
    """Eight-level bars scaled to the series' own maximum; an all-zero series is a flat floor."""
    top = max(values, default=0)
    if top <= 0:
        return _BARS[0] * len(values)
    return "".join(_BARS[min(len(_BARS) - 1, round(v / top * (len(_BARS) - 1)))] for v in values)


def change(ratio: float | None) -> str:
    if ratio is None:
        return "n/a"
    if ratio == 0:
        return "±0%"
    arrow = "▲" if ratio > 0 else "▼"
    return f"{arrow} {abs(ratio):.0%}"


def counted(value: int, noun: str) -> str:
    """``3 commits``, ``1 commit``: nouns in the digest are regular, or given as ``"PR|PRs"``."""
    singular, _, plural = noun.partition("|")
    return f"{value:,} {singular if value == 1 else plural or singular + 's'}"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def render_json(digest: Digest) -> str:
    return json.dumps(digest_json(digest), indent=2, ensure_ascii=False) + "\n"


def digest_json(digest: Digest) -> dict[str, Any]:
    """The JSON shape, version ``schema_version``; changing a key's meaning bumps the version."""
    zone = digest.window.zone
    ex = digest.exclusions
    return {
        "schema_version": SCHEMA_VERSION,
        "repository": digest.repository,
        "generated_at": digest.generated_at.isoformat(),
        "week": str(digest.week),
        "timezone": str(zone),
        "window": {"start": digest.window.start.isoformat(), "end": digest.window.end.isoformat()},
        "weeks": [
            {
                "week": str(w.week),
                "start": w.week.start(zone).isoformat(),
                "commits": w.commits,
                "meaningful_lines": w.meaningful_lines,
                "contributors": w.contributors,
                "merged_prs": w.merged_prs,
                "releases": w.releases,
                "reverts": w.reverts,
                "deployments": w.deployments,
                "incidents": w.incidents,
            }
            for w in digest.weeks
        ],
        "metrics": {
            m.key: {
                "this_week": m.this_week,
                "previous_week": m.previous_week,
                "baseline_mean": m.baseline,
                "week_over_week": m.week_over_week,
            }
            for m in digest.metrics
        },
        "excluded": {
            "lines": {kind.value: ex.lines_by_kind.get(kind, 0) for kind in _EXCLUDED_KINDS},
            "binary_files": ex.binary_files,
            "whitespace_only_commits": ex.whitespace_only_commits,
            "bot_commits": ex.bot_commits,
            "excluded_author_commits": ex.excluded_author_commits,
            "merge_commits": ex.merge_commits,
        },
        "sources_read": sorted(digest.read),
        "data_quality": [
            {"source": n.source, "severity": n.severity.value, "message": n.message, "fix": n.fix} for n in digest.notes
        ],
    }
