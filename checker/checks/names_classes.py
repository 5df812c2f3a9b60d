"""Name classes: the exonym table (checker/data/exonyms.tsv), transliteration, tokens.

Each line of the table is one class of names (a country with its adjective and demonym,
a city and its exonym, …); a German form and an English form render each other when
they belong to one class. Look-ups go through an index by folded form and are memoised
per word form, so a sentence costs one dictionary probe per token.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

from checker.checks.common import (
    WORD_RE,
    Token,
    fold,
    similar_words,
    tokens_matching,
    word_tuple,
)
from checker.checks.numbers_words import DE_MONTHS, DE_WEEKDAYS, EN_MONTHS, EN_WEEKDAYS
from checker.pairmemo import per_pair

EXONYM_FILE = "exonyms.tsv"
STEM_KEY = 4  # stems are indexed by their first letters; every stem in the table is longer
_NAME_WORD = re.compile(r"(?:[A-Z]\.){2,}|" + WORD_RE.pattern)
# month and weekday names are dates (the `number` check compares them), never names
_CALENDAR = frozenset(
    w for w in (*DE_MONTHS, *EN_MONTHS, *DE_WEEKDAYS, *EN_WEEKDAYS) if len(w) > 3
) | frozenset({"mai", "may"})
# German → English transliteration of names from Cyrillic and other scripts
_TRANSLIT = (("tsch", "ch"), ("sch", "sh"), ("tch", "ch"), ("ck", "k"), ("kh", "k"),
             ("k", "c"), ("j", "y"), ("w", "v"), ("z", "s"), ("ph", "f"), ("yy", "y"))


def name_words(text: str) -> list[Token]:
    """Word tokens, dotted abbreviations kept whole ("U.S." is one token, not "U", "S")."""
    return list(_name_words(text))


# two capitals with dots: where _NAME_WORD's first branch may match (else it finds the words)
_ABBREVIATION = re.compile(r"[A-Z]\.[A-Z]\.")


@functools.lru_cache(maxsize=16384)
def _name_words(text: str) -> tuple[Token, ...]:  # the detectors split each text often
    if _ABBREVIATION.search(text) is None:
        return word_tuple(text)  # most texts: the words, split once for both
    return tokens_matching(_NAME_WORD, text)


@functools.lru_cache(maxsize=131072)
def nfold(word: str) -> str:
    """Folded for comparison, dots of abbreviations dropped ("U.S." → "us")."""
    return fold(word.replace(".", ""))


def is_calendar_word(word: str) -> bool:
    """A month or weekday name ("Juli", "Saturday"): a date, not a name."""
    return word.lower() in _CALENDAR


def is_dated_month(text: str, tok: Token) -> bool:
    """A short month word next to a digit ("Dec. 24", "24 Jan"): a date, although the
    same word alone may be a name ("Jan")."""
    near = text[max(0, tok.start - 6) : tok.end + 6]
    return tok.text.rstrip(".").lower() in EN_MONTHS and re.search(r"\d", near) is not None


@functools.lru_cache(maxsize=131072)
def transliterated(word: str) -> str:
    out = nfold(word)
    for a, b in _TRANSLIT:
        out = out.replace(a, b)
    return out


def similar_names(a: str, b: str) -> bool:
    """Same word, cognate (Kongress ~ Congress) or transliteration (Selenskyj ~ Zelensky)."""
    # similar words start alike (similar_words): most pairs are told apart by that alone
    return not name_initials(a).isdisjoint(name_initials(b)) and _similar_names(a, b)


@functools.lru_cache(maxsize=262144)
def _similar_names(a: str, b: str) -> bool:
    a, b = a.replace(".", ""), b.replace(".", "")
    return similar_words(a, b) or similar_words(transliterated(a), transliterated(b))


@functools.lru_cache(maxsize=131072)
def name_initials(word: str) -> frozenset[str]:
    """The first letters similar_words compares for a name, as written and transliterated."""
    bare = word.replace(".", "")
    return frozenset({fold(bare)[:1], fold(transliterated(bare))[:1]})


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Form:
    words: tuple[str, ...]  # folded words
    stem: bool  # written with "*": matches inflected and derived forms
    acronym: bool  # written in capitals: matches capitals only ("UN", not "uns")


@dataclass(frozen=True)
class Index:
    """Forms of one language: single words by folded form, stems by first letters,
    multi-word forms by first word; each maps to the class numbers it belongs to."""

    exact: dict[str, list[tuple[Form, int]]]
    stems: dict[str, list[tuple[Form, int]]]
    phrases: dict[str, list[tuple[Form, int]]]
    size: int


def _forms(field: str) -> list[Form]:
    out = []
    for part in field.split("|"):
        raw = part.strip().rstrip("*")
        folded = tuple(nfold(t.text) for t in name_words(raw))
        if folded:
            acronym = len(raw) >= 2 and raw.replace(".", "").isalpha() and raw.isupper()
            out.append(Form(folded, part.strip().endswith("*"), acronym))
    return out


def _index(rows: list[list[Form]]) -> Index:
    exact: dict[str, list[tuple[Form, int]]] = defaultdict(list)
    stems: dict[str, list[tuple[Form, int]]] = defaultdict(list)
    phrases: dict[str, list[tuple[Form, int]]] = defaultdict(list)
    for number, forms in enumerate(rows):
        for form in forms:
            if len(form.words) > 1:
                phrases[form.words[0]].append((form, number))
            elif form.stem:
                stems[form.words[0][:STEM_KEY]].append((form, number))
            else:
                exact[form.words[0]].append((form, number))
    return Index(dict(exact), dict(stems), dict(phrases), len(rows))


@functools.lru_cache(maxsize=1)
def exonym_indexes() -> tuple[Index, Index]:
    """(German index, English index) of the project's exonym table."""
    text = resources.files("checker").joinpath("data", EXONYM_FILE).read_text(encoding="utf-8")
    de_rows, en_rows = [], []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        de, _, en = line.partition("\t")
        de_rows.append(_forms(de))
        en_rows.append(_forms(en))
    return _index(de_rows), _index(en_rows)


