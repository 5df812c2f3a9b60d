"""English lemmas, synonyms and antonyms from WordNet 3.0.

The database is Debian's `wordnet-base` (/usr/share/wordnet), or the folder named by
$TRANSCHECK_WORDNET; checker/wordnet_files.py reads its files. It gives the answers
NLTK's WordNet corpus reader gives (tests/test_wordnet.py compares the two on a sample
of every index file) without its cost: NLTK's reader parses the whole index at start-up
(about 2.5 s) and was most of a check's detection time.

Everything is optional: with no database, `load()` returns None and the detectors
work without WordNet. Every look-up is memoised per word form, and the dearer ones
(lemmas, senses, synonyms, antonyms, part of speech) are kept between runs in the
cache folder (checker/wordmemo.py), keyed by the database's files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from checker import wordmemo
from checker.wordnet_files import Database

WORDNET_ENV = "TRANSCHECK_WORDNET"
SYSTEM_WORDNET = Path("/usr/share/wordnet")
MAX_SENSES = 6  # senses of a word whose synonyms and antonyms count (most frequent first)
BROADER_STEPS = 2  # hypernym steps a more general word may be above a sense ("name" / "title")
BROADER_SENSES = 3  # ... above one of the word's most frequent senses of each part of speech
# WordNet's noun lexicographer files of things, living beings, groups, places and times
# (lexnames: 05 animal, 06 artifact, 08 body, 13 food, 14 group, 15 location, 17 object,
# 18 person, 20 plant, 27 substance, 28 time)
CONCRETE_NOUN_FILES = frozenset({5, 6, 8, 13, 14, 15, 17, 18, 20, 27, 28})
TIME_NOUN_FILE = 28  # noun.time
_LOCK = threading.Lock()
T = TypeVar("T")


def database_dir() -> Path:
    return Path(os.environ.get(WORDNET_ENV) or SYSTEM_WORDNET)


class WordNet:
    """Memoised English look-ups over the WordNet database."""

    def __init__(self, reader: Database) -> None:
        self._reader = reader
        kept = _Kept(reader)  # answers kept between runs
        self.senses = functools.lru_cache(maxsize=65536)(self._senses)
        self.lemmas = _memo(kept.strings("lemmas", self._lemmas, language="en"))
        self.sense_ids = _memo(kept("sense_ids", self._sense_ids, wordmemo.joined_strings,
                                    wordmemo.split_strings, language="en"))
        self.named_forms = _memo(kept("named_forms", self._named_forms,
                                      wordmemo.joined_strings, wordmemo.split_strings,
                                      language="en"))
        self.synonyms = _memo(kept.strings("synonyms", self._synonyms))
        self.antonyms = _memo(kept.strings("antonyms", self._antonyms, language="en"))
        self.modifier = functools.lru_cache(maxsize=65536)(self._modifier)
        self.noun = functools.lru_cache(maxsize=65536)(self._noun)
        self.adjective_sense = functools.lru_cache(maxsize=65536)(self._adjective_sense)
        self.clusters = _memo(kept("clusters", self._clusters, wordmemo.joined_strings,
                                   wordmemo.split_strings, language="en"))
        self.pos = _memo(kept("pos", self._pos, wordmemo.same, wordmemo.text, language="en"))
        self.named_in = _memo(self._named_in)
        self.adjective_bases = _memo(kept.strings("adjective_bases", self._adjective_bases,
                                                  language="en"))
        self.broader = _memo(kept("broader", self._broader, wordmemo.joined_strings,
                                  wordmemo.split_strings, language="en"))
        self.common_word = _memo(kept("common_word", self._common_word, wordmemo.same,
                                      wordmemo.flag))
        self.concrete_noun = _memo(kept("concrete_noun", self._concrete_noun, wordmemo.same,
                                        wordmemo.flag, language="en"))
        self.time_noun = _memo(kept("time_noun", self._time_noun, wordmemo.same,
                                    wordmemo.flag, language="en"))

    def _sense_ids(self, word: str) -> frozenset[str]:
        """The synsets of `senses(word)` by `synset_id`, from the index alone."""
        return frozenset(synset_id(pos, offset) for base in sorted(self.lemmas(word))
                         for pos, offset in self._reader.entries(base, per_pos=MAX_SENSES))

    def _named_forms(self, word: str) -> frozenset[str]:
        """`named_in` of every dictionary form of the word and of its lower-case form
        together (the synsets whose lemma names include some form of it)."""
        return frozenset().union(*(self.named_in(f) for f in self.lemmas(word) | {word.lower()}))

    def _lemmas(self, word: str) -> frozenset[str]:
        """Dictionary forms of an English word form ("went" → go, "mice" → mouse)."""
        low = word.lower()
        found = {base for pos in "nvar" for base in self._reader.morphy(low, pos)}
        return frozenset(found or {low})

    def _senses(self, word: str) -> tuple[Any, ...]:
        """The most frequent senses of each part of speech (NLTK lists all nouns first,
        then verbs, adjectives and adverbs, each by frequency)."""
        return tuple(synset for base in sorted(self.lemmas(word))
                     for synset in self._reader.synsets(base, per_pos=MAX_SENSES))


    def _broader(self, word: str) -> frozenset[str]:
        """The synsets (as `sense_ids` gives them) at most BROADER_STEPS hypernym steps
        above the word's BROADER_SENSES most frequent senses of each part of speech: the
        more general words for it ("title" → name, "skier" → athlete; not "sound" for
        "report", whose sense "a sharp noise" is rare)."""
        out: set[str] = set()
        frontier = [(pos, offset) for base in sorted(self.lemmas(word))
                    for pos, offset in self._reader.entries(base, per_pos=BROADER_SENSES)]
        for _step in range(BROADER_STEPS):
            above = [(pos, offset) for here in frontier
                     for pos, offset in self._reader.synset(*here).hypernyms()
                     if synset_id(pos, offset) not in out]
            out.update(synset_id(pos, offset) for pos, offset in above)
            frontier = above
        return frozenset(out)

    def _named_in(self, form: str) -> frozenset[str]:
        """The synsets (as `sense_ids` gives them) whose lemma names include `form` the way
        `synonyms` writes a name (lower case, spaces for underscores), from the index
        alone: WordNet's index lists a lemma's every synset under its lower-case name."""
        if "_" in form:  # `synonyms` writes no underscore
            return frozenset()
        key = form.replace(" ", "_")
        return frozenset(synset_id(pos, offset) for pos in "nvar"
                         for offset in self._reader.offsets(key, pos))

    def _synonyms(self, word: str) -> frozenset[str]:
        """Lemma names sharing a sense with the word (lower case, spaces for underscores)."""
        return frozenset(name.lower().replace("_", " ")
                         for s in self.senses(word) for name in s.lemma_names())

    def _antonyms(self, word: str) -> frozenset[str]:
        """Words WordNet marks as opposite to one of the word's senses, directly or through
        an adjective satellite's head ("huge" → large ↔ small), or through a form derived
        from the word itself or the adjective an adverb is made from ("automatically" →
        automatic ↔ manual); senses the tagged corpus never saw are left out. A hyphenated
        opposite is also given written as one word ("off-line": "offline")."""
        out = set(self._sense_antonyms(word))
        for adjective in self.adjective_bases(word) - self.lemmas(word):
            out.update(self._sense_antonyms(adjective))
        return frozenset(out | {name.replace("-", "") for name in out if "-" in name})

    def _sense_antonyms(self, word: str) -> set[str]:
        """`antonyms` through the word's own senses (and derived forms) alone."""
        out: set[str] = set()
        bases = self.lemmas(word)
        for synset in self._used_senses(word, bases):
            heads = [synset, *synset.similar_tos()] if synset.pos() == "s" else [synset]
            for head in heads:
                for lemma in head.lemmas():
                    # the word's own lemma may reach its opposite through a derived form
                    # ("expansion" → expand ↔ contract); its synonyms' derived forms may not
                    own = lemma.name().lower() in bases
                    related = [lemma, *(lemma.derivationally_related_forms() if own else [])]
                    out.update(ant.name().lower().replace("_", " ")
                               for rel in related for ant in rel.antonyms())
        return out

    def _adjective_bases(self, word: str) -> frozenset[str]:
        """The adjectives an adverb is made from ("manually" → manual), by WordNet."""
        return frozenset(base.name().lower() for synset in self.senses(word)
                         if synset.pos() == "r" for lemma in synset.lemmas()
                         if lemma.name().lower() in self.lemmas(word)
                         for base in lemma.pertainyms())

    def _used_senses(self, word: str, bases: frozenset[str]) -> tuple[Any, ...]:
        """The word's senses seen in WordNet's sense-tagged corpus (cntlist), or all of
        them when none was: a rare use ("incident" as an adjective) has no opposites."""
        senses = self.senses(word)
        used = tuple(s for s in senses if any(lemma.count() > 0 for lemma in s.lemmas()
                                              if lemma.name().lower() in bases))
        return used or senses

    def _modifier(self, word: str) -> bool:
        """The word is used most as an adjective or adverb ("controversial", "late")."""
        return self.pos(word) in ("a", "r")

    def _clusters(self, word: str) -> frozenset[str]:
        """The adjective clusters of the word's frequent adjective senses, each named by its
        head's synset id: a head and its satellites make one cluster ("angry" with
        "outraged" and "furious"; "delighted" is in the cluster of "glad")."""
        out: set[str] = set()
        for base in sorted(self.lemmas(word)):
            for pos, offset in self._reader.entries(base, per_pos=MAX_SENSES):
                if pos != "a":
                    continue  # only adjective senses are read
                synset = self._reader.synset(pos, offset)
                if synset.pos() == "a":
                    out.add(synset_id("a", offset))
                else:  # a satellite: its head names the cluster
                    out.update(synset_id("a", head.offset) for head in synset.similar_tos())
        return frozenset(out)

    def _adjective_sense(self, word: str) -> bool:
        """The word has some sense as an adjective ("delighted", "concrete"), by the index:
        one of its `sense_ids` (kept between runs) is an adjective's."""
        return any(sense.startswith("a") for sense in self.sense_ids(word))

    def _noun(self, word: str) -> bool:
        """The word is used most as a noun."""
        return self.pos(word) == "n"

    def _pos(self, word: str) -> str:
        """The part of speech (n, v, a, r) the word's forms are tagged with most often in
        WordNet's sense-tagged corpus; on a tie (or none seen), the first of n, v, a, r
        that WordNet lists for it; "" for a word WordNet does not know."""
        bases = self.lemmas(word)
        totals: dict[str, int] = {}
        for base in sorted(bases):
            for synset in self._reader.synsets(base):
                pos = "a" if synset.pos() == "s" else synset.pos()
                seen = sum(lemma.count() for lemma in synset.lemmas()
                           if lemma.name().lower() in bases)
                totals[pos] = totals.get(pos, 0) + seen
        if not totals:
            return ""
        return max(totals, key=lambda p: (totals[p], -"nvar".index(p)))

    def known(self, word: str) -> bool:
        """WordNet has the word, in some form ("stitute" and "iversity" it has not)."""
        return bool(self.sense_ids(word))  # as bool(senses(word)), reading no synset

    def opposite(self, a: str, b: str) -> bool:
        """WordNet gives `b` (or one of its dictionary forms) as an opposite of `a`."""
        ants = self.antonyms(a)
        return bool(ants) and not ants.isdisjoint(self.lemmas(b) | {b.lower()}
                                                  | self.adjective_bases(b))

    def _common_word(self, word: str) -> bool:
        """WordNet lists the word in lower case only: a common word ("perfect"), where a
        name is listed capitalised ("Madagascar"; "Berlin" beside the carriage "berlin")."""
        low = word.lower()
        names = {n for s in self._reader.synsets(low) for n in s.lemma_names()
                 if n.lower() == low}
        return low in names and not any(n != low for n in names)

    def _concrete_noun(self, word: str) -> bool:
        """The word's most frequent noun sense names a thing, a living being, a group, a
        place or a time (by WordNet's lexicographer file: "family", "school", "evening"),
        not an idea, an act or a way of speaking ("example", "comparison", "opinion")."""
        return self._first_noun_file(word) in CONCRETE_NOUN_FILES

    def _time_noun(self, word: str) -> bool:
        """The word's most frequent noun sense names a time ("week", "season", "evening")."""
        return self._first_noun_file(word) == TIME_NOUN_FILE

    def _first_noun_file(self, word: str) -> int:
        """The lexicographer file of the word's most frequent noun sense (-1: none)."""
        first = next((s for s in self.senses(word) if s.pos() == "n"), None)
        return first.lexname if first is not None else -1

    def same_sense(self, a: str, b: str) -> bool:
        """`a` and `b` share a WordNet sense (synonyms, or forms of one word)."""
        return not self.synonyms(a).isdisjoint(self.lemmas(b) | {b.lower()})


