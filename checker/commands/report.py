"""`transcheck report SAVED.json [--format FORMAT] [-o FILE ...]`: re-render a saved JSON report.

Nothing is translated or checked again; the exit code is 0 whenever the report
could be rendered (the gate already ran when the JSON was written).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from checker.commands.output import add_output_options, emit, plan_outputs, render_options
from checker.errors import ExitCode, InputError, located


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a saved JSON report in another format",
        description="Re-render a report saved with --format json, without translating again.",
    )
    parser.add_argument("saved", metavar="SAVED.json", help="a report written with --format json")
    add_output_options(parser, format_default=None)
    parser.set_defaults(run=run)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(located(path, "no such file")) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            located(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        ) from None
    except OSError as exc:
        raise InputError(located(path, f"cannot read: {exc.strerror or exc}")) from None


def run(args: argparse.Namespace) -> int:
    from checker.report.json_report import loads

    plan = plan_outputs(args)
    path = Path(args.saved)
    report = loads(_read(path), source=path)
    emit(report, plan, render_options(args))
    return int(ExitCode.OK)