def _index_of(english: bool) -> Index:
    return exonym_indexes()[1 if english else 0]


def _acronym_ok(form: Form, word: str) -> bool:
    if not form.acronym:
        return True
    base = word.replace(".", "")
    base = base[:-1] if len(base) > 2 and base.endswith("s") else base
    return base.isupper()


@functools.lru_cache(maxsize=65536)
def word_classes(word: str, english: bool) -> frozenset[int]:
    """The classes a single word belongs to ("spanischen" → Spain's class)."""
    index = _index_of(english)
    base = word[:-2] if word.endswith(("'s", "’s")) else word
    w = nfold(base)
    found = {n for form, n in index.exact.get(w, ()) if _acronym_ok(form, base)}
    if w.endswith("s"):
        found |= {n for form, n in index.exact.get(w[:-1], ()) if _acronym_ok(form, base)}
    found |= {n for form, n in index.stems.get(w[:STEM_KEY], ())
              if w.startswith(form.words[0]) and _acronym_ok(form, base)}
    if not english and not found and w.endswith("er"):
        # a German place adjective or demonym in -er („Münchner“ of München, „Kölner“,
        # „Bremer“ of Bremen): the place's class
        for place in (w[:-2], w[:-2] + "en", w[:-3] + "en"):
            found |= {n for _form, n in index.exact.get(place, ())}
    return frozenset(found)


@per_pair
def text_classes(text: str, english: bool) -> frozenset[int]:
    """Every class a text mentions, single words and phrases ("Vereinigte Staaten")."""
    tokens = name_words(text)
    folded = [nfold(t.text) for t in tokens]
    index = _index_of(english)
    found: set[int] = set()
    for i, tok in enumerate(tokens):
        found |= word_classes(tok.text, english)
        for form, number in index.phrases.get(folded[i], ()):
            rest = folded[i : i + len(form.words)]
            if len(rest) == len(form.words) and all(
                r == f or (form.stem and k == len(rest) - 1 and r.startswith(f))
                for k, (r, f) in enumerate(zip(rest, form.words, strict=True))
            ):
                found.add(number)
    return frozenset(found)


@functools.lru_cache(maxsize=1)
def _english_heads() -> dict[str, frozenset[int]]:
    """The last word of each multi-word English form → its classes ("union" → the EU's,
    "fund" → the IMF's)."""
    heads: dict[str, set[int]] = defaultdict(set)
    for entries in _index_of(True).phrases.values():
        for form, number in entries:
            heads[form.words[-1]].add(number)
    return {word: frozenset(numbers) for word, numbers in heads.items()}


_THE_HEAD = re.compile(r"\b[Tt]he\s+([A-Z][a-z]{3,})\b")


def short_references(text: str) -> list[tuple[str, frozenset[int]]]:
    """English words that name a multi-word name of the table by its head after "the"
    ("the Union" for the European Union, "the Fund" for the International Monetary
    Fund), each with the classes it may name."""
    heads = _english_heads()
    found = ((m.group(1), heads.get(nfold(m.group(1)))) for m in _THE_HEAD.finditer(text))
    return [(word, classes) for word, classes in found if classes]


def phrase_classes_at(tokens: list[Token], i: int, english: bool) -> frozenset[int]:
    """Classes of a multi-word form starting at token i ("Den Haag")."""
    index = _index_of(english)
    if nfold(tokens[i].text) not in index.phrases:
        return frozenset()  # no form starts with this word
    folded = [nfold(t.text) for t in tokens[i : i + 4]]
    return frozenset(n for form, n in index.phrases.get(folded[0], ()) if folded[0]
                     and tuple(folded[: len(form.words)]) == form.words)


def same_class(word: str, other_text: str, *, english: bool) -> bool:
    """`word` (English when `english`) and some name of the other-language text are one
    class of the table: Munich ↔ „München“, „spanische“ ↔ "Spain"."""
    mine = word_classes(word, english)
    return bool(mine) and not mine.isdisjoint(text_classes(other_text, not english))


def in_table(word: str, *, english: bool) -> bool:
    return bool(word_classes(word, english))
