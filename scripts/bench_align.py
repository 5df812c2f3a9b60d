#!/usr/bin/env python3
"""Time and peak memory of `checker.align.align` on synthetic pairs (MT given).

Each pair has N German sentences with a machine translation each, and an English
side that is the MT lightly reworded, with ~2% of sentences deleted, inserted,
merged or split, and paragraphs of 4 sentences. Sizes: 1,000, 10,000 and 50,000
sentences, each measured in a fresh subprocess; prints the wall time of `align`
(input building excluded) and the CPU time of the process in it (the two differ on
a busy machine), the process's peak resident memory (getrusage
ru_maxrss, interpreter and numpy included) and the 50k/10k time ratio (linear
scaling gives ~5).

    python scripts/bench_align.py [--sizes 1000 10000 50000] [--seed 3]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.align import align  # noqa: E402
from checker.model import Sentence  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 50_000)
DEFAULT_SEED = 3
EDIT_RATE = 0.02  # share of positions with a deletion, insertion, merge or split
_SYLLABLES = ("ka", "ber", "lin", "to", "mus", "sen", "dra", "vo", "li", "pe", "stan", "ur",
              "gen", "ti", "mor", "al", "ex", "qua", "ri", "on")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4)))


def _sentence(rng: random.Random) -> str:
    words = [_word(rng) for _ in range(rng.randint(5, 30))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(1, 5000)))
    return " ".join(words).capitalize() + "."


def _reword(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(max(1, len(words) // 5)):
        words[rng.randrange(len(words))] = _word(rng)
    return " ".join(words)


def synthetic_pair(
    n: int, seed: int
) -> tuple[list[Sentence], list[Sentence], list[str | None]]:
    rng = random.Random(seed)
    mt = [_sentence(rng) for _ in range(n)]
    de = [Sentence(k, f"de {t}", k + 1, k // 4) for k, t in enumerate(mt)]
    en_texts: list[str] = []
    k = 0
    while k < n:
        roll = rng.random()
        if roll < EDIT_RATE / 4:
            k += 1  # German sentence without English
            continue
        if roll < EDIT_RATE / 2:
            en_texts.append(_sentence(rng))  # English sentence without German
        elif roll < 3 * EDIT_RATE / 4 and k + 1 < n:
            en_texts.append(_reword(mt[k], rng) + " " + _reword(mt[k + 1], rng))
            k += 1
        elif roll < EDIT_RATE:
            words = _reword(mt[k], rng).split()
            half = max(1, len(words) // 2)
            en_texts += [" ".join(words[:half]), " ".join(words[half:]) or "Yes."]
        else:
            en_texts.append(_reword(mt[k], rng))
        k += 1
    en = [Sentence(j, t, j + 1, j // 4) for j, t in enumerate(en_texts)]
    return de, en, list(mt)


def measure(n: int, seed: int) -> str:
    """One size, in this process: 'seconds peak_mib beads kinds'."""
    de, en, mt = synthetic_pair(n, seed)
    start, cpu = time.perf_counter(), time.process_time()
    beads = align(de, en, mt)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kinds = ",".join(sorted({b.kind for b in beads}))
    return f"{seconds:.3f} {cpu:.3f} {peak_mib:.1f} {len(beads)} {kinds}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process: one size
    args = parser.parse_args(argv)
    if args.one:
        print(measure(args.one, args.seed))
        return 0
    times: dict[int, float] = {}
    for n in args.sizes:
        child = [sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)]
        out = subprocess.run(child, check=True, capture_output=True, text=True).stdout.split()
        seconds, cpu, peak, count, kinds = float(out[0]), float(out[1]), float(out[2]), *out[3:5]
        times[n] = seconds
        print(
            f"{n:>7} sentences: {seconds:7.2f} s ({cpu:.2f} s CPU)  peak RSS {peak:7.1f} MiB"
            f"  {count} beads ({kinds})"
        )
    if 10_000 in times and 50_000 in times:
        print(f"50k/10k time ratio: {times[50_000] / times[10_000]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
