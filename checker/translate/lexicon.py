"""The `lexicon` backend: a word-by-word gloss from a Ding-format dictionary.

A Ding line reads `German :: English`; `|` separates aligned sub-entries (a noun
and its plural, a verb and its forms), `;` separates synonyms, and `{}` `[]` `()`
`<>` hold annotations. The dictionary is parsed once into a SQLite index in the
cache directory (keyed by the file's path, size and mtime), so later loads only
open that index. Lookups tolerate German inflection and compounds; the analysis of
each word form (its dictionary form, a compound's split) is kept between runs beside
the index (checker/wordmemo.py), keyed by the dictionary's sha256.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from checker import PROGRESS_LOGGER, wordmemo
from checker.errors import InputError, located
from checker.model import TranslatorInfo
from checker.settings import Settings
from checker.translate.cache import cache_dir

log = logging.getLogger(__name__)
progress = logging.getLogger(PROGRESS_LOGGER)

LEXICON_ENV = "TRANSCHECK_LEXICON"
SYSTEM_LEXICON = Path("/usr/share/trans/de-en")
INDEX_FORMAT = "ding-index/5"  # bump when parsing or ranking changes
INDEX_SUBDIR = "lexicon"
MAX_GLOSSES = 24  # English glosses kept per German key, best first
MAX_PHRASE_WORDS = 4  # longer German entries are example sentences, not indexed
MAX_COMBINATIONS = 64  # compound glosses built from part glosses
MAX_ROW_MEMO = 131072  # lower-case keys whose index rows are kept in memory
MIN_COMPOUND_HEAD = 4  # characters of the head (last part) of a split compound
MIN_COMPOUND_MODIFIER = 3
HASH_PREFIX_LENGTH = 12
TEMP_SUFFIX = ".tmp"  # an index being written (or left behind by a killed build)
LOCK_NAME = "build.lock"

# Register/region labels that make a sense a poor "first sense".
MARKED_LABELS = frozenset(
    {
        "ugs.", "übtr.", "pej.", "obs.", "veraltet", "selten", "rare", "slang", "vulg.",
        "poet.", "geh.", "humor.", "iron.", "Ös.", "Schw.", "Süddt.", "Norddt.", "Mitteldt.",
        "Westdt.", "Ostdt.", "BW", "Bayr.", "archaic", "fig.", "coll.", "dated", "Br.", "Am.",
        "Austr.", "Ir.", "Sc.", "NZ", "Can.", "Jägersprache",
    }
)  # fmt: skip
# German placeholders stripped from headwords ("etw. veröffentlichen" → "veröffentlichen").
GERMAN_PLACEHOLDERS = frozenset(
    {"etw.", "jdm.", "jdn.", "jds.", "jd.", "sich", "etw", "jdm", "jdn"}
)
ENGLISH_PLACEHOLDERS = frozenset(
    {"sb.", "sth.", "sb.'s", "sth.'s", "sb.’s", "sth.’s", "one's", "one’s", "sb", "sth"}
)
ENGLISH_STOP = frozenset({"the", "a", "an", "to"})

# The most frequent German function words, glossed by hand (the dictionary's first
# sense for them is often an idiom). Used before the dictionary.
# fmt: off
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "der": ("the",), "die": ("the",), "das": ("the", "that"), "den": ("the",),
    "dem": ("the",), "des": ("of the",), "ein": ("a", "one"), "eine": ("a", "one"),
    "einen": ("a",), "einem": ("a",), "einer": ("a", "one"), "eines": ("of a",),
    "und": ("and",), "oder": ("or",), "aber": ("but",), "sondern": ("but",),
    "nicht": ("not",), "kein": ("no",), "keine": ("no",), "keinen": ("no",),
    "zu": ("to",), "zum": ("to the",), "zur": ("to the",), "im": ("in the",),
    "am": ("at the", "on the"), "vom": ("from the", "of the"), "beim": ("at the",),
    "ins": ("into the",), "in": ("in",), "an": ("at", "on"), "auf": ("on",),
    "von": ("of", "from", "by"), "mit": ("with",), "für": ("for",), "bei": ("at",),
    "nach": ("after", "to"), "aus": ("from", "out of"), "über": ("about", "over"),
    "vor": ("before", "ago"), "durch": ("through", "by"), "um": ("around", "at"),
    "gegen": ("against",), "ohne": ("without",), "seit": ("since",),
    "dass": ("that",), "wenn": ("if", "when"), "weil": ("because",), "ob": ("whether",),
    "als": ("as", "than", "when"), "wie": ("how", "as", "like"), "auch": ("also",),
    "noch": ("still", "yet"), "nur": ("only",), "schon": ("already",), "sehr": ("very",),
    "ist": ("is",), "sind": ("are",), "war": ("was",), "waren": ("were",),
    "wird": ("will", "is"), "werden": ("will", "become"), "wurde": ("was", "became"),
    "wurden": ("were",), "hat": ("has",), "haben": ("have",), "hatte": ("had",),
    "hatten": ("had",), "es": ("it",), "er": ("he",), "sie": ("she", "they"),
    "wir": ("we",), "ich": ("I",), "sich": ("itself", "themselves", "himself", "herself"),
    "sein": ("his", "be"), "seine": ("his",), "ihr": ("her", "their"), "ihre": ("her", "their"),
    "kann": ("can",), "können": ("can", "be able"), "muss": ("must", "has to"),
    "müssen": ("must", "have to"), "soll": ("should", "is to"), "sollen": ("should",),
    "sollte": ("should",), "will": ("wants", "will"), "wollen": ("want",), "darf": ("may",),
    "dürfen": ("may",), "sagen": ("say",), "sagte": ("said",), "sagt": ("says",),
    "machen": ("make", "do"), "geben": ("give",), "gibt": ("gives", "there is"),
    "gab": ("gave", "there was"), "kam": ("came",), "nehmen": ("take",),
    "man": ("one",), "mehr": ("more",), "so": ("so",), "dies": ("this",), "diese": ("this",),
    "dieser": ("this",), "dieses": ("this",), "diesem": ("this",), "diesen": ("this",),
    # particles and reported-speech forms the dictionary has no entry of their own for
    "weder": ("neither",), "hinzu": ("in addition",), "habe": ("has", "have"),
    "hätte": ("would have", "had"), "hätten": ("would have", "had"), "sei": ("is", "was"),
    "seien": ("are", "were"), "wäre": ("would be", "was"), "wären": ("would be", "were"),
    "werde": ("will",), "könne": ("can",), "müsse": ("must",), "solle": ("should",),
    "jedoch": ("however",), "zudem": ("moreover", "also"), "bereits": ("already",),
    "etwa": ("about", "for example"), "laut": ("according to",), "trotz": ("despite",),
    "während": ("during", "while"), "zwischen": ("between",), "bis": ("until", "to"),
    "unter": ("under", "among"), "dabei": ("in doing so",), "denn": ("because", "for"),
}
# fmt: on

_ANNOTATED = re.compile(r"[{\[(<]|(?:^|\s)/")
_BRACKETS = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]|\([^()]*\)|<[^<>]*>")
_LABEL = re.compile(r"\[([^\[\]]*)\]")
_SLASH_ABBREVIATION = re.compile(r"(?:^|\s)/[^/]+/(?=[\s;,|]|$)")
_WORD = re.compile(r"[^\W_]+(?:[-‐'’.][^\W_]+)*", re.UNICODE)
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W_]+(?:[-‐'’][^\W_]+)*|\S", re.UNICODE)
_EN_WORD = re.compile(r"[a-z0-9]+", re.UNICODE)


# ---------------------------------------------------------------- parsing


def strip_annotations(text: str) -> str:
    """Text without {…} […] (…) <…> annotations and /abbreviations/, whitespace-normalised."""
    bracketed = "{" in text or "[" in text or "(" in text or "<" in text
    if not bracketed and ("/" not in text or _ANNOTATED.search(text) is None):
        return " ".join(text.split())
    while bracketed:  # innermost first, until no pair is left
        text, found = _BRACKETS.subn(" ", text)
        bracketed = found > 0 and ("{" in text or "[" in text or "(" in text or "<" in text)
    if "/" in text:
        text = _SLASH_ABBREVIATION.sub(" ", text)
    return " ".join(text.split())


def _is_marked(raw: str) -> bool:
    labels = (label.strip() for found in _LABEL.findall(raw) for label in found.split(";"))
    return any(label in MARKED_LABELS for label in labels)


def _clean_english(text: str) -> str:
    """One English synonym (annotations already stripped): no leading `to`, no sb./sth."""
    text = text.replace("’", "'")
    words = text.split()
    if len(words) > 1 and words[0] == "to":
        words = words[1:]
    # every ENGLISH_PLACEHOLDERS word contains "sb", "sth" or "one'" (in any case)
    low = text.lower()
    if "sb" not in low and "sth" not in low and "one'" not in low:  # most: nothing to drop
        return " ".join(words).strip(" ,")
    return " ".join(w for w in words if w.lower() not in ENGLISH_PLACEHOLDERS).strip(" ,")


def _german_synonyms(sub_entry: str) -> list[tuple[str, bool]]:
    """(clean synonym, marked by a register label) for one German sub-entry."""
    if "[" not in sub_entry:
        return [(synonym, False) for synonym in strip_annotations(sub_entry).split(";")]
    return [(strip_annotations(raw), "[" in raw and _is_marked(raw))
            for raw in _SYNONYM_SEPARATOR.split(sub_entry)]


def _german_keys(synonym: str) -> list[tuple[str, int]]:
    """(key as written, extra rank) for one clean German synonym; placeholders dropped."""
    words = synonym.split()
    if not words or len(words) > MAX_PHRASE_WORDS:
        return []
    key = " ".join(words)
    if len(words) == 2 and words[0] in GERMAN_ARTICLES:  # "die Polizei" is also "Polizei"
        return [(key, 0), (words[1], 1)]
    # every GERMAN_PLACEHOLDERS word contains "etw", "jd" or "sich"
    if len(words) == 1 or ("etw" not in key and "jd" not in key and "sich" not in key):
        return [(key, 0)]
    bare = [w for w in words if w not in GERMAN_PLACEHOLDERS]
    if bare and len(bare) < len(words):
        return [(key, 0), (" ".join(bare), 1)]
    return [(key, 0)]


# The definite articles a Ding headword may be written with (closed class).
GERMAN_ARTICLES = frozenset("der die das den dem des".split())

_SYNONYM_SEPARATOR = re.compile(r";(?![^{\[(<]*[}\])>])")


Posting = tuple[int, int, tuple[str, ...]]  # (tier, line, English glosses in order)


def parse_ding_line(line: str, number: int) -> list[tuple[str, Posting]]:
    """(German key, posting) pairs from one dictionary line.

    Runs for each of the dictionary's ~200,000 lines when the index is built, so the
    common cases (no register labels, no placeholders) take the short paths.
    """
    if line.startswith("#") or " :: " not in line:
        return []
    german, english = line.rstrip("\n").split(" :: ", 1)
    de_subs, en_subs = german.split(" | "), strip_annotations(english).split(" | ")
    if len(de_subs) != len(en_subs):
        de_subs, en_subs = de_subs[:1], en_subs[:1]
    found: list[tuple[str, Posting]] = []
    for sub_index, (de_sub, en_sub) in enumerate(zip(de_subs, en_subs, strict=True)):
        if de_sub.count(" ") > 4 * MAX_PHRASE_WORDS and ";" not in de_sub:
            continue  # an example sentence (a long list of synonyms is not one)
        glosses = tuple(g for g in map(_clean_english, en_sub.split(";")) if g)
        if not glosses:
            continue
        for syn_index, (synonym, marked) in enumerate(_german_synonyms(de_sub)):
            tier = (0 if sub_index == 0 and syn_index == 0 else 1) + 2 * marked
            for key, extra in _german_keys(synonym):
                found.append((key, (tier + extra, number, glosses)))
    return found


Entry = tuple[int, str]  # (rank of the best posting, tab-joined English glosses)
TIER_WEIGHT = 10_000_000  # rank = tier * TIER_WEIGHT + line: tier first, then file order


def _ranked(postings: dict[str, list[Posting]]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for key, found in postings.items():
        if len(found) == 1:  # most keys: one posting, nothing to merge
            tier, line, glosses = found[0]
            ordered = list(dict.fromkeys(glosses))
        else:
            found.sort()
            tier, line = found[0][0], found[0][1]
            ordered = list(dict.fromkeys(gloss for posting in found for gloss in posting[2]))
        entries[key] = (tier * TIER_WEIGHT + line, "\t".join(ordered[:MAX_GLOSSES]))
    return entries


def build_entries(lines: Iterable[str]) -> dict[str, Entry]:
    """German key as written → (rank, English glosses best first).

    Keys keep their case (noun „Neue“ ≠ adjective „neue“); the index adds a
    lower-case column so that case-insensitive lookups merge variants by rank.
    """
    postings: dict[str, list[Posting]] = {}
    with _gc_paused():  # millions of small tuples: the collector would only slow this down
        for number, line in enumerate(lines, start=1):
            for key, posting in parse_ding_line(line, number):
                known = postings.get(key)
                if known is None:
                    postings[key] = [posting]
                else:
                    known.append(posting)
        return _ranked(postings)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------- on-disk index


def _index_name(path: Path) -> str:
    stat = path.stat()
    ident = f"{INDEX_FORMAT}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return hashlib.sha256(ident.encode()).hexdigest()[:24] + ".sqlite3"


def _read_dictionary(path: Path) -> tuple[list[str], str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(located(path, f"cannot read dictionary ({exc.strerror})")) from None
    text = data.decode("utf-8", errors="replace")
    return text.splitlines(), hashlib.sha256(data).hexdigest()


def _write_index(
    connection: sqlite3.Connection, entries: dict[str, Entry], digest: str, source: Path
) -> None:
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.execute(
        "CREATE TABLE entries (de TEXT PRIMARY KEY, folded TEXT NOT NULL, rank INTEGER NOT NULL,"
        " en TEXT NOT NULL) WITHOUT ROWID"
    )
    connection.executemany(
        "INSERT INTO entries VALUES (?, ?, ?, ?)",
        ((key, key.lower(), rank, en) for key, (rank, en) in sorted(entries.items())),
    )
    connection.execute("CREATE INDEX entries_folded ON entries (folded, rank)")
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", INDEX_FORMAT), ("sha256", digest), ("source", str(source.resolve()))],
    )
    connection.commit()


def _build_index_file(path: Path, target: Path) -> None:
    """Build the index of `path` at `target`, unless another process just did.

    Builders take an exclusive lock on a file beside the index, so that worker
    processes started together build it once; whoever holds the lock also removes
    temp files that a killed build left behind (no live build can own them then).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(target.parent):
        if target.exists():
            return
        for stale in target.parent.glob(f"*{TEMP_SUFFIX}"):
            stale.unlink(missing_ok=True)
        progress.info("indexing the dictionary %s for this and later runs (seconds, once)…", path)
        started = time.perf_counter()
        lines, digest = _read_dictionary(path)
        entries = build_entries(lines)
        handle, temp_name = tempfile.mkstemp(dir=target.parent, suffix=TEMP_SUFFIX)
        os.close(handle)
        try:
            with sqlite3.connect(temp_name) as connection:
                _write_index(connection, entries, digest, path)
            connection.close()
            os.replace(temp_name, target)
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
        log.info("dictionary index ready in %.1f s: %s", time.perf_counter() - started, target)
    _remove_stale_indexes(path, target)


