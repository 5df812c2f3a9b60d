#!/usr/bin/env python3
"""Where a check spends its time: each pipeline stage per 1,000 sentences, by mode and revision.

Cuts bench-dev text into article pairs in a temporary folder, then runs the whole
pipeline (read+segment → translate → align → score → detect → gate → render JSON)
in a fresh single-process worker per measurement and prints, per stage, the median
wall time per 1,000 German sentences and the CPU time beside it, plus sentences/s
overall and without translation, and peak memory (max RSS) of the worker.

    python scripts/bench_check.py [--set wmt22|docs] [--lines 500] [--modes memory lexicon none]
                                  [--rounds 3] [--rev main --rev WORKTREE] [--compare-json]

Sets: `wmt22` is lines 1..LINES of bench-dev `wmt22deen` (German source, reference A),
cut into 25-line articles and checked `--segmented`, with `mt-Online-B` as the memory
translations; `docs` is the 18 whole documents of bench-dev `docs/`, split into
sentences by the checker, with the `Facebook-AI` system as memory translations where
one exists (keyed by line, so only one-sentence lines find theirs).

Every `--rev` (a git revision, or WORKTREE for the files as they are now) is measured
in every mode; the order of the runs rotates from round to round so that load from
other processes falls on all of them alike, and each figure is the median over the
rounds. With two revisions the last column is the ratio of the median CPU times,
first/second (> 1: the second is faster); CPU time, not wall time, because on a shared
machine the wall clock also counts waiting for a core. The timed
runs render the default table (so TER is not computed where the revision knows how
to skip it); the JSON for --compare-json comes from one extra untimed run each.
Revisions other than WORKTREE are exported with `git archive` and imported by the
worker from there.

Stages are timed by wrapping the pipeline's stage functions (`prepare`,
`translate_pairs`, `align`/`find_moves`, `build_beads`/`summarise`, `detect` and each
detector of `checker.checks.DETECTORS`, `coverage_flags`, `gate.apply_policy`,
rendering), so an older revision is measured the same way. `detect (shared)` is the
detect stage less its detectors (evidence computed once for all of them, and the
bulk reads of kept per-word answers, `_prefetch_words` and `_prefetch_translated`,
which may come before the stages that first use them); `other` is
the run less every stage (glue, context). The dictionary index is built once before
the rounds (its first-build time is printed); translations are not cached. The
per-word answers a revision keeps between runs (checker/wordmemo.py, in the cache's
`words` folder) are kept from run to run, as a user's cache keeps them; `--cold-words`
empties them before every timed run (the figures of a first run on new text).

With --compare-json the worker of each revision also writes its JSON report, and the
script says whether the reports of the revisions are identical, mode by mode (the
signature is compared apart from the pairs, since a version bump changes it).
The data folder is read only if it exists; without it the script says so and exits 2.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench-dev"
WORKTREE = "WORKTREE"
ARTICLE_LINES = 25
DEFAULT_LINES = 500
DEFAULT_ROUNDS = 3
MODES = ("memory", "lexicon", "none")
WMT22_MT = "mt-Online-B.en.txt"
DOCS_MT = "Facebook-AI"
TOP_STAGES = ("read+segment", "translate", "align", "score", "detect", "coverage", "gate",
              "render")  # in pipeline order; `import` and `context` come once per run
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bench-dev folder")
    parser.add_argument("--set", choices=("wmt22", "docs"), default="wmt22", dest="corpus")
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES,
                        help="wmt22: lines to use (beyond the set's end they come round "
                             "again, marked)")
    parser.add_argument("--article-lines", type=int, default=ARTICLE_LINES,
                        help="wmt22: lines per article (pair)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--rev", action="append", dest="revs", metavar="REV",
                        help=f"git revision to measure (repeatable; default {WORKTREE})")
    parser.add_argument("--compare-json", action="store_true",
                        help="also check that the revisions' JSON reports are identical")
    parser.add_argument("--lexicon", help="Ding dictionary (default: the checker's own choice)")
    parser.add_argument("--cold-words", action="store_true",
                        help="empty the kept per-word answers (cache/words) before each run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # JSON job for one measurement
    return parser.parse_args(argv)


# ---------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Corpus:
    folder: Path  # one sub-folder per pair, each with de.txt and en.txt
    translations: Path  # memory translations, TSV german<TAB>english
    segmented: bool
    sentences_hint: str


def _write_pair(folder: Path, name: str, de: Sequence[str], en: Sequence[str]) -> None:
    pair = folder / name
    pair.mkdir(parents=True)
    (pair / "de.txt").write_text("\n".join(de) + "\n", encoding="utf-8")
    (pair / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")


def _tsv_rows(de: Sequence[str], mt: Sequence[str]) -> Iterator[str]:
    for german, english in zip(de, mt, strict=False):
        if german.strip() and english.strip() and "\t" not in german + english:
            yield f"{german}\t{english}"


def build_wmt22(data: Path, lines: int, out: Path, article_lines: int = ARTICLE_LINES) -> Corpus:
    """Lines 1..`lines` of wmt22deen cut into articles of `article_lines` lines. Beyond the
    set's end the lines come round again, each copy marked with a letter in brackets on
    all three sides ("… [b]"), so that no sentence is checked twice as the same text (a
    letter, not a number: the number check would have more to do)."""
    folder = data / "wmt22deen"

    def read(name: str) -> list[str]:
        return (folder / name).read_text(encoding="utf-8").splitlines()

    sides = read("src.de.txt"), read("ref-A.en.txt"), read(WMT22_MT)
    available = min(map(len, sides))
    de, en, mt = ([_copy(side[k % available], k // available) for k in range(lines)]
                  for side in sides)
    for start in range(0, len(de), article_lines):
        end = start + article_lines
        _write_pair(out / "pairs", f"a{start // article_lines:04d}", de[start:end], en[start:end])
    tsv = out / "mt.tsv"
    tsv.write_text("\n".join(_tsv_rows(de, mt)) + "\n", encoding="utf-8")
    again = f" (lines repeated from {available + 1} on, marked)" if lines > available else ""
    return Corpus(out / "pairs", tsv, True, f"wmt22deen lines 1–{len(de)}{again}, "
                  f"{article_lines}-line articles, --segmented, memory = {WMT22_MT}")


def _copy(line: str, copy: int) -> str:
    letters = ""
    while copy:
        copy, rest = divmod(copy, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return f"{line} [{letters}]" if letters and line.strip() else line


def build_docs(data: Path, out: Path) -> Corpus:
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchdev import load_docs

    rows: list[str] = []
    for doc in load_docs(data):
        _write_pair(out / "pairs", doc.name, doc.de, doc.en)
        rows += _tsv_rows(doc.de, doc.mt.get(DOCS_MT, []))
    tsv = out / "mt.tsv"
    tsv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return Corpus(out / "pairs", tsv, False, f"bench-dev docs, split by the checker, "
                  f"memory = {DOCS_MT} by line")


# ---------------------------------------------------------------- worker: one measurement


class Clock:
    """Wall and CPU time per stage, accumulated by wrappers around stage functions."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def add(self, stage: str, wall: float, cpu: float) -> None:
        self.wall[stage] = self.wall.get(stage, 0.0) + wall
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu

    def wrap(self, stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - wall, time.process_time() - cpu)

        return timed

    def patch(self, module: Any, name: str, stage: str) -> None:
        if hasattr(module, name):
            setattr(module, name, self.wrap(stage, getattr(module, name)))


