"""``goodhart``: argument parsing and wiring only; every decision worth testing lives elsewhere.

Exit codes: 0 done; 1 internal error (a bug: please report it); 2 bad input (flags, settings,
config file); 3 a source could not be read (not a git repository, shallow clone, git failed);
4 the result could not be published; 5 pr-check found a pattern and fail-on-findings is set;
6 a source stopped partway (rate limit): the partial result was printed, not published; 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import __version__
from bot.action import audit_due, command_for, in_workspace
from bot.publish.actions import ensure_writable
from bot.run import reported, run_audit, run_digest, run_pr_check, run_rollup
from bot.schedule import serve
from bot.settings import KEYS, load_settings

log = logging.getLogger("goodhart")

_EPILOG = """\
exit codes: 0 done, 1 internal error, 2 bad input (flags, settings, config file),
3 a source could not be read (not a git repository, shallow clone, git refused it), 4 could not publish,
6 data incomplete (a rate limit stopped reading): printed, not published."""
_SETTING_FLAGS = """
Every flag but --debug can also be set as GOODHART_<NAME> in the environment (GOODHART_LOOKBACK_WEEKS=8), and in
.github/goodhart.yml by its name (lookback-weeks: 8), except {not_in_file}: the file cannot set those."""


def _epilog(setting_flags: bool = True) -> str:
    """Exit codes, and for the commands whose flags are settings, where else each can be set."""
    flags = sorted(str(key.flag) for key in KEYS.values() if key.flag and not key.in_file)
    return _EPILOG + (_SETTING_FLAGS.format(not_in_file=" and ".join(flags)) if setting_flags else "")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="goodhart",
        description="Engineering metrics measured in pairs, so that no number can be pushed up alone.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"goodhart {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    digest = commands.add_parser(
        "digest",
        help="weekly metrics digest of a repository",
        description="Count a repository's weekly activity over the lookback window and print the digest.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_setting_flags(digest, DIGEST_FLAGS)
    digest.add_argument("--debug", action="store_true", help="show tracebacks and detailed logs")
    pr_check = commands.add_parser(
        "pr-check",
        help="look for commit-inflation patterns in a pull request",
        description="Run the pull-request detectors on a PR (with --repo and --pr, or a pull request event) or "
        "on any two refs of a local clone (--base and --head), and comment once, neutrally, when a pattern shows.",
        epilog=_epilog() + "\n5 when a pattern was found and fail-on-findings is set.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_setting_flags(pr_check, PR_CHECK_FLAGS)
    pr_check.add_argument("--debug", action="store_true", help="show tracebacks and detailed logs")
    audit = commands.add_parser(
        "audit",
        help="quarterly audit of the KPIs (kpis: in the config)",
        description="Audit each KPI over a quarter: owner, review date, how much it moved, weeks its pair spent in "
        "warning, whether it still predicts its outcome, and keep, review, replace or retire; posted as one issue "
        "per quarter, updated in place. Default: the last complete quarter; --week ends the audit at that week.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_setting_flags(audit, AUDIT_FLAGS)
    audit.add_argument("--debug", action="store_true", help="show tracebacks and detailed logs")
    action = commands.add_parser(
        "action",
        help="run as a GitHub Action (the action's entry point)",
        description="Read the action's inputs (INPUT_*) and the event, then run digest or pr-check as the event "
        "asks (see the mode input).",
        epilog=_epilog(setting_flags=False),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    action.add_argument("--debug", action="store_true", help="show tracebacks and detailed logs")
    _add_rollup(commands)
    serve = commands.add_parser(
        "serve",
        help="post the weekly digest for many repositories on a schedule (self-hosted)",
        description="Run the weekly digest for each repository of the serve config on its schedule, keeping the "
        "jobs in SQLite so that a restart neither loses nor doubles a run. Tokens come from the environment "
        "variables the config names.",
        epilog=_epilog(setting_flags=False),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--config", dest="serve_config", required=True, metavar="FILE", help="the serve config (YAML)")
    serve.add_argument("--once", action="store_true", help="run every repository's digest now, then exit")
    serve.add_argument("--debug", action="store_true", help="show tracebacks and detailed logs")
    return parser


DIGEST_FLAGS = frozenset(
    {
        "repo_path",
        "repo",
        "api_url",
        "config",
        "week",
        "lookback_weeks",
        "timezone",
        "branch",
        "dry_run",
        "format",
        "json_output",
        "team",
        "paths",
        "exclude_paths",
    }
)
AUDIT_FLAGS = DIGEST_FLAGS | {"quarter"}
PR_CHECK_FLAGS = frozenset(
    {"repo_path", "repo", "api_url", "config", "pr", "base", "head", "dry_run", "format", "json_output"}
)


ROLLUP_FLAGS = frozenset({"repo", "api_url", "config", "by_team", "dry_run", "format", "json_output"})


def _add_rollup(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rollup = commands.add_parser(
        "rollup",
        help="organisation digest from many repositories' digest JSON",
        description="Read per-repository digest JSON (goodhart digest --format json), sum the weekly counts, judge "
        "the pairs on the pooled samples, and print the organisation digest or post it as the week's issue in "
        "--repo.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rollup.add_argument(
        "rollup_inputs",  # the rollup-inputs setting, as the action's input sets it too
        nargs="+",
        metavar="PATH",
        help="digest JSON files, or folders searched (recursively) for *.json",
    )
    _add_setting_flags(rollup, ROLLUP_FLAGS)
    rollup.add_argument("--debug", action="store_true", help="show tracebacks and detailed logs")


def _add_setting_flags(parser: argparse.ArgumentParser, names: frozenset[str]) -> None:
    """One flag per setting of this command that has one; the help is the setting's own description."""
    for key in KEYS.values():
        flag, name, info = key.flag, key.dest, key.info
        if flag is None or name not in names:
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if info.annotation is bool:
            parser.add_argument(flag, dest=name, action="store_true", default=None, help=info.description)
        else:
            choices = ("markdown", "json") if name == "format" else None
            metavar = None if choices else str(extra.get("metavar", name.upper()))
            parser.add_argument(flag, dest=name, default=None, choices=choices, metavar=metavar, help=info.description)


