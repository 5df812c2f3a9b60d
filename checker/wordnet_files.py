"""A reader of WordNet 3.0's database files (wndb(5WN)) for the few look-ups the checker makes.

It gives what NLTK's WordNet reader gave for them, with the same answers, without
parsing the whole index at start-up: a word's dictionary forms (morphy: the exception
lists, then the suffix rules), its synsets in NLTK's order (nouns, verbs, adjectives,
adverbs; senses by frequency), each synset's lemmas and part of speech, the lemmas'
opposites and derived forms, similar adjectives, and how often the sense-tagged corpus
saw a lemma (`cntlist.rev`).

The `index.*` files are sorted, so a lemma is found by binary search over their lines;
a synset is parsed from its `data.*` line when first asked for, and kept.
"""

from __future__ import annotations

import bisect
import functools
from pathlib import Path

POS_ORDER = ("n", "v", "a", "r")  # the order in which a word's synsets are listed
POS_FILES = {"a": "adj", "r": "adv", "n": "noun", "v": "verb"}
POS_NUMBERS = {"n": 1, "v": 2, "a": 3, "r": 4, "s": 5}  # in sense keys
# morphy's detachment rules per part of speech (morphy(7WN))
SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
          ("shes", "sh"), ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
ANTONYM, DERIVED, SIMILAR = "!", "+", "&"  # pointer symbols used


class Lemma:
    """One word of a synset."""

    def __init__(self, db: Database, synset: Synset, name: str, lex_id: int) -> None:
        self._db, self._synset, self._name, self.lex_id = db, synset, name, lex_id

    def name(self) -> str:
        return self._name

    def key(self) -> str:
        """The sense key ("huge%5:00:00:large:00"), as `cntlist.rev` lists it."""
        synset = self._synset
        head_name = head_id = ""
        if synset.ss_type == "s":
            head = synset.similar_tos()[0].lemmas()[0]
            head_name, head_id = head.name(), f"{head.lex_id:02d}"
        number = POS_NUMBERS[synset.ss_type]
        return (f"{self._name}%{number}:{synset.lexname:02d}:{self.lex_id:02d}:"
                f"{head_name}:{head_id}").lower()

    def count(self) -> int:
        """Times the sense-tagged corpus saw this word in this sense (0 if never)."""
        return self._db.count(self.key())

    def antonyms(self) -> list[Lemma]:
        return self._related(ANTONYM)

    def derivationally_related_forms(self) -> list[Lemma]:
        return self._related(DERIVED)

    def _related(self, symbol: str) -> list[Lemma]:
        targets = self._synset.lemma_pointers.get((self._name, symbol), [])
        return [self._db.synset(pos, offset).lemmas()[k] for pos, offset, k in targets]


class Synset:
    """One parsed line of a `data.*` file (only the fields the checker uses)."""

    def __init__(self, db: Database, line: str) -> None:
        fields = line.split("|", 1)[0].split()
        self.offset, self.lexname, self.ss_type = int(fields[0]), int(fields[1]), fields[2]
        n_words = int(fields[3], 16)
        self._lemmas = [Lemma(db, self, _strip_marker(fields[4 + 2 * i]),
                              int(fields[5 + 2 * i], 16)) for i in range(n_words)]
        self._db = db
        self.pointers: dict[str, list[tuple[str, int]]] = {}
        self.lemma_pointers: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
        at = 4 + 2 * n_words
        for k in range(int(fields[at])):
            symbol, offset, pos, ends = fields[at + 1 + 4 * k: at + 5 + 4 * k]
            if ends == "0000":
                self.pointers.setdefault(symbol, []).append((pos, int(offset)))
            else:
                source = self._lemmas[int(ends[:2], 16) - 1].name()
                self.lemma_pointers.setdefault((source, symbol), []).append(
                    (pos, int(offset), int(ends[2:], 16) - 1))

    def pos(self) -> str:
        return self.ss_type

    def lemmas(self) -> list[Lemma]:
        return self._lemmas

    def lemma_names(self) -> list[str]:
        return [lemma.name() for lemma in self._lemmas]

    def similar_tos(self) -> list[Synset]:
        return [self._db.synset(pos, offset)
                for pos, offset in dict.fromkeys(self.pointers.get(SIMILAR, []))]


