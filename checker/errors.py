"""One exception hierarchy; `str(exc)` is the one-line message the user sees."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INPUT = 3
    ENGINE = 4
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM


class TranscheckError(Exception):
    """Base class. Subclasses choose the exit code."""

    exit_code: ExitCode = ExitCode.INPUT


class UsageError(TranscheckError):
    """Bad options, bad configuration or a malformed baseline."""

    exit_code = ExitCode.USAGE


class InputError(TranscheckError):
    """An input file is unreadable, empty, binary, wrongly encoded, or not a pair."""

    exit_code = ExitCode.INPUT


class ConfigError(UsageError):
    """A configuration file names an unknown key or holds a bad value."""


class EngineError(TranscheckError):
    """A translation engine was asked for and cannot run (no model, broken package)."""

    exit_code = ExitCode.ENGINE


class Terminated(BaseException):
    """SIGTERM arrived; raised by the CLI's handler so that clean-up runs as for Ctrl-C.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it.
    """


def located(path: object, cause: str) -> str:
    """The house format of a message about a file: `PATH: cause`."""
    return f"{path}: {cause}"
