"""Reading a glossary file safely; the CSV and TBX parsers live with the detector.

`checks.glossary` parses the text; this module decides what the file is and gets
its text without the hazards of `Path.read_text`: the file must be a regular file
of at most MAX_GLOSSARY_BYTES, and a CSV parser error (a field over the csv
module's 128 KiB limit, a NUL byte) is one line naming the file.

The format is chosen by the file name first: `.csv`/`.tsv`/`.txt` are CSV even
when the first term starts with `<`; `.tbx`/`.xml` are TBX. Any other name is TBX
only when the text starts like XML (`<?xml`, `<martif`, `<tbx`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from checker import safeio
from checker.checks.base import GlossaryEntry
from checker.errors import InputError, located
from checker.settings import MAX_GLOSSARY_BYTES

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
TBX_SUFFIXES = (".tbx", ".xml")
XML_STARTS = ("<?xml", "<martif", "<tbx", "<!--")


def is_tbx(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return False
    return suffix in TBX_SUFFIXES or text.lstrip().lower().startswith(XML_STARTS)


def read_glossary(path: str | Path) -> tuple[GlossaryEntry, ...]:
    """The glossary's entries; InputError naming the file for anything unusable."""
    from checker.checks.glossary import _load_csv, _load_tbx

    p = Path(path)
    try:
        text = safeio.read_text(p, "glossary", MAX_GLOSSARY_BYTES)
    except safeio.MissingFile:
        raise InputError(located(p, "no such glossary file")) from None
    if is_tbx(p, text):
        return _load_tbx(p, text)
    try:
        return _load_csv(p, text)
    except csv.Error as exc:
        raise InputError(located(p, f"malformed CSV glossary ({exc})")) from None
