"""`**` globs over a directory tree that visit each directory once.

`glob.glob(recursive=True)` follows symbolic links to directories without
remembering where it has been, so two links pointing back up the tree make it
run for ever. `match_paths` walks the tree itself: a directory is entered at most
once per state of the pattern, so every walk ends. Semantics otherwise follow
`glob`: `**` matches any number of folders, `*`, `?` and `[…]` match within one
name, and a name starting with `.` is matched only by a pattern part that starts
with `.` too.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

RECURSIVE = "**"


@dataclass
class _Walk:
    parts: list[str]
    found: set[str] = field(default_factory=set)
    seen: set[tuple[int, int, frozenset[int]]] = field(default_factory=set)

    def closure(self, states: set[int]) -> frozenset[int]:
        """`**` may match no folder at all: a state on it also stands for the next part."""
        result = set(states)
        for index in sorted(states):
            while index < len(self.parts) and self.parts[index] == RECURSIVE:
                index += 1
                result.add(index)
        return frozenset(result)


def _matches(part: str, name: str) -> bool:
    if name.startswith(".") and not part.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, part)


def _names(directory: str) -> Iterator[str]:
    try:
        with os.scandir(directory or ".") as found:
            yield from (entry.name for entry in found)
    except OSError:
        return


def _step(walk: _Walk, states: frozenset[int], name: str) -> set[int]:
    """States after one more path component called `name`."""
    after: set[int] = set()
    for index in states:
        if index >= len(walk.parts):
            continue
        part = walk.parts[index]
        if part == RECURSIVE:
            if not name.startswith("."):
                after.add(index)
        elif glob.has_magic(part) and _matches(part, name):
            after.add(index + 1)
    return after


def _visit(walk: _Walk, shown: str, real: str, states: frozenset[int]) -> None:
    try:
        info = os.stat(real or ".")
    except OSError:
        return
    key = (info.st_dev, info.st_ino, states)
    if key in walk.seen:
        return
    walk.seen.add(key)
    children: dict[str, set[int]] = {}
    for index in states:
        part = walk.parts[index] if index < len(walk.parts) else ""
        literal = part and not glob.has_magic(part)
        if literal and os.path.lexists(os.path.join(real, part)):
            children.setdefault(part, set()).add(index + 1)
    if any(i < len(walk.parts) and glob.has_magic(walk.parts[i]) for i in states):
        for name in _names(real):
            after = _step(walk, states, name)
            if after:
                children.setdefault(name, set()).update(after)
    for name, after in sorted(children.items()):
        _descend(walk, shown, real, name, walk.closure(after))


def _descend(walk: _Walk, shown: str, real: str, name: str, states: frozenset[int]) -> None:
    child_shown = f"{shown}/{name}" if shown and not shown.endswith("/") else f"{shown}{name}"
    child_real = os.path.join(real, name)
    if len(walk.parts) in states:
        walk.found.add(child_shown)
    if any(i < len(walk.parts) for i in states) and os.path.isdir(child_real):
        _visit(walk, child_shown, child_real, states)


def match_paths(pattern: str, root_dir: str | os.PathLike[str]) -> list[str]:
    """Paths matching `pattern` below `root_dir`, as `glob.glob(pattern, root_dir=root_dir,
    recursive=True)` would give them (sorted), without looping on symbolic links."""
    absolute = pattern.startswith("/")
    parts = [p for p in pattern.split("/") if p not in ("", ".")]
    walk = _Walk(parts)
    start = "/" if absolute else os.fspath(root_dir)
    _visit(walk, "/" if absolute else "", start, walk.closure({0}))
    return sorted(walk.found)
