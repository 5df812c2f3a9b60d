"""Checking an archive through a results store: any number of pairs in flat memory.

The driver turns pairs into tasks, hands chunks of them to an executor (this process,
a local process pool, or a Dask cluster: checker.cluster), and writes every finished
pair to the store (checker.store) as it arrives. It keeps a few counters and one
location per pair, never the results; the report is rendered by re-reading the store.
A pair that cannot be read or checked becomes an `unchecked` finding for that pair.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import pickle
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from checker import gate, pairmemo, pipeline
from checker.articles import read_bytes
from checker.errors import EngineError, TranscheckError
from checker.model import Flag, PairResult, Report, Summary, TranslatorInfo
from checker.pairs import PairSpec
from checker.report.common import finding_counts
from checker.report.json_report import pair_text
from checker.settings import FIXED_CODES, UNCHECKED_CODE
from checker.store import (
    Location,
    Outcome,
    ResultStore,
    RunOrder,
    Stored,
    content_hash,
    signature_id,
)
from checker.translate.base import Translator

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PairTask:
    """One pair to check: display paths in `spec`, the paths a worker reads, and
    (with --ship-text) the files' bytes, so that workers need no shared filesystem."""

    seq: int
    spec: PairSpec
    de_read: str
    en_read: str
    de_bytes: bytes | None = None
    en_bytes: bytes | None = None


def make_task(seq: int, spec: PairSpec, *, ship_text: bool) -> PairTask:
    de_read, en_read = os.path.abspath(spec.de_path), os.path.abspath(spec.en_path)
    if not ship_text:
        return PairTask(seq, spec, de_read, en_read)
    return PairTask(seq, spec, de_read, en_read, _bytes_or_none(de_read), _bytes_or_none(en_read))


def _bytes_or_none(path: str) -> bytes | None:
    """The file's bytes; None leaves the reading (and its error message) to the worker."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


# ---------------------------------------------------------------- worker side


@dataclass(frozen=True)
class _Loaded:
    task: PairTask
    de_sha256: str = ""
    en_sha256: str = ""
    prepared: pipeline.PreparedPair | None = None
    error: str = ""


def check_tasks(
    tasks: Sequence[PairTask], inputs: pipeline.RunInputs, translator: Translator
) -> list[Outcome]:
    """Check a chunk of pairs with one translation batch; a bad pair never stops the rest.

    `inputs.ctx` must be built. Engine errors (no model) still propagate: they are
    about the run, not about a pair.
    """
    assert inputs.ctx is not None
    shipped = any(t.de_bytes is not None or t.en_bytes is not None for t in tasks)
    with (tempfile.TemporaryDirectory(prefix="transcheck-ship-") if shipped
          else contextlib.nullcontext(tempfile.gettempdir())) as tmp:
        loaded = [_load(task, inputs, Path(tmp)) for task in tasks]
    ready = [item.prepared for item in loaded if item.prepared is not None]
    translated = translator.info.name != "none"
    translations = (pipeline.translate_pairs(ready, translator, inputs.settings)
                    if translated else {})
    return [_outcome(item, translations, inputs, translated=translated) for item in loaded]


def _load(task: PairTask, inputs: pipeline.RunInputs, tmp: Path) -> _Loaded:
    hashes = {"de": "", "en": ""}
    try:
        paths = {}
        for lang, read, shipped in (("de", task.de_read, task.de_bytes),
                                    ("en", task.en_read, task.en_bytes)):
            data = shipped if shipped is not None else read_bytes(read)
            hashes[lang] = content_hash(data)
            paths[lang] = read if shipped is None else _materialise(tmp, task, lang, data)
        read_spec = PairSpec(task.spec.id, paths["de"], paths["en"])
        prepared = pipeline.prepare(read_spec, inputs.settings)
    except TranscheckError as exc:
        return _Loaded(task, hashes["de"], hashes["en"], error=_shown(str(exc), task, tmp))
    return _Loaded(task, hashes["de"], hashes["en"], prepared)


def _ship_path(tmp: Path, task: PairTask, lang: str) -> Path:
    shown = task.spec.de_path if lang == "de" else task.spec.en_path
    return tmp / f"{task.seq}-{lang}{Path(shown).suffix}"


def _materialise(tmp: Path, task: PairTask, lang: str, data: bytes) -> str:
    path = _ship_path(tmp, task, lang)
    path.write_bytes(data)
    return str(path)


def _shown(message: str, task: PairTask, tmp: Path) -> str:
    """A worker's message with the paths it read replaced by the paths the user gave."""
    for lang, read, shown in (("de", task.de_read, task.spec.de_path),
                              ("en", task.en_read, task.spec.en_path)):
        message = message.replace(str(_ship_path(tmp, task, lang)), shown)
        message = message.replace(read, shown)
    return message


