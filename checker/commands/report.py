"""`transcheck report SAVED.json [--format FORMAT] [-o FILE ...]`: re-render a saved JSON report.

Nothing is translated or checked again; the exit code is 0 whenever the report
could be rendered (the gate already ran when the JSON was written).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checker.commands.output import add_output_options, emit, plan_outputs, render_options
from checker.errors import ExitCode
from checker.outputs import RunInput, preflight
from checker.safeio import read_text
from checker.settings import MAX_REPORT_BYTES


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a saved JSON report in another format",
        description="Re-render a report saved with --format json, without translating again.",
    )
    parser.add_argument("saved", metavar="SAVED.json",
                        help="a report written with --format json, or a results store "
                             "directory (check --results DIR)")
    add_output_options(parser, format_default=None)
    parser.set_defaults(run=run)


def _read(path: Path) -> str:
    """The saved report's text: a regular UTF-8 file (BOM allowed) of bounded size."""
    return read_text(path, "saved report", MAX_REPORT_BYTES)


def run(args: argparse.Namespace) -> int:
    from checker.report.json_report import loads

    plan = plan_outputs(args)
    path = Path(args.saved)
    if path.is_dir():  # a results store: stream its last run
        return _run_store(path, args)
    inputs = [RunInput(str(path), "the saved report")]
    preflight(args.output, inputs)
    report = loads(_read(path), source=path)
    emit(report, plan, render_options(args), inputs=inputs)
    return int(ExitCode.OK)


def _run_store(path: Path, args: argparse.Namespace) -> int:
    """`report DIR`: the last run of a results store, streamed pair by pair."""
    from checker.store import ORDER_FILE, RUN_FILE, ResultStore

    plan = plan_outputs(args)
    inputs = [RunInput(str(path / name), "the results store") for name in (RUN_FILE, ORDER_FILE)]
    preflight(args.output, inputs)
    stored = ResultStore.open_for_reading(path).load_report()
    emit(stored, plan, render_options(args), inputs=inputs)
    return int(ExitCode.OK)
