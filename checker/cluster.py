"""`check --cluster`: run an archive's chunks on a Dask cluster (the `cluster` extra).

`--cluster tcp://HOST:8786` connects to a running scheduler; `--cluster local:N` starts
a LocalCluster of N single-threaded worker processes on this machine. Each worker
builds its translator and detector context once (checker.archive.worker_context, a
per-process cache keyed by the run's settings) and reuses it for every chunk. Dask
reschedules the chunks of a worker that dies; the driver takes each chunk's result
once, so every pair is stored once. Only this module imports Dask.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import multiprocessing
import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from checker import archive
from checker.errors import EngineError, UsageError
from checker.pipeline import RunInputs
from checker.settings import Settings
from checker.store import Outcome

LOCAL_PREFIX = "local:"
LOOPBACK = "127.0.0.1"  # a local cluster listens on this machine only
SCHEMES = ("tcp://", "tls://", "inproc://", "ucx://")
WORKER_WAIT_S = 120  # for the first worker to join
CHUNKS_PER_SLOT = 2  # chunks in flight per worker thread: enough to keep each one busy
_PATH_SETTINGS = ("translations", "model", "lexicon", "glossary", "cache_dir")
# Dask keeps the last `low-level-log-length` (1,000) messages of every connection for
# debugging, and each one holds a task with its chunk of pairs: with the in-process
# scheduler of local:N that grew the driver by ≈ 1.5 KB per pair. A few suffice.
# Each worker's statistical profiler (a stack sample every 10 ms, for the dashboard)
# cost a local:2 run about a quarter of its time; a LocalCluster's workers get this
# configuration from the driver, remote workers from their own (docs/SCALE.md).
# Dask's nanny starts each worker with MALLOC_TRIM_THRESHOLD_=65536, so that a worker
# hands freed memory back to the system at once. That also switches off glibc's
# adaptive thresholds: every larger allocation becomes an mmap of fresh pages, which
# cost a check about a sixth more CPU time (16 times the page faults). `None` unsets
# it for the workers of local:N; docs/SCALE.md says how to do so for `dask worker`.
# Dask's event loops wake often: a health tick every 20 ms, the memory monitor every
# 100 ms, the system monitor every 500 ms, in each worker and, with local:N, in the
# driver for its scheduler and each nanny (about 180 wake-ups a second). Each one takes
# the GIL from a worker's check or a core from it; at 1 s, 1 s and 2 s a local:2 run
# used about 5 CPU-s less per 1,000 pairs (a third of the involuntary context switches).
DASK_CONFIG = {
    "distributed.admin.low-level-log-length": 16,
    "distributed.diagnostics.computations.max-history": 16,
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.disk": False,
}
# A LocalCluster spawns its workers by default: each starts a fresh interpreter that
# imports Dask and transcheck (≈ 0.5 CPU-s) and tears it down again at the end, which
# took local:2 about 1.5 s to start and 0.3–0.5 s to stop on two cores. Forked from
# the driver, a worker has all of that already: 0.15 s to start, 0.02 s to stop
# (docs/SCALE.md). Linux only (fork is unsafe with macOS's system libraries), and
# never over the user's own choice of method in the environment.
FORK_CONFIG = {"distributed.worker.multiprocessing-method": "fork"}
METHOD_VARIABLE = "DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD"


def parse_address(text: str) -> int | None:
    """N for `local:N`, None for a scheduler address; UsageError for anything else."""
    if text.startswith(LOCAL_PREFIX):
        count = text[len(LOCAL_PREFIX):]
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--cluster {text}: local:N needs a number of workers N ≥ 1")
        return int(count)
    if text.startswith(SCHEMES):
        return None
    raise UsageError(f"--cluster {text}: expected tcp://HOST:PORT (a Dask scheduler) or local:N")


def absolute_paths(settings: Settings) -> Settings:
    """Settings whose file paths still work on a worker with another working directory."""
    changes: dict[str, Any] = {name: os.path.abspath(value) for name in _PATH_SETTINGS
                               if isinstance(value := getattr(settings, name), str) and value}
    return replace(settings, **changes)


def fork_workers() -> bool:
    """Whether local:N forks its workers from the driver (see FORK_CONFIG)."""
    return (sys.platform.startswith("linux") and METHOD_VARIABLE not in os.environ
            and "fork" in multiprocessing.get_all_start_methods())


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Fork the workers started in the body; the driver's objects are frozen meanwhile,
    so that a worker's garbage collector never walks (and so copies) the driver's
    memory, such as its list of pairs."""
    if not fork_workers():
        yield
        return
    import dask

    gc.freeze()
    try:
        with dask.config.set(FORK_CONFIG):
            yield
    finally:
        gc.unfreeze()


