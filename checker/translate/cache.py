"""On-disk translation cache (SQLite), shared safely between concurrent runs.

Rows are keyed by the translator's `cache_key()` (model identity and options) and
the source sentence. A cache that cannot be opened or is corrupt is replaced with a
logged warning; a cache that cannot be written is skipped with a warning. The cache
never makes a run fail.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from checker.settings import Settings
from checker.sqlite_files import connect_wal, remove_database

log = logging.getLogger(__name__)

CACHE_DIR_ENV = "TRANSCHECK_CACHE_DIR"
CACHE_APP_NAME = "transcheck"
CACHE_FILE_NAME = "translations.sqlite3"
BUSY_TIMEOUT_S = 30.0  # how long a writer waits for another process's lock
LOOKUP_CHUNK = 500  # SQLite host parameters per SELECT … IN (…)
SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (key, source)
) WITHOUT ROWID
"""


def cache_dir(settings: Settings) -> Path:
    """settings.cache_dir, else $TRANSCHECK_CACHE_DIR, else the platform user cache dir."""
    if settings.cache_dir:
        return Path(settings.cache_dir)
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env)
    import platformdirs

    return Path(platformdirs.user_cache_dir(CACHE_APP_NAME, appauthor=False))


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    return connect_wal(path, SCHEMA, "SELECT key FROM translations LIMIT 1", BUSY_TIMEOUT_S)


def _is_corruption(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and not isinstance(
        error, sqlite3.OperationalError
    )


class TranslationCache:
    """A SQLite table of (key, source) → target. Every method degrades to a no-op on failure."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = self._open(path)

    @classmethod
    def for_settings(cls, settings: Settings) -> TranslationCache:
        return cls(cache_dir(settings) / CACHE_FILE_NAME)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        try:
            return _connect(path)
        except sqlite3.Error as error:
            if not _is_corruption(error):
                log.warning("translation cache %s unusable (%s); running without it", path, error)
                return None
            log.warning("translation cache %s is corrupt (%s); replacing it", path, error)
        except OSError as error:
            log.warning("translation cache %s unusable (%s); running without it", path, error)
            return None
        try:
            remove_database(path)
            return _connect(path)
        except (sqlite3.Error, OSError) as error:
            log.warning(
                "cannot recreate translation cache %s (%s); running without it", path, error
            )
            return None

    @property
    def usable(self) -> bool:
        return self._connection is not None

    def lookup(self, key: str, sources: Sequence[str]) -> dict[str, str]:
        """The cached translations of those `sources` that have one."""
        if self._connection is None or not sources:
            return {}
        found: dict[str, str] = {}
        try:
            for start in range(0, len(sources), LOOKUP_CHUNK):
                chunk = list(sources[start : start + LOOKUP_CHUNK])
                marks = ",".join("?" * len(chunk))
                sql = (
                    f"SELECT source, target FROM translations WHERE key = ? AND source IN ({marks})"
                )
                rows = self._connection.execute(sql, [key, *chunk])
                found.update(rows.fetchall())
        except sqlite3.Error as error:
            log.warning("translation cache %s unreadable (%s); ignoring it", self.path, error)
            return {}
        return found

    def store(self, key: str, pairs: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Insert or replace (source, target) rows and commit them."""
        if self._connection is None:
            return
        items = list(pairs.items() if isinstance(pairs, Mapping) else pairs)
        if not items:
            return
        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO translations (key, source, target) VALUES (?, ?, ?)",
                    [(key, source, target) for source, target in items],
                )
        except sqlite3.Error as error:
            log.warning("cannot write translation cache %s (%s)", self.path, error)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
