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
import mmap
import re
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
ANTONYM, DERIVED, SIMILAR, HYPERNYM = "!", "+", "&", "@"  # pointer symbols used
PERTAINYM = "\\"  # an adverb's adjective ("manually" → manual), an adjective's noun
# one pointer of those kinds: symbol, synset offset, part of speech, source/target words
# (a verb frame, "+ 08 00", has no 8-digit offset)
POINTER_RE = re.compile(r"(?<![^ ])([!+&@\\]) (\d{8}) ([nvasr]) ([0-9a-f]{4})(?![^ ])")


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

    def pertainyms(self) -> list[Lemma]:
        return self._related(PERTAINYM)

    def _related(self, symbol: str) -> list[Lemma]:
        if f" {symbol} " not in self._synset.rest:  # no such pointer: no need to parse them
            return []
        targets = self._synset.lemma_pointers.get((self._name, symbol), [])
        return [self._db.synset(pos, offset).lemmas()[k] for pos, offset, k in targets]


class Synset:
    """One `data.*` line: its part of speech and words at once, its pointers when asked."""

    def __init__(self, db: Database, line: str) -> None:
        offset, lexname, ss_type, n_words, rest = line.split(" ", 4)
        self.offset, self.lexname, self.ss_type = int(offset), int(lexname), ss_type
        count = int(n_words, 16)
        fields = rest.split(" ", 2 * count)
        self._lemmas = [Lemma(db, self, _strip_marker(fields[2 * i]), int(fields[2 * i + 1], 16))
                        for i in range(count)]
        self.rest = fields[2 * count] if len(fields) > 2 * count else ""  # pointers, gloss
        self._db = db

    @functools.cached_property
    def _pointers(self) -> tuple[dict[str, list[tuple[str, int]]],
                                 dict[tuple[str, str], list[tuple[str, int, int]]]]:
        """(symbol → synsets, (source word, symbol) → (pos, offset, word index) targets),
        for the pointer symbols the checker follows."""
        pointers: dict[str, list[tuple[str, int]]] = {}
        lemma_pointers: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
        for symbol, offset, pos, ends in POINTER_RE.findall(self.rest.split("|", 1)[0]):
            if ends == "0000":
                pointers.setdefault(symbol, []).append((pos, int(offset)))
            else:
                source = self._lemmas[int(ends[:2], 16) - 1].name()
                lemma_pointers.setdefault((source, symbol), []).append(
                    (pos, int(offset), int(ends[2:], 16) - 1))
        return pointers, lemma_pointers

    @property
    def pointers(self) -> dict[str, list[tuple[str, int]]]:
        return self._pointers[0]

    @property
    def lemma_pointers(self) -> dict[tuple[str, str], list[tuple[str, int, int]]]:
        return self._pointers[1]

    def pos(self) -> str:
        return self.ss_type

    def lemmas(self) -> list[Lemma]:
        return self._lemmas

    def lemma_names(self) -> list[str]:
        return [lemma.name() for lemma in self._lemmas]

    def hypernyms(self) -> list[tuple[str, int]]:
        """The (part of speech, offset) of the synsets this one is a kind of (not the
        classes an instance belongs to: "@i" is another pointer)."""
        return list(dict.fromkeys(self.pointers.get(HYPERNYM, [])))

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
        self._exceptions: dict[str, dict[str, list[str]]] = {}
        self._indexes: dict[str, SortedLines] = {}
        self._synsets: dict[tuple[str, int], Synset] = {}
        self._entries: dict[tuple[str, str], tuple[int, ...]] = {}
        self._forms: dict[tuple[str, str], tuple[str, ...]] = {}

    def _index(self, pos: str) -> SortedLines:
        """The part of speech's `index.*` file (the licence, indented, first; then one
        line per lemma, sorted), mapped when first needed: a process whose answers all
        come from the kept ones (checker/wordmemo.py) opens none, and one that asks for
        a few words reads only the lines its binary searches pass."""
        found = self._indexes.get(pos)
        if found is None:
            found = self._indexes[pos] = SortedLines(self.folder / f"index.{POS_FILES[pos]}")
        return found

    def exceptions(self, pos: str) -> dict[str, list[str]]:
        """The part of speech's irregular forms (`*.exc`), read when first needed."""
        found = self._exceptions.get(pos)
        if found is None:
            found = self._exceptions[pos] = _exceptions(self.folder / f"{POS_FILES[pos]}.exc")
        return found

    def check(self) -> None:
        """Raise OSError unless every file the reader may need can be read (reading a
        byte of each, not the files)."""
        names = [f"{kind}.{name}" for kind in ("index", "data") for name in POS_FILES.values()]
        for name in (*names, "cntlist.rev"):
            with open(self.folder / name, "rb") as handle:
                handle.read(1)

    @functools.cached_property
    def _data(self) -> dict[str, Mapped]:
        """Per part of speech: its `data.*` file, mapped (a synset's offset is the byte
        offset of its line; only the lines asked for are read)."""
        return {pos: _mapped(self.folder / f"data.{name}") for pos, name in POS_FILES.items()}

    @functools.cached_property
    def _counts(self) -> SortedLines:
        """The sorted lines of `cntlist.rev`: sense key, sense number, tag count."""
        return SortedLines(self.folder / "cntlist.rev")

    def offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        """The synsets (by offset, most frequent sense first) of a lemma as `pos`."""
        found = self._entries.get((lemma, pos))
        if found is None:
            found = self._entries[(lemma, pos)] = self._offsets(lemma, pos)
        return found

    def _offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        line = self._index(pos).find(lemma)
        if not line:
            return ()
        fields = line.split()
        n_synsets, n_pointers = int(fields[2]), int(fields[3])
        first = 4 + n_pointers + 2  # after the pointer symbols, sense_cnt and tagsense_cnt
        return tuple(int(f) for f in fields[first : first + n_synsets])

    def synset(self, pos: str, offset: int) -> Synset:
        key = ("a" if pos == "s" else pos, offset)
        found = self._synsets.get(key)
        if found is None:
            data = self._data[key[0]]
            end = data.find(b"\n", offset)
            line = data[offset : end if end >= 0 else len(data)].decode("utf-8")
            found = self._synsets[key] = Synset(self, line)
        return found

    def count(self, sense_key: str) -> int:
        line = self._counts.find(sense_key)
        return int(line.rsplit(" ", 1)[-1]) if line else 0

    def morphy(self, form: str, pos: str) -> tuple[str, ...]:
        """Dictionary forms of `form` as `pos` that WordNet lists (the form itself first)."""
        found = self._forms.get((form, pos))
        if found is None:
            found = self._forms[(form, pos)] = self._morphy(form, pos)
        return found

    def _morphy(self, form: str, pos: str) -> tuple[str, ...]:
        exceptions = self.exceptions(pos)
        if form in exceptions:
            candidates = [form, *exceptions[form]]
        else:
            candidates = [form] + [form[: len(form) - len(old)] + new
                                   for old, new in SUFFIX_RULES[pos] if form.endswith(old)]
        return tuple(c for c in dict.fromkeys(candidates) if self.offsets(c, pos))

    def entries(self, word: str, per_pos: int | None = None) -> list[tuple[str, int]]:
        """The synsets of a word in every part of speech, in WordNet's order, as (part of
        speech, offset), from the index alone (of each part of speech the first `per_pos`;
        adjective satellites count as adjectives: the adjective index lists both)."""
        low = word.lower()
        found = [(pos, offset) for pos in POS_ORDER
                 for form in self.morphy(low, pos) for offset in self.offsets(form, pos)]
        return found if per_pos is None else _first_per_pos(found, per_pos)

    def synsets(self, word: str, limit: int | None = None,
                per_pos: int | None = None) -> list[Synset]:
        """The synsets of `entries(word, per_pos)`, the first `limit` of them (only those
        are read)."""
        return [self.synset(pos, offset) for pos, offset in self.entries(word, per_pos)[:limit]]


