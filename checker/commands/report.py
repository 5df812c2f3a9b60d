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

from checker.errors import ExitCode, InputError, located
from checker.settings import FORMAT_CHOICES

DEFAULT_FORMAT = "table"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="re-render a saved JSON report in another format",
        description="Re-render a report saved with --format json, without translating again.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("saved", metavar="SAVED.json",
                        help="a report written with --format json, or a results store "
                             "directory (check --results DIR)")
    parser.add_argument(
        "--format", choices=FORMAT_CHOICES, default=DEFAULT_FORMAT, help="output format"
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        default=None,
        help="write the report to FILE (atomically) instead of standard output",
    )
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


def use_color(stream: Any) -> bool:
    """ANSI colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def run(args: argparse.Namespace) -> int:
    from checker.report import render, write_atomic
    from checker.report.json_report import loads

    path = Path(args.saved)
    if path.is_dir():  # a results store: stream its last run
        from checker.report import render_chunks
        from checker.store import ResultStore

        stored = ResultStore.open_for_reading(path).load_report()
        if args.output:
            write_atomic(args.output, render_chunks(stored, args.format))
        else:
            sys.stdout.writelines(render_chunks(stored, args.format, color=use_color(sys.stdout)))
        return int(ExitCode.OK)
    report = loads(_read(path), source=path)
    if args.output:
        write_atomic(args.output, render(report, args.format))
    else:
        sys.stdout.write(render(report, args.format, color=use_color(sys.stdout)))
    return int(ExitCode.OK)
