"""Per-word answers kept between runs: the dictionary's analysis of German word forms,
WordNet's facts about English ones, and the `meaning` check's keys of a German word's
glosses.

On new text most of the detectors' time is first-time work per distinct word form
(splitting a compound takes dozens of dictionary queries; an English word's antonyms
take several WordNet synsets). Such answers depend only on the word, the resource and
the code that computes them, so they are kept in a SQLite file in the cache folder,
beside the dictionary index, and reused by later runs and by worker processes.

- One file per signature: the memo format and the source of the modules whose answers
  it keeps. Each table's name carries the identity of its resource (the dictionary's
  sha256, the WordNet files' sizes and times, the digest of other code that computes
  its answers), so a changed resource misses its old rows; the rows hold the name's
  kind and a digest of it (`stored_name`).
- A pair's word forms are read in bulk before its detectors run (`prefetch`), any
  other word when a process first needs it; new answers are written in one
  transaction when a chunk of pairs is done (`flush`) or when many are pending.
  Every answer computed is kept, however fast: what one costs depends on what the
  process has read before it (the first word asked may read a whole WordNet index),
  so an answer left out would be computed again, at that cost, by run after run.
- A stored answer is exactly what the function returns (tests compare runs with and
  without the memo). A file that cannot be opened, read or written, or a row that does
  not decode, is passed over: the answer is computed as if there were no memo.

`configure(folder)` turns the memo on for the process (the pipeline does, with the
cache folder); without it every call computes.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from checker.sqlite_files import connect_wal, remove_database

log = logging.getLogger(__name__)

MEMO_FORMAT = "word-memo/3"  # bump when the stored encoding changes
MEMO_SUBDIR = "words"
PREFETCH_CHUNK = 500  # keys per query (SQLite allows 999 host parameters at least)
MAX_READ = 262144  # prefetched rows kept in memory (the answers' own memos are bounded too)
FLUSH_AT = 4096  # pending answers that trigger a write before the chunk ends
BUSY_TIMEOUT_S = 10.0
STORED_DIGEST = 16  # hex digits of a table's name kept in its rows (64 bits: no collision)
KEEP_FILES = 4  # memo files of other signatures (older code) kept in the folder
# modules whose code computes the remembered answers (relative to the package)
SOURCES = ("wordmemo.py", "wordnet.py", "wordnet_files.py", "translate/lexicon.py")
# rows by word first: a bulk read finds a word's answers of every table side by side,
# in one search of the index instead of one per table
SCHEMA = ("CREATE TABLE IF NOT EXISTS memo (tab TEXT NOT NULL, key TEXT NOT NULL, "
          "value TEXT NOT NULL, PRIMARY KEY (key, tab)) WITHOUT ROWID")

T = TypeVar("T")


@functools.cache
def code_signature() -> str:
    """A digest of the memo format and of the source of the modules whose answers are kept."""
    return source_digest(MEMO_FORMAT, SOURCES)


@functools.cache
def source_digest(label: str, names: tuple[str, ...]) -> str:
    """A digest of `label` and of these files of the package (paths relative to it); the
    version stands in for a file that is not there. A table whose answers come from other
    code than SOURCES names its digest, so that a change there misses only its rows."""
    digest = hashlib.sha256(label.encode())
    package = Path(__file__).resolve().parent
    for name in names:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # no source beside the code: the version stands in for it
            from checker import __version__

            digest.update(f"{name}|{__version__}".encode())
    return digest.hexdigest()[:24]


_FORKS = [0]  # forks this process descends from: a memo used before one is adopted anew


def _forked() -> None:
    _FORKS[0] += 1


if hasattr(os, "register_at_fork"):  # where processes fork: cheaper than a pid per read
    os.register_at_fork(after_in_child=_forked)


class WordMemo:
    """The memo file of one folder: reads per key or in bulk, batched writes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: dict[str, dict[str, str]] = {}  # per table: answers to write
        self._read: dict[str, dict[str, str | None]] = {}  # per table: rows read (None: absent)
        self._size = 0  # rows in _read
        self._connection: sqlite3.Connection | None = None
        self._process = -1  # the _FORKS count it was last used at
        self._broken = False

    def _adopt(self) -> None:
        """In a forked worker: its own connection, none of the parent's pending answers
        (the parent writes those)."""
        if self._process != _FORKS[0]:
            self._connection, self._process = None, _FORKS[0]
            self._pending, self._read, self._size = {}, {}, 0

    def _connect(self) -> sqlite3.Connection | None:
        self._adopt()
        if self._connection is None and not self._broken:
            try:
                self._connection = _open(self.path)
            except (OSError, sqlite3.Error) as exc:
                self._give_up("open", exc)
        return self._connection

    def _give_up(self, doing: str, exc: Exception) -> None:
        log.debug("word memo %s: cannot %s (%s); computing without it", self.path, doing, exc)
        self._broken, self._connection = True, None
        self._pending, self._read, self._size = {}, {}, 0

    def get(self, table: str, key: str) -> str | None:
        """The stored answer (JSON text), or None."""
        if self._process != _FORKS[0]:  # asked for every word: the test inlined
            self._adopt()
        pending = self._pending.get(table)
        if pending is not None and key in pending:
            return pending[key]
        read = self._read.get(table)
        if read is not None and key in read:
            return read[key]
        connection = self._connect()
        if connection is None:
            return None
        try:
            row = connection.execute("SELECT value FROM memo WHERE tab = ? AND key = ?",
                                     (table, key)).fetchone()
        except sqlite3.Error as exc:
            self._give_up("read", exc)
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def prefetch(self, tables: Sequence[str], keys: set[str]) -> None:
        """Read the rows of these keys in these tables in a few queries (a query per key
        costs about as much as a cheap answer); `get` then answers them from memory. A
        query asks for the keys alone (the file keeps a word's rows side by side) and
        keeps the rows of the tables asked for."""
        todo = {table: keys.difference(self._read.get(table, ()), self._pending.get(table, ()))
                for table in tables}
        wanted = sorted(set().union(*todo.values()))
        connection = self._connect() if wanted else None
        if connection is None:
            return
        if self._size + len(wanted) * len(tables) > MAX_READ:
            self._read, self._size = {}, 0
        reads = {table: self._read.setdefault(table, {}) for table in tables}
        rows: list[tuple[str, str, object]] = []
        # one table: its rows alone (a search per key); more: every row of each key
        only, table_args = (" AND tab = ?", tuple(tables)) if len(tables) == 1 else ("", ())
        for start in range(0, len(wanted), PREFETCH_CHUNK):
            chunk = wanted[start:start + PREFETCH_CHUNK]
            marks = ",".join("?" * len(chunk))
            try:
                rows += connection.execute(
                    f"SELECT tab, key, value FROM memo WHERE key IN ({marks}){only}",
                    (*chunk, *table_args)).fetchall()
            except sqlite3.Error as exc:
                self._give_up("read", exc)
                return
        for table, absent in todo.items():
            reads[table].update(dict.fromkeys(absent))
            self._size += len(absent)
        for table, key, value in rows:
            read = reads.get(table)
            if read is not None and isinstance(value, str):
                read[key] = value

    def put(self, table: str, key: str, value: str) -> None:
        self._adopt()
        if self._broken:
            return
        self._pending.setdefault(table, {})[key] = value
        self._read.get(table, {}).pop(key, None)  # no longer absent
        if sum(len(p) for p in self._pending.values()) >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        """Write the pending answers in one transaction (a no-op when there are none)."""
        self._adopt()
        if not self._pending:
            return
        connection = self._connect()
        if connection is None:
            return
        rows = [(table, key, value) for table, answers in self._pending.items()
                for key, value in answers.items()]
        try:
            with connection:
                connection.executemany(
                    "INSERT OR IGNORE INTO memo (tab, key, value) VALUES (?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self._give_up("write", exc)
            return
        self._pending = {}


def _open(path: Path) -> sqlite3.Connection:
    """The memo file, created if missing; a file that is not a memo is replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    try:
        connection = _connect_file(path)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and not _corrupt_message(exc):
            raise  # locked, read-only, ...: not ours to remove
        log.debug("word memo %s unreadable (%s); starting a new one", path, exc)
        remove_database(path)
        fresh = True
        connection = _connect_file(path)
    if fresh:
        _remove_old_files(path)
    return connection


def _corrupt_message(exc: sqlite3.Error) -> bool:
    return "not a database" in str(exc) or "malformed" in str(exc)


def _connect_file(path: Path) -> sqlite3.Connection:
    # commits without a disk flush each: a memo may lose its last answers in a power
    # cut, never its consistency (the write-ahead log keeps each commit atomic)
    return connect_wal(path, SCHEMA, "SELECT tab, key, value FROM memo LIMIT 1",
                       BUSY_TIMEOUT_S, synchronous="NORMAL")


def _remove_old_files(current: Path) -> None:
    """Memo files of earlier code, beyond the KEEP_FILES most recent, go."""
    others = sorted((p for p in current.parent.glob("*.sqlite3") if p != current),
                    key=_mtime, reverse=True)
    for old in others[KEEP_FILES:]:
        with contextlib.suppress(OSError):
            remove_database(old)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


_ACTIVE: list[WordMemo] = []  # the process's memo, once configured


def configure(folder: Path | None) -> None:
    """Keep answers in `folder` (None: keep none). Later calls with the same folder
    keep the open memo; pending answers of a replaced memo are written first."""
    path = folder / MEMO_SUBDIR / f"{code_signature()}.sqlite3" if folder else None
    if _ACTIVE and _ACTIVE[0].path == path:
        return
    flush()
    _ACTIVE.clear()
    if path is not None:
        _ACTIVE.append(WordMemo(path))


def active() -> WordMemo | None:
    return _ACTIVE[0] if _ACTIVE else None


def flush() -> None:
    """Write the pending answers of the process's memo."""
    if _ACTIVE:
        _ACTIVE[0].flush()


atexit.register(flush)


_PREFETCHED: dict[str, dict[str, None]] = {}  # language → tables worth prefetching
_RECENT: dict[str, set[str]] = {}  # language → the word forms last prefetched


def prefetch(language: str, words: Iterable[str]) -> None:
    """Read the kept answers for these word forms from every table that takes such
    words ("de": German as written and in lower case; "en": English as written),
    ahead of the detectors asking for them one by one. A table first met later (its
    resource is opened when first needed) reads them when it is (`remembered`)."""
    keys = _RECENT[language] = set(words)
    memo = active()
    tables = _PREFETCHED.get(language)
    if memo is None or not tables:
        return
    memo.prefetch(list(tables), keys)


def remembered(table: str, function: Callable[[str], T], encode: Callable[[T], object],
               decode: Callable[[object], T], *, language: str = "") -> Callable[[str], T]:
    """`function` with its answers kept in the active memo under `table` (which names
    the resource). `decode` raises ValueError, TypeError or KeyError for a stored value
    of the wrong shape; the answer is then computed. `language`: the table takes the
    word forms of a text in that language, so `prefetch` reads them in bulk."""
    table = stored_name(table)
    if language:
        _PREFETCHED.setdefault(language, {})[table] = None
        memo, recent = active(), _RECENT.get(language)
        if memo is not None and recent:  # the words of the text at hand, read in bulk
            memo.prefetch([table], recent)

    def lookup(key: str) -> T:
        memo = _ACTIVE[0] if _ACTIVE else None  # active(), inlined: asked for every word
        if memo is None:
            return function(key)
        stored = memo.get(table, key)
        if stored is not None:
            try:
                value, end = _RAW_DECODE(stored)
                if end == len(stored):
                    return decode(value)
            except (ValueError, TypeError, KeyError):
                pass
        value = function(key)
        memo.put(table, key, json.dumps(encode(value), ensure_ascii=False, separators=(",", ":")))
        return value

    return lookup


# the JSON value of a row and where it ends: json.loads's own decoder, without that
# function's checks of its arguments and of trailing space (a third of the time for these
# short values); a row is read only if the value is all of it
_RAW_DECODE = json.JSONDecoder().raw_decode


def stored_name(table: str) -> str:
    """The name the table's rows carry in the file: its kind (up to the first "|") and a
    digest of the whole name. The identities of the resources in a name run to a hundred
    characters or more, which every row would hold and every look-up would compare."""
    kind = table.split("|", 1)[0]
    return f"{kind}|{hashlib.sha256(table.encode()).hexdigest()[:STORED_DIGEST]}"


# ---------------------------------------------------------------- encodings


def strings(value: object) -> tuple[str, ...]:
    """A stored list of strings."""
    if not isinstance(value, list):
        raise TypeError("not a list of strings")
    "".join(value)  # raises TypeError unless every item is a string (checked in C)
    return tuple(value)


def string_set(value: object) -> frozenset[str]:
    return frozenset(strings(value))


def sorted_strings(value: frozenset[str]) -> object:
    return sorted(value)


def text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


def same(value: T) -> object:
    return value


def joined_strings(value: frozenset[str]) -> object:
    """A set of strings without spaces, stored as one string (read back faster than a list)."""
    return " ".join(sorted(value))


def split_strings(value: object) -> frozenset[str]:
    return frozenset(text(value).split())
