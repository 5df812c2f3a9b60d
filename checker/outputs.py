"""Where a report (or a baseline) goes: the one writer every command uses.

Rules (docs/LIMITS.md, "Output paths"):

* `-` is standard output; so is `/dev/stdout`, and any `/dev/fd/N` or
  `/proc/self/fd/N` is written through to that descriptor (appending, never
  truncating or replacing what the descriptor points at);
* a regular file, or a path that does not exist yet, is replaced atomically
  (temporary file in the same folder, fsync, rename); a symbolic link is followed
  and its *target* is replaced, so the link stays a link;
* a character device (`/dev/null`, a terminal) or a FIFO is written through;
* anything else (a directory, a block device, a socket) is refused (exit 2);
* a target that is one of the run's inputs — the same file once links are
  resolved, or a hard link to it — is refused (exit 2) and nothing is written.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from checker.errors import InputError, UsageError, located
from checker.safeio import describe_mode

STDOUT = "-"
_FD_DIR = re.compile(r"^/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd$")
_MAX_LINKS = 40  # like the kernel's limit on symbolic links in one lookup


@dataclass(frozen=True)
class RunInput:
    """A file the run reads, and what it is to the user ("the German article")."""

    path: str
    role: str


@dataclass(frozen=True)
class _Target:
    kind: str  # "stdout", "descriptor", "through" (device/FIFO), "replace" (atomic)
    path: str  # the path to write (the link's target for "replace")


def _is_fd_link(path: str) -> bool:
    parent = os.path.realpath(os.path.dirname(path))
    return bool(_FD_DIR.match(parent)) and os.path.basename(path).isdigit()


def _follow(path: str) -> str | None:
    """Follow symbolic links one at a time; None when one of them is a /proc fd link
    (/dev/stdout, /dev/fd/1), which must be written through, not resolved."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if _is_fd_link(current):
            return None
        if not os.path.islink(current):
            return os.path.realpath(current)
        target = os.readlink(current)
        current = os.path.normpath(os.path.join(os.path.dirname(current), target))
    raise UsageError(located(path, "too many levels of symbolic links"))


def _target(path: str) -> _Target:
    if path == STDOUT or os.path.abspath(path) == "/dev/stdout":
        return _Target("stdout", path)
    resolved = _follow(path)
    if resolved is None:
        return _Target("descriptor", path)
    try:
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        return _Target("replace", resolved)
    except OSError as exc:
        raise InputError(located(path, f"cannot write report: {exc.strerror or exc}")) from None
    if stat.S_ISREG(mode):
        return _Target("replace", resolved)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return _Target("through", resolved)
    cause = (
        f"is {describe_mode(mode)}; the report can go to a regular file, a character "
        "device, a FIFO or - (standard output)"
    )
    raise UsageError(located(path, cause))


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def refuse_inputs(target: str, inputs: Iterable[RunInput]) -> None:
    """UsageError when `target` is (after links) one of the run's input files."""
    if target == STDOUT:
        return
    mine = _identity(target)
    if mine is None:
        return
    for item in inputs:
        if _identity(item.path) == mine:
            same = os.path.normpath(item.path) == os.path.normpath(target)
            also = "" if same else f" {item.path}"
            cause = f"is {item.role}{also}, an input of this run; not overwriting it"
            raise UsageError(located(target, cause))


def preflight(targets: str | Sequence[str] | None, inputs: Iterable[RunInput]) -> None:
    """Check output targets before the run starts: refused kinds and inputs."""
    listed = [targets] if isinstance(targets, str) else list(targets or ())
    kept = inputs if isinstance(inputs, Collection) else list(inputs)  # walked per target
    for target in listed:
        _target(target)
        refuse_inputs(target, kept)


def _pieces(text: str | Iterable[str]) -> Iterable[str]:
    return [text] if isinstance(text, str) else text


def _write_through(path: str, text: str | Iterable[str], flags: int) -> None:
    try:
        fd = os.open(path, flags | os.O_CLOEXEC)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(_pieces(text))
    except OSError as exc:
        raise InputError(located(path, f"cannot write report: {exc.strerror or exc}")) from None


def write_output(
    target: str,
    text: str | Iterable[str],
    *,
    inputs: Iterable[RunInput] = (),
    stdout: TextIO | None = None,
) -> None:
    """Write `text` (UTF-8; a string, or its pieces as a results store streams them)
    to `target` following the module's rules."""
    where = _target(target)
    refuse_inputs(target, inputs)
    if where.kind == "stdout":
        stream = stdout or sys.stdout
        last = ""
        for piece in _pieces(text):
            stream.write(piece)
            last = piece or last
        if last and not last.endswith("\n"):
            stream.write("\n")
        stream.flush()
    elif where.kind == "descriptor":
        _write_through(where.path, text, os.O_WRONLY | os.O_APPEND)
    elif where.kind == "through":
        _write_through(where.path, text, os.O_WRONLY)
    else:
        from checker.report import write_atomic

        write_atomic(where.path, text)

