"""`check --cluster tcp://…`: a real `dask scheduler` and `dask worker` processes on 127.0.0.1.

The cluster is started once for this module: a scheduler on a free loopback port and
two single-threaded workers without a nanny (so a worker's PID is the process that
does the work). Each worker preloads a small module that logs every translator call
with its PID and sleeps for as long as a control file says, so that a test can make
the run slow enough to kill a worker in the middle of it. Every process is stopped at
the end; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from checker.cli import main
from checker.store import ResultStore
from tests.archive_corpus import (
    KILLABLE,
    SENTENCES_PER_PAIR,
    Archive,
    kill_once_stored,
    logged,
    make_archive,
)

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="needs transcheck[cluster] (Dask)"
)

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
START_S = 90.0  # the longest a test waits for a scheduler or worker to come up
RUN_S = 180.0  # the longest a cluster run may take
METHOD_VARIABLE = "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"
IDENTICAL_PAIRS = 200
FAULT_PAIRS = 40
FAULT_DELAY_S = "0.05"  # per translated sentence during the fault test

PRELOAD = """
import os, time
from pathlib import Path

from checker.translate.memory import MemoryTranslator

CONTROL = Path(os.environ["TC_CONTROL"])
LOG = Path(os.environ["TC_LOG"])
# Dask may import a preload file twice (from its scratch copy too): patch only once.
real_translate = getattr(MemoryTranslator, "unlogged_translate", MemoryTranslator.translate)
MemoryTranslator.unlogged_translate = real_translate


def logged_translate(self, sentences):
    with LOG.open("a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {len(sentences)}\\n")
    delay = float(CONTROL.read_text()) if CONTROL.exists() else 0.0
    time.sleep(delay * len(sentences))
    return real_translate(self, sentences)