def _detector_name(codes: frozenset[str]) -> str:
    return "detect: " + "+".join(sorted(codes))


def instrument(clock: Clock) -> None:
    """Wrap the stage functions of whichever revision is on sys.path."""
    from checker import checks, gate, pipeline

    for name, stage in (("prepare", "read+segment"), ("translate_pairs", "translate"),
                        ("align", "align"), ("find_moves", "align"), ("build_beads", "score"),
                        ("summarise", "score"), ("detect", "detect"),
                        ("coverage_flags", "coverage"), ("build_context", "context"),
                        ("_prefetch_words", "detect"), ("_prefetch_translated", "detect")):
        clock.patch(pipeline, name, stage)
    clock.patch(gate, "apply_policy", "gate")
    detectors = getattr(checks, "DETECTORS", None)
    if isinstance(detectors, tuple):
        checks.DETECTORS = tuple(
            (clock.wrap(_detector_name(codes), detector), codes) for detector, codes in detectors
        )


def _settings(job: dict[str, Any]) -> Any:
    import dataclasses

    from checker.settings import Settings

    extra: dict[str, Any] = {}
    if "ter" in {f.name for f in dataclasses.fields(Settings)}:  # revisions before it: always on
        extra["ter"] = job.get("format") in ("json", "markdown", "html")
    return Settings(
        **extra,
        translator=job["mode"],
        translations=job["translations"] if job["mode"] == "memory" else None,
        lexicon=job.get("lexicon"),
        cache_dir=job["cache"],
        use_cache=False,
        segmented=job["segmented"],
    )


