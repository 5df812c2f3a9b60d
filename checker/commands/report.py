"""`transcheck report SAVED.json --format FORMAT [--output FILE]`: re-render a saved JSON report.

Nothing is translated or checked again; the exit code is 0 whenever the report
could be rendered (the gate already ran when the JSON was written).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from checker.errors import ExitCode
from checker.outputs import RunInput, preflight, write_output
from checker.safeio import read_text
from checker.settings import FORMAT_CHOICES, MAX_REPORT_BYTES

DEFAULT_FORMAT = "table"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a saved JSON report in another format",
        description="Re-render a report saved with --format json, without translating again.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("saved", metavar="SAVED.json", help="a report written with --format json")
    parser.add_argument(
        "--format", choices=FORMAT_CHOICES, default=DEFAULT_FORMAT, help="output format"
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        default=None,
        help="write the report to FILE (atomically; - for standard output) instead of "
        "standard output",
    )
    parser.set_defaults(run=run)


def _read(path: Path) -> str:
    """The saved report's text: a regular UTF-8 file (BOM allowed) of bounded size."""
    return read_text(path, "saved report", MAX_REPORT_BYTES)


def use_color(stream: Any) -> bool:
    """ANSI colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def run(args: argparse.Namespace) -> int:
    from checker.report import render
    from checker.report.json_report import loads

    path = Path(args.saved)
    inputs = [RunInput(str(path), "the saved report")]
    preflight(args.output, inputs)
    report = loads(_read(path), source=path)
    if args.output:
        write_output(args.output, render(report, args.format), inputs=inputs)
    else:
        sys.stdout.write(render(report, args.format, color=use_color(sys.stdout)))
    return int(ExitCode.OK)
