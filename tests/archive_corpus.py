"""Small generated archives for the results-store and cluster tests.

Pair k has two German sentences built from k (so every sentence is distinct and a
log of translated sentences tells pairs apart) and an English side that drifts for
some k: a changed number every 7th pair, a dropped sentence every 11th.
"""

from __future__ import annotations

import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SENTENCES_PER_PAIR = 2


@dataclass(frozen=True)
class Archive:
    root: Path  # directory of pair directories
    translations: Path  # memory translator file
    ids: tuple[str, ...]

    def memory_args(self) -> list[str]:
        return [str(self.root), "--translator", "memory", "--translations",
                str(self.translations), "--no-cache"]


def german(k: int) -> list[str]:
    return [f"Im Stadtteil {k} wurden {k + 10} neue Bäume gepflanzt.",
            f"Die Arbeiten dauerten {k % 9 + 2} Wochen."]


def english(k: int) -> list[str]:
    return [f"In district {k}, {k + 10} new trees were planted.",
            f"The work took {k % 9 + 2} weeks."]


def drifted(k: int) -> list[str]:
    sentences = english(k)
    if k % 7 == 3:
        sentences[0] = sentences[0].replace(f"{k + 10} new", f"{k + 11} new")
    if k % 11 == 5:
        sentences = sentences[:1]
    return sentences


def make_archive(base: Path, count: int) -> Archive:
    root = base / "archive"
    rows = []
    ids = []
    for k in range(count):
        folder = root / f"p{k:04d}"
        folder.mkdir(parents=True)
        (folder / "de.md").write_text(" ".join(german(k)) + "\n", encoding="utf-8")
        (folder / "en.md").write_text(" ".join(drifted(k)) + "\n", encoding="utf-8")
        rows += [f"{d}\t{e}\n" for d, e in zip(german(k), english(k), strict=True)]
        ids.append(f"p{k:04d}")
    translations = base / "mt.tsv"
    translations.write_text("".join(rows), encoding="utf-8")
    return Archive(root, translations, tuple(ids))


# A CLI whose translator sleeps TC_DELAY s per sentence and logs how many it translated
# to TC_LOG, and whose store writes every finished pair at once: a run to kill midway.
KILLABLE = """
import os, sys, time
from pathlib import Path

import checker.store as store
from checker.translate.memory import MemoryTranslator

store.SHARD_PAIRS = 1  # every finished pair goes to disk at once
DELAY = float(os.environ["TC_DELAY"])
LOG = Path(os.environ["TC_LOG"])
real_translate = MemoryTranslator.translate


def slow_translate(self, sentences):
    time.sleep(DELAY * len(sentences))
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"{len(sentences)}\\n")
    return real_translate(self, sentences)


MemoryTranslator.translate = slow_translate

from checker.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
"""


def logged(log: Path) -> int:
    """Sentences translated, from the log KILLABLE writes."""
    return sum(int(n) for n in log.read_text().split()) if log.exists() else 0


def kill_once_stored(command: list[str], cwd: Path, env: dict[str, str], store: Path,
                     timeout_s: float) -> None:
    """Start the driver, and kill it (SIGKILL) as soon as two shards of its store hold
    results; it must not have finished or failed before that."""
    driver = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout_s
        while len(list((store / "shards").glob("*.jsonl"))) < 2:
            assert driver.poll() is None, driver.communicate()
            assert time.monotonic() < deadline, "the run never stored a pair"
            time.sleep(0.05)
        driver.send_signal(signal.SIGKILL)
    finally:
        if driver.poll() is None:
            driver.kill()
        driver.communicate(timeout=timeout_s)
