"""The results store of `transcheck check --results DIR`: one JSON line per checked pair.

    DIR/store.json           marker: {"schema": "transcheck.store/1"}
    DIR/shards/000001.jsonl  pair records, in the order they finished; each shard is
                             written whole (temp file + fsync + rename), never appended to
    DIR/run-order.jsonl      the last finished run: where each of its pairs is, in report order
    DIR/run.json             the last finished run: the report header (signature, translator,
                             passed, warnings) and the run id the order file must carry

A record is `{"meta": {…}, "text": "…"}` on one line. `meta` comes first and is small
(pair id, sha256 of the German and English file, signature id, passed, missing-mt
count, error, finding counts), so a scan for `--resume` decodes only it. `text` is the
pair's JSON text exactly as the JSON report writes it (indented, as a JSON string):
the worker that checked the pair encodes it, and the JSON report splices it in
without decoding it, which keeps that work off the driver. Records written before
(`{"meta": {…}, "pair": {…}}`, the pair as a JSON object) are read as well. A run that
is killed loses at most the records not yet flushed to a shard; `--resume` checks
those pairs again and nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import time
import uuid
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, overload

from checker.errors import InputError, UsageError, located
from checker.model import PairResult, Report

STORE_SCHEMA = "transcheck.store/1"
RUN_SCHEMA = "transcheck.run/1"
MARKER = "store.json"
SHARD_DIR = "shards"
RUN_FILE = "run.json"
ORDER_FILE = "run-order.jsonl"
SHARD_SUFFIX = ".jsonl"
SHARD_PAIRS = 256  # records per shard file at most
FLUSH_SECONDS = 10.0  # a finished pair waits at most this long before it is on disk
SIGNATURE_ID_LENGTH = 16  # hex digits of the signature's sha256 kept in each record
OPEN_SHARDS = 8  # shard files kept open while a report is read back
_META_PREFIX = '{"meta": '
# A record's meta counts its pair's findings, so that a summary line (`4 errors, … in
# 1000 pairs (572 failed)`) needs only the small meta part of each record.
FINDING_COUNTS = ("error", "warning", "info", "settled")  # new ones by severity; the rest


# The store locks this process holds. A worker forked from the driver (a --jobs pool, or
# the workers of --cluster local:N) inherits their descriptors, and an inherited one
# would keep the store locked after the driver died, until the last worker had gone:
# a worker closes its copies at once, which leaves the driver's lock as it is.
_HELD_LOCKS: list[IO[str]] = []


def _forget_locks_in_child() -> None:
    for handle in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            handle.close()
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks_in_child)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signature_id(signature: str) -> str:
    return hashlib.sha256(signature.encode("utf-8")).hexdigest()[:SIGNATURE_ID_LENGTH]


@dataclass(frozen=True)
class Outcome:
    """One checked pair as a worker returns it: its store key and its result as JSON."""

    seq: int  # position of the pair in this run's list
    id: str
    de_sha256: str  # "" when the file could not be read
    en_sha256: str
    passed: bool
    missing_mt: int  # beads without machine translation
    error: str  # why the pair could not be checked ("" when it was)
    pair_text: str  # the pair as the JSON report writes it (json_report.pair_text)
    findings: dict[str, int] = field(default_factory=dict)  # FINDING_COUNTS for summary lines


@dataclass(frozen=True)
class Location:
    shard: int
    offset: int


@dataclass(frozen=True)
class Stored:
    """What a scan learns about one record, without decoding its pair."""

    location: Location
    passed: bool
    missing_mt: int
    error: str


StoreKey = tuple[str, str, str]  # pair id, German sha256, English sha256


class RunOrder:
    """Where each pair of a run is in the store, by its position: 16 bytes a pair."""

    def __init__(self, pairs: int) -> None:
        self._shard = array("q", [0]) * pairs  # 0: not stored (shards count from 1)
        self._offset = array("q", [0]) * pairs

    def place(self, seq: int, location: Location) -> None:
        self._shard[seq], self._offset[seq] = location.shard, location.offset

    def placed(self) -> int:
        return len(self._shard) - self._shard.count(0)

    def lines(self) -> Iterator[str]:
        for shard, offset in zip(self._shard, self._offset, strict=True):
            if shard:
                yield f"[{shard}, {offset}]\n"


def encode(outcome: Outcome, sig_id: str) -> str:
    meta = {"id": outcome.id, "de_sha256": outcome.de_sha256, "en_sha256": outcome.en_sha256,
            "signature": sig_id, "passed": outcome.passed, "missing_mt": outcome.missing_mt,
            "error": outcome.error, "findings": outcome.findings}
    text = json.dumps(outcome.pair_text, ensure_ascii=False)
    return f'{_META_PREFIX}{json.dumps(meta, ensure_ascii=False)}, "text": {text}}}\n'


def _decode_meta(line: str, where: str) -> dict[str, Any]:
    try:
        if line.startswith(_META_PREFIX):
            meta, _ = json.JSONDecoder().raw_decode(line, len(_META_PREFIX))
        else:
            meta = json.loads(line)["meta"]
    except (ValueError, KeyError, TypeError):
        raise InputError(located(where, "malformed results record")) from None
    if not isinstance(meta, dict):
        raise InputError(located(where, "malformed results record"))
    return meta


def _write_whole(path: Path, lines: Iterable[str]) -> None:
    """Write a file whole: temp file beside it, fsync, rename; no partial file is left."""
    from checker.report import write_atomic

    write_atomic(path, lines, what="results")


class ResultStore:
    """A results directory; `add` buffers records and writes them a shard at a time."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.shards = self.root / SHARD_DIR
        self._buffer: list[tuple[int, str]] = []
        self._since = time.monotonic()
        self._next = 1 + max(self._shard_numbers(), default=0) if self.shards.is_dir() else 1
        self._lock: IO[str] | None = None

    # ------------------------------------------------------------ opening

    @classmethod
    def open_for_run(cls, root: str | os.PathLike[str], *, resume: bool) -> ResultStore:
        """Create DIR or reopen it; refuse a directory that is not a store, a store in use,
        and (without --resume) a store that already holds results."""
        path = Path(root)
        if path.exists() and not path.is_dir():
            raise UsageError(located(path, "--results needs a directory, this is a file"))
        if path.is_dir() and any(path.iterdir()) and not (path / MARKER).is_file():
            raise UsageError(located(path, "is not empty and not a transcheck results store"))
        try:
            (path / SHARD_DIR).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            cause = f"cannot create results store: {exc.strerror}"
            raise UsageError(located(path, cause)) from None
        store = cls(path)
        store._take_lock()
        if not resume and store._next > 1:
            store.close()
            raise UsageError(located(path, "already holds results: add --resume to reuse "
                                     "them, or give an empty directory"))
        _write_whole(path / MARKER, [json.dumps({"schema": STORE_SCHEMA}) + "\n"])
        store._remove_temp_files()
        return store

    @classmethod
    def open_for_reading(cls, root: str | os.PathLike[str]) -> ResultStore:
        path = Path(root)
        if not (path / MARKER).is_file():
            raise InputError(located(path, "not a transcheck results store (no store.json)"))
        return cls(path)

    def _take_lock(self) -> None:
        import fcntl

        handle = open(self.root / ".lock", "w", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise UsageError(located(self.root, "is in use by another transcheck run")) from None
        self._lock = handle
        _HELD_LOCKS.append(handle)

    def close(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(ValueError):
                _HELD_LOCKS.remove(self._lock)
            self._lock.close()
            self._lock = None

    def _remove_temp_files(self) -> None:
        for leftover in self.shards.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    def _shard_numbers(self) -> list[int]:
        return sorted(int(p.stem) for p in self.shards.glob(f"*{SHARD_SUFFIX}") if p.stem.isdigit())

    def shard_path(self, number: int) -> Path:
        return self.shards / f"{number:06d}{SHARD_SUFFIX}"

    # ------------------------------------------------------------ writing

    def add(self, outcome: Outcome, sig_id: str) -> list[tuple[int, Location]]:
        """Buffer one record; when a shard is due, write it and return where each went."""
        self._buffer.append((outcome.seq, encode(outcome, sig_id)))
        due = time.monotonic() - self._since >= FLUSH_SECONDS
        return self.flush() if len(self._buffer) >= SHARD_PAIRS or due else []

    def flush(self) -> list[tuple[int, Location]]:
        self._since = time.monotonic()
        if not self._buffer:
            return []
        number, placed, offset = self._next, [], 0
        for seq, line in self._buffer:
            placed.append((seq, Location(number, offset)))
            offset += len(line.encode("utf-8"))
        _write_whole(self.shard_path(number), [line for _, line in self._buffer])
        self._next += 1
        self._buffer = []
        return placed

    def finish_run(self, header: dict[str, Any], order: RunOrder) -> None:
        """Record the finished run: the report header and where each pair is, in order."""
        run_id = uuid.uuid4().hex
        head = json.dumps({"run": run_id}) + "\n"
        _write_whole(self.root / ORDER_FILE, itertools.chain([head], order.lines()))
        document = {"schema": RUN_SCHEMA, "run": run_id, "pairs": order.placed(),
                    "report": header}
        _write_whole(self.root / RUN_FILE,
                     [json.dumps(document, ensure_ascii=False, indent=2) + "\n"])

    # ------------------------------------------------------------ reading

    def scan(self, sig_id: str) -> dict[StoreKey, Stored]:
        """Every record made under signature `sig_id`, by (pair id, German hash, English hash)."""
        found: dict[StoreKey, Stored] = {}
        for number in self._shard_numbers():
            path = self.shard_path(number)
            offset = 0
            with path.open("rb") as handle:
                for raw in handle:
                    meta = _decode_meta(raw.decode("utf-8"), f"{path}:{offset}")
                    if meta.get("signature") == sig_id:
                        key = (str(meta["id"]), str(meta["de_sha256"]), str(meta["en_sha256"]))
                        found[key] = Stored(Location(number, offset), bool(meta["passed"]),
                                            int(meta["missing_mt"]), str(meta["error"]))
                    offset += len(raw)
        return found

    def records(self) -> Iterator[dict[str, Any]]:
        """The `meta` part of every record in the store (for tests and tools)."""
        for number in self._shard_numbers():
            path = self.shard_path(number)
            with path.open("r", encoding="utf-8", newline="") as handle:
                for index, line in enumerate(handle):
                    yield _decode_meta(line, f"{path}:{index + 1}")

    def load_report(self) -> Report:
        """The last finished run's report; its pairs are re-read from the shards on each pass."""
        from checker.report.json_report import from_dict

        document = self._read_json(self.root / RUN_FILE, "no finished run in this store "
                                   "(finish it with `transcheck check … --results DIR --resume`)")
        if not isinstance(document, dict) or document.get("schema") != RUN_SCHEMA:
            raise InputError(located(self.root / RUN_FILE, f"not a {RUN_SCHEMA} file"))
        header = {**document["report"], "pairs": []}
        pairs = StoredPairs(self, str(document["run"]), int(document["pairs"]))
        try:
            report = from_dict(header)
        except Exception as exc:  # from_dict raises its own _Malformed
            cause = f"malformed run header: {exc}"
            raise InputError(located(self.root / RUN_FILE, cause)) from None
        return Report(report.tool_name, report.tool_version, report.signature, report.translator,
                      report.passed, pairs, report.fail_on, report.warnings)

    @staticmethod
    def _read_json(path: Path, missing: str) -> Any:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(located(path.parent, missing)) from None
        except (OSError, ValueError) as exc:
            raise InputError(located(path, f"cannot read: {exc}")) from None


class StoredPairs(Sequence[PairResult]):
    """A run's pairs, read back from the store one at a time on every iteration.

    It holds no PairResult: renderers that walk the pairs several times read them again.
    """

    def __init__(self, store: ResultStore, run_id: str, count: int) -> None:
        self._store = store
        self._run = run_id
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> PairResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PairResult]: ...

    def __getitem__(self, index: int | slice) -> PairResult | Sequence[PairResult]:
        if isinstance(index, slice):
            return tuple(itertools.islice(iter(self), *index.indices(self._count)))
        if not -self._count <= index < self._count:
            raise IndexError(index)
        return next(itertools.islice(iter(self), index % self._count, None))

    def __iter__(self) -> Iterator[PairResult]:
        from checker.report.json_report import pair_from_dict

        for where, data in self.pair_data():
            yield pair_from_dict(data, where)

    def pair_data(self) -> Iterator[tuple[str, Any]]:
        """Each pair as the JSON report holds it (decoded, not checked), and where it is."""
        for where, record in self._records():
            text = record.get("text")
            try:
                yield where, (json.loads(text) if isinstance(text, str) else record["pair"])
            except (ValueError, KeyError):
                raise InputError(located(where, "malformed results record")) from None

    def pair_texts(self) -> Iterator[tuple[str, str | None, Any]]:
        """Each pair as the JSON report writes it, and where it is: its text, or (from a
        record written before records kept it) None and the pair's data."""
        for where, record in self._records():
            text = record.get("text")
            if isinstance(text, str):
                yield where, text, None
            elif "pair" in record:
                yield where, None, record["pair"]
            else:
                raise InputError(located(where, "malformed results record"))

    def _records(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for where, line in self._lines():
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if not isinstance(record, dict):
                raise InputError(located(where, "malformed results record"))
            yield where, record

    def finding_counts(self) -> dict[str, int] | None:
        """The summary line's numbers, summed over the records' meta parts: FINDING_COUNTS
        and `failed` (pairs that did not pass). None if a record does not count its
        findings (written by an older transcheck): then the pairs must be read whole."""
        total = dict.fromkeys((*FINDING_COUNTS, "failed"), 0)
        for where, line in self._lines():
            meta = _decode_meta(line, where)
            counts = meta.get("findings")
            if not isinstance(counts, dict):
                return None
            try:
                for key in FINDING_COUNTS:
                    total[key] += int(counts[key])
            except (KeyError, TypeError, ValueError):
                raise InputError(located(where, "malformed results record")) from None
            total["failed"] += not meta.get("passed")
        return total

    def _lines(self) -> Iterator[tuple[str, str]]:
        """Each record of the run, in report order, and where it is."""
        handles: OrderedDict[int, IO[bytes]] = OrderedDict()
        try:
            for location in self._locations():
                where = f"{self._store.shard_path(location.shard)}:{location.offset}"
                yield where, self._line(handles, location)
        finally:
            for handle in handles.values():
                handle.close()

    def _locations(self) -> Iterator[Location]:
        path = self._store.root / ORDER_FILE
        try:
            with path.open("r", encoding="utf-8") as handle:
                head = json.loads(handle.readline() or "{}")
                if head.get("run") != self._run:
                    raise InputError(located(path, "belongs to another run than run.json"))
                for line in handle:
                    shard, offset = json.loads(line)
                    yield Location(int(shard), int(offset))
        except FileNotFoundError:
            raise InputError(located(path, "missing: the run did not finish")) from None
        except (ValueError, TypeError) as exc:
            raise InputError(located(path, f"malformed run order: {exc}")) from None

    def _line(self, handles: OrderedDict[int, IO[bytes]], location: Location) -> str:
        handle = handles.pop(location.shard, None)
        if handle is None:
            path = self._store.shard_path(location.shard)
            try:
                handle = path.open("rb")
            except OSError as exc:
                raise InputError(located(path, f"cannot read: {exc.strerror}")) from None
            if len(handles) >= OPEN_SHARDS:
                handles.popitem(last=False)[1].close()
        handles[location.shard] = handle
        handle.seek(location.offset)
        return handle.readline().decode("utf-8")
