#!/usr/bin/env python3
"""Time of the inputs issue 13 found superlinear or hanging, at two sizes each.

* the Markdown stripper on one line of `"Der *Text und "` (and other unclosed
  markup) at 56 KB and 112 KB: linear time gives a ratio near 2, the old regular
  expressions gave ~3–4 (9 s and 29 s on the issue's machine);
* `transcheck check --translator none` on one pair of generated prose at two sizes
  (ratio near 10 for 10× the text), and on one paragraph without punctuation;
* a configuration glob `**` over two symbolic-link loops (the old glob never ended).

    python scripts/bench_hostile.py [--small 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker import cli  # noqa: E402
from checker.articles import strip_inline_markdown  # noqa: E402

UNITS = ("Der *Text und ", "[a ", "**a ", "~~a ", "<http:x")
GERMAN_WORDS = "Der Text und die Stadt hat nicht mehr als drei Bäume gepflanzt".split()
ENGLISH_WORDS = "The text and the city has not more than three trees planted".split()


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _prose(words: list[str], sentences: int, rng: random.Random) -> str:
    parts = []
    for index in range(sentences):
        parts.append(" ".join(rng.choice(words) for _ in range(12)).capitalize() + ".")
        if index % 5 == 4:
            parts.append("\n\n")
    return " ".join(parts) + "\n"


def _check(folder: Path, german: str, english: str) -> float:
    (folder / "de.md").write_text(german, encoding="utf-8")
    (folder / "en.md").write_text(english, encoding="utf-8")
    args = ["check", str(folder), "--translator", "none", "--no-cache", "--format", "json"]
    with contextlib.redirect_stdout(io.StringIO()):
        return _seconds(lambda: cli.main(args))


def bench_markdown(small: int) -> None:
    print("Markdown stripper, one line (seconds at 56 KB / 112 KB, ratio):")
    for unit in UNITS:
        lines = [unit * (n // len(unit)) for n in (56_000, 112_000)]
        times = [_seconds(lambda line=line: strip_inline_markdown(line)) for line in lines]
        ratio = times[1] / max(times[0], 1e-9)
        print(f"  {unit!r:18} {times[0]:8.3f} {times[1]:8.3f}  x{ratio:.1f}")


def bench_check(small: int, folder: Path) -> None:
    rng = random.Random(3)
    sentences = max(1, small // 65)
    print(f"check --translator none (seconds at ~{small // 1000} KB / ~{small // 100} KB):")
    times = [_check(folder, _prose(GERMAN_WORDS, n, rng), _prose(ENGLISH_WORDS, n, rng))
             for n in (sentences, sentences * 10)]
    print(f"  prose             {times[0]:8.2f} {times[1]:8.2f}  x{times[1] / times[0]:.1f}")
    unpunctuated = _check(folder, "Der Text und " * (small // 13) + "\n",
                          "The text and " * (small // 13) + "\n")
    print(f"  one paragraph without punctuation, ~{small // 1000} KB: {unpunctuated:.2f} s")


def bench_glob(folder: Path) -> None:
    for lang in ("de", "en"):
        deep = folder / "docs" / lang / "a"
        deep.mkdir(parents=True)
        (deep / "intro.md").write_text("Ein Satz.\n" if lang == "de" else "A sentence.\n")
        (deep / "up").symlink_to("..")
        (deep / "again").symlink_to("../a")
    (folder / "transcheck.toml").write_text(
        'translator = "none"\npairs = [{de = "docs/de/**/*.md", en = "docs/en/**/*.md"}]\n'
    )
    previous = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            took = _seconds(lambda: cli.main(["check", "--no-cache"]))
    finally:
        os.chdir(previous)
    print(f"config glob ** over two symlink loops: {took:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000, help="bytes of the smaller pair")
    options = parser.parse_args()
    bench_markdown(options.small)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pair").mkdir()
        bench_check(options.small, Path(tmp) / "pair")
        bench_glob(Path(tmp) / "globbed")


if __name__ == "__main__":
    main()