def _first_per_pos(found: list[tuple[str, int]], per_pos: int) -> list[tuple[str, int]]:
    """The first `per_pos` entries of each part of speech, in their order."""
    taken: dict[str, int] = {}
    kept: list[tuple[str, int]] = []
    for pos, offset in found:
        taken[pos] = taken.get(pos, 0) + 1
        if taken[pos] <= per_pos:
            kept.append((pos, offset))
    return kept


Mapped = mmap.mmap | bytes  # a file's bytes, mapped (an empty file cannot be)


def _mapped(path: Path) -> Mapped:
    with open(path, "rb") as handle:
        if not handle.seek(0, 2):
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


# searches of a file in place before it is read whole (a search in place costs about
# ten µs, one in the lines read a microsecond; reading the noun index, some 30 ms)
SEARCHES_IN_PLACE = 1000


class SortedLines:
    """A file of sorted lines. A line is found by binary search over the mapped bytes
    (UTF-8 sorts as its characters do), until a process has searched the file often
    enough that reading all its lines once costs less. Read mid-run: a damaged byte
    must not stop the check."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._data = _mapped(path)
        self._lines: list[str] | None = None
        self._searches = 0

    def find(self, key: str) -> str:
        """The line whose first word is `key` ("" if none). A space sorts before any
        character of a key, so the line is the first one not before `key + " "`."""
        if not key.strip():
            return ""
        if self._lines is not None:
            return _find(self._lines, key + " ")
        self._searches += 1
        if self._searches > SEARCHES_IN_PLACE:
            self._lines = _lines(self._path)
            return self.find(key)
        head = (key + " ").encode("utf-8", "surrogatepass")
        start = self._first_not_before(head)
        line = self._data[start:self._line_end(start)]
        return line.decode("utf-8", errors="replace") if line.startswith(head) else ""

    def _line_end(self, start: int) -> int:
        end = self._data.find(b"\n", start)
        return len(self._data) if end < 0 else end

    def _first_not_before(self, head: bytes) -> int:
        """Where the first line not sorting before `head` starts (the file's end if none)."""
        data, low, high = self._data, 0, len(self._data)
        while low < high:  # `low` is a line start; the line sought starts in [low, high]
            newline = data.rfind(b"\n", low, (low + high) // 2)
            start = low if newline < 0 else newline + 1
            end = self._line_end(start)
            if data[start:end] < head:
                low = end + 1
            else:
                high = start
        return min(low, len(data))


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", errors="replace").rstrip("\n").split("\n")


def _find(lines: list[str], head: str) -> str:
    k = bisect.bisect_left(lines, head)
    return lines[k] if k < len(lines) and lines[k].startswith(head) else ""


def _exceptions(path: Path) -> dict[str, list[str]]:
    """Irregular form → its dictionary forms, from an `*.exc` file."""
    table: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        terms = line.split()
        if terms:
            table[terms[0]] = terms[1:]
    return table
