#!/usr/bin/env python3
"""Does a check grow linearly with the article? Each stage's time on one long article
against one ten times as long.

Builds two corpora from bench-dev `wmt22deen` with `bench_check.py`'s builder: one pair
of --small lines and one of --large lines (default 1,000 and 10,000; beyond the set's
1,984 lines they come round again, each copy marked with a letter, so that no sentence
is checked twice as the same text). Then runs `bench_check.py`'s single-process worker
on each, the two sizes in turn and the order alternating from round to round, per
mode, and prints per stage the least CPU time of each size over the rounds (the run
least disturbed by other processes) and the ratio large/small. Linear time gives the
size ratio (10); the target is at most that in every stage. Stages that take under
MIN_JUDGED_S at the small size are printed but not judged: a few hundredths of a second
swing by half from run to run.

The per-word answers a check keeps between runs (the cache's `words` folder) are filled
by one untimed run of the large article first, so that neither size is timed with an
empty memo; the dictionary index is built before that.

    python scripts/bench_scaling.py [--small 1000] [--large 10000] [--modes memory lexicon none]
                                    [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_check import (  # noqa: E402
    DEFAULT_DATA,
    MODES,
    WORKTREE,
    build_index,
    build_wmt22,
    derived,
    rotations,
    spawn,
    stage_rows,
)

DEFAULT_SMALL = 1_000
DEFAULT_LARGE = 10_000
DEFAULT_ROUNDS = 3
MIN_JUDGED_S = 0.05  # stages under this much CPU time at the small size are too short to judge


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bench-dev folder")
    parser.add_argument("--small", type=int, default=DEFAULT_SMALL,
                        help="lines of the short article")
    parser.add_argument("--large", type=int, default=DEFAULT_LARGE,
                        help="lines of the long article")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--lexicon", help="Ding dictionary (default: the checker's own choice)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.data.is_dir():
        print(f"ERROR {args.data}: bench-dev data folder not found (--data)", file=sys.stderr)
        return 2
    if not 0 < args.small < args.large:
        print("ERROR --small and --large: need 0 < small < large", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="transcheck-bench-scaling-") as temp_name:
        temp = Path(temp_name)
        corpora = {n: build_wmt22(args.data, n, temp / str(n), n)
                   for n in (args.small, args.large)}
        for n, corpus in corpora.items():
            print(f"{n:>7} lines: {corpus.sentences_hint}")
        cache = temp / "cache"
        build_index(ROOT, WORKTREE, cache, args.lexicon)

        def job(n: int, mode: str) -> dict[str, Any]:
            corpus = corpora[n]
            return {"src": str(ROOT), "rev": WORKTREE, "mode": mode, "format": "table",
                    "cache": str(cache), "segmented": corpus.segmented,
                    "translations": str(corpus.translations), "pairs": str(corpus.folder),
                    "lexicon": args.lexicon, "report": None}

        for mode in args.modes:
            spawn(job(args.large, mode))  # untimed: fills the kept per-word answers
        runs: dict[tuple[int, str], list[dict[str, Any]]] = {
            (n, m): [] for n in corpora for m in args.modes}
        combos = [(n, m) for m in args.modes for n in corpora]
        for round_index, order in enumerate(rotations(combos, args.rounds)):
            for n, mode in order:
                runs[(n, mode)].append(spawn(job(n, mode)))
            print(f"round {round_index + 1}/{args.rounds} done", file=sys.stderr)
        for mode in args.modes:
            print_mode(mode, args.small, args.large, runs)
    return 0


def _cpu(results: Sequence[dict[str, Any]], stage: str) -> float:
    return min(derived(r, "cpu").get(stage, 0.0) for r in results)


def print_mode(mode: str, small: int, large: int,
               runs: dict[tuple[int, str], list[dict[str, Any]]]) -> None:
    limit = large / small
    print(f"\n== {mode}: one article of {small} lines against one of {large}; least CPU "
          f"seconds over the rounds; linear time gives {limit:.0f}×")
    print(f"{'stage':<26}{small:>10}{large:>10}{'ratio':>9}")
    worst = 0.0
    for stage in stage_rows([*runs[(small, mode)], *runs[(large, mode)]]):
        if stage == "import":
            continue  # once per process, whatever the size
        a, b = _cpu(runs[(small, mode)], stage), _cpu(runs[(large, mode)], stage)
        judged = a >= MIN_JUDGED_S
        ratio = f"{b / a:>8.1f}×" if judged else f"{'—':>9}"
        if judged:
            worst = max(worst, b / a)
        print(f"{stage:<26}{a:>10.2f}{b:>10.2f}{ratio}")
    verdict = "meets" if worst <= limit else "misses"
    print(f"largest ratio of a stage of {MIN_JUDGED_S:.2f} s or more: {worst:.1f}× "
          f"({verdict} the ≤ {limit:.0f}× target)")


if __name__ == "__main__":
    sys.exit(main())
