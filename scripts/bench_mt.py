#!/usr/bin/env python3
"""Benchmark the argos backend on a random-weight model of realistic size.

Builds a Transformer with Argos de→en dimensions (6+6 layers, d_model 512, 8 heads,
FFN 2048, ~32k vocabulary; random weights, so the output is gibberish but the work
per token is real) in a temporary directory, then translates the same sentences
three ways and prints sentences/second:

  raw      ctranslate2.Translator.translate_batch on pre-tokenised input
  engine   transcheck's translate_all (tokenise, sort by length, batch, decode, cache writes)
  cached   a second translate_all of the same sentences (new translator, warm cache)

Targets: engine ≥ 90% of raw; cached ≥ 20× engine. Raw and engine runs alternate
(--repeat times) and the best time of each counts, so that load from other
processes on the machine distorts the ratio less.
German sentences come from --data (DEMETR/FLORES `source_de`, or with `--source wmt22`
the first lines of `wmt22deen/src.de.txt`, the text scripts/bench_check.py checks) when
that folder exists, else from generated templates. The time per 1,000 sentences is
printed to set beside bench_check.py's per-stage figures (detection ≤ 10% of it).

    python scripts/bench_mt.py [--sentences 500] [--source demetr|wmt22] [--beam 1]
                               [--max-len 64] [--threads 0]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.settings import DEFAULT_BATCH_SIZE, Settings  # noqa: E402
from checker.translate import translate_all  # noqa: E402
from checker.translate.argos import ArgosTranslator, read_package  # noqa: E402
from tests import tinymodel  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench-dev"
DEMETR_FILE = "demetr_flores_de_en.tsv"
WMT22_FILE = "wmt22deen/src.de.txt"
ENGINE_TARGET = 0.90
CACHE_TARGET = 20.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bench-dev folder")
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--source", choices=("demetr", "wmt22"), default="demetr",
                        help="which bench-dev German text to translate")
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--max-len", type=int, default=64, help="max_decoding_length")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--threads", type=int, default=0, help="0: CTranslate2 default")
    parser.add_argument(
        "--repeat", type=int, default=3, help="alternate raw/engine runs, keep the best of each"
    )
    parser.add_argument("--quantization", default="int8", help="int8, float32, … (as Argos ships)")
    return parser.parse_args()


def german_sentences(data: Path, count: int, kind: str = "demetr") -> tuple[list[str], str]:
    """`count` distinct German sentences, and where they came from."""
    source = data / (DEMETR_FILE if kind == "demetr" else WMT22_FILE)
    found: list[str] = []
    if kind == "wmt22" and source.is_file():
        lines = source.read_text(encoding="utf-8").splitlines()[:count]
        found = list(dict.fromkeys(line for line in lines if line.strip()))
    elif source.is_file():
        with source.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            found = list(dict.fromkeys(row["source_de"] for row in rows if row.get("source_de")))
    generated = (
        line
        for line in tinymodel.training_lines(4 * count)
        if not line.startswith(("The ", "A ", "An "))
    )
    # distinct sentences: real ones first, templates (numbered) to fill up
    filler = (f"{line[:-1]} ({n})." for n, line in enumerate(itertools.cycle(list(generated))))
    sentences = (found + list(itertools.islice(filler, max(0, count - len(found)))))[:count]
    origin = f"{min(len(found), count)} from {source}" if found else "generated from templates"
    return sentences, origin


def build_model(workdir: Path, quantization: str) -> Path:
    shape = tinymodel.REALISTIC
    start = time.perf_counter()
    package = tinymodel.build_package_dir(
        workdir / "translate-de_en-bench", shape=shape, quantization=quantization
    )
    print(
        f"model: {shape.encoder_layers}+{shape.decoder_layers} layers, d_model {shape.d_model}, "
        f"{shape.heads} heads, FFN {shape.ffn}, vocab {shape.vocab_size}, {quantization} "
        f"(built in {time.perf_counter() - start:.1f} s)"
    )
    return package


def bench_raw(package: Path, sentences: list[str], args: argparse.Namespace) -> float:
    import ctranslate2
    import sentencepiece

    spm = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(package / "model"), device="cpu", inter_threads=1, intra_threads=args.threads
    )
    tokens = [spm.EncodeAsPieces(s) for s in sentences]
    start = time.perf_counter()
    translator.translate_batch(
        tokens, max_batch_size=args.batch, beam_size=args.beam, max_decoding_length=args.max_len
    )
    return time.perf_counter() - start


def bench_engine(
    package: Path, sentences: list[str], settings: Settings, max_len: int
) -> tuple[float, list[str | None]]:
    translator = ArgosTranslator(read_package(package), settings, max_decoding_length=max_len)
    translator.engine()  # load outside the timing, as for raw
    start = time.perf_counter()
    out = translate_all(translator, sentences, settings)
    return time.perf_counter() - start, out


def bench_cached(
    package: Path, sentences: list[str], settings: Settings, max_len: int
) -> tuple[float, list[str | None]]:
    start = time.perf_counter()
    translator = ArgosTranslator(read_package(package), settings, max_decoding_length=max_len)
    out = translate_all(translator, sentences, settings)
    return time.perf_counter() - start, out


def _settings(args: argparse.Namespace, cache: Path) -> Settings:
    return Settings(
        beam_size=args.beam, batch_size=args.batch, threads=args.threads, cache_dir=str(cache)
    )


def main() -> int:
    args = parse_args()
    sentences, origin = german_sentences(args.data, args.sentences, args.source)
    print(
        f"sentences: {len(sentences)} ({origin}); beam {args.beam}, max_decoding_length "
        f"{args.max_len}, batch {args.batch}, threads {args.threads or 'default'}"
    )
    with tempfile.TemporaryDirectory(prefix="transcheck-bench-") as temp:
        workdir = Path(temp)
        package = build_model(workdir, args.quantization)
        raw, engine = float("inf"), float("inf")
        first: list[str | None] = []
        for attempt in range(max(1, args.repeat)):  # alternate: a busy machine hits both alike
            raw = min(raw, bench_raw(package, sentences, args))
            settings = _settings(args, workdir / f"cache-{attempt}")
            took, first = bench_engine(package, sentences, settings, args.max_len)
            engine = min(engine, took)
        cached, second = bench_cached(package, sentences, settings, args.max_len)
    n = len(sentences)
    assert first == second, "cached output differs from the engine's"
    print(f"raw translate_batch : {n / raw:8.1f} sentences/s ({raw:.2f} s)")
    print(
        f"transcheck engine   : {n / engine:8.1f} sentences/s ({engine:.2f} s) "
        f"= {raw / engine:.0%} of raw (target ≥ {ENGINE_TARGET:.0%}); "
        f"{1e6 * engine / n:.0f} ms per 1,000 sentences"
    )
    print(
        f"cached re-run       : {n / cached:8.1f} sentences/s ({cached:.3f} s) "
        f"= {engine / cached:.0f}× faster (target ≥ {CACHE_TARGET:.0f}×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
