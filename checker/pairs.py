"""Finding German/English article pairs on disk."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from checker.errors import InputError, located
from checker.safeio import kind_cause, kind_of

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".text")
_NAMED = re.compile(r"^(?P<name>.+)\.(?P<lang>de|en)(?P<ext>\.[A-Za-z0-9]+)$")


@dataclass(frozen=True, order=True, slots=True)  # no __dict__: archives hold 10⁵+ of them
class PairSpec:
    id: str
    de_path: str
    en_path: str


def _lang_file(directory: Path, lang: str) -> Path | None:
    """de.md, de.txt … in `directory`; a FIFO or device there is named, not skipped."""
    for suffix in ARTICLE_SUFFIXES:
        candidate = directory / f"{lang}{suffix}"
        kind = kind_of(candidate)
        if kind == "file":
            return candidate
        if kind not in (None, "dir"):
            raise InputError(located(candidate, kind_cause(kind)))
    return None


def _pair_in_dir(directory: Path, pair_id: str) -> PairSpec | None:
    de, en = _lang_file(directory, "de"), _lang_file(directory, "en")
    if de is None and en is None:
        return None
    if de is None or en is None:
        missing = "German de.*" if de is None else "English en.*"
        raise InputError(located(directory, f"has no {missing} article to pair with"))
    return PairSpec(pair_id, str(de), str(en))


def _counterpart(path: Path) -> PairSpec:
    match = _NAMED.match(path.name)
    if not match:
        raise InputError(
            located(path, "is not a pair: name it NAME.de.EXT / NAME.en.EXT, "
                    "or pass a pair directory")
        )
    other_lang = "en" if match["lang"] == "de" else "de"
    other = path.with_name(f"{match['name']}.{other_lang}{match['ext']}")
    if kind_of(other) is None:
        raise InputError(located(path, f"has no counterpart {other.name}"))
    de, en = (path, other) if match["lang"] == "de" else (other, path)
    return PairSpec(match["name"], str(de), str(en))


def _named_pairs_in(directory: Path, prefix: str, files: Iterable[str]) -> Iterable[PairSpec]:
    for name in sorted(files):
        match = _NAMED.match(name)
        if match and match["lang"] == "de" and match["ext"] in ARTICLE_SUFFIXES:
            spec = _counterpart(directory / name)
            yield PairSpec(prefix + spec.id, spec.de_path, spec.en_path)


def _unreadable(errors: Sequence[OSError]) -> InputError:
    """One line naming every directory the walk could not read."""
    named = [f"{exc.filename} ({exc.strerror or exc})" for exc in errors]
    what = "directory" if len(named) == 1 else f"{len(named)} directories"
    return InputError(f"cannot read {what}: {', '.join(named)}")


def _walk(root: Path) -> list[PairSpec]:
    found: list[PairSpec] = []
    errors: list[OSError] = []
    for current, dirs, files in os.walk(root, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(current)
        rel = here.relative_to(root).as_posix()
        pair_id = root.resolve().name if rel == "." else rel
        spec = _pair_in_dir(here, pair_id)
        if spec is not None:
            found.append(spec)
        prefix = "" if rel == "." else rel + "/"
        found.extend(_named_pairs_in(here, prefix, files))
    if errors:
        raise _unreadable(errors)
    return found


def discover_pairs(paths: Sequence[str]) -> list[PairSpec]:
    """Pairs named by PATH arguments: pair directories, trees of them, or NAME.de/en files."""
    specs: list[PairSpec] = []
    for raw in paths:
        path = Path(raw)
        kind = kind_of(path)
        if kind == "dir":
            found = _walk(path)
            if not found:
                raise InputError(
                    located(path, "no German/English pair found "
                            "(expected de.md + en.md, or NAME.de.md + NAME.en.md)")
                )
            specs.extend(found)
        elif kind is None:
            raise InputError(located(path, "no such file or directory"))
        elif kind != "file":
            raise InputError(located(path, kind_cause(kind)))
        else:
            specs.append(_counterpart(path))
    return _dedupe(specs)


def explicit_pair(de: str, en: str) -> PairSpec:
    for path in (de, en):
        kind = kind_of(path)
        if kind != "file":
            raise InputError(located(path, kind_cause(kind)))
    return PairSpec(pair_name(Path(de)), de, en)


def pair_name(german: Path) -> str:
    """A --de/--en pair's name: the German file's stem (`bericht.de.md` → `bericht`), or
    its folder's name when the file is just `de.md`."""
    name = german.stem.removesuffix(".de")
    if name in ("", "de"):
        name = german.resolve().parent.name
    return name or "pair"


def _dedupe(specs: Iterable[PairSpec]) -> list[PairSpec]:
    """The first of the specs naming the same two files (after links)."""
    seen: dict[bytes, PairSpec] = {}
    for spec in specs:  # a 16-byte digest of both real paths: archives hold 10⁵+ pairs
        real = b"\0".join(os.fsencode(os.path.realpath(p)) for p in (spec.de_path, spec.en_path))
        seen.setdefault(hashlib.blake2b(real, digest_size=16).digest(), spec)
    return list(seen.values())
