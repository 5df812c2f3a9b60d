"""The SQLite files the checker keeps in its cache folder (the translation cache, the
per-word memo): opened in write-ahead-log mode and checked, removed with their side files."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect_wal(path: Path, schema: str, probe: str, busy_timeout_s: float, *,
                synchronous: str | None = None) -> sqlite3.Connection:
    """A connection to `path` with its schema in place and `probe` read once (so a file
    that is not such a database fails here, with sqlite3.Error, not at first use)."""
    connection = sqlite3.connect(path, timeout=busy_timeout_s, check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        if synchronous is not None:
            connection.execute(f"PRAGMA synchronous = {synchronous}")
        connection.execute(schema)
        connection.execute(probe).fetchall()
        connection.commit()
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def remove_database(path: Path) -> None:
    """The database file and its write-ahead log, shared-memory and journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
