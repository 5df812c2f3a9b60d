"""Where a report goes: options shared by `check` and `report`, stdout, `-o` files, stderr.

`-o FILE` may be given several times; each file's format comes from `--format` when
given, else from its suffix (`.json`, `.html`, `.md`, `.xml`, `.sarif`, `.txt`).
When the report goes only to files, the summary line goes to stderr so that a CI log
still says why a run failed. Every file is written by `_write` (the one place that writes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any, TextIO

from checker.model import Report
from checker.outputs import RunInput
from checker.report.common import DEFAULT_WIDTH, MIN_WIDTH, RenderOptions, summary_line
from checker.settings import DEFAULT_FORMAT, FORMAT_CHOICES

SHOW_CHOICES = ("info", "signature")
STDOUT = "-"  # `-o -`: the report goes to standard output


def add_output_options(parser: argparse.ArgumentParser, *, format_default: Any) -> None:
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format", choices=FORMAT_CHOICES, default=format_default,
        help=f"report format (default: {DEFAULT_FORMAT} on the terminal; "
             f"for -o files, the file's suffix, else {DEFAULT_FORMAT})",
    )
    out.add_argument(
        "--output", "-o", metavar="FILE", action="append", default=None,
        help="write the report to FILE atomically (repeatable: -o r.json -o r.html; "
             "- for standard output); the summary line still goes to stderr",
    )
    out.add_argument(
        "--show", choices=SHOW_CHOICES, action="append", default=None,
        help="also list info findings / print the signature (text and table; repeatable)",
    )
    out.add_argument(
        "--all-beads", action="store_true", default=False,
        help="table: every bead, not only those with findings and one bead around each",
    )  # fmt: skip


def terminal_width() -> int:
    """The terminal's width ($COLUMNS first), at least MIN_WIDTH; DEFAULT_WIDTH if unknown."""
    columns = shutil.get_terminal_size(fallback=(DEFAULT_WIDTH, 24)).columns
    return max(MIN_WIDTH, columns or DEFAULT_WIDTH)


def use_color(stream: TextIO) -> bool:
    """ANSI colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def render_options(args: argparse.Namespace) -> RenderOptions:
    show = set(getattr(args, "show", None) or ())
    return RenderOptions(
        color=False,
        width=terminal_width(),
        show_info="info" in show,
        show_signature="signature" in show,
        all_beads=bool(getattr(args, "all_beads", False)),
    )


@dataclass(frozen=True)
class Plan:
    """What one run writes: (file, format) pairs, and the format for stdout (None: nothing)."""

    files: tuple[tuple[str, str], ...]
    stdout_format: str | None

    @property
    def formats(self) -> frozenset[str]:
        """Every format this run renders."""
        found = {fmt for _, fmt in self.files}
        return frozenset(found | {self.stdout_format} if self.stdout_format else found)


def plan_outputs(args: argparse.Namespace, configured: str | None = None) -> Plan:
    """Decide every target's format before any work is done."""
    from checker.report import format_for_path

    given = vars(args).get("format")
    targets = getattr(args, "output", None) or []
    files = tuple((t, format_for_path(t, given, configured)) for t in targets if t != STDOUT)
    to_stdout = not targets or STDOUT in targets
    return Plan(files, (given or configured or DEFAULT_FORMAT) if to_stdout else None)


def _write(target: str, text: str | Iterable[str], inputs: Collection[RunInput]) -> None:
    from checker.outputs import write_output

    write_output(target, text, inputs=inputs)


def emit(
    report: Report, plan: Plan, options: RenderOptions, *, inputs: Collection[RunInput] = ()
) -> None:
    """Write the report where the plan says, and the summary line to stderr when needed.

    `inputs` are the files the run read: none of them may be overwritten."""
    from checker.report import render_chunks

    for target, fmt in plan.files:  # JSON streams pair by pair (a results store is never whole)
        _write(target, render_chunks(report, fmt, options=options), inputs)
    if plan.stdout_format is not None:
        coloured = replace(options, color=use_color(sys.stdout))
        last = ""
        for piece in render_chunks(report, plan.stdout_format, options=coloured):
            sys.stdout.write(piece)
            last = piece or last
        if last and not last.endswith("\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
    if plan.stdout_format is None:  # only files: the log still says why the run failed
        print(summary_line(report, show_info=options.show_info), file=sys.stderr)