def _strip_marker(word: str) -> str:
    """An adjective's syntactic marker off its word ("galore(ip)" → "galore")."""
    if word.endswith(")") and "(" in word:
        head, marker = word[: word.rindex("(")], word[word.rindex("(") :]
        if "(" not in marker[1:] and ")" not in marker[:-1]:
            return head
    return word


class Database:
    """The WordNet files of one folder, read on demand."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.exceptions = {pos: _exceptions(folder / f"{name}.exc")
                           for pos, name in POS_FILES.items()}
        self._synsets: dict[tuple[str, int], Synset] = {}
        self._entries: dict[tuple[str, str], tuple[int, ...]] = {}

    @functools.cached_property
    def _index(self) -> dict[str, list[str]]:
        """Per part of speech: the sorted entry lines of its `index.*` file."""
        out = {}
        for pos, name in POS_FILES.items():
            text = (self.folder / f"index.{name}").read_text(encoding="utf-8")
            out[pos] = [line for line in text.split("\n") if line and not line.startswith(" ")]
        return out

    @functools.cached_property
    def _data(self) -> dict[str, str]:
        return {pos: (self.folder / f"data.{name}").read_text(encoding="utf-8")
                for pos, name in POS_FILES.items()}

    @functools.cached_property
    def _counts(self) -> dict[str, int]:
        """Sense key → tag count, from `cntlist.rev` (key, sense number, count)."""
        counts: dict[str, int] = {}
        text = (self.folder / "cntlist.rev").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line:
                counts.setdefault(line.split(" ", 1)[0], int(line.rsplit(" ", 1)[-1]))
        return counts

    def offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        """The synsets (by offset, most frequent sense first) of a lemma as `pos`."""
        found = self._entries.get((lemma, pos))
        if found is None:
            found = self._entries[(lemma, pos)] = self._offsets(lemma, pos)
        return found

    def _offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        lines = self._index[pos]
        k = bisect.bisect_left(lines, lemma, key=_first_word)
        if k == len(lines) or _first_word(lines[k]) != lemma:
            return ()
        fields = lines[k].split()
        n_synsets, n_pointers = int(fields[2]), int(fields[3])
        first = 4 + n_pointers + 2  # after the pointer symbols, sense_cnt and tagsense_cnt
        return tuple(int(f) for f in fields[first : first + n_synsets])

    def synset(self, pos: str, offset: int) -> Synset:
        key = ("a" if pos == "s" else pos, offset)
        found = self._synsets.get(key)
        if found is None:
            data = self._data[key[0]]
            end = data.find("\n", offset)
            found = self._synsets[key] = Synset(self, data[offset : end if end >= 0 else None])
        return found

    def count(self, sense_key: str) -> int:
        return self._counts.get(sense_key, 0)

    def morphy(self, form: str, pos: str) -> list[str]:
        """Dictionary forms of `form` as `pos` that WordNet lists (the form itself first)."""
        exceptions = self.exceptions[pos]
        if form in exceptions:
            candidates = [form, *exceptions[form]]
        else:
            candidates = [form] + [form[: len(form) - len(old)] + new
                                   for old, new in SUFFIX_RULES[pos] if form.endswith(old)]
        return [c for c in dict.fromkeys(candidates) if self.offsets(c, pos)]

    def synsets(self, word: str, limit: int | None = None) -> list[Synset]:
        """The synsets of a word in every part of speech, in WordNet's order (the first
        `limit` of them; only those are read)."""
        low = word.lower()
        found = [(pos, offset) for pos in POS_ORDER
                 for form in self.morphy(low, pos) for offset in self.offsets(form, pos)]
        return [self.synset(pos, offset) for pos, offset in found[:limit]]


def _first_word(line: str) -> str:
    return line[: line.find(" ")]


def _exceptions(path: Path) -> dict[str, list[str]]:
    """Irregular form → its dictionary forms, from an `*.exc` file."""
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        terms = line.split()
        if terms:
            table[terms[0]] = terms[1:]
    return table
