#!/usr/bin/env python3
"""Throughput of `transcheck check` on a synthetic corpus: worker processes and a Dask cluster.

Generates PAIRS article pairs (SENTENCES German sentences each, English the
template translation with a few planted drifts) plus a memory translations file
in a temporary directory, then runs

    transcheck check DIR --translator memory --translations FILE --format json \
        --output REPORT --no-cache MODE

in a subprocess, where MODE is `--jobs 1`, `--jobs 2` or (with --cluster)
`--cluster local:2 --results STORE`. With `--translator lexicon` the German is
glossed by the dictionary instead (`--translator lexicon`, no translations file).
Each `--rev` (a git revision, or WORKTREE for the files as they are now; default
WORKTREE) is exported with `git archive` and run with every mode, each revision
with a cache folder of its own, warmed by one untimed run on one pair so that no
timed run builds the dictionary index. The settings (revision × mode) are
compared over --rounds rounds, each round running them in turn and the order
alternating from round to round, so that load from other processes falls on all
of them alike. It prints, per setting, the median wall time, pairs/second and CPU
time (user + system, workers included), peak memory of the whole process tree
(sum of RSS of the CLI and its workers, polled from /proc), and the median over
rounds of each setting's speed-up over the first.

With --memory N N …, it also runs the store path (`--cluster local:2 --results`
with --cluster, else `--jobs 2 --results`) on N pairs of --memory-sentences
sentences each and prints the driver's own peak memory (the CLI process alone,
not its workers): results go to the store, so it should stay flat as N grows.
With --growth it runs --jobs 1 on a quarter and a half of the pairs, to show how
the plain (all results in memory) path grows.

    python scripts/bench_corpus.py [--pairs 1000] [--sentences 30] [--rounds 3]
        [--translator memory|lexicon] [--rev b2c52da --rev WORKTREE]
        [--cluster] [--memory 1000 20000] [--growth]

`--rounds 0 --cluster --memory 1000 20000 --memory-sentences 1` measures only the
driver's memory.

The corpus is generated from templates in this file; it needs no data directory.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from bench_check import WORKTREE, export_revision  # noqa: E402

DEFAULT_PAIRS = 1_000
DEFAULT_SENTENCES = 30
DEFAULT_MODES = ("jobs:1", "jobs:2")
CLUSTER_MODE = "local:2"
DEFAULT_ROUNDS = 3
DEFAULT_SEED = 7
DEFAULT_MEMORY_SENTENCES = 3  # sentences per pair in the driver-memory runs
TARGET_SPEEDUP = 1.6  # --jobs 2 and --cluster local:2 over --jobs 1 on a 2-core machine
TARGET_MEMORY_GROWTH = 1.3  # driver peak at the largest --memory size over the smallest
POLL_INTERVAL_S = 0.05
DRIFT_RATE = 0.03  # share of sentences with a planted drift
SENTENCES_PER_PARAGRAPH = 5
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

# (German, English) templates; slots: {city} {de_city}/{en_city} {n} {person} {org} {day} {month}
CITIES = (("München", "Munich"), ("Köln", "Cologne"), ("Berlin", "Berlin"),
          ("Hamburg", "Hamburg"), ("Wien", "Vienna"), ("Leipzig", "Leipzig"))
MONTHS = (("Januar", "January"), ("März", "March"), ("Mai", "May"), ("Juli", "July"),
          ("Oktober", "October"), ("Dezember", "December"))
PEOPLE = ("Anna Berger", "Jonas Keller", "Miriam Vogt", "Paul Hartmann", "Lea Schubert")
ORGS = ("Siemens", "die Bundesbahn", "das Stadtwerk", "die Universität")
ORGS_EN = {"Siemens": "Siemens", "die Bundesbahn": "the federal railway",
           "das Stadtwerk": "the municipal utility", "die Universität": "the university"}
TEMPLATES: tuple[tuple[str, str], ...] = (
    ("In {de_city} wurden im vergangenen Jahr {n} neue Wohnungen gebaut.",
     "In {en_city}, {n} new flats were built last year."),
    ("{person} sagte, das Projekt sei nicht gescheitert.",
     "{person} said the project had not failed."),
    ("Am {day}. {de_month} stellte {org_de} den Bericht vor.",
     "On {en_month} {day}, {org_en} presented the report."),
    ("Die Kosten stiegen um {n} Prozent.",
     "Costs rose by {n} percent."),
    ("Viele Anwohner begrüßen die Pläne, andere bleiben skeptisch.",
     "Many residents welcome the plans, others remain sceptical."),
    ("Nach Angaben der Stadt {de_city} nutzen täglich {n} Menschen die neue Linie.",
     "According to the city of {en_city}, {n} people use the new line every day."),
    ("Der Bürgermeister kündigte weitere Gespräche an.",
     "The mayor announced further talks."),
    ("„Wir haben viel erreicht“, sagte {person}.",
     "\"We have achieved a lot,\" said {person}."),
    ("Die Entscheidung fällt voraussichtlich im {de_month}.",
     "The decision is expected in {en_month}."),
    ("Kritiker bemängeln, dass die Bürger zu spät informiert wurden.",
     "Critics complain that the citizens were informed too late."),
)


@dataclass(frozen=True)
class Corpus:
    paths: tuple[Path, ...]  # PATH arguments: the corpus directory, or some pair directories
    translations: Path
    pairs: int


@dataclass(frozen=True)
class Setting:
    """What one timed run uses: a revision's source tree, its cache, the translator and a mode."""

    rev: str
    source: Path  # the tree `python -m checker` is run from
    cache: Path  # the revision's own cache folder (dictionary index, per-word answers)
    translator: str  # memory or lexicon
    mode: str  # jobs:N or local:N

    @property
    def label(self) -> str:
        return self.mode if self.rev == WORKTREE else f"{self.mode}@{self.rev}"


