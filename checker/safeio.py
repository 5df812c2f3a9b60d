"""Bounded reading of every file a user hands us.

Every input (articles, translations, glossary, baseline, saved report, config,
model archive, metadata) goes through `read_bytes`/`read_text`, which

* refuse anything that is not a regular file — a FIFO, a character device such as
  `/dev/zero`, a socket, a directory — with one line saying what it is, without
  ever blocking (the file is opened with O_NONBLOCK and checked with fstat);
* refuse a file larger than its cap before reading it, and never read more than
  the cap even when the file grows while it is read.

`load_json` parses JSON text into plain values and turns every way JSON can be
hostile (invalid syntax, integers past Python's digit limit, nesting deeper
than the parser's stack, a lone UTF-16 surrogate such as `\\ud800`) into one
error line. The caps are in `checker.settings` and docs/LIMITS.md.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from typing import Any, NoReturn

from checker.errors import InputError, TranscheckError, located

PathLike = str | os.PathLike[str]
ErrorType = Callable[[str], TranscheckError]

_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_READ_CHUNK = 1 << 20
_os_open = os.open  # tests replace it to simulate permission errors as root


class MissingFile(InputError):
    """The path names nothing; callers may replace the message with their own."""


def describe_mode(mode: int) -> str:
    """What a non-regular file is, in words ('a FIFO (named pipe)', 'a directory')."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _oserror(path: PathLike, exc: OSError, what: str) -> TranscheckError:
    shown = os.fspath(path)
    if exc.errno == errno.ENOENT:
        return MissingFile(located(shown, "no such file"))
    if exc.errno == errno.EISDIR:
        return InputError(located(shown, "is a directory, not a file"))
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(located(shown, "permission denied"))
    return InputError(located(shown, f"cannot read the {what} ({exc.strerror or exc})"))


def _size_text(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def too_large(path: PathLike, what: str, size: int | None, cap: int) -> InputError:
    """The one-line refusal of an input over its cap."""
    found = "more than that" if size is None else _size_text(size)
    cause = f"{what} is too large: {found}, the limit is {_size_text(cap)} (see docs/LIMITS.md)"
    return InputError(located(os.fspath(path), cause))


def open_regular(path: PathLike, what: str) -> int:
    """A read-only descriptor of the regular file at `path` (never blocks on a FIFO).

    InputError naming the path when it is missing, unreadable or not a regular file.
    """
    try:
        fd = _os_open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise _oserror(path, exc, what) from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise _oserror(path, exc, what) from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = describe_mode(mode)
        plain = "a file" if stat.S_ISDIR(mode) else "a regular file"
        raise InputError(located(os.fspath(path), f"is {kind}, not {plain}"))
    os.set_blocking(fd, True)
    return fd


def require_regular(path: PathLike, what: str) -> int:
    """The size of the regular file at `path`; the same errors as `open_regular`."""
    fd = open_regular(path, what)
    try:
        return os.fstat(fd).st_size
    finally:
        os.close(fd)


def read_bytes(path: PathLike, what: str, cap: int) -> bytes:
    """At most `cap` bytes of a regular file; InputError if it holds more."""
    fd = open_regular(path, what)
    try:
        size = os.fstat(fd).st_size
        if size > cap:
            raise too_large(path, what, size, cap)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_READ_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise too_large(path, what, None, cap)
    except OSError as exc:
        raise _oserror(path, exc, what) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def decode(data: bytes, path: PathLike, what: str, error: ErrorType = InputError) -> str:
    """UTF-8 text (a leading BOM is dropped); a UTF-16/32 BOM or bad bytes: one line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        cause = f"{what} is not UTF-8 text (it starts with a UTF-16 byte-order mark); save as UTF-8"
        raise error(located(os.fspath(path), cause))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        cause = f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start})"
        raise error(located(os.fspath(path), cause)) from None


def read_text(path: PathLike, what: str, cap: int, error: ErrorType = InputError) -> str:
    """`read_bytes` then `decode`; decoding errors are raised as `error`."""
    return decode(read_bytes(path, what, cap), path, what, error)


def kind_of(path: PathLike) -> str | None:
    """'file', 'dir', what else it is, or None when it does not exist.

    Never raises: a permission error reads as 'unreadable'.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ENAMETOOLONG, errno.ELOOP):
            return None
        return "unreadable"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return describe_mode(mode)


def kind_cause(kind: str | None) -> str:
    """Why a path of this `kind_of` cannot be read as a file, in words."""
    if kind is None:
        return "no such file"
    if kind == "dir":
        return "is a directory, not a file"
    if kind == "unreadable":
        return "permission denied"
    return f"is {kind}, not a regular file"


# ---------------------------------------------------------------- JSON


def load_json(text: str, where: str, error: ErrorType = InputError, prefix: str = "") -> Any:
    """`json.loads` that fails with one line naming `where` instead of raising
    ValueError, RecursionError or returning text Python cannot encode.
    `prefix` starts the cause ("malformed baseline: ")."""

    def fail(cause: str) -> NoReturn:
        raise error(located(where, prefix + cause))

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})")
    except RecursionError:
        fail("JSON nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        fail(f"unusable JSON value ({str(exc).split(';')[0]})")
    if _has_lone_surrogate(data):
        fail("JSON string holds a lone UTF-16 surrogate (\\ud800-\\udfff)")
    return data


def _has_lone_surrogate(data: Any) -> bool:
    """Refuse lone surrogates (`\\ud800`): they cannot be written as UTF-8 later."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            texts: list[str] = [item]
        elif isinstance(item, dict):
            texts = [key for key in item if isinstance(key, str)]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
            continue
        else:
            continue
        if any(_LONE_SURROGATE.search(text) for text in texts):
            return True
    return False
