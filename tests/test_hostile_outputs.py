"""Issue 13, items 1–2: `-o`/`--output` never destroys what is at the path.

Character devices, FIFOs and standard output are written through; a symbolic
link's target is replaced and the link stays; other special files are refused
(exit 2); an input of the run is never overwritten (exit 2, nothing written).
"""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile import TRANSLATIONS, Hostile, make_pair, sandbox, write


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    yield from sandbox(tmp_path, monkeypatch)


@pytest.fixture()
def pair(hostile: Hostile) -> Path:
    return make_pair(hostile.tmp / "x")


CHECK = ("check", "x", "--translator", "none", "--format", "json")


def _is_report(text: str) -> bool:
    return json.loads(text)["schema"] == "transcheck.report/1"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_character_device_is_written_through(hostile: Hostile, pair: Path, device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    hostile.ok(hostile.run(*CHECK, "-o", device))
    assert stat.S_ISCHR(os.stat(device).st_mode)  # still the device, not a regular file
    assert [p.name for p in hostile.tmp.iterdir() if p.name.startswith(".")] == []


def test_a_full_device_is_one_line_exit_3(hostile: Hostile, pair: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full does not exist here")
    hostile.refused(hostile.run(*CHECK, "-o", "/dev/full"), 3, "/dev/full", "cannot write")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(
    hostile: Hostile, pair: Path, target: str
) -> None:
    result = hostile.run(*CHECK, "-o", target)
    hostile.ok(result)
    assert _is_report(result.out)
    assert not (hostile.tmp / "-").exists()


def test_a_fifo_is_written_through(hostile: Hostile, pair: Path) -> None:
    fifo = hostile.tmp / "report.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = hostile.run(*CHECK, "-o", str(fifo))
    reader.join(timeout=30)
    hostile.ok(result)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _is_report(received[0].decode("utf-8"))


def test_a_symlink_keeps_pointing_at_its_target_which_gets_the_report(
    hostile: Hostile, pair: Path
) -> None:
    target = write(hostile.tmp / "reports" / "latest.json", "old\n")
    target.chmod(0o640)
    link = hostile.tmp / "report.json"
    link.symlink_to(target)
    hostile.ok(hostile.run(*CHECK, "-o", str(link)))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _is_report(target.read_text(encoding="utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # replaced, permissions kept
    assert sorted(p.name for p in target.parent.iterdir()) == ["latest.json"]  # no temp left


def test_a_dangling_symlink_creates_its_target(hostile: Hostile, pair: Path) -> None:
    link = hostile.tmp / "report.json"
    link.symlink_to(hostile.tmp / "new.json")
    hostile.ok(hostile.run(*CHECK, "-o", str(link)))
    assert link.is_symlink() and _is_report((hostile.tmp / "new.json").read_text("utf-8"))


def test_a_directory_target_is_refused(hostile: Hostile, pair: Path) -> None:
    folder = hostile.tmp / "out"
    folder.mkdir()
    hostile.refused(hostile.run(*CHECK, "-o", str(folder)), 2, "is a directory")
    assert list(folder.iterdir()) == []


def test_a_socket_target_is_refused(hostile: Hostile, pair: Path) -> None:
    path = hostile.tmp / "s.sock"
    if len(str(path)) > 100:
        pytest.skip("tmp_path too long for a Unix socket address")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        hostile.refused(hostile.run(*CHECK, "-o", str(path)), 2, "is a socket")
        assert stat.S_ISSOCK(os.stat(path).st_mode)
    finally:
        server.close()


# ---------------------------------------------------------------- inputs are never overwritten


def _memory_check(target: str) -> tuple[str, ...]:
    return ("check", "--de", "x/de.md", "--en", "x/en.md", "--translations", "x/mt.tsv",
            "--glossary", "x/terms.csv", "-o", target)


@pytest.mark.parametrize(
    ("target", "role"),
    [
        ("x/de.md", "the German article"),
        ("x/en.md", "the English article"),
        ("x/mt.tsv", "the translations file"),
        ("x/terms.csv", "the glossary"),
        ("./x/../x/de.md", "the German article"),  # the same file, spelled otherwise
        ("de-link.md", "the German article"),  # a symbolic link to an input
        ("de-hard.md", "the German article"),  # a hard link to an input
    ],
)
def test_an_input_is_never_overwritten(
    hostile: Hostile, pair: Path, target: str, role: str
) -> None:
    write(pair / "mt.tsv", TRANSLATIONS)
    write(pair / "terms.csv", "München,Munich\n")
    (hostile.tmp / "de-link.md").symlink_to(pair / "de.md")
    os.link(pair / "de.md", hostile.tmp / "de-hard.md")
    before = {p.name: p.read_bytes() for p in pair.iterdir()}
    hostile.refused(hostile.run(*_memory_check(target)), 2, target, role, "not overwriting")
    assert {p.name: p.read_bytes() for p in pair.iterdir()} == before
    assert sorted(p.name for p in pair.iterdir()) == sorted(before)  # no temp file left


def test_baseline_and_config_are_inputs_too(hostile: Hostile, pair: Path) -> None:
    hostile.ok(hostile.run("baseline", "x", "--translator", "none", "-o", "accepted.json"))
    write(hostile.tmp / "transcheck.toml", 'translator = "none"\n')
    accepted = (hostile.tmp / "accepted.json").read_bytes()
    for target, role in (("accepted.json", "the baseline"),
                         ("transcheck.toml", "the configuration file")):
        result = hostile.run("check", "x", "--baseline", "accepted.json", "-o", target)
        hostile.refused(result, 2, role)
    assert (hostile.tmp / "accepted.json").read_bytes() == accepted
    assert (hostile.tmp / "transcheck.toml").read_text("utf-8") == 'translator = "none"\n'


def test_baseline_output_onto_an_article_is_refused(hostile: Hostile, pair: Path) -> None:
    german = (pair / "de.md").read_bytes()
    result = hostile.run("baseline", "x", "--translator", "none", "--output", "x/de.md")
    hostile.refused(result, 2, "the German article")
    assert (pair / "de.md").read_bytes() == german


def test_report_cannot_overwrite_the_saved_report(hostile: Hostile, pair: Path) -> None:
    hostile.ok(hostile.run(*CHECK, "-o", "r.json"))
    saved = (hostile.tmp / "r.json").read_bytes()
    result = hostile.run("report", "r.json", "--format", "html", "-o", "r.json")
    hostile.refused(result, 2, "the saved report")
    assert (hostile.tmp / "r.json").read_bytes() == saved


def test_align_cannot_overwrite_its_inputs(hostile: Hostile, pair: Path) -> None:
    german = (pair / "de.md").read_bytes()
    hostile.refused(hostile.run("align", "x", "-o", "x/de.md"), 2,
                    "the German article")
    assert (pair / "de.md").read_bytes() == german


def test_the_refusal_comes_before_any_work(hostile: Hostile, pair: Path) -> None:
    """Refused up front: no cache is created, no translation runs."""
    write(pair / "mt.tsv", TRANSLATIONS)
    result = hostile.run(*_memory_check("x/mt.tsv")[:-2], "--cache", "c", "-o", "x/mt.tsv")
    hostile.refused(result, 2, "the translations file")
    assert not (hostile.tmp / "c").exists()


def test_a_dev_fd_path_is_written_through_not_replaced(hostile: Hostile, pair: Path) -> None:
    """`-o /dev/fd/N` (or /dev/stderr) appends to what the descriptor points at; the
    file behind it is never swapped for a new one."""
    log = write(hostile.tmp / "ci.log", "earlier line\n")
    inode = log.stat().st_ino
    fd = os.open(log, os.O_WRONLY | os.O_APPEND)
    try:
        hostile.ok(hostile.run(*CHECK, "-o", f"/dev/fd/{fd}"))
    finally:
        os.close(fd)
    text = log.read_text(encoding="utf-8")
    assert log.stat().st_ino == inode
    assert text.startswith("earlier line\n") and _is_report(text.removeprefix("earlier line\n"))
