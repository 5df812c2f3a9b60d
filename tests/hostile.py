"""Shared set-up for the hostile-input tests (tests/test_hostile_*.py).

`Hostile` runs the CLI in-process with every cache, package directory and
dictionary index under the test's own tmp_path, and checks the failure contract:
the documented exit code, exactly one `ERROR …` line naming the cause, no
traceback, and no file outside tmp_path changed (the checkout and the test
session's shared home are snapshotted before and compared after).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest

from checker import cli

ROOT = Path(__file__).resolve().parent.parent
MINI_DICTIONARY = ROOT / "tests" / "data" / "ding-mini.txt"
SKIPPED_DIRS = frozenset({".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis",
                          ".mypy_cache", ".ruff_cache", "build"})
WATCHDOG_S = 60  # a case that has not ended by then is hanging (the bugs made them hang)

GERMAN = ("Die Stadt München hat im Jahr 2024 genau 300 neue Bäume gepflanzt. "
          "Der Bürgermeister sagte, dass die Bäume im Herbst blühen werden.\n")
ENGLISH = ("The city of Munich planted exactly 300 new trees in 2024. "
           "The mayor said that the trees will blossom in autumn.\n")
TRANSLATIONS = (
    "Die Stadt München hat im Jahr 2024 genau 300 neue Bäume gepflanzt.\t"
    "The city of Munich planted exactly 300 new trees in 2024.\n"
)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


Snapshot = dict[str, tuple[int, int, int]]


def snapshot(*roots: Path) -> Snapshot:
    """(size, mtime, mode) of every file below `roots`, caches and tool dirs left out."""
    found: Snapshot = {}
    for root in roots:
        for current, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
            for name in files:
                path = os.path.join(current, name)
                with contextlib.suppress(OSError):
                    info = os.lstat(path)
                    found[path] = (info.st_size, info.st_mtime_ns, info.st_mode)
    return found


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def make_pair(folder: Path, german: str = GERMAN, english: str = ENGLISH) -> Path:
    write(folder / "de.md", german)
    write(folder / "en.md", english)
    return folder


class Hostile:
    """One test's sandbox: `run` the CLI, then `refused`/`ok` check the result."""

    def __init__(self, tmp: Path, outside: list[Path]) -> None:
        self.tmp = tmp
        self.outside = outside
        self.before = snapshot(*outside)

    def run(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
        return Result(code, out.getvalue(), err.getvalue())

    def unchanged_outside(self) -> None:
        assert snapshot(*self.outside) == self.before, "a file outside tmp_path changed"

    def refused(self, result: Result, code: int, *fragments: str) -> str:
        """The failure contract; returns the message (after `ERROR `)."""
        assert "Traceback" not in result.err, result.err
        lines = result.err.splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("ERROR "), lines[0]
        for fragment in fragments:
            assert fragment in lines[0], lines[0]
        assert result.code == code, (result.code, result.err)
        self.unchanged_outside()
        return lines[0].removeprefix("ERROR ")

    def ok(self, result: Result, codes: tuple[int, ...] = (0, 1)) -> None:
        assert "Traceback" not in result.err, result.err
        assert result.code in codes, result.err
        self.unchanged_outside()


def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    """For a fixture: caches, packages and the dictionary index under tmp_path, the
    working directory there, and a watchdog against hangs."""
    outside = [ROOT, Path(os.environ["XDG_CACHE_HOME"]).parent]
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("TRANSCHECK_CACHE_DIR", str(home / "cache" / "transcheck"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "argos-packages"))
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(MINI_DICTIONARY))
    monkeypatch.chdir(tmp_path)
    with watchdog(WATCHDOG_S):
        yield Hostile(tmp_path, outside)


class Hang(Exception):
    pass


@contextlib.contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the body runs past `seconds`."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s: the case hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- another user

NOBODY = 65534
SETPRIV = shutil.which("setpriv")


def as_other_user(
    args: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run `python -m checker ARGS` as a user without root's file-access powers.

    As root this needs setpriv (util-linux): uid/gid 65534, no groups and no
    inheritable capabilities, so permission bits apply. A non-root user runs it
    directly. Callers skip when `can_drop_root()` is false.
    """
    command = [sys.executable, "-m", "checker", *args]
    if os.geteuid() == 0:
        assert SETPRIV is not None
        command = [SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                   "--inh-caps=-all", *command]
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(command, cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=WATCHDOG_S, check=False)


def can_drop_root() -> tuple[bool, str]:
    if os.geteuid() != 0:
        return True, ""
    if SETPRIV is None:
        return False, "running as root and setpriv is not installed"
    probe = subprocess.run([SETPRIV, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                            "--inh-caps=-all", sys.executable, "-c", "import checker"],
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                           check=False)
    if probe.returncode != 0:
        return False, "the checkout or the interpreter is not readable by uid 65534"
    return True, ""
