"""Shared fixtures. Every test runs with the network blocked."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "pairs"


class NetworkBlocked(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkBlocked(f"test tried to open a network connection: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any outbound connection fails the test (AF_UNIX sockets stay allowed)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX:
            return real_connect(self, address)  # type: ignore[arg-type]
        _refuse(address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if self.family == socket.AF_UNIX:
            return real_connect_ex(self, address)  # type: ignore[arg-type]
        _refuse(address)
        return 1

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield


@pytest.fixture(scope="session")
def shared_lexicon_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One dictionary index per session: indexing the Debian dictionary takes seconds."""
    return tmp_path_factory.mktemp("lexicon-index")


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    shared_lexicon_index: Path,
) -> None:
    """Keep caches, Argos packages and config out of the user's home.

    Each test gets its own translation cache; the dictionary index inside it is a link
    to the session's shared one (it depends only on the dictionary file).
    """
    base = tmp_path_factory.mktemp("home")
    cache = base / "cache" / "transcheck"
    cache.mkdir(parents=True)
    (cache / "lexicon").symlink_to(shared_lexicon_index, target_is_directory=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("TRANSCHECK_CACHE_DIR", str(cache))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(base / "argos-packages"))
    monkeypatch.setenv("NO_COLOR", "1")