def synset_id(pos: str, offset: int) -> str:
    """A synset as one string, its part of speech and offset ("n2084071"): compared in
    sets, and kept between runs as a space-separated list."""
    return f"{pos}{offset}"


def _memo(function: Callable[[str], T]) -> Callable[[str], T]:
    return functools.lru_cache(maxsize=65536)(function)


class _Kept:
    """Wraps the look-ups of one WordNet database in the memo kept between runs
    (checker/wordmemo.py); a reader without a folder keeps nothing."""

    def __init__(self, reader: Any) -> None:
        folder = getattr(reader, "folder", None)
        self.database = identity(folder) if isinstance(folder, Path) else None

    def __call__(self, name: str, function: Callable[[str], T], encode: Callable[[T], object],
                 decode: Callable[[object], T], *, language: str = "") -> Callable[[str], T]:
        if self.database is None:
            return function
        return wordmemo.remembered(f"wordnet.{name}|{self.database}", function, encode,
                                   decode, language=language)

    def strings(self, name: str, function: Callable[[str], frozenset[str]], *,
                language: str = "") -> Callable[[str], frozenset[str]]:
        return self(name, function, wordmemo.sorted_strings, wordmemo.string_set,
                    language=language)


def identity(folder: Path) -> str:
    """The database's files by name, size and time (what a memo of its answers keys on)."""
    digest = hashlib.sha256(str(folder.resolve()).encode())
    try:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            stat = entry.stat()
            digest.update(f"|{entry.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except OSError:
        pass
    return digest.hexdigest()[:16]


_LOADED: dict[str, WordNet | None] = {}


_BY_SETTING: dict[str, WordNet | None] = {}  # $TRANSCHECK_WORDNET as set → its database


_PINNED: list[WordNet | None] = []  # while `pinned()` is in force: the database it found


def load() -> WordNet | None:
    """The WordNet database, or None when it is not installed (or unreadable)."""
    if _PINNED:  # a detection pass: $TRANSCHECK_WORDNET was read when it began
        return _PINNED[0]
    setting = os.environ.get(WORDNET_ENV) or ""
    if setting in _BY_SETTING:  # the detectors ask for every word: no path work then
        return _BY_SETTING[setting]
    source = database_dir()
    key = str(source)
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = _open(source)
        _BY_SETTING[setting] = _LOADED[key]
        return _LOADED[key]


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """While in force, `load()` answers with the database it found on entry, without
    reading $TRANSCHECK_WORDNET again: the detectors ask for it once per word, and reading
    the environment costs more than most of their questions."""
    if _PINNED:  # already pinned further out
        yield
        return
    _PINNED.append(load())
    try:
        yield
    finally:
        _PINNED.clear()


def _open(source: Path) -> WordNet | None:
    if not (source / "index.noun").is_file():
        return None
    try:
        reader = Database(source)
        reader.check()  # the files, not their contents: those are read when first needed
    except (OSError, LookupError, ValueError):
        return None
    return WordNet(reader)