def _outcome(
    item: _Loaded, translations: dict[str, str | None], inputs: pipeline.RunInputs,
    *, translated: bool,
) -> Outcome:
    spec = item.task.spec
    result: PairResult | None = None
    error = item.error
    if item.prepared is not None:
        assert inputs.ctx is not None
        try:
            result = pipeline.finish_pair(item.prepared, translations, inputs, inputs.ctx,
                                          translated=translated)
        except (EngineError, KeyboardInterrupt):
            raise
        except Exception as exc:  # one pair's crash must not stop an archive of thousands
            error = f"{spec.de_path}: could not be checked ({type(exc).__name__}: {exc})"
    if result is None:
        result = unchecked_pair(spec, error)
    result = replace(result, de_path=spec.de_path, en_path=spec.en_path)
    return Outcome(
        seq=item.task.seq, id=spec.id, de_sha256=item.de_sha256, en_sha256=item.en_sha256,
        passed=result.passed, missing_mt=pipeline.missing_mt_count(result), error=error,
        pair_text=pair_text(result), findings=finding_counts(result),
    )


def unchecked_pair(spec: PairSpec, cause: str) -> PairResult:
    """A pair that could not be checked: failed, with one pair-level error finding."""
    flag = Flag(UNCHECKED_CODE, FIXED_CODES[UNCHECKED_CODE], f"{UNCHECKED_CODE}: {cause}")
    pair = PairResult(spec.id, spec.de_path, spec.en_path, passed=False,
                      summary=Summary(None, None, None, {}, {}), beads=(), pair_flags=(flag,))
    return replace(pair, summary=replace(pair.summary, flags=gate.severity_counts(pair)))


# One context per process and thread: a loaded dictionary holds an SQLite connection
# that only its own thread may use, and the Argos model should load once per worker.
_LOCAL = threading.local()


def inputs_digest(inputs: pipeline.RunInputs) -> str:
    return hashlib.sha256(pickle.dumps(replace(inputs, ctx=None))).hexdigest()


def worker_context(
    inputs: pipeline.RunInputs, digest: str
) -> tuple[pipeline.RunInputs, Translator]:
    """The detectors' context and the translator for `inputs`, built once per worker."""
    cached = getattr(_LOCAL, "context", None)
    if cached is None or cached[0] != digest:
        from checker.translate import make_translator

        _LOCAL.context = None  # let the old model go before the new one loads
        translator = make_translator(inputs.settings)
        ctx = replace(pipeline.build_context(inputs.settings), translator=translator.info.name)
        _LOCAL.context = (digest, replace(inputs, ctx=ctx), translator)
    _, ready, translator = _LOCAL.context
    return ready, translator


def run_chunk(tasks: Sequence[PairTask], inputs: pipeline.RunInputs, digest: str) -> list[Outcome]:
    """What a worker (pool process or Dask worker) runs for each chunk."""
    try:
        ready, translator = worker_context(inputs, digest)
        with pairmemo.scope():  # each text tokenised once; forgotten with the chunk
            return check_tasks(tasks, ready, translator)
    except (TranscheckError, KeyboardInterrupt):
        raise
    except Exception as exc:  # e.g. a broken engine: send back a small, picklable error
        raise EngineError(f"a worker failed: {type(exc).__name__}: {exc}") from None


Description = tuple[TranslatorInfo, str, tuple[str, ...]]


def describe(inputs: pipeline.RunInputs, digest: str) -> Description:
    """The translator that will run, the dictionary the detectors use (both for the
    signature), and the translator's warnings (e.g. conflicting translations)."""
    ready, translator = worker_context(inputs, digest)
    lexicon = ready.ctx.lexicon if ready.ctx else None
    identity = str(getattr(lexicon, "identity", "")) if lexicon else ""
    return translator.info, identity, tuple(getattr(translator, "warnings", ()))


# ---------------------------------------------------------------- executors


class Executor(Protocol):
    slots: int  # chunks that can run at once

    def describe(self) -> Description: ...

    def run(self, chunks: Iterator[list[PairTask]]) -> Iterator[list[Outcome]]: ...

    def close(self) -> None: ...


class InProcess:
    """Chunks run one after the other in this process."""

    slots = 1

    def __init__(self, inputs: pipeline.RunInputs) -> None:
        self.inputs, self.digest = inputs, inputs_digest(inputs)

    def describe(self) -> Description:
        return describe(self.inputs, self.digest)

    def run(self, chunks: Iterator[list[PairTask]]) -> Iterator[list[Outcome]]:
        for chunk in chunks:
            yield run_chunk(chunk, self.inputs, self.digest)

    def close(self) -> None:
        pass


class ProcessPool(InProcess):
    """`--jobs N`: a multiprocessing pool; results come back as chunks finish."""

    def __init__(self, inputs: pipeline.RunInputs, jobs: int) -> None:
        super().__init__(inputs)
        self.slots = jobs
        self._pool: Any = None

    def run(self, chunks: Iterator[list[PairTask]]) -> Iterator[list[Outcome]]:
        shipped = replace(self.inputs, ctx=None)
        context = multiprocessing.get_context()
        self._pool = context.Pool(self.slots, initializer=pipeline.worker_signals)
        work = partial(run_chunk, inputs=shipped, digest=self.digest)
        yield from self._pool.imap_unordered(work, chunks)
        self._pool.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


