"""The `memory` backend: translations the user brings in a file.

Two formats, chosen by content: JSON Lines (`{"de": …, "en": …}` per line) when
the first non-blank line starts with `{`, else TSV (`german<TAB>english`, with an
optional `de<TAB>en` header line). Sentences are matched on `normalise(german)`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from checker.errors import InputError, located
from checker.model import TranslatorInfo
from checker.translate.base import normalise

TSV_HEADER = ("de", "en")
HASH_PREFIX_LENGTH = 12  # hex digits of the file's sha256 shown as its identity


def file_digest(path: Path) -> str:
    """sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(located(path, "translations file not found")) from None
    except IsADirectoryError:
        raise InputError(located(path, "is a directory, not a translations file")) from None
    except UnicodeDecodeError as exc:
        raise InputError(located(path, f"not UTF-8 text (byte {exc.start})")) from None
    except OSError as exc:
        raise InputError(located(path, f"cannot read translations file ({exc.strerror})")) from None


def _numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _parse_tsv_line(path: Path, number: int, line: str) -> tuple[str, str]:
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != 2:
        cause = f"expected 'german<TAB>english', found {len(fields) - 1} tab(s)"
        raise InputError(located(f"{path}:{number}", cause))
    german, english = (normalise(field) for field in fields)
    if not german:
        raise InputError(located(f"{path}:{number}", "empty German text"))
    return german, english


def _parse_jsonl_line(path: Path, number: int, line: str) -> tuple[str, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(located(f"{path}:{number}", f"invalid JSON ({exc.msg})")) from None
    if not isinstance(record, dict):
        raise InputError(located(f"{path}:{number}", 'expected an object {"de": …, "en": …}'))
    german, english = record.get("de"), record.get("en")
    if not isinstance(german, str) or not isinstance(english, str):
        cause = 'expected string fields "de" and "en"'
        raise InputError(located(f"{path}:{number}", cause))
    if not normalise(german):
        raise InputError(located(f"{path}:{number}", "empty German text"))
    return normalise(german), normalise(english)


def parse_translations(path: Path, text: str) -> dict[str, str]:
    """German (normalised) → English, from the text of a TSV or JSONL file."""
    lines = list(_numbered_lines(text))
    table: dict[str, str] = {}
    if not lines:
        return table
    is_jsonl = lines[0][1].lstrip().startswith("{")
    if not is_jsonl and tuple(f.strip() for f in lines[0][1].split("\t")) == TSV_HEADER:
        lines = lines[1:]
    parse = _parse_jsonl_line if is_jsonl else _parse_tsv_line
    for number, line in lines:
        german, english = parse(path, number, line)
        table[german] = english
    return table


class MemoryTranslator:
    """Looks each German sentence up in a translations file; missing → None."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        raw = _read_text(self._path)
        self._table = parse_translations(self._path, raw)
        digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:HASH_PREFIX_LENGTH]
        self._info = TranslatorInfo(
            name="memory",
            model=f"{self._path} (sha256:{digest}, {len(self._table)} entries)",
        )

    @property
    def info(self) -> TranslatorInfo:
        return self._info

    def set_reason(self, reason: str) -> None:
        self._info = dataclasses.replace(self._info, reason=reason)

    def __len__(self) -> int:
        return len(self._table)

    def cache_key(self) -> str:
        return ""  # the file itself is the cache

    def translate(self, sentences: Sequence[str]) -> list[str | None]:
        return [self._table.get(normalise(sentence)) for sentence in sentences]
