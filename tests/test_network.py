"""The suite's network guard really blocks connections (every other test relies on it)."""

from __future__ import annotations

import socket
import urllib.request

import pytest

from tests.conftest import NetworkBlocked


def test_tcp_connection_fails_the_test() -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)


def test_raw_socket_connect_fails_the_test() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkBlocked):
            sock.connect(("192.0.2.1", 80))
    finally:
        sock.close()


def test_urllib_fails_the_test() -> None:
    with pytest.raises((NetworkBlocked, OSError)):
        urllib.request.urlopen("http://192.0.2.1/", timeout=0.1)