# ---------------------------------------------------------------- driver


@dataclass
class Tally:
    """The few numbers the report header needs, gathered as pairs finish."""

    done: int = 0
    passed: bool = True
    missing_mt: int = 0
    errors: list[str] = field(default_factory=list)  # first few only
    error_count: int = 0

    def add(self, passed: bool, missing_mt: int, error: str) -> None:
        self.done += 1
        self.passed &= passed
        self.missing_mt += missing_mt
        if error:
            self.error_count += 1
            if len(self.errors) < 3:
                self.errors.append(error)


@dataclass(frozen=True)
class ArchiveRun:
    report: Report  # pairs re-read from the store
    tally: Tally
    reused: int  # pairs taken from the store by --resume


def _stored_hashes(spec: PairSpec) -> tuple[str, str] | None:
    try:
        return (content_hash(Path(spec.de_path).read_bytes()),
                content_hash(Path(spec.en_path).read_bytes()))
    except OSError:
        return None


def _reuse(
    specs: Sequence[PairSpec], known: dict[tuple[str, str, str], Stored],
    order: RunOrder, tally: Tally,
) -> Sequence[int]:
    """Fill in the pairs the store already holds; the positions still to check."""
    todo = array("q")  # 8 bytes a pair
    for seq, spec in enumerate(specs):
        hashes = _stored_hashes(spec) if known else None
        hit = known.get((spec.id, *hashes)) if hashes else None
        if hit is None:
            todo.append(seq)
            continue
        order.place(seq, hit.location)
        tally.add(hit.passed, hit.missing_mt, hit.error)
    return todo


def _chunked(tasks: Iterable[PairTask], total: int, slots: int) -> Iterator[list[PairTask]]:
    """Chunks that shrink as the work runs out, so that no worker is left alone with a
    long last chunk while the others idle (guided scheduling)."""
    left = total
    chunk: list[PairTask] = []
    size = pipeline.chunk_size(left, slots)
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            left -= len(chunk)
            chunk = []
            size = pipeline.chunk_size(left, slots)
    if chunk:
        yield chunk


def run_archive(
    specs: Sequence[PairSpec],
    inputs: pipeline.RunInputs,
    executor: Executor,
    store: ResultStore,
    *,
    resume: bool,
    ship_text: bool = False,
    progress: Progress | None = None,
) -> ArchiveRun:
    """Check every pair not yet in the store, write each result as it arrives, and
    return the report (its pairs re-read from the store, in the order of `specs`)."""
    info, lexicon, translator_warnings = executor.describe()
    settings = inputs.settings
    signature = pipeline.signature(settings, info, lexicon)
    sig_id = signature_id(signature)
    tally = Tally()
    order = RunOrder(len(specs))
    todo = _reuse(specs, store.scan(sig_id) if resume else {}, order, tally)
    reused = len(specs) - len(todo)
    tasks = (make_task(seq, specs[seq], ship_text=ship_text) for seq in todo)
    chunks = _chunked(tasks, len(todo), executor.slots)
    try:
        for outcomes in executor.run(chunks):
            for outcome in outcomes:
                tally.add(outcome.passed, outcome.missing_mt, outcome.error)
                _place(order, store.add(outcome, sig_id))
            if progress:
                progress(tally.done, len(specs))
    finally:
        _place(order, store.flush())
    warnings = [*translator_warnings, *pipeline.missing_mt_warnings(tally.missing_mt, info)]
    report = pipeline.build_report((), settings, info, warnings, lexicon)
    report = replace(report, passed=tally.passed)
    store.finish_run(_header(report), order)
    return ArchiveRun(store.load_report(), tally, reused)


def _place(order: RunOrder, placed: list[tuple[int, Location]]) -> None:
    for seq, location in placed:
        order.place(seq, location)


def _header(report: Report) -> dict[str, Any]:
    from checker.report.json_report import to_dict

    header = to_dict(report)
    del header["pairs"]
    return header


@contextlib.contextmanager
def closed_meanwhile(executor: Executor) -> Iterator[None]:
    """Close `executor` in a thread while the body runs (the report is rendered): a local
    cluster takes about a second to stop, and rendering needs none of it."""
    closer = threading.Thread(target=executor.close, name="transcheck-close", daemon=True)
    closer.start()
    try:
        yield
    finally:
        closer.join()


@contextlib.contextmanager
def executor_for(
    inputs: pipeline.RunInputs, *, jobs: int, cluster: str | None
) -> Iterator[Executor]:
    """The executor `--jobs` / `--cluster` ask for, closed at the end."""
    executor: Executor
    if cluster:
        from checker.cluster import DaskExecutor

        executor = DaskExecutor(cluster, inputs)
    elif jobs > 1:
        executor = ProcessPool(inputs, jobs)
    else:
        executor = InProcess(inputs)
    try:
        yield executor
    finally:
        executor.close()
