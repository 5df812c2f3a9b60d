"""Command line: the only place that prints to the terminal or exits.

Each subcommand lives in `checker/commands/<name>.py` with two functions:
`add_parser(subparsers)` registers it (and calls `set_defaults(run=run)`), and
`run(args) -> int` does the work and returns an exit code. Library errors
(`TranscheckError`) become one `ERROR …` line on stderr and their exit code here.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from checker import PROGRESS_LOGGER, TOOL_NAME, __version__
from checker.errors import ExitCode, TranscheckError

COMMANDS = ("check", "align", "models", "baseline", "report")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the house format (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageExit(f"{self.prog}: {message}")


class _UsageExit(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=TOOL_NAME,
        description="Check that the German and English versions of an article say the same thing.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{TOOL_NAME} {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"checker.commands.{name}")
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except _UsageExit as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger(PROGRESS_LOGGER).setLevel(logging.INFO)  # one-off slow work is announced
    try:
        return int(args.run(args))
    except TranscheckError as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("ERROR interrupted; no report was written", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)


def entrypoint() -> None:
    sys.exit(main(sys.argv[1:]))
