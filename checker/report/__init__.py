"""Render a Report (table, markdown, json, html, junit, github, sarif) and write it atomically.

Compute, then render: every renderer is a pure function Report → str; the CLI decides
where the text goes and whether the terminal gets colour.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from checker.errors import InputError, UsageError, located
from checker.model import Report
from checker.report.common import RenderOptions
from checker.settings import DEFAULT_FORMAT, FORMAT_CHOICES

# format → module in this package with `render(report, options) -> str`
_RENDERERS: dict[str, str] = {
    "text": "text",
    "table": "table",
    "markdown": "markdown",
    "json": "json_report",
    "html": "html_report",
    "junit": "junit",
    "github": "github",
    "sarif": "sarif",
}
_STREAMED = frozenset({"text", "table"})  # renderers with chunks(report, options)
_DEFAULT_FILE_MODE = 0o666


# file suffix → format, for `-o report.html` without --format
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".xml": "junit",
    ".sarif": "sarif",
}


def render(
    report: Report, fmt: str, *, color: bool = False, options: RenderOptions | None = None
) -> str:
    """The report as text in format `fmt` (one of settings.FORMAT_CHOICES)."""
    if fmt not in FORMAT_CHOICES or fmt not in _RENDERERS:
        raise UsageError(f"unknown report format {fmt!r} (choose from {', '.join(FORMAT_CHOICES)})")
    module = importlib.import_module(f"checker.report.{_RENDERERS[fmt]}")
    text: str = module.render(report, options or RenderOptions(color=color))
    return text


def format_for_path(path: str, given: str | None, fallback: str | None = None) -> str:
    """The format to write `path` in: `given` (--format), else its suffix (`.html`, …),
    else `fallback` (the configured format), else the default text format."""
    if given:
        return given
    name = path.lower()
    if name.endswith(".sarif.json"):
        return "sarif"
    for suffix, fmt in SUFFIX_FORMATS.items():
        if name.endswith(suffix):
            return fmt
    return fallback or DEFAULT_FORMAT


def render_chunks(
    report: Report, fmt: str, *, options: RenderOptions | None = None
) -> Iterator[str]:
    """The report in pieces: JSON, text and table stream pair by pair (a store-backed
    report is never held whole); the other formats come as one piece."""
    if fmt == "json":
        from checker.report.json_report import iter_dumps

        yield from iter_dumps(report)
    elif fmt in _STREAMED:
        module = importlib.import_module(f"checker.report.{_RENDERERS[fmt]}")
        yield from module.chunks(report, options or RenderOptions())
    else:
        yield render(report, fmt, options=options)


def _file_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return _DEFAULT_FILE_MODE & ~umask


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(
    path: str | os.PathLike[str], text: str | Iterable[str], *, what: str = "report"
) -> None:
    """Write `text` (UTF-8; a string or its pieces) to `path` via a temp file in the same
    folder + fsync + os.replace.

    On any failure the earlier file at `path` is untouched and no temp file is left;
    an OSError becomes InputError('PATH: cannot write WHAT: cause').
    """
    target = Path(path)
    directory = target.parent
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, _file_mode(target))
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise InputError(located(target, f"cannot write {what}: {exc.strerror or exc}")) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    _fsync_dir(directory)


__all__ = ["RenderOptions", "format_for_path", "render", "render_chunks", "write_atomic"]
