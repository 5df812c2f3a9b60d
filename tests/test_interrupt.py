"""Ctrl-C during a real run: no partial report, a usable cache, and the next run resumes.

`python -m checker` runs in a subprocess through a small wrapper (written to
tmp_path) that makes the memory translator slow and cacheable — like the Argos
engine — and logs how many sentences each translator call received, so the test
can interrupt after the first chunk of translations is committed and later count
how many sentences the resumed run still had to translate.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 2  # sentences per translator call (and per cache commit) in the wrapper
DELAY_S = 0.3  # per sentence, while the run is to be interrupted
WAIT_S = 60.0  # the longest a test waits for a subprocess event
PAIR_COUNT = 6
LONG_PAIR_COUNT = 16  # a run long enough that waiting for all of it shows
SENTENCES_PER_PAIR = 3

WRAPPER = '''
import os, sys, time
from pathlib import Path

import checker.translate.runner as runner
from checker.translate.memory import MemoryTranslator

runner.TRANSLATE_CHUNK = int(os.environ["TC_CHUNK"])
DELAY = float(os.environ["TC_DELAY"])
LOG = Path(os.environ["TC_LOG"])
real_translate = MemoryTranslator.translate


def cache_key(self):
    return "memory-slow|" + self.info.model


def slow_translate(self, sentences):
    for _ in sentences:
        time.sleep(DELAY)
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"{len(sentences)}\\n")
    return real_translate(self, sentences)


MemoryTranslator.cache_key = cache_key
MemoryTranslator.translate = slow_translate

from checker.cli import main

sys.exit(main(sys.argv[1:]))
'''


@dataclass(frozen=True)
class Setup:
    tmp: Path
    wrapper: Path
    pairs: Path
    translations: Path
    cache: Path
    out_dir: Path
    german: frozenset[str]

    @property
    def report(self) -> Path:
        return self.out_dir / "report.json"


def _german(pair: int, k: int) -> str:
    return f"Im Bezirk {pair} wurden im Jahr {2000 + k} genau {pair * 100 + k} Bäume gepflanzt."


def _english(pair: int, k: int) -> str:
    return f"In district {pair}, exactly {pair * 100 + k} trees were planted in {2000 + k}."


@pytest.fixture()
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    return make_setup(tmp_path, monkeypatch, PAIR_COUNT)


def make_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pair_count: int) -> Setup:
    pairs = tmp_path / "pairs"
    german: set[str] = set()
    rows = []
    for pair in range(pair_count):
        de = [_german(pair, k) for k in range(SENTENCES_PER_PAIR)]
        en = [_english(pair, k) for k in range(SENTENCES_PER_PAIR)]
        german.update(de)
        rows += [f"{d}\t{e}\n" for d, e in zip(de, en, strict=True)]
        folder = pairs / f"bezirk-{pair}"
        folder.mkdir(parents=True)
        (folder / "de.md").write_text(" ".join(de) + "\n", encoding="utf-8")
        (folder / "en.md").write_text(" ".join(en) + "\n", encoding="utf-8")
    translations = tmp_path / "mt.tsv"
    translations.write_text("".join(rows), encoding="utf-8")
    wrapper = tmp_path / "slow_transcheck.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dictionary = tmp_path / "ding.txt"  # keep the detectors off the system dictionary
    dictionary.write_text("Baum {m} | Bäume {pl} :: tree | trees\n", encoding="utf-8")
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(dictionary))
    return Setup(tmp_path, wrapper, pairs, translations, tmp_path / "cache", out_dir,
                 frozenset(german))


def _command(s: Setup, *extra: str) -> list[str]:
    return [sys.executable, str(s.wrapper), "check", str(s.pairs), "--translator", "memory",
            "--translations", str(s.translations), "--format", "json",
            "--output", str(s.report), *extra]


def _env(log: Path, delay: float) -> dict[str, str]:
    return {**os.environ, "TC_CHUNK": str(CHUNK), "TC_DELAY": str(delay), "TC_LOG": str(log),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "NO_COLOR": "1"}


def _logged(log: Path) -> list[int]:
    return [int(n) for n in log.read_text().split()] if log.exists() else []


def _run(s: Setup, log: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(s, *extra), env=_env(log, 0.0), capture_output=True,
                          text=True, timeout=WAIT_S, cwd=s.tmp)


def _interrupt_after_first_commit(s: Setup, log: Path, *extra: str, group: bool = False
                                  ) -> tuple[int, str, float]:
    """Start a slow run, wait until two translator calls have returned (so the first
    chunk is committed), send SIGINT; exit code, stderr and seconds until exit."""
    process = subprocess.Popen(_command(s, *extra), env=_env(log, DELAY_S), cwd=s.tmp,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=group)
    try:
        deadline = time.monotonic() + WAIT_S
        while len(_logged(log)) < 2:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the slow run never translated anything"
            time.sleep(0.02)
        sent = time.monotonic()
        if group:  # a terminal's Ctrl-C reaches the whole foreground process group
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=WAIT_S)
        return process.returncode, stderr, time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _cache_rows(cache: Path) -> int:
    with sqlite3.connect(cache / "translations.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (rows,) = db.execute("SELECT count(*) FROM translations").fetchone()
    return int(rows)


def _earlier_report(s: Setup) -> bytes:
    done = _run(s, s.tmp / "earlier.log", "--no-cache", "--jobs", "1")
    assert done.returncode in (0, 1), done.stderr
    return s.report.read_bytes()


def test_ctrl_c_keeps_the_earlier_report_and_the_next_run_resumes(setup: Setup) -> None:
    s = setup
    earlier = _earlier_report(s)
    code, stderr, _ = _interrupt_after_first_commit(
        s, s.tmp / "interrupted.log", "--cache", str(s.cache), "--jobs", "1"
    )
    assert code == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert s.report.read_bytes() == earlier  # untouched
    assert os.listdir(s.out_dir) == ["report.json"]  # no temp file beside it
    cached = _cache_rows(s.cache)
    assert CHUNK <= cached < len(s.german)  # the committed chunks survived, and only they

    resumed = _run(s, s.tmp / "resumed.log", "--cache", str(s.cache), "--jobs", "1")
    assert resumed.returncode in (0, 1), resumed.stderr
    assert sum(_logged(s.tmp / "resumed.log")) == len(s.german) - cached
    assert _cache_rows(s.cache) == len(s.german)
    assert s.report.read_bytes() == earlier  # same result as the uninterrupted run
    assert json.loads(earlier)["pairs"]


@pytest.mark.parametrize(
    "group",
    [
        True,  # Ctrl-C in a terminal: SIGINT reaches the CLI and its workers
        False,  # `kill -INT PID`, or a CI runner cancelling the job: only the CLI gets it
    ],
    ids=["process-group", "main-process-only"],
)
def test_sigint_with_two_jobs_stops_promptly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: bool
) -> None:
    s = make_setup(tmp_path, monkeypatch, LONG_PAIR_COUNT)
    s.report.write_text("earlier", encoding="utf-8")
    full_run_s = len(s.german) * DELAY_S / 2  # two workers
    code, stderr, took = _interrupt_after_first_commit(
        s, s.tmp / "interrupted.log", "--cache", str(s.cache), "--jobs", "2", group=group
    )
    assert code == 130, stderr
    assert "Traceback" not in stderr, stderr
    # stopping may finish the chunk a worker is on (one pair here), not the whole queue
    assert took < full_run_s / 3, (
        f"took {took:.1f} s to stop; a whole run takes ~{full_run_s:.1f} s"
    )
    assert s.report.read_text(encoding="utf-8") == "earlier"
    assert os.listdir(s.out_dir) == ["report.json"]
    assert _cache_rows(s.cache) < len(s.german)  # opens, intact, and the run did stop early


def test_pool_workers_drop_the_cli_sigterm_handler() -> None:
    # A forked pool worker inherits the CLI's SIGTERM handler; with it, terminating the
    # pool after a `--jobs N --results` run could leave a worker blocked for ever. Every
    # pool (pipeline and archive) sets its workers up with pipeline.worker_signals.
    from checker import pipeline

    def handler(signum: int, frame: object) -> None:
        raise AssertionError("the CLI's handler must not run in a worker")

    before_term = signal.signal(signal.SIGTERM, handler)
    before_int = signal.getsignal(signal.SIGINT)
    try:
        pipeline.worker_signals()
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, before_term)
        signal.signal(signal.SIGINT, before_int)
