"""Git helpers: which files changed since a revision, and which side of a pair is behind.

Plain `git` through subprocess; no Python git library.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from checker.errors import UsageError, located
from checker.model import Flag, Severity
from checker.settings import FLAG_CODES

GIT = "git"
STALE_CODE = "stale"
_LOG_FORMAT = "%H%x00%h%x00%ct%x00%cs"  # full hash, short hash, committer time, date


class _GitFailed(Exception):
    def __init__(self, stderr: str) -> None:
        super().__init__(stderr)
        self.stderr = stderr


def _git(args: Sequence[str], cwd: Path) -> str:
    if not cwd.is_dir():
        raise _GitFailed(f"{cwd} is not a directory")
    try:
        done = subprocess.run(
            [GIT, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except FileNotFoundError:
        raise _GitFailed("git is not installed") from None
    if done.returncode != 0:
        raise _GitFailed(done.stderr.strip())
    return done.stdout


# ---------------------------------------------------------------- changed since


def changed_since(rev: str, paths: Iterable[str | Path], cwd: Path) -> set[Path]:
    """Files changed since `rev` (committed, staged, unstaged) plus untracked ones.

    The comparison starts at the merge base of `rev` and HEAD, so on a branch
    `--changed-since origin/main` means "what this branch changed", not what
    happened on main meanwhile. `paths` restrict the search (all when empty).
    Returns resolved absolute paths; deleted files are included.
    """
    top = _toplevel(cwd)
    base = _merge_base(_resolve_revision(rev, cwd), cwd)
    spec = ["--", *(str(p) for p in paths)]
    diffed = _git(["diff", "--name-only", "-z", "--no-renames", base, *spec], cwd)
    untracked = _git(
        ["ls-files", "--others", "--exclude-standard", "--full-name", "-z", *spec], cwd
    )
    names = [n for n in (diffed + untracked).split("\0") if n]
    return {(top / name).resolve() for name in names}


def _toplevel(cwd: Path) -> Path:
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    except _GitFailed as exc:
        cause = "not a git repository (--changed-since needs one)"
        if "not installed" in exc.stderr or "not a directory" in exc.stderr:
            cause = exc.stderr
        raise UsageError(located(cwd, cause)) from None


def _resolve_revision(rev: str, cwd: Path) -> str:
    if rev.startswith("-"):
        raise UsageError(f"--changed-since {rev}: not a revision")
    try:
        args = ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"]
        return _git(args, cwd).strip()
    except _GitFailed:
        raise UsageError(f"--changed-since {rev}: unknown revision in {cwd}") from None


def _merge_base(commit: str, cwd: Path) -> str:
    try:
        return _git(["merge-base", commit, "HEAD"], cwd).strip() or commit
    except _GitFailed:  # unrelated histories, or no HEAD yet
        return commit


class _HasPaths(Protocol):
    @property
    def de_path(self) -> str: ...

    @property
    def en_path(self) -> str: ...


SpecT = TypeVar("SpecT", bound=_HasPaths)


def select_changed(specs: Iterable[SpecT], changed: set[Path]) -> list[SpecT]:
    """The pairs with a German or English file among `changed` (from `changed_since`)."""
    return [s for s in specs if {_resolved(s.de_path), _resolved(s.en_path)} & changed]


def _resolved(path: str) -> Path:
    return Path(path).resolve()


# ---------------------------------------------------------------- stale pairs


@dataclass(frozen=True)
class LastCommit:
    full: str
    short: str
    time: int
    date: str  # YYYY-MM-DD (committer date)

    def __str__(self) -> str:
        return f"{self.short} ({self.date})"


def last_commit(path: str | Path) -> LastCommit | None:
    """The last commit that touched `path`; None outside git or for untracked files."""
    file = Path(path)
    try:
        line = _git(["log", "-1", f"--format={_LOG_FORMAT}", "--", file.name], file.parent).strip()
    except _GitFailed:
        return None
    if not line:
        return None
    full, short, time, date = line.split("\0")
    return LastCommit(full=full, short=short, time=int(time), date=date)


def stale_finding(spec: _HasPaths, severity: Severity | None = None) -> Flag | None:
    """A `stale` flag when one side was committed after the other's last change.

    None when both sides were last changed by the same commit, or either side is
    not tracked by git. The evidence spans carry each side's commit, so a baseline
    entry accepting this flag lapses when either side changes again.
    """
    de, en = last_commit(spec.de_path), last_commit(spec.en_path)
    if de is None or en is None or de.full == en.full:
        return None
    newer = _newer(de, en, Path(spec.de_path).parent)
    if newer is None:
        return None
    behind = "German" if newer == "en" else "English"
    ahead_file, ahead, other_file, other = (
        (spec.en_path, en, spec.de_path, de)
        if newer == "en"
        else (spec.de_path, de, spec.en_path, en)
    )
    message = (
        f"{STALE_CODE}: {Path(ahead_file).name} changed in {ahead}, after the last change to "
        f"{Path(other_file).name} in {other}: the {behind} side is behind"
    )
    return Flag(
        code=STALE_CODE,
        severity=severity if severity is not None else FLAG_CODES[STALE_CODE],
        message=message,
        de_span=f"{de.short} {de.date}",
        en_span=f"{en.short} {en.date}",
    )


def _newer(de: LastCommit, en: LastCommit, cwd: Path) -> str | None:
    """Which side ("de"/"en") was changed later: by commit time, then by ancestry."""
    if de.time != en.time:
        return "en" if en.time > de.time else "de"
    for older, newer in ((de, "en"), (en, "de")):
        other = en if newer == "en" else de
        try:
            _git(["merge-base", "--is-ancestor", older.full, other.full], cwd)
            return newer
        except _GitFailed:
            continue
    return None