@dataclass(frozen=True)
class Measurement:
    pairs: int
    mode: str  # the setting's label: jobs:N or local:N, with @REV for another revision
    wall_s: float
    cpu_s: float  # user + system time of the CLI and its workers
    peak_rss_mib: float  # the whole process tree
    driver_peak_mib: float  # the CLI process alone
    exit_code: int
    load: float  # 1-minute load average when the run started

    @property
    def pairs_per_s(self) -> float:
        return self.pairs / self.wall_s if self.wall_s else float("inf")


# ---------------------------------------------------------------- corpus


def _fill(rng: random.Random, template: tuple[str, str]) -> tuple[str, str]:
    de_city, en_city = rng.choice(CITIES)
    de_month, en_month = rng.choice(MONTHS)
    org = rng.choice(ORGS)
    slots = {
        "de_city": de_city, "en_city": en_city, "de_month": de_month, "en_month": en_month,
        "n": str(rng.randint(2, 9_999)), "day": str(rng.randint(1, 28)),
        "person": rng.choice(PEOPLE), "org_de": org, "org_en": ORGS_EN[org],
    }
    german, english = (part.format(**slots) for part in template)
    return german, english[0].upper() + english[1:]


def _drift(rng: random.Random, english: str) -> str | None:
    """A planted drift: a changed number, a dropped sentence (None) or a lost negation."""
    choice = rng.randrange(3)
    if choice == 0:
        return None
    if choice == 1 and " not " in english:
        return english.replace(" not ", " ", 1)
    digits = [c for c in english if c.isdigit()]
    return english.replace(digits[0], str((int(digits[0]) + 1) % 10), 1) if digits else None


def _article(rng: random.Random, sentences: int) -> tuple[list[str], list[str], dict[str, str]]:
    german: list[str] = []
    english: list[str] = []
    memory: dict[str, str] = {}
    for _ in range(sentences):
        de, en = _fill(rng, rng.choice(TEMPLATES))
        memory[de] = en
        german.append(de)
        drifted = _drift(rng, en) if rng.random() < DRIFT_RATE else en
        if drifted is not None:
            english.append(drifted)
    return german, english, memory


def _paragraphs(sentences: Sequence[str], title: str) -> str:
    paragraphs = [
        " ".join(sentences[i : i + SENTENCES_PER_PARAGRAPH])
        for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)
    ]
    return "\n\n".join([f"# {title}", *paragraphs]) + "\n"


def generate_corpus(root: Path, pairs: int, sentences: int, seed: int) -> Corpus:
    rng = random.Random(seed)
    memory: dict[str, str] = {}
    for number in range(pairs):
        german, english, table = _article(rng, sentences)
        memory.update(table)
        memory[f"Bericht {number}"] = f"Report {number}"  # the headings
        pair = root / "pairs" / f"p{number:05d}"
        pair.mkdir(parents=True)
        (pair / "de.md").write_text(_paragraphs(german, f"Bericht {number}"), encoding="utf-8")
        (pair / "en.md").write_text(_paragraphs(english, f"Report {number}"), encoding="utf-8")
    translations = root / "mt.tsv"
    lines = (f"{de}\t{en}\n" for de, en in sorted(memory.items()))
    translations.write_text("".join(lines), encoding="utf-8")
    return Corpus((root / "pairs",), translations, pairs)