def run_worker(job: dict[str, Any]) -> dict[str, Any]:
    """One whole check of the corpus; returns the clock's figures."""
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    sys.path.insert(0, job["src"])
    from checker import pipeline
    from checker.pairs import discover_pairs
    from checker.report import render
    from checker.translate import make_translator

    clock = Clock()
    clock.add("import", time.perf_counter() - started_wall, time.process_time() - started_cpu)
    instrument(clock)
    wall, cpu = time.perf_counter(), time.process_time()
    settings = _settings(job)
    specs = discover_pairs([job["pairs"]])
    translator = make_translator(settings)
    ctx = pipeline.build_context(settings)
    inputs = pipeline.RunInputs(settings=settings, ctx=ctx)
    pairs = pipeline.run_pairs(specs, inputs, translator, jobs=1)
    lexicon = str(getattr(ctx.lexicon, "identity", "")) if ctx.lexicon else ""
    report = pipeline.build_report(pairs, settings, translator.info, lexicon=lexicon)
    text = clock.wrap("render", render)(report, job.get("format", "table"))
    clock.add("total", time.perf_counter() - wall, time.process_time() - cpu)
    if job.get("report"):
        Path(job["report"]).write_text(text, encoding="utf-8")
    import resource

    return {
        "wall": clock.wall,
        "cpu": clock.cpu,
        "sentences": sum(len(b.de) for p in pairs for b in p.beads),
        "pairs": len(pairs),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "src": job["src"],
    }


def index_worker(job: dict[str, Any]) -> dict[str, Any]:
    """Time the dictionary index on the (fresh) cache folder of `job`."""
    sys.path.insert(0, job["src"])
    from checker.translate import load_lexicon

    wall, cpu = time.perf_counter(), time.process_time()
    lexicon = load_lexicon(_settings(job))
    glosses = lexicon.glosses("Haus") if lexicon is not None else frozenset()
    return {"index_s": time.perf_counter() - wall, "index_cpu_s": time.process_time() - cpu,
            "found": lexicon is not None, "probe": sorted(glosses)[:3]}


# ---------------------------------------------------------------- driver


def spawn(job: dict[str, Any]) -> dict[str, Any]:
    env = {**os.environ, **SINGLE_THREAD_ENV, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(job)],
        capture_output=True, text=True, env=env, cwd=job["src"], check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"worker failed ({job['mode']} @ {job['rev']}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export_revision(rev: str, temp: Path) -> Path:
    if rev == WORKTREE:
        return ROOT
    target = temp / f"rev-{len(list(temp.glob('rev-*')))}"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def rotations(items: Sequence[Any], rounds: int) -> Iterator[list[Any]]:
    """`rounds` orders of `items`, each starting one further along."""
    for r in range(rounds):
        shift = r % max(1, len(items))
        yield list(items[shift:]) + list(items[:shift])


def per_thousand(seconds: float, sentences: int) -> float:
    return 1000.0 * 1000.0 * seconds / max(1, sentences)  # ms per 1,000 sentences