MemoryTranslator.translate = logged_translate
"""


@dataclass
class Cluster:
    base: Path
    address: str
    env: dict[str, str]
    dictionary: Path
    control: Path
    log: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        output = self.base / f"{name}.log"
        command = [sys.executable, "-m", "dask", "worker", self.address, "--name", name,
                   "--host", LOOPBACK, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                   "--dashboard-address", f"{LOOPBACK}:0",
                   "--death-timeout", "60", "--local-directory", str(self.base / name),
                   "--preload", str(self.base / "preload.py")]
        worker = self._start(command, output)
        _wait_for(lambda: "Registered to" in output.read_text(errors="replace"), worker, output)
        return worker

    def _start(self, command: list[str], output: Path) -> subprocess.Popen[bytes]:
        with output.open("wb") as sink:
            process = subprocess.Popen(command, cwd=self.base, env=self.env,
                                       stdout=sink, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def pids_logged(self) -> set[int]:
        lines = self.log.read_text().split("\n") if self.log.exists() else []
        return {int(line.split()[0]) for line in lines if line.strip()}


def _wait_for(ready: object, process: subprocess.Popen[bytes], output: Path) -> None:
    deadline = time.monotonic() + START_S
    while not ready():  # type: ignore[operator]
        assert process.poll() is None, output.read_text(errors="replace")
        assert time.monotonic() < deadline, f"not up after {START_S} s: {output}"
        time.sleep(0.1)


def _trouble(stderr: str) -> list[str]:
    """Lines of stderr that report a problem (Dask's own log lines included)."""
    return [line for line in stderr.splitlines()
            if line.startswith(("ERROR", "WARNING", "Traceback")) or " - ERROR - " in line]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        if process.poll() is None:
            process.terminate()
    for process in reversed(processes):
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    base = tmp_path_factory.mktemp("cluster")
    (base / "preload.py").write_text(PRELOAD, encoding="utf-8")
    dictionary = base / "ding.txt"  # keep the detectors off the system dictionary
    dictionary.write_text("Baum {m} | Bäume {pl} :: tree | trees\n", encoding="utf-8")
    env = {**os.environ, "TRANSCHECK_LEXICON": str(dictionary),
           "XDG_CACHE_HOME": str(base / "cache"), "TRANSCHECK_CACHE_DIR": str(base / "cache"),
           "ARGOS_PACKAGES_DIR": str(base / "argos"), "TC_CONTROL": str(base / "delay"),
           "TC_LOG": str(base / "translations.log"), "NO_COLOR": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    port = _free_port()
    found = Cluster(base, f"tcp://{LOOPBACK}:{port}", env, dictionary, base / "delay",
                    base / "translations.log")
    try:
        output = base / "scheduler.log"
        scheduler = found._start(
            [sys.executable, "-m", "dask", "scheduler", "--host", LOOPBACK, "--port", str(port),
             "--no-dashboard", "--dashboard-address", f"{LOOPBACK}:0",
             "--scheduler-file", str(base / "scheduler.json")], output)
        _wait_for(lambda: (base / "scheduler.json").exists(), scheduler, output)
        for name in ("worker-a", "worker-b"):
            found.start_worker(name)
        yield found
    finally:
        _stop(found.processes)


@pytest.fixture()
def uses_cluster_dictionary(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(cluster.dictionary))


@contextlib.contextmanager
def _drive(cluster: Cluster, args: list[str]) -> Iterator[subprocess.Popen[str]]:
    """The CLI in a subprocess (this test process may not open network connections)."""
    command = [sys.executable, "-m", "checker", "check", *args]
    driver = subprocess.Popen(command, cwd=cluster.base, env=cluster.env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield driver
    finally:
        if driver.poll() is None:
            driver.kill()
        driver.communicate()


def test_cluster_report_is_byte_identical_to_one_job(
    cluster: Cluster, tmp_path: Path, uses_cluster_dictionary: None
) -> None:
    archive = make_archive(tmp_path, IDENTICAL_PAIRS)
    one_job = tmp_path / "one.json"
    code = main(["check", *archive.memory_args(), "--jobs", "1", "--format", "json",
                 "-o", str(one_job)])
    assert code == 1  # the archive has planted drifts
    on_cluster = tmp_path / "cluster.json"
    with _drive(cluster, [*archive.memory_args(), "--cluster", cluster.address,
                          "--format", "json", "-o", str(on_cluster)]) as driver:
        _, stderr = driver.communicate(timeout=RUN_S)
    assert driver.returncode == 1, stderr
    assert not _trouble(stderr), stderr
    assert on_cluster.read_bytes() == one_job.read_bytes()
    assert len(json.loads(one_job.read_bytes())["pairs"]) == IDENTICAL_PAIRS


def test_a_worker_killed_mid_run_leaves_every_pair_stored_once(
    cluster: Cluster, tmp_path: Path, uses_cluster_dictionary: None
) -> None:
    archive = make_archive(tmp_path, FAULT_PAIRS)
    victim = cluster.start_worker("victim")
    cluster.control.write_text(FAULT_DELAY_S, encoding="utf-8")
    store = tmp_path / "store"
    report = tmp_path / "report.json"
    args = [*archive.memory_args(), "--cluster", cluster.address, "--ship-text",
            "--results", str(store), "--format", "json", "-o", str(report)]
    try:
        with _drive(cluster, args) as driver:
            deadline = time.monotonic() + RUN_S
            while victim.pid not in cluster.pids_logged():  # the victim is translating a chunk
                assert driver.poll() is None, driver.communicate()
                assert time.monotonic() < deadline, "the victim never got work"
                time.sleep(0.02)
            os.kill(victim.pid, signal.SIGKILL)
            _, stderr = driver.communicate(timeout=RUN_S)
    finally:
        cluster.control.unlink()
    assert victim.wait(timeout=10) == -signal.SIGKILL
    assert driver.returncode == 1, stderr
    stored = Counter(r["id"] for r in ResultStore.open_for_reading(store).records())
    assert stored == Counter(archive.ids)  # each pair exactly once
    assert [p["id"] for p in json.loads(report.read_bytes())["pairs"]] == list(archive.ids)


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path) -> None:
    archive: Archive = make_archive(tmp_path, 1)
    port = _free_port()  # nothing listens there
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "checker", "check", *archive.memory_args(),
         "--cluster", f"tcp://{LOOPBACK}:{port}"],
        cwd=tmp_path, env={**env, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
        capture_output=True, text=True, timeout=RUN_S,
    )
    assert done.returncode == 4
    assert done.stderr.startswith(f"ERROR tcp://{LOOPBACK}:{port}: cannot reach the Dask scheduler")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("method", ["", "spawn"])
def test_a_local_cluster_gives_the_one_job_report(tmp_path: Path, method: str) -> None:
    """local:N forks its workers on Linux; Dask's own method variable still chooses."""
    archive = make_archive(tmp_path, 6)
    dictionary = tmp_path / "ding.txt"
    dictionary.write_text("Baum {m} | Bäume {pl} :: tree | trees\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRANSCHECK_LEXICON": str(dictionary)}
    env.pop(METHOD_VARIABLE, None)
    if method:
        env[METHOD_VARIABLE] = method
    reports = []
    for mode in (["--jobs", "1"], ["--cluster", "local:1"]):
        output = tmp_path / f"{mode[1]}.json"
        done = subprocess.run(
            [sys.executable, "-m", "checker", "check", *archive.memory_args(), *mode,
             "--format", "json", "-o", str(output)],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=RUN_S,
        )
        assert done.returncode == 1, done.stderr
        assert not _trouble(done.stderr), done.stderr  # (a one-time index notice is fine)
        reports.append(output.read_bytes())
    assert reports[0] == reports[1]


def test_a_killed_local_cluster_driver_resumes_at_once(tmp_path: Path) -> None:
    """The workers of local:N outlive a killed driver by a moment; they must not keep the
    store locked meanwhile, and the resumed run checks only the pairs not stored."""
    archive = make_archive(tmp_path, 12)
    dictionary = tmp_path / "ding.txt"
    dictionary.write_text("Baum {m} | Bäume {pl} :: tree | trees\n", encoding="utf-8")
    wrapper = tmp_path / "killable.py"
    wrapper.write_text(KILLABLE, encoding="utf-8")
    store = tmp_path / "store"
    command = [sys.executable, str(wrapper), "check", *archive.memory_args(),
               "--cluster", "local:2", "--results", str(store), "--resume",
               "--format", "json", "-o", "r.json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRANSCHECK_LEXICON": str(dictionary),
           "NO_COLOR": "1"}
    killed_log, resumed_log = tmp_path / "killed.log", tmp_path / "resumed.log"
    kill_once_stored(command, tmp_path, {**env, "TC_DELAY": "0.2", "TC_LOG": str(killed_log)},
                     store, RUN_S)
    stored = len(list(ResultStore.open_for_reading(store).records()))
    assert 2 <= stored < len(archive.ids)

    done = subprocess.run(command, cwd=tmp_path,
                          env={**env, "TC_DELAY": "0", "TC_LOG": str(resumed_log)},
                          capture_output=True, text=True, timeout=RUN_S)
    assert done.returncode == 1, done.stderr
    assert logged(resumed_log) == (len(archive.ids) - stored) * SENTENCES_PER_PAIR
    ids = Counter(r["id"] for r in ResultStore.open_for_reading(store).records())
    assert ids == Counter(archive.ids)  # every pair exactly once
    one_job = tmp_path / "one.json"
    subprocess.run([sys.executable, "-m", "checker", "check", *archive.memory_args(),
                    "--jobs", "1", "--format", "json", "-o", str(one_job)],
                   cwd=tmp_path, env=env, capture_output=True, timeout=RUN_S)
    assert (tmp_path / "r.json").read_bytes() == one_job.read_bytes()