def subset(corpus: Corpus, pairs: int) -> Corpus:
    """The first `pairs` pair directories of a corpus, named one by one."""
    directories = sorted(corpus.paths[0].iterdir())[:pairs]
    return Corpus(tuple(directories), corpus.translations, len(directories))


# ---------------------------------------------------------------- measuring


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    tree = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_bytes(pid)
        todo.extend(tree.get(pid, ()))
    return total


class PeakSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.driver_peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self.driver_peak = max(self.driver_peak, _rss_bytes(self.pid))
            self.stop.wait(POLL_INTERVAL_S)


def mode_options(mode: str, store: Path | None) -> list[str]:
    kind, count = mode.split(":")
    options = ["--jobs", count] if kind == "jobs" else ["--cluster", f"local:{count}"]
    return [*options, "--results", str(store)] if store is not None else options


def transcheck_command(corpus: Corpus, setting: Setting, options: Sequence[str],
                       output: Path) -> list[str]:
    translator = ["--translator", setting.translator]
    if setting.translator == "memory":
        translator += ["--translations", str(corpus.translations)]
    return [
        sys.executable, "-m", "checker", "check", *map(str, corpus.paths), *translator,
        "--format", "json", "--output", str(output), "--cache", str(setting.cache),
        "--no-cache", *options,
    ]


def measure(corpus: Corpus, setting: Setting, output: Path,
            store: Path | None = None) -> Measurement:
    """One run of `setting`; with the local cluster (or `store`) results go to a store."""
    mode = setting.mode
    if store is None and mode.startswith("local:"):
        store = output.with_suffix(".store")
    if store is not None:
        subprocess.run(["rm", "-rf", str(store)], check=True)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(setting.source)}
    load = os.getloadavg()[0]
    before = _children_cpu()
    start = time.perf_counter()
    command = transcheck_command(corpus, setting, mode_options(mode, store), output)
    process = subprocess.Popen(command, cwd=setting.source, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = PeakSampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.stderr.write("\n" + stderr.decode("utf-8", "replace"))
        raise SystemExit(f"transcheck ({setting.label}) exited with {process.returncode}")
    cpu = _children_cpu() - before
    return Measurement(corpus.pairs, setting.label, wall, cpu, sampler.peak / 2**20,
                       sampler.driver_peak / 2**20, process.returncode, load)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for descendants included
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- main


def _print_row(m: Measurement, note: str = "") -> None:
    print(f"pairs {m.pairs:>6}  {m.mode:<16}  wall {m.wall_s:8.2f} s  "
          f"{m.pairs_per_s:7.2f} pairs/s  cpu {m.cpu_s:8.1f} s  tree peak "
          f"{m.peak_rss_mib:7.1f} MiB  driver peak {m.driver_peak_mib:7.1f} MiB  "
          f"exit {m.exit_code}  (load {m.load:.1f}){note}", flush=True)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--pairs", type=int, default=DEFAULT_PAIRS)
    parser.add_argument("--sentences", type=int, default=DEFAULT_SENTENCES,
                        help="German sentences per pair")
    parser.add_argument("--modes", nargs="+", default=list(DEFAULT_MODES),
                        help="settings to compare: jobs:N (--jobs N) or local:N "
                             "(--cluster local:N)")
    parser.add_argument("--cluster", action="store_true",
                        help=f"add {CLUSTER_MODE} to the modes (needs transcheck[cluster])")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS,
                        help="rounds over all modes, in alternating order (0: only the "
                             "--memory runs)")
    parser.add_argument("--memory", type=int, nargs="*", default=[], metavar="PAIRS",
                        help="driver peak memory of the store path at these numbers of pairs")
    parser.add_argument("--memory-sentences", type=int, default=DEFAULT_MEMORY_SENTENCES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--growth", action="store_true",
                        help="also run --jobs 1 on 1/4 and 1/2 of the pairs (memory growth)")
    parser.add_argument("--translator", choices=("memory", "lexicon"), default="memory",
                        help="memory: the generated translations file; lexicon: the "
                             "dictionary gloss")
    parser.add_argument("--rev", action="append", dest="revs", metavar="REV",
                        help=f"git revision to run (repeatable; default {WORKTREE})")
    return parser.parse_args(argv)