def stage_rows(results: Sequence[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for r in results:
        names += [s for s in r["wall"] if s not in names]
    detectors = sorted(s for s in names if s.startswith("detect: "))
    rows = [s for s in ("import", "context", *TOP_STAGES) if s in names or s == "detect"]
    at = rows.index("detect") + 1
    return rows[:at] + detectors + ["detect (shared)"] + rows[at:] + ["other", "total"]


def derived(result: dict[str, Any], kind: str) -> dict[str, float]:
    """Figures of one run, with the derived stages filled in."""
    values = dict(result[kind])
    detectors = sum(v for k, v in values.items() if k.startswith("detect: "))
    values["detect (shared)"] = values.get("detect", 0.0) - detectors
    staged = sum(values.get(s, 0.0) for s in (*TOP_STAGES, "context"))
    values["other"] = values.get("total", 0.0) - staged
    return values


def median_of(results: Sequence[dict[str, Any]], kind: str, stage: str) -> float:
    return statistics.median(derived(r, kind).get(stage, 0.0) for r in results)


def throughput(result: dict[str, Any], skip_translate: bool, kind: str = "wall") -> float:
    times = derived(result, kind)
    seconds = times["total"] - (times.get("translate", 0.0) if skip_translate else 0.0)
    return result["sentences"] / seconds if seconds > 0 else float("inf")


def print_mode(mode: str, revs: Sequence[str], runs: dict[tuple[str, str], list[dict[str, Any]]],
               ) -> None:
    first = runs[(revs[0], mode)][0]
    n = first["sentences"]
    print(f"\n== {mode}: {n} German sentences in {first['pairs']} pairs; "
          "ms per 1,000 sentences, median wall (CPU); sentences/s by wall (by CPU)")
    head = "".join(f"{rev[:18]:>22}" for rev in revs)
    ratio = "  CPU ratio" if len(revs) == 2 else ""
    print(f"{'stage':<26}{head}{ratio}")
    all_runs = [r for rev in revs for r in runs[(rev, mode)]]
    for stage in stage_rows(all_runs):
        cells = "".join(
            f"{per_thousand(median_of(runs[(rev, mode)], 'wall', stage), n):>13.0f}"
            f" ({per_thousand(median_of(runs[(rev, mode)], 'cpu', stage), n):>6.0f})"
            for rev in revs
        )
        print(f"{stage:<26}{cells}{_ratio(runs, revs, mode, stage)}")
    _print_summary(mode, revs, runs)


def _ratio(runs: dict[tuple[str, str], list[dict[str, Any]]], revs: Sequence[str], mode: str,
           stage: str) -> str:
    if len(revs) != 2:
        return ""
    before, after = (median_of(runs[(rev, mode)], "cpu", stage) for rev in revs)
    return f"{before / after:>7.1f}×" if after > 1e-4 else ""


def _print_summary(mode: str, revs: Sequence[str],
                   runs: dict[tuple[str, str], list[dict[str, Any]]]) -> None:
    for label, skip in (("sentences/s overall", False), ("sentences/s without translate", True)):
        cells = "".join(
            f"{statistics.median(throughput(r, skip) for r in runs[(rev, mode)]):>13.1f}"
            f" ({statistics.median(throughput(r, skip, 'cpu') for r in runs[(rev, mode)]):>6.1f})"
            for rev in revs
        )
        print(f"{label:<26}{cells}{_throughput_ratio(runs, revs, mode, skip)}")
    peaks = "".join(
        f"{statistics.median(r['peak_mib'] for r in runs[(rev, mode)]):>18.0f} MiB"
        for rev in revs
    )
    print(f"{'peak memory (max RSS)':<26}{peaks}")


def _throughput_ratio(runs: dict[tuple[str, str], list[dict[str, Any]]], revs: Sequence[str],
                      mode: str, skip: bool) -> str:
    if len(revs) != 2:
        return ""
    before, after = (statistics.median(throughput(r, skip, "cpu") for r in runs[(rev, mode)])
                     for rev in revs)
    return f"{after / before:>7.1f}×"


def compare_reports(revs: Sequence[str], modes: Sequence[str], reports: Path) -> bool:
    """Print, per mode, whether the JSON reports of all revisions agree."""
    same = True
    for mode in modes:
        docs = [json.loads((reports / f"{i}-{mode}.json").read_text(encoding="utf-8"))
                for i in range(len(revs))]
        base = docs[0]
        for rev, doc in zip(revs[1:], docs[1:], strict=True):
            diff = [p["id"] for p, q in zip(base["pairs"], doc["pairs"], strict=False) if p != q]
            if len(base["pairs"]) != len(doc["pairs"]):
                diff.append("(number of pairs)")
            signature = "same" if base["signature"] == doc["signature"] else "differs"
            verdict = "identical pairs" if not diff else f"{len(diff)} pair(s) differ: {diff[:5]}"
            print(f"json {mode}: {revs[0]} vs {rev}: {verdict}; signature {signature}")
            same = same and not diff
    return same


def build_index(src: Path, rev: str, cache: Path, lexicon: str | None) -> None:
    job = {"kind": "index", "src": str(src), "rev": rev, "mode": "lexicon", "cache": str(cache),
           "segmented": True, "translations": None, "lexicon": lexicon}
    found = spawn(job)
    state = (f"{found['index_s']:.1f} s wall, {found['index_cpu_s']:.1f} s CPU" if found["found"]
             else "no dictionary found")
    print(f"dictionary index, fresh cache ({rev}): {state}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        job = json.loads(args.worker)
        result = index_worker(job) if job.get("kind") == "index" else run_worker(job)
        print(json.dumps(result))
        return 0
    if not args.data.is_dir():
        print(f"ERROR {args.data}: bench-dev data folder not found (--data)", file=sys.stderr)
        return 2
    revs = args.revs or [WORKTREE]
    with tempfile.TemporaryDirectory(prefix="transcheck-bench-check-") as temp_name:
        temp = Path(temp_name)
        corpus = (build_wmt22(args.data, args.lines, temp, args.article_lines)
                  if args.corpus == "wmt22" else build_docs(args.data, temp))
        print(f"corpus: {corpus.sentences_hint}; {args.rounds} rounds, modes "
              f"{' '.join(args.modes)}, revisions {' '.join(revs)}; one process, one thread; "
              f"kept word answers {'emptied before each run' if args.cold_words else 'reused'}")
        sources = {rev: export_revision(rev, temp) for rev in revs}
        for rev in revs:
            build_index(sources[rev], rev, temp / f"cache-{rev}", args.lexicon)
        runs = measure(args, revs, sources, corpus, temp)
        for mode in args.modes:
            print_mode(mode, revs, runs)
        if args.compare_json:
            return 0 if compare_reports(revs, args.modes, temp / "reports") else 1
    return 0


def measure(args: argparse.Namespace, revs: Sequence[str], sources: dict[str, Path],
            corpus: Corpus, temp: Path) -> dict[tuple[str, str], list[dict[str, Any]]]:
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {
        (r, m): [] for r in revs for m in args.modes
    }
    reports = temp / "reports"
    reports.mkdir()
    combos = [(i, rev, mode) for i, rev in enumerate(revs) for mode in args.modes]

    def job(i: int, rev: str, mode: str, fmt: str) -> dict[str, Any]:
        return {"src": str(sources[rev]), "rev": rev, "mode": mode, "format": fmt,
                "cache": str(temp / f"cache-{rev}"), "segmented": corpus.segmented,
                "translations": str(corpus.translations), "pairs": str(corpus.folder),
                "lexicon": args.lexicon,
                "report": str(reports / f"{i}-{mode}.json") if fmt == "json" else None}

    if args.compare_json:  # untimed: JSON computes TER per bead, which the timed table skips
        for i, rev, mode in combos:
            spawn(job(i, rev, mode, "json"))
    for round_index, order in enumerate(rotations(combos, args.rounds)):
        for i, rev, mode in order:
            if args.cold_words:
                shutil.rmtree(temp / f"cache-{rev}" / "words", ignore_errors=True)
            runs[(rev, mode)].append(spawn(job(i, rev, mode, "table")))
        print(f"round {round_index + 1}/{args.rounds} done", file=sys.stderr)
    return runs


if __name__ == "__main__":
    sys.exit(main())