def _quiet_dask_logs() -> None:
    """Dask logs every connection at INFO on import; keep its errors, or all of it with -vv."""
    verbose = logging.getLogger().getEffectiveLevel() <= logging.DEBUG
    logging.getLogger("distributed").setLevel(logging.INFO if verbose else logging.ERROR)


class DaskExecutor:
    """Chunks as Dask tasks, a bounded number in flight, results as they complete."""

    def __init__(self, address: str, inputs: RunInputs) -> None:
        local = parse_address(address)
        try:
            import distributed
        except ImportError:
            raise EngineError(
                "--cluster needs Dask: pip install 'transcheck[cluster]'"
            ) from None
        _quiet_dask_logs()
        import dask

        dask.config.set(DASK_CONFIG)  # for this process, before any connection opens
        settings = inputs.settings if local else absolute_paths(inputs.settings)
        self.inputs = replace(inputs, ctx=None, settings=settings)
        self.digest = archive.inputs_digest(self.inputs)
        self.address = address
        self._cluster: Any = None
        self._warming: list[Any] = []  # the warm-up tasks, held until the run ends
        self.client = self._connect(distributed, address, local)
        self.slots = max(1, sum(self.client.nthreads().values()))

    def _connect(self, distributed: Any, address: str, local: int | None) -> Any:
        try:
            if local is not None:
                with _forking():
                    self._cluster = distributed.LocalCluster(
                        n_workers=local, threads_per_worker=1, processes=True, host=LOOPBACK,
                        # the scheduler's HTTP endpoint always starts: a free loopback port
                        dashboard_address=f"{LOOPBACK}:0", silence_logs=logging.ERROR,
                    )
                return distributed.Client(self._cluster)
            # how long to try: Dask's distributed.comm.timeouts.connect (30 s by default)
            client = distributed.Client(address)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"{address}: cannot reach the Dask scheduler ({exc})") from None
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            client.close()
            raise EngineError(
                f"{address}: no Dask worker joined within {WORKER_WAIT_S} s"
            ) from None
        return client

    def describe(self) -> archive.Description:
        """Ask the first worker to answer; every worker loads its context meanwhile.

        Each worker gets one such task at once, so that all of them build their
        translator (load the Argos model) in parallel, not the others only when their
        first chunk comes, after the first worker has answered.
        """
        import distributed

        self._warming = [
            self.client.submit(archive.describe, self.inputs, self.digest, pure=False,
                               workers=[address], allow_other_workers=True)
            for address in self.client.scheduler_info()["workers"]
        ] or [self.client.submit(archive.describe, self.inputs, self.digest, pure=False)]
        as_completed: Any = distributed.as_completed
        first = next(as_completed(self._warming))
        info: archive.Description = first.result()
        return info

    def run(self, chunks: Iterator[list[archive.PairTask]]) -> Iterator[list[Outcome]]:
        import distributed

        as_completed: Any = distributed.as_completed
        window = self.slots * CHUNKS_PER_SLOT
        running = as_completed([self._submit(c) for c in itertools.islice(chunks, window)])
        in_flight = running.count()
        for future in running:
            outcomes: list[Outcome] = future.result()
            future.release()
            in_flight -= 1
            # workers may have joined (or left) since: keep CHUNKS_PER_SLOT per thread going
            window = max(1, sum(self.client.nthreads().values())) * CHUNKS_PER_SLOT
            for following in itertools.islice(chunks, max(1, window - in_flight)):
                running.add(self._submit(following))
                in_flight += 1
            yield outcomes

    def _submit(self, chunk: list[archive.PairTask]) -> Any:
        return self.client.submit(archive.run_chunk, chunk, self.inputs, self.digest, pure=False)

    def close(self) -> None:
        self._warming = []
        parts = (getattr(self, "client", None), self._cluster)
        self.client = self._cluster = None  # a second close does nothing
        for part in parts:
            if part is not None:
                with contextlib.suppress(Exception):
                    part.close()
