"""`check --results DIR [--resume]` and `check --cluster ADDRESS [--ship-text]`.

Archives: every pair's result goes to a results store as it finishes, and the report
is rendered by streaming over the store (see docs/SCALE.md). Without these options,
`check` runs as before and nothing here (nor Dask) is imported by the run.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import tempfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace

from checker.errors import ExitCode, UsageError
from checker.outputs import RunInput
from checker.pairs import PairSpec
from checker.store import ResultStore

log = logging.getLogger(__name__)


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("archives (docs/SCALE.md)")
    group.add_argument("--cluster", metavar="ADDRESS",
                       help="check on a Dask cluster: tcp://HOST:8786 (a running scheduler) "
                            "or local:N (start N worker processes here); needs "
                            "transcheck[cluster]")
    group.add_argument("--results", metavar="DIR",
                       help="results store: each pair's result is written here as it finishes; "
                            "`transcheck report DIR` renders it again")
    group.add_argument("--resume", action="store_true",
                       help="with --results: skip pairs the store holds for the same file "
                            "contents and signature")
    group.add_argument("--ship-text", action="store_true",
                       help="with --cluster: send the files' text with each task, for workers "
                            "without a shared filesystem")


class ArchiveInputs(Collection[RunInput]):
    """The files a run reads, made from its pairs on each pass instead of held two per pair."""

    def __init__(self, specs: Sequence[PairSpec], others: Sequence[RunInput]) -> None:
        self._specs, self._others = specs, others

    def __len__(self) -> int:
        return 2 * len(self._specs) + len(self._others)

    def __iter__(self) -> Iterator[RunInput]:
        for spec in self._specs:
            yield RunInput(spec.de_path, "the German article")
            yield RunInput(spec.en_path, "the English article")
        yield from self._others

    def __contains__(self, item: object) -> bool:
        return any(item == known for known in self)


def wanted(args: argparse.Namespace) -> bool:
    """Any archive option given (a misplaced --resume or --ship-text is an error, not ignored)."""
    return any(getattr(args, name, None) for name in ("cluster", "results", "resume", "ship_text"))


def _validate(args: argparse.Namespace) -> None:
    if args.resume and not args.results:
        raise UsageError("--resume needs --results DIR")
    if args.ship_text and not args.cluster:
        raise UsageError("--ship-text goes with --cluster")
    if args.cluster and args.jobs is not None:
        raise UsageError("--jobs and --cluster exclude each other (a cluster sizes itself)")
    if args.cluster:
        from checker.cluster import parse_address

        parse_address(args.cluster)


@contextlib.contextmanager
def _store(args: argparse.Namespace) -> Iterator[ResultStore]:
    with contextlib.ExitStack() as stack:
        root = args.results or stack.enter_context(
            tempfile.TemporaryDirectory(prefix="transcheck-results-"))
        store = ResultStore.open_for_run(root, resume=args.resume)
        stack.callback(store.close)
        yield store


def run(args: argparse.Namespace) -> int:
    from checker import gate, pipeline
    from checker import settings as defaults
    from checker.archive import closed_meanwhile, executor_for, run_archive
    from checker.commands.check import (
        _load_settings,
        _progress,
        _select_pairs,
        _stale_flags,
        run_inputs,
    )
    from checker.commands.output import emit, plan_outputs, render_options
    from checker.outputs import preflight

    _validate(args)
    settings, config, config_path = _load_settings(args)
    plan = plan_outputs(args, getattr(config, "format", None))
    settings = replace(settings, ter=bool(plan.formats & defaults.TER_FORMATS))
    specs = _select_pairs(args, config, config_path)
    baseline_path = vars(args).get("baseline") or getattr(config, "baseline", None)
    read_files = ArchiveInputs(specs, run_inputs((), settings, config_path, baseline_path))
    preflight(args.output, read_files)
    inputs = pipeline.RunInputs(
        settings=settings,
        baseline=gate.load_baseline(baseline_path) if baseline_path else None,
        extra_pair_flags=_stale_flags(specs, settings) if args.changed_since else None,
    )
    jobs = args.jobs or os.cpu_count() or 1
    with _store(args) as store, executor_for(inputs, jobs=jobs, cluster=args.cluster) as executor:
        done = run_archive(specs, inputs, executor, store, resume=args.resume,
                           ship_text=args.ship_text, progress=_progress(args))
        log.info("%d pairs: %d taken from the results store, %d checked", len(specs),
                 done.reused, len(specs) - done.reused)
        with closed_meanwhile(executor):  # the run is over: stop workers while rendering
            emit(done.report, plan, render_options(args), inputs=read_files)
    for note in done.report.warnings:
        print(f"WARNING {note}", file=sys.stderr)
    if done.tally.error_count:
        print(f"ERROR {done.tally.error_count} pair(s) could not be checked (each is an "
              f"`unchecked` finding in the report); first: {done.tally.errors[0]}",
              file=sys.stderr)
        return int(ExitCode.INPUT)
    return int(ExitCode.OK if done.report.passed else ExitCode.FINDINGS)

