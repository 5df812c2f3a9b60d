"""`glossary`: a German glossary term present whose required English term is absent.

Glossary files: CSV `german,english` (optional header row) or TBX (TermBase eXchange).
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from checker.checks.base import CheckContext, GlossaryEntry
from checker.checks.common import make_flag, words
from checker.errors import InputError, located
from checker.model import BeadResult, Flag

CODE = "glossary"
HEADER_NAMES = (("german", "english"), ("de", "en"))
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DE_ENDINGS = r"(?:e|en|n|s|es|er|ern|em)?"
_EN_ENDINGS = r"(?:s|es|'s|’s)?"


def load_glossary(path: str | Path) -> tuple[GlossaryEntry, ...]:
    """Reads a CSV or TBX glossary; a malformed file raises InputError naming file and line.
    (The bounded reader and the format rule live in checker.glossary_file.)"""
    from checker.glossary_file import read_glossary

    return read_glossary(path)


def _load_csv(path: Path, text: str) -> tuple[GlossaryEntry, ...]:
    entries: list[GlossaryEntry] = []
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or all(not cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in row]
        if lineno == 1 and tuple(c.lower() for c in cells[:2]) in HEADER_NAMES:
            continue
        if len(cells) != 2 or not cells[0] or not cells[1]:
            raise InputError(located(
                path, f"line {lineno}: expected two columns 'german,english', got {len(cells)}"
                f" {row!r}"))
        entries.append(GlossaryEntry(de=cells[0], en=cells[1]))
    if not entries:
        raise InputError(located(path, "glossary has no entries"))
    return tuple(entries)


def _load_tbx(path: Path, text: str) -> tuple[GlossaryEntry, ...]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0]
        raise InputError(located(path, f"line {line}: malformed TBX ({exc.msg})")) from None
    entries: list[GlossaryEntry] = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        terms = _terms_by_language(entry)
        for de in terms.get("de", []):
            entries += [GlossaryEntry(de=de, en=en) for en in terms.get("en", [])]
    if not entries:
        raise InputError(located(path, "TBX glossary has no German–English term entries"))
    return tuple(entries)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _terms_by_language(entry: ET.Element) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    for lang_set in entry:
        if _local(lang_set.tag) not in ("langSet", "langSec"):
            continue
        lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").lower()[:2]
        for node in lang_set.iter():
            if _local(node.tag) == "term" and node.text and node.text.strip():
                terms.setdefault(lang, []).append(node.text.strip())
    return terms


def _term_pattern(term: str, endings: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<!\w){body}{endings}(?!\w)", re.IGNORECASE)


def _english_pattern(term: str) -> re.Pattern[str]:
    """The English term with plural/possessive endings (treaty → treaties)."""
    if term.endswith("y") and len(term) > 2:
        stem = re.escape(term[:-1])
        return re.compile(rf"(?<!\w){stem}(?:y|ies|y's|y’s)(?!\w)", re.IGNORECASE)
    return _term_pattern(term, _EN_ENDINGS)


def detect_glossary(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    flags: list[Flag] = []
    required: dict[str, list[GlossaryEntry]] = {}
    for entry in ctx.glossary:
        required.setdefault(entry.de.lower(), []).append(entry)
    for group in required.values():
        found = _term_pattern(group[0].de, _DE_ENDINGS).search(bead.de_text)
        if found is None:
            continue
        if any(_english_pattern(e.en).search(bead.en_text) for e in group):
            continue
        wanted = " or ".join(f'"{e.en}"' for e in group)
        instead = _term_used_instead(found.group(), bead, ctx)
        tail = f', uses "{instead}" instead' if instead else ""
        flags.append(make_flag(
            ctx, CODE, f'"{found.group()}" must be translated as {wanted}; the English{tail}'
            if instead
            else f'"{found.group()}" must be translated as {wanted}, which the English lacks',
            de=found.group(), en=instead,
        ))
    return flags


def _term_used_instead(de_term: str, bead: BeadResult, ctx: CheckContext) -> str:
    """An English word the dictionary or the MT offers for the term, found in the English."""
    if ctx.lexicon is None:
        return ""
    glosses = ctx.lexicon.glosses(de_term)
    for tok in words(bead.en_text):
        if tok.lower in glosses:
            return tok.text
    for gloss in sorted(glosses, key=len, reverse=True):
        m = _term_pattern(gloss, _EN_ENDINGS).search(bead.en_text)
        if m is not None and len(gloss) > 2:
            return m.group()
    return ""
