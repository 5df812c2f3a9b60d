"""The `memory` backend: translations the user brings in a file.

Two formats, chosen by content: JSON Lines (`{"de": …, "en": …}` per line) when
the first non-blank line starts with `{`, else TSV (`german<TAB>english`, with an
optional `de<TAB>en` header line). Sentences are matched on `normalise(german)`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from checker import safeio
from checker.errors import InputError, located
from checker.model import TranslatorInfo
from checker.settings import MAX_TRANSLATIONS_BYTES
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
    """The file's text: a regular UTF-8 file (BOM allowed) of at most MAX_TRANSLATIONS_BYTES."""
    try:
        return safeio.read_text(path, "translations file", MAX_TRANSLATIONS_BYTES)
    except safeio.MissingFile:
        raise InputError(located(path, "translations file not found")) from None


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
    record = safeio.load_json(line, f"{path}:{number}")
    if not isinstance(record, dict):
        raise InputError(located(f"{path}:{number}", 'expected an object {"de": …, "en": …}'))
    german, english = record.get("de"), record.get("en")
    if not isinstance(german, str) or not isinstance(english, str):
        cause = 'expected string fields "de" and "en"'
        raise InputError(located(f"{path}:{number}", cause))
    if not normalise(german):
        raise InputError(located(f"{path}:{number}", "empty German text"))
    return normalise(german), normalise(english)


@dataclasses.dataclass(frozen=True)
class Translations:
    """German (normalised) → English, and the file's lines that disagree with each other."""

    table: dict[str, str]
    conflicts: tuple[tuple[int, int], ...] = ()  # (earlier line, later line that wins)


def read_translations(path: Path, text: str) -> Translations:
    """Parse a TSV or JSONL file; a German text given twice with different English
    is a conflict (the later line wins, and the caller warns about it)."""
    lines = list(_numbered_lines(text))
    table: dict[str, str] = {}
    if not lines:
        return Translations(table)
    # a JSON object has no raw tab (JSON escapes it); a TSV line always has one, even when
    # its German starts with "{"
    first = lines[0][1]
    is_jsonl = first.lstrip().startswith("{") and "\t" not in first
    if not is_jsonl and tuple(f.strip() for f in lines[0][1].split("\t")) == TSV_HEADER:
        lines = lines[1:]
    parse = _parse_jsonl_line if is_jsonl else _parse_tsv_line
    first_line: dict[str, int] = {}
    conflicts: list[tuple[int, int]] = []
    for number, line in lines:
        german, english = parse(path, number, line)
        if german in table and table[german] != english:
            conflicts.append((first_line[german], number))
        table[german] = english
        first_line[german] = number
    return Translations(table, tuple(conflicts))


def parse_translations(path: Path, text: str) -> dict[str, str]:
    """German (normalised) → English, from the text of a TSV or JSONL file."""
    return read_translations(path, text).table


def conflict_warnings(path: Path, conflicts: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """One warning line for the conflicting lines of a translations file."""
    if not conflicts:
        return ()
    first, later = conflicts[0]
    others = len(conflicts) - 1
    more = f" (and {others} more German text(s) given twice)" if others else ""
    return (
        f"{path}:{later}: translates the same German as line {first} differently; "
        f"line {later} is used{more}",
    )


class MemoryTranslator:
    """Looks each German sentence up in a translations file; missing → None."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        raw = _read_text(self._path)
        parsed = read_translations(self._path, raw)
        self._table = parsed.table
        self.warnings = conflict_warnings(self._path, parsed.conflicts)
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