def settings(revs: Sequence[str], modes: Sequence[str], translator: str,
             base: Path) -> list[Setting]:
    """Every revision with every mode; each revision exported once, with its own cache."""
    out = []
    for number, rev in enumerate(revs):
        source = export_revision(rev, base)
        cache = base / f"cache-{number}"
        out += [Setting(rev, source, cache, translator, mode) for mode in modes]
    return out


def warm_up(corpus: Corpus, chosen: Sequence[Setting], base: Path) -> None:
    """One untimed run per revision on one pair: its dictionary index and per-word answers
    are built before the timed runs, as on a machine that has checked before."""
    done: set[str] = set()
    for setting in chosen:
        if setting.rev not in done:
            done.add(setting.rev)
            measure(subset(corpus, 1), dataclasses.replace(setting, mode="jobs:1"),
                    base / "warm-up.json")


def compare(corpus: Corpus, chosen: Sequence[Setting], rounds: int, base: Path) -> None:
    """Every setting once per round, the order reversed every other round; medians at the
    end. With one revision, each mode's speed-up is judged against the target."""
    judged = len({s.rev for s in chosen}) == 1
    runs: dict[str, list[Measurement]] = {s.label: [] for s in chosen}
    for round_number in range(rounds):
        order = list(chosen) if round_number % 2 == 0 else list(reversed(chosen))
        for number, setting in enumerate(order):
            output = base / f"report-{number}.json"
            runs[setting.label].append(measure(corpus, setting, output))
            _print_row(runs[setting.label][-1], f"  round {round_number + 1}")
    first = chosen[0].label
    print(f"medians over {rounds} round(s), speed-up = wall({first}) / wall(setting) per "
          "round:")
    for label, measured in runs.items():
        walls = [m.wall_s for m in measured]
        ratios = [a.wall_s / b.wall_s for a, b in zip(runs[first], measured, strict=True)]
        ratio = statistics.median(ratios)
        verdict = ""
        if judged and label != first:
            verdict = f"  ({'meets' if ratio >= TARGET_SPEEDUP else 'misses'} the " \
                      f"{TARGET_SPEEDUP}× target)"
        print(f"  {label:<16} wall {statistics.median(walls):8.2f} s  "
              f"{corpus.pairs / statistics.median(walls):7.2f} pairs/s  "
              f"cpu {statistics.median(m.cpu_s for m in measured):8.1f} s  "
              f"speed-up {ratio:5.2f}× (rounds: {', '.join(f'{r:.2f}' for r in ratios)}){verdict}",
              flush=True)


def driver_memory(sizes: Sequence[int], sentences: int, seed: int, setting: Setting,
                  base: Path) -> None:
    """Driver peak memory of the store path as the number of pairs grows."""
    peaks = []
    for size in sorted(sizes):
        corpus = generate_corpus(base / f"memory-{size}", size, sentences, seed)
        output = base / f"memory-{size}.json"
        m = measure(corpus, setting, output, store=base / f"memory-{size}.store")
        _print_row(m, f"  (store path, {sentences} sentences per pair)")
        peaks.append(m.driver_peak_mib)
    if len(peaks) > 1:
        growth = peaks[-1] / peaks[0]
        verdict = "meets" if growth <= TARGET_MEMORY_GROWTH else "misses"
        print(f"driver peak memory {max(sizes)} vs {min(sizes)} pairs: {growth:.2f}× "
              f"({verdict} the ≤ {TARGET_MEMORY_GROWTH}× target)", flush=True)


def main(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    modes = [*args.modes, *([CLUSTER_MODE] if args.cluster else [])]
    with tempfile.TemporaryDirectory(prefix="transcheck-bench-") as tmp:
        base = Path(tmp)
        chosen = settings(args.revs or [WORKTREE], modes, args.translator, base)
        if args.rounds or args.growth:
            corpus = generate_corpus(base / "corpus", args.pairs, args.sentences, args.seed)
            print(f"corpus: {args.pairs} pairs × {args.sentences} sentences in {base}, "
                  f"translator {args.translator}", flush=True)
            warm_up(corpus, chosen, base)
        if args.rounds:
            compare(corpus, chosen, args.rounds, base)
        if args.growth:
            for share in (4, 2):
                part = subset(corpus, max(1, args.pairs // share))
                single = dataclasses.replace(chosen[-1], mode="jobs:1")
                _print_row(measure(part, single, base / f"report-part-{share}.json"))
        if args.memory:
            mode = CLUSTER_MODE if args.cluster else "jobs:2"
            store_path = dataclasses.replace(chosen[-1], mode=mode)
            driver_memory(args.memory, args.memory_sentences, args.seed, store_path, base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