def main(
    argv: Sequence[str] | None = None,
    environ: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    _log_to_stderr(debug)
    return reported(lambda: _run(args, os.environ if environ is None else environ, now or datetime.now(UTC)), debug)


def _log_to_stderr(debug: bool) -> None:
    """Progress and notes go to stderr, so stdout holds only the digest and can be piped."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("goodhart: %(message)s"))
    log.handlers = [handler]  # replaced, not added: tests run main() many times in one process
    log.setLevel(logging.DEBUG if debug else logging.INFO)


def _run(args: argparse.Namespace, environ: Mapping[str, str], now: datetime) -> int:
    if args.command == "serve":
        return serve(Path(args.serve_config), once=args.once)
    dests = {key.dest for key in KEYS.values()}
    flags: dict[str, Any] = {k: v for k, v in vars(args).items() if k in dests}
    settings = load_settings(flags, environ)
    command = args.command
    if command == "action":
        settings = in_workspace(settings)
        command = command_for(settings)
        log.info("running %s for the %s event", command, settings.runner.event_name or "manual")
    json_path = settings.json_path(command)
    if json_path is not None:
        ensure_writable(json_path, "json-output")
    if command == "pr-check":
        return run_pr_check(settings)
    if command == "rollup":
        return run_rollup(settings, now)
    if command == "audit":
        return run_audit(settings, now)
    code = run_digest(settings, now)
    if args.command == "action" and code == 0 and audit_due(settings, now):
        log.info("the first week of a quarter: auditing the KPIs of the last one")
        return run_audit(settings, now)
    return code
