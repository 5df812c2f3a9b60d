"""`transcheck baseline`: record today's findings as accepted, so CI fails only on new ones."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from checker import gate
from checker.commands.check import add_check_options, run_check_with_inputs
from checker.errors import UsageError
from checker.model import Report
from checker.outputs import RunInput


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "baseline",
        help="record current findings as accepted (a baseline file for `check --baseline`)",
        description=(
            "Run the same check as `transcheck check` and write every finding that is not "
            "waived inline to a baseline file. `transcheck check --baseline FILE` (or "
            "`baseline = FILE` in the configuration) then fails only on findings that are "
            "not in it. Findings are matched on their text, not their line numbers."
        ),
    )
    add_check_options(parser)
    parser.add_argument(
        "--output", "-o", metavar="FILE", dest="baseline_output", default=None,
        help=(
            "baseline file to write (default: `baseline` from the configuration, "
            f"else {gate.DEFAULT_BASELINE_FILE})"
        ),
    )  # fmt: skip
    parser.set_defaults(run=run)


def _target(args: argparse.Namespace) -> Path:
    if args.baseline_output:
        return Path(args.baseline_output)
    from checker.config import find_config, load_config

    found = find_config(Path.cwd(), args.config)
    configured = load_config(found).baseline if found is not None else None
    return Path(configured or gate.DEFAULT_BASELINE_FILE)


def _check_against_empty_baseline(args: argparse.Namespace) -> tuple[Report, list[RunInput]]:
    """`run_check` with an empty baseline in place of `--baseline`/the configured one,
    so that recording never depends on the old file (missing or malformed is fine)."""
    with tempfile.TemporaryDirectory(prefix="transcheck-baseline-") as tmp:
        empty = Path(tmp) / "empty.json"
        empty.write_text(json.dumps({"schema": gate.BASELINE_SCHEMA, "entries": []}), "utf-8")
        args.baseline = str(empty)
        return run_check_with_inputs(args)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "changed_since", None):
        raise UsageError(
            "baseline: --changed-since would drop the entries of every other pair; "
            "record the baseline for all pairs"
        )
    target = _target(args)
    report, inputs = _check_against_empty_baseline(args)
    count = gate.write_baseline(target, report, inputs)
    pairs = len(report.pairs)
    print(
        f"wrote {count} finding(s) from {pairs} pair(s) to {target}",
        file=sys.stderr,
    )
    return 0
