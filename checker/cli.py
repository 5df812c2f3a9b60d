"""Command line: the only place that prints to the terminal or exits.

Each subcommand lives in `checker/commands/<name>.py` with two functions:
`add_parser(subparsers)` registers it (and calls `set_defaults(run=run)`), and
`run(args) -> int` does the work and returns an exit code. Library errors
(`TranscheckError`) become one `ERROR …` line on stderr and their exit code here.
`-v`/`-q` work before and after the subcommand; a mistyped subcommand or option gets
a "did you mean" suggestion.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import logging
import re
import signal
import sys
from collections.abc import Iterator, Sequence

from checker import PROGRESS_LOGGER, TOOL_NAME, __version__
from checker.errors import ExitCode, Terminated, TranscheckError

COMMANDS = ("check", "align", "models", "baseline", "report")
SUGGEST_CUTOFF = 0.6  # difflib similarity a suggestion needs


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the house format (one line, exit 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageExit(f"{self.prog}: {_with_suggestion(self, message)}")


class _UsageExit(Exception):
    pass


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    return [s for action in parser._actions for s in action.option_strings]


def _suggest(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=SUGGEST_CUTOFF)
    return f" (did you mean {close[0]}?)" if close else ""


_INVALID_CHOICE = re.compile(r"argument ([^:]+): invalid choice: '([^']*)'")
_UNRECOGNIZED = re.compile(r"unrecognized arguments: (\S+)")


def _with_suggestion(parser: argparse.ArgumentParser, message: str) -> str:
    """The argparse message plus the closest subcommand, choice or option, when one is close."""
    choice = _INVALID_CHOICE.search(message)
    if choice:
        names = set(choice[1].split("/"))
        for action in parser._actions:
            if action.choices and (names & {*action.option_strings, action.metavar, action.dest}):
                return message + _suggest(choice[2], [str(c) for c in action.choices])
        return message
    unknown = _UNRECOGNIZED.search(message)
    if unknown and unknown[1].startswith("-"):
        return message + _suggest(unknown[1].split("=", 1)[0], _option_strings(parser))
    return message


def _add_global_options(parser: argparse.ArgumentParser, *, default: object) -> None:
    group = parser.add_argument_group("global options")
    group.add_argument("-v", "--verbose", action="count", default=default,
                       help="more log output (repeatable)")
    group.add_argument("-q", "--quiet", action="count", default=default,
                       help="less output: no progress bar, errors only in the log")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=TOOL_NAME,
        description="Check that the German and English versions of an article say the same thing.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{TOOL_NAME} {__version__}")
    _add_global_options(parser, default=0)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"checker.commands.{name}")
        module.add_parser(sub)
    for subparser in _nested(parser):
        # after the subcommand too; SUPPRESS keeps a value given before it
        _add_global_options(subparser, default=argparse.SUPPRESS)
    return parser


def _nested(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every subcommand's parser, `models install` included."""
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += [child, *_nested(child)]
    return found


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    args, extras = parser.parse_known_args(argv)
    if extras:
        sub = _subparser(parser, getattr(args, "command", None))
        (sub or parser).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def _subparser(
    parser: argparse.ArgumentParser, command: str | None
) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            found: argparse.ArgumentParser = action.choices[command]
            return found
    return None


def _log_level(args: argparse.Namespace) -> int:
    verbose, quiet = getattr(args, "verbose", 0), getattr(args, "quiet", 0)
    level = logging.WARNING - 10 * min(verbose, 2) + 10 * min(quiet, 1)
    return max(logging.DEBUG, level)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = _parse(parser, argv)
    except _UsageExit as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    logging.basicConfig(level=_log_level(args), format="%(levelname)s %(message)s",
                        stream=sys.stderr)
    if not getattr(args, "quiet", 0):  # one-off slow work is announced
        logging.getLogger(PROGRESS_LOGGER).setLevel(logging.INFO)
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