@contextlib.contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    """An exclusive advisory lock on `directory`/LOCK_NAME (no lock where fcntl is missing)."""
    try:
        import fcntl
    except ImportError:  # Windows: builds may race; each still writes atomically
        yield
        return
    with open(directory / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _index_source(index: Path) -> str | None:
    try:
        connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM meta WHERE name = 'source'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def _remove_stale_indexes(path: Path, current: Path) -> None:
    """Indexes of earlier versions of the same dictionary (or of the index format) go."""
    source = str(path.resolve())
    for other in current.parent.glob("*.sqlite3"):
        if other != current and _index_source(other) == source:
            other.unlink(missing_ok=True)


def _open_index(path: Path, target: Path) -> sqlite3.Connection:
    if target.exists():
        try:
            connection = sqlite3.connect(
                f"file:{target}?mode=ro", uri=True, check_same_thread=False
            )
            connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
            return connection
        except sqlite3.Error as exc:
            log.warning("dictionary index %s unreadable (%s); rebuilding it", target, exc)
            with contextlib.suppress(OSError):
                target.unlink()
    try:
        _build_index_file(path, target)
        return sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        log.warning("cannot store dictionary index in %s (%s); indexing in memory", target, exc)
    lines, digest = _read_dictionary(path)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    _write_index(connection, build_entries(lines), digest, path)
    return connection


# ---------------------------------------------------------------- morphology


_NOUN_ADJ_SUFFIXES = ("n", "s", "e", "en", "er", "es", "em", "ern", "ens", "nen", "innen")
_VERB_SUFFIXES = ("e", "t", "st", "et", "te", "en", "est", "ten", "tet", "test", "end")
_SEPARABLE_PREFIXES = (
    "an", "auf", "aus", "ab", "bei", "ein", "mit", "nach", "vor", "zu", "zurück", "weg",
    "her", "hin", "fest", "los", "vorbei", "heraus", "hinaus", "dar", "fort", "um",
)  # fmt: skip
_UMLAUTS = str.maketrans("äöü", "aou")
_LINKING = ("", "s", "es", "n", "en", "e", "er")


def _stem_candidates(word: str) -> Iterator[str]:
    """Possible dictionary forms of an inflected German word (lower case), nearest first."""
    for suffix in _NOUN_ADJ_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            yield stem
            yield stem + "e"
            yield stem.translate(_UMLAUTS)
    for suffix in _VERB_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            yield stem + "en"
            yield stem + "n"
    yield from _participle_candidates(word)


def _participle_candidates(word: str) -> Iterator[str]:
    """`gemacht` → machen, `angekündigt` → ankündigen, `geschrieben` → schreiben."""
    for prefix in ("", *_SEPARABLE_PREFIXES):
        head = prefix + "ge"
        if word.startswith(head) and len(word) > len(head) + 3:
            rest = word[len(head) :]
            if rest.endswith(("t", "et")):
                yield prefix + rest.removesuffix("et").removesuffix("t") + "en"
            if rest.endswith("en"):
                yield prefix + rest


# ---------------------------------------------------------------- English matching


def _en_stem(word: str) -> str:
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word.removesuffix("e") if len(word) > 3 else word


def english_key(text: str) -> tuple[str, ...]:
    """Comparable form of an English word or phrase: stems, without articles and `to`."""
    words = _EN_WORD.findall(text.lower().replace("’", "'").replace("'s", ""))
    return tuple(_en_stem(w) for w in words if w not in ENGLISH_STOP)


# ---------------------------------------------------------------- the lexicon


@dataclasses.dataclass(frozen=True)
class _Analysis:
    """How a German word was found: its glosses, best first."""

    glosses: tuple[str, ...]
    known: bool  # False: not in the dictionary (a name, a number, an unknown word)


def _encode_analysis(analysis: _Analysis) -> object:
    return [list(analysis.glosses), analysis.known]


def _decode_analysis(value: object) -> _Analysis:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("not an analysis")
    return _Analysis(wordmemo.strings(value[0]), wordmemo.flag(value[1]))


class DingLexicon:
    """Implements checker.checks.base.Lexicon over a Ding dictionary index."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        row = connection.execute("SELECT value FROM meta WHERE name = 'sha256'").fetchone()
        self.digest: str = row[0] if row else ""
        self._entry = lru_cache(maxsize=131072)(self._entry_uncached)
        self._rows: dict[str, tuple[tuple[int, str, str], ...]] = {}  # see _variants
        # word analyses are kept between runs (checker/wordmemo.py), per dictionary
        kept = f"{INDEX_FORMAT}|{self.digest}"
        self.analyse = lru_cache(maxsize=65536)(wordmemo.remembered(
            f"lexicon.analyse|{kept}", self._analyse_uncached, _encode_analysis,
            _decode_analysis, language="de"))
        self._inflected_kept = lru_cache(maxsize=65536)(wordmemo.remembered(
            f"lexicon.inflected|{kept}", self._inflected, list, wordmemo.strings))
        self._glosses = lru_cache(maxsize=131072)(self._glosses_uncached)

    @classmethod
    def open(cls, path: Path, index_dir: Path) -> DingLexicon:
        if not path.is_file():
            raise InputError(located(path, "dictionary not found"))
        return cls(path, _open_index(path, index_dir / _index_name(path)))

    @property
    def identity(self) -> str:
        return f"{self.path} (sha256:{self.digest[:HASH_PREFIX_LENGTH]})"

    # -- raw index access

    def _entry_uncached(self, key: str, table: str) -> tuple[str, ...]:
        """`exact`: the key as written; `folded`: every case variant, best ranked first.
        Both are read from the rows of the key's lower-case form, fetched once for all
        its spellings and both tables (an index key's `folded` is its lower-case form)."""
        low = key.lower()
        if table != "exact" and key != low:  # no row is folded to a key with capitals
            return ()
        rows = self._variants(low)
        ens = (en for _rank, de, en in rows if de == key) if table == "exact" else (
            en for _rank, _de, en in rows)
        return tuple(dict.fromkeys(gloss for en in ens for gloss in en.split("\t")))

    def _variants(self, folded: str) -> tuple[tuple[int, str, str], ...]:
        """(rank, key, glosses) of every index key folded to `folded`, best ranked first
        (ties in key order, as the index on (folded, rank) lists them)."""
        found = self._rows.get(folded)
        if found is None:
            rows = self._connection.execute(
                "SELECT rank, de, en FROM entries WHERE folded = ?", (folded,)).fetchall()
            if len(self._rows) >= MAX_ROW_MEMO:
                self._rows.clear()
            found = self._rows[folded] = tuple(sorted(rows))
        return found

    def _lookup(self, key: str) -> tuple[str, ...]:
        """Glosses of a key as written, else of its lower-case form."""
        return self._entry(key, "exact") or self._entry(key.lower(), "folded")

    def _inflected(self, word: str) -> tuple[str, ...]:
        """Glosses of a word or of the nearest dictionary form it may be an inflection of."""
        function = FUNCTION_WORDS.get(word.lower(), ())
        if function and (word.islower() or word[1:].islower()):
            return function + self._entry(word.lower(), "folded")
        found = self._entry(word, "exact")
        for candidate in () if found else _stem_candidates(word):
            found = self._entry(candidate, "exact")
            if found:
                break
        lower = word.lower()
        if not found and lower != word:
            found = self._entry(lower, "exact")
        for candidate in () if found else _stem_candidates(lower):
            found = self._entry(candidate, "folded")
            if found:
                break
        return found or self._entry(lower, "folded")

    # -- word analysis

    def _analyse_uncached(self, word: str) -> _Analysis:
        found = self._inflected(word)
        if found:
            return _Analysis(found, True)
        if "-" in word or "‐" in word:
            return self._hyphenated(re.split(r"[-‐]", word))
        found = self._compound(word.lower())
        return _Analysis(found, True) if found else _Analysis((word,), False)

    def _part_glosses(self, part: str) -> tuple[str, ...]:
        """Glosses of one part of a hyphenated compound; unknown parts stand for themselves."""
        analysis = self.analyse(part)
        if not analysis.known:
            return (part,)
        if part.isupper() or any(c.isdigit() for c in part):
            return (part, *analysis.glosses)
        return analysis.glosses

    def _hyphenated(self, parts: Sequence[str]) -> _Analysis:
        parts = [p for p in parts if p]
        if not parts:
            return _Analysis((), False)
        options = [self._part_glosses(p)[:8] for p in parts]
        product = itertools.islice(itertools.product(*options), MAX_COMBINATIONS)
        combined = tuple(dict.fromkeys(" ".join(c) for c in product))
        return _Analysis(combined, any(self.analyse(p).known for p in parts))

    def _modifier(self, modifier: str) -> tuple[str, ...]:
        for link in _LINKING:
            if modifier.endswith(link) and len(modifier) - len(link) >= MIN_COMPOUND_MODIFIER:
                stem = modifier[: len(modifier) - len(link)]
                found = self._lookup(stem.capitalize()) or self._lookup(stem + "e")
                if found:
                    return found
        return ()

    def _compound(self, lower: str) -> tuple[str, ...]:
        """Split at the longest known head; the modifier must be known too."""
        for cut in range(MIN_COMPOUND_MODIFIER, len(lower) - MIN_COMPOUND_HEAD + 1):
            head = self._inflected(lower[cut:].capitalize())
            if not head:
                continue
            modifier = self._modifier(lower[:cut])
            if modifier:
                pairs = itertools.product(modifier[:6], head[:8])
                return tuple(f"{m} {h}" for m, h in itertools.islice(pairs, MAX_COMBINATIONS))
        return ()

    # -- the Lexicon protocol

    def gloss_list(self, de_word: str) -> tuple[str, ...]:
        """English glosses of a German word, first sense first; () if unknown."""
        word = de_word.strip(" \t\"'„“”‚‘’»«.,;:!?()[]")
        if not word:
            return ()
        phrase = self._lookup(" ".join(word.split())) if " " in word else ()
        analysis = self.analyse(word) if not phrase else _Analysis(phrase, True)
        if not analysis.known:
            return ()
        return tuple(dict.fromkeys(g.lower() for g in analysis.glosses))

    def glosses(self, de_word: str) -> frozenset[str]:
        """The glosses as a set, memoised per word form (detectors ask for the same words often)."""
        return self._glosses(de_word)

    def _glosses_uncached(self, de_word: str) -> frozenset[str]:
        return frozenset(self.gloss_list(de_word))

    def is_translation(self, de: str, en: str) -> bool:
        target = english_key(en)
        words = _WORD.findall(de)
        if not target or not words:
            return False
        if any(english_key(g) == target for g in self.gloss_list(de)):
            return True
        return len(words) > 1 and self._covers(words, target)

    def _covers(self, words: Sequence[str], target: tuple[str, ...]) -> bool:
        """Every German word is rendered in `target`, and every English word is accounted for."""
        covered: set[str] = set()
        for word in words:
            options = [english_key(g) for g in self.gloss_list(word)] or [english_key(word)]
            matches = [o for o in options if o and set(o) <= set(target)]
            if not matches and word.lower() not in FUNCTION_WORDS:
                return False
            for match in matches:
                covered.update(match)
        return set(target) <= covered

    # -- glossing whole sentences

    def gloss_word(self, word: str, sentence_start: bool = False) -> str:
        """First sense of a word; numbers, names and unknown words are kept as written.

        A capital at the start of a sentence may be only that: the lower-case word
        („Neue Preise“ → new prices) is preferred when the dictionary knows it.
        """
        if word[:1].isdigit():
            return word
        if sentence_start and word[:1].isupper() and word[1:].islower():
            found = self._inflected_kept(word.lower())
            if found:
                return found[0]
        return self.analyse(word).glosses[0]

    def gloss_sentence(self, sentence: str) -> str:
        out: list[str] = []
        for token in _TOKEN.findall(sentence):
            text = _QUOTES.get(token, token)
            if text[:1].isalnum():
                starts = not any(t[:1].isalnum() for t in out)
                out.append(self.gloss_word(text, sentence_start=starts))
            else:
                out.append(text)
        return _join_tokens(out)


_QUOTES = {"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "»": '"', "«": '"'}
_NO_SPACE_BEFORE = frozenset(".,;:!?)]%")
_NO_SPACE_AFTER = frozenset("([")


def _join_tokens(tokens: Sequence[str]) -> str:
    """Join glossed tokens with English spacing; straight quotes open and close by turn."""
    text, quote_open = "", False
    for token in tokens:
        glue = not text or text[-1] in _NO_SPACE_AFTER or token in _NO_SPACE_BEFORE
        if token == '"':
            glue = glue or quote_open
            text += ("" if glue else " ") + token
            quote_open = not quote_open
            continue
        if text.endswith('"') and quote_open:
            glue = True
        text += ("" if glue else " ") + token
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- backend + loader


class LexiconTranslator:
    """Word-by-word gloss, first sense of each word; names, numbers and punctuation kept."""

    def __init__(self, lexicon: DingLexicon, reason: str = "") -> None:
        self.lexicon = lexicon
        self._info = TranslatorInfo(name="lexicon", model=lexicon.identity, reason=reason)

    @property
    def info(self) -> TranslatorInfo:
        return self._info

    def set_reason(self, reason: str) -> None:
        self._info = dataclasses.replace(self._info, reason=reason)

    def cache_key(self) -> str:
        return f"lexicon|{INDEX_FORMAT}|sha256:{self.lexicon.digest}"

    def translate(self, sentences: Sequence[str]) -> list[str | None]:
        wordmemo.prefetch("de", (t for s in sentences for t in _TOKEN.findall(s)))
        return [self.lexicon.gloss_sentence(s) for s in sentences]


def lexicon_search_paths(settings: Settings) -> list[Path]:
    """Where a dictionary is looked for, in order."""
    explicit = settings.lexicon or os.environ.get(LEXICON_ENV)
    return [Path(explicit)] if explicit else [SYSTEM_LEXICON]


_LOADED: dict[tuple[str, str], DingLexicon] = {}


def _dictionary_path(settings: Settings) -> Path | None:
    """The dictionary to use, or None if none is installed. A dictionary named explicitly
    (settings.lexicon or $TRANSCHECK_LEXICON) that is missing is an InputError."""
    explicit = bool(settings.lexicon or os.environ.get(LEXICON_ENV))
    path = lexicon_search_paths(settings)[0]
    if not path.is_file():
        if explicit:
            raise InputError(located(path, "dictionary not found"))
        return None
    return path


def load_lexicon(settings: Settings) -> DingLexicon | None:
    """The dictionary named by settings/env, or the system one; None if none is installed.

    A dictionary named explicitly (settings.lexicon or $TRANSCHECK_LEXICON) that is
    missing is an InputError.
    """
    path = _dictionary_path(settings)
    if path is None:
        return None
    index_dir = cache_dir(settings) / INDEX_SUBDIR
    memo_key = (str(path.resolve()), _index_name(path) + str(index_dir))
    if memo_key not in _LOADED:
        _LOADED[memo_key] = DingLexicon.open(path, index_dir)
    return _LOADED[memo_key]


def _known_digest(path: Path, index: Path) -> str:
    """The dictionary's sha256 without building its index: from the index if there is one."""
    if index.exists():
        with contextlib.suppress(sqlite3.Error):
            connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
            try:
                row = connection.execute("SELECT value FROM meta WHERE name = 'sha256'").fetchone()
            finally:
                connection.close()
            if row:
                return str(row[0])
    return _read_dictionary(path)[1]


class LazyLexicon:
    """A dictionary the detectors may consult, opened (and indexed) on first use.

    `--translator none` and `memory` runs pay for the dictionary only when a detector
    actually looks a word up. Every DingLexicon attribute is available; `identity`
    (for the report signature) needs no index.
    """

    def __init__(self, settings: Settings, path: Path) -> None:
        self._settings = settings
        self.path = path
        self._loaded: DingLexicon | None = None

    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def load(self) -> DingLexicon:
        if self._loaded is None:
            found = load_lexicon(self._settings)
            if found is None:  # removed since this object was made
                raise InputError(located(self.path, "dictionary not found"))
            self._loaded = found
        return self._loaded

    @property
    def identity(self) -> str:
        if self._loaded is not None:
            return self._loaded.identity
        index = cache_dir(self._settings) / INDEX_SUBDIR / _index_name(self.path)
        return f"{self.path} (sha256:{_known_digest(self.path, index)[:HASH_PREFIX_LENGTH]})"

    def glosses(self, de_word: str) -> frozenset[str]:
        return self.load().glosses(de_word)

    def gloss_list(self, de_word: str) -> tuple[str, ...]:
        return self.load().gloss_list(de_word)

    def is_translation(self, de: str, en: str) -> bool:
        return self.load().is_translation(de, en)

    def __getattr__(self, name: str) -> object:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.load(), name)


def lazy_lexicon(settings: Settings) -> LazyLexicon | None:
    """The dictionary load_lexicon would open, not yet opened; None if none is installed."""
    path = _dictionary_path(settings)
    if path is None:
        return None
    return LazyLexicon(settings, path)
