"""Command line: the only place that prints to the terminal or exits.

Each subcommand lives in `checker/commands/<name>.py` with two functions:
`add_parser(subparsers)` registers it (and calls `set_defaults(run=run)`), and
`run(args) -> int` does the work and returns an exit code. Library errors
(`TranscheckError`) become one `ERROR …` line on stderr and their exit code here.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import signal
import sys
from collections.abc import Iterator, Sequence

from checker import PROGRESS_LOGGER, TOOL_NAME, __version__
from checker.errors import ExitCode, Terminated, TranscheckError

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
    with _sigterm_raises():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.run(args))
    except TranscheckError as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("ERROR interrupted; no report was written", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except Terminated:
        print("ERROR terminated (SIGTERM); no report was written", file=sys.stderr)
        return int(ExitCode.TERMINATED)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except OSError as exc:  # a file the library did not expect to be unreadable
        where = exc.filename if exc.filename is not None else "transcheck"
        print(f"ERROR {where}: {exc.strerror or exc}", file=sys.stderr)
        return int(ExitCode.INPUT)


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM behaves like Ctrl-C: clean-up runs (temp files, worker pool) and one
    line is printed. Only the main thread can set handlers; elsewhere nothing changes."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def entrypoint() -> None:
    sys.exit(main(sys.argv[1:]))
