"""`meaning` and `wording`: how far the English drifted from the machine translation.

The English is compared with the MT word by word. English content words that
neither the MT nor the German accounts for, and MT content words the English
dropped, are collected as evidence for the whole bead; a bead gets at most one
`meaning` flag and one `wording` flag, never one flag per word.

A faithful human translation differs from a literal MT in a word or two almost
everywhere, so one unmatched word on its own is `wording` (info). The bead is a
`meaning` finding (warning) only on strong evidence:

- an antonym (WordNet, the closed table, or un-/in-/dis- prefixes: "healthy" ↔
  "unhealthy"), unless one side also has one negation more ("undamaged" / "no damage");
- a word left missing ("emissions per of output": a determiner before a preposition;
  "a picture of 's cave": a possessive with no noun; "roots in .");
- an adjective or adverb slipped in beside words the MT shares ("the controversial
  decision"; not a particle or an emphasiser: "welcome back", "every single");
- with a dictionary: a word swapped one for one (not two nouns, not two adverbs) where
  the dictionary confirms the English word translates no German word of the bead, or a
  German-backed noun the English dropped outright; without one, two words inserted or
  dropped outright;
- the bead's chrF under the `meaning` threshold.

On a long bead (over `MAX_WORDS_ONE_CLAIM` English words: several sentences on one
line) one piece of the swap/insertion evidence is not enough: it takes two.

Words do not count as evidence when a derived form is on the other side
("benefited" ~ "beneficiary"), when they are light words ("people", "together",
"in order to"), or, with a dictionary, when a German word of the bead glosses them
(irregular forms matched: "sent" ~ "to send") and is not already spoken for. An
English word slipped in beside words the MT shares is an addition, not a substitution.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources
from typing import Any

from checker import wordmemo, wordnet
from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import (
    Token,
    american,
    common_prefix,
    is_content_en,
    make_flag,
    stem_en,
    words,
)
from checker.checks.names import GermanWords, english_name_candidates
from checker.checks.numbers_units import is_unit_word
from checker.checks.numbers_words import is_en_quantity_word
from checker.model import BeadResult, Flag

MEANING = "meaning"
WORDING = "wording"
ANTONYM_FILE = "antonyms.tsv"
IRREGULAR_FILE = "irregular_verbs.tsv"
# the code and data a German word's gloss keys come from (their kept answers key on it)
KEY_SOURCES = ("checks/meaning.py", "checks/common.py", f"data/{IRREGULAR_FILE}")
GLOSS_FILLERS = frozenset({"to", "a", "an", "the", "sth.", "sb.", "oneself", "something",
                           "someone", "of"})

NEGATORS = frozenset({"not", "no", "never", "without", "nor", "non"})  # "non" of "non-evident"
# English quantifiers (closed class): their opposites come from the antonym table only;
# WordNet links them loosely ("some" ↔ "few", "all")
QUANTIFIERS = frozenset("""some any few many much little several all no none most more less
    fewer enough each every both either neither""".split())
# English focusing adverbs and approximators that restrict or scale a claim ("applies
# only to schools", "almost finished"; closed class, Quirk et al. §8.116 ff.), and the
# quantifiers above that pick a part of a set ("most members"): stopwords, yet one
# slipped in where neither the MT nor the German (by the dictionary) has it changes
# what is claimed
SCALING = frozenset("only almost nearly barely hardly scarcely all most some many few several"
                    .split())
MIN_CHRF_WORDS = 5  # chrF of shorter German (or of a heading: "Fazit") says little
# a word-by-word gloss scores far lower than MT against the same faithful English
GLOSS_CHRF_FACTOR = 0.6
MAX_WORDS_SHOWN = 3  # words quoted in one message
# content words in a row, English and MT together, that the other side does not account
# for: a part of the sentence says something else (free translations stay below it)
MIN_STRETCH = 7
# the wording of direct evidence in a `meaning` message (findings.py keeps such a
# finding a warning beyond the pair's budget)
OPPOSITE = "is the opposite of"
WORD_MISSING = "a word seems to be missing"
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "per", "our", "your", "my"})
AUXILIARIES = frozenset({"has", "have", "had", "could", "would", "should"})  # no nouns
NOT_AFTER_DETERMINER = frozenset(
    {"of", "that", "and", "in", "on", "to", "with", "for", "by", "from", "at", "the", "a", "an",
     "is", "was", "were", "are", "or", "as", "into", "than", *AUXILIARIES}
)
# prepositions that open a phrase of place, time or company ("in Berlin", "with friends")
PHRASE_PREPOSITIONS = frozenset("in at on with by for from to towards toward during after "
                                "before near".split())
# determiners of a time phrase (closed class: deictic "last", "next", "this"; distributive
# "every", "each")
TIME_DETERMINERS = frozenset({"last", "next", "this", "every", "each"})
# demonstrative and distributive determiners (closed class: "in this city", "every week")
PHRASE_DETERMINERS = frozenset({"this", "that", "these", "those", "every", "each"})
MAX_SUBJECT_WORDS = 3  # words of a subject the English may have dropped ("Feral children")
# personal subject pronouns (in lower case: "an IT firm") never follow a determiner ("in
# the it", "a you want")
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "you"})
# prefixes that turn an English word into its opposite ("healthy" ↔ "unhealthy")
NEGATING_PREFIXES = ("un", "non", "il", "ir")  # in-/im-/dis- make too many other words (inform)
MIN_PREFIXED_BASE = 4  # "unable" → "able" is fine; shorter bases ("in" + "to") are not
# in-/im-/dis-/mis- negate only with a longer base ("inactive", "dishonest"); the words
# below merely start like that ("discover" is no "not cover")
RARELY_NEGATING_PREFIXES = ("in", "im", "dis", "mis")
MIN_RARE_PREFIXED_BASE = 5
NOT_NEGATED = frozenset(
    """discover discount disclose distress dispatch display dispose distance dissolve
    impress impose import implant impact imprint improve impart imply
    insight inside income input increase invest intend inform intense instance install
    instill instead inspire insist insure interest intern index induce infuse
    misuse mission""".split()
)
_NOT_NEGATED_STEMS = frozenset(stem_en(w) for w in NOT_NEGATED)
# prefixes of opposite direction: the rest of the word must be this long ("detain" ≠ "retain")
OPPOSITE_PREFIXES = (("re", "de"), ("de", "re"), ("con", "de"), ("in", "out"), ("out", "in"),
                     ("over", "under"), ("under", "over"), ("pro", "anti"), ("anti", "pro"),
                     ("pre", "post"), ("post", "pre"), ("up", "down"), ("down", "up"))
MIN_SWAPPED_BASE = 5
_ANY_PREFIX = tuple(sorted({*NEGATING_PREFIXES, *RARELY_NEGATING_PREFIXES,
                            *(p for pair in OPPOSITE_PREFIXES for p in pair)}))
# derivation: stems sharing all but this many final letters are one word ("expan-sion")
MIN_RELATED_STEM = 4
MAX_RELATED_TAIL = 2
MIN_CONTAINED = 5  # "night" in "overnight": a whole word inside a compound
MIN_COMPOUND_HEAD = 3  # ... after a first part this long that does not negate ("insignificant")
NEGATING_HEADS = ("non", "dis", "mis", "anti", "counter", "under", "over", "un", "in", "im")
# light words: function-like adverbs, and nouns and verbs a translator adds or drops
# freely ("creative people", "in order to", "take it for granted", "for a time to come")
LIGHT_WORDS = frozenset(
    """together instead rather indeed hence therefore thus moreover furthermore meanwhile
    namely respectively actually simply really merely certainly apparently obviously
    overall accordingly nevertheless nonetheless otherwise anyway somewhat whereas far enough
    order hand regard respect terms basis means fact people person persons thing things
    something someone somebody anything anyone everything everyone nothing nobody
    ones lot lots kind sort bit
    take takes took taken taking give gives gave given giving come comes came coming
    go goes went gone going keep keeps kept keeping put puts putting
    become becomes became becoming seem seems seemed seeming""".split()
)


@functools.lru_cache(maxsize=1)
def antonyms() -> dict[str, frozenset[str]]:
    """English stem → stems of its opposites, for the closed class of checker/data/antonyms.tsv
    (direction, time and amount words WordNet does not link)."""
    text = resources.files("checker").joinpath("data", ANTONYM_FILE).read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        a, b = (w.strip().lower() for w in line.split("\t", 1))
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


@functools.lru_cache(maxsize=262144)
def are_antonyms(a: str, b: str) -> bool:
    """Opposites by WordNet (any form: "won" ↔ "lost", "huge" ↔ "small"), by the closed
    table of function words, or by a negating prefix ("likely" ↔ "unlikely",
    "constructive" ↔ "deconstructive")."""
    la, lb = a.lower(), b.lower()
    if lb in antonyms().get(la, ()):
        return True
    if la in QUANTIFIERS or lb in QUANTIFIERS:
        return False  # the closed table decides ("some" is no opposite of "a few")
    net = wordnet.load()
    if net is not None and (net.opposite(la, lb) or net.opposite(lb, la)):
        return True
    if not (la.startswith(_ANY_PREFIX) or lb.startswith(_ANY_PREFIX)):
        return False  # the prefix tests below each need a word with one of these prefixes
    return (_negated_form(la, lb) or _negated_form(lb, la)
            or _swapped_prefix(la, lb) or _swapped_prefix(lb, la))


def _negated_form(word: str, other: str) -> bool:
    for prefix in NEGATING_PREFIXES:
        base = other[len(prefix):]
        if (
            other.startswith(prefix)
            and len(base) >= MIN_PREFIXED_BASE
            and (base == word or stem_en(base) == stem_en(word))
        ):
            return True
    if other in NOT_NEGATED or comparable(other) in _NOT_NEGATED_STEMS:
        return False
    for prefix in RARELY_NEGATING_PREFIXES:
        base = other[len(prefix):]
        if (
            other.startswith(prefix)
            and len(base) >= MIN_RARE_PREFIXED_BASE
            and (base == word or comparable(base) == comparable(word))
        ):
            return True
    return False


def _swapped_prefix(word: str, other: str) -> bool:
    """construct ↔ deconstruct, reconstructive ↔ deconstructive, inflow ↔ outflow."""
    for p, q in OPPOSITE_PREFIXES:
        if word.startswith(p) and other.startswith(q):
            rest = word[len(p):]
            if len(rest) >= MIN_SWAPPED_BASE and other[len(q):] == rest:
                return True
    return False


@functools.lru_cache(maxsize=262144)
def comparable(word: str) -> str:
    """A stem for comparing word forms: "biggest" → "big", "reducing" → "reduc";
    British and American spellings alike ("harbour" / "harbor", "centre" / "center")."""
    stem = stem_en(american(word))
    if len(stem) >= 4 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        stem = stem[:-1]  # a doubled final consonant: bigg(est), stopp(ed)
    return stem


@functools.lru_cache(maxsize=262144)
def related_forms(a: str, b: str) -> bool:
    """The same word or a derivationally related form ("benefited" ~ "beneficiary",
    "expansion" ~ "expanding", "tech" ~ "technology", "fall" ~ "rainfall")."""
    return _stems_related(comparable(a), comparable(b))


def _stems_related(sa: str, sb: str) -> bool:
    if sa == sb:
        return True
    short, long_ = sorted((sa, sb), key=len)
    if len(short) < MIN_RELATED_STEM:
        return False
    prefix = common_prefix(short, long_)
    if prefix >= max(MIN_RELATED_STEM, len(short) - MAX_RELATED_TAIL):
        return True
    head = long_[: len(long_) - len(short)]
    return (len(short) >= MIN_CONTAINED and long_.endswith(short)  # (over)night, (water)fall
            and len(head) >= MIN_COMPOUND_HEAD and not head.startswith(NEGATING_HEADS))


@functools.lru_cache(maxsize=262144)
def counts(word: str) -> bool:
    """A content word whose presence or absence says something (not a light word, and
    not a number word or unit, which the `number` check judges)."""
    return (is_content_en(word) and word.lower() not in LIGHT_WORDS
            and word.lower() not in NEGATORS and not is_en_quantity_word(word)
            and not is_unit_word(word))


@functools.lru_cache(maxsize=1)
def irregular_forms() -> dict[str, str]:
    """Irregular English verb form → its base ("sent" → "send").

    Read from checker/data/irregular_verbs.tsv.
    """
    text = resources.files("checker").joinpath("data", IRREGULAR_FILE).read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        base, *forms = (w.strip() for w in line.split("\t"))
        for form in forms:
            table.setdefault(form, base)
    return table


@functools.lru_cache(maxsize=262144)
def lemma_key(word: str) -> str:
    """A key for matching an English word against dictionary glosses: irregular past forms
    reduced to the base ("went" → "go"), then stemmed."""
    low = word.lower()
    return stem_en(irregular_forms().get(low, low))


class Witness:
    """What the German side says, for judging English words.

    With a dictionary, a German word backs an English word when one of its glosses
    contains it; but a German word whose rendering the MT and the English share is
    spoken for ("selbst" → "themselves" in both cannot also back an added "personal"),
    unless the same gloss covers both ("Kriegsausgaben" → "war expenses").
    The glosses of each German word are looked up once, and every answer is memoised.
    """

    def __init__(self, de_text: str, de_tokens: tuple[Token, ...], lexicon: Lexicon | None,
                 shared: frozenset[str] = frozenset()) -> None:
        self.de_text = de_text
        self.de_tokens = de_tokens
        self.lexicon = lexicon
        self.shared = shared
        self._supports: dict[str, bool] = {}
        self._by_key: dict[str, list[GlossKeys]] = {}

    @functools.cached_property
    def _glossary(self) -> tuple[GlossKeys, ...]:
        """Per German word: the lemma keys of its glosses (looked up when a word first
        needs the dictionary)."""
        lexicon: Any = self.lexicon  # hashable, as _word_keys' memo needs
        return tuple(_word_keys(lexicon, t.text) for t in self.de_tokens
                     ) if lexicon is not None else ()

    def _glossed_by(self, key: str) -> list[GlossKeys]:
        """The German words' gloss keys (as `_glossary`, in its order) that hold this key,
        found per key asked (a bead asks about a few keys, its words hold a hundred)."""
        found = self._by_key.get(key)
        if found is None:
            found = self._by_key[key] = [g for g in self._glossary if key in g.every]
        return found

    @functools.cached_property
    def _german(self) -> GermanWords:
        return GermanWords(self.de_text, self.de_tokens)

    def supports(self, en_word: str) -> bool:
        """The German has this word (cognate/identical) or a word the dictionary renders so."""
        found = self._supports.get(en_word)
        if found is None:
            found = self._supports[en_word] = self._supports_uncached(en_word)
        return found

    def _supports_uncached(self, en_word: str) -> bool:
        if self._german.has(en_word):
            return True
        key = lemma_key(en_word)
        return any(self._backs(g.sets, key) for g in self._glossed_by(key))

    def _backs(self, gloss_keys: tuple[frozenset[str], ...], key: str) -> bool:
        matching = [k for k in gloss_keys if key in k]
        if not matching:
            return False
        others = self.shared - {key}
        taken = any(len(k) == 1 and not k.isdisjoint(others) for k in gloss_keys)
        return not taken or any(not k.isdisjoint(others) for k in matching)

    def links(self, mt_word: str, en_word: str) -> bool:
        """Some German word the dictionary renders both as `mt_word` and as `en_word`."""
        mt_key, en_key = lemma_key(mt_word), lemma_key(en_word)
        return any(en_key in g.every for g in self._glossed_by(mt_key))

    def links_any(self, mt_word: str, en_keys: frozenset[str]) -> bool:
        """`links(mt_word, e)` for some English word e whose `lemma_key` is in `en_keys`."""
        if not en_keys:
            return False
        mt_key = lemma_key(mt_word)
        return any(not g.every.isdisjoint(en_keys) for g in self._glossed_by(mt_key))

    def glossed(self) -> frozenset[str]:
        """Every lemma key some German word of the bead is glossed with."""
        return frozenset().union(*(g.every for g in self._glossary))


def _glosses(lexicon: Lexicon, token: Token) -> frozenset[str]:
    return lexicon.glosses(token.text) | lexicon.glosses(token.lower)


class GlossKeys:
    """The lemma keys of a German word's glosses: each gloss's (`sets`, made when first
    asked for: most questions need only `every`) and all of them together. Kept as
    each gloss's keys joined by spaces (no key holds one), as the word memo stores them."""

    def __init__(self, groups: tuple[str, ...]) -> None:
        self.groups = groups
        self.every = frozenset(" ".join(groups).split())

    @functools.cached_property
    def sets(self) -> tuple[frozenset[str], ...]:
        return tuple(frozenset(g.split()) for g in self.groups)


@functools.lru_cache(maxsize=65536)
def _word_keys(lexicon: Any, de_word: str) -> GlossKeys:
    """The lemma keys of a German word's glosses (per word form: a dictionary does not
    change while it is open). `lexicon` is a (hashable) Lexicon."""
    return GlossKeys(_kept_keys(lexicon)(de_word))


@functools.lru_cache(maxsize=8)
def _kept_keys(lexicon: Any) -> Callable[[str], tuple[str, ...]]:
    """German word form → the lemma keys of each of its glosses, joined by spaces, kept
    between runs (checker/wordmemo.py) per dictionary and per the code of KEY_SOURCES;
    a lexicon without a digest (no index file) keeps nothing."""

    def compute(de_word: str) -> tuple[str, ...]:
        glosses = _glosses(lexicon, Token(de_word, 0, len(de_word)))
        return tuple(" ".join(sorted(_gloss_keys(g))) for g in glosses)

    digest = getattr(lexicon, "digest", None)
    if not isinstance(digest, str) or not digest:
        return compute
    code = wordmemo.source_digest("meaning.gloss_keys", KEY_SOURCES)
    return wordmemo.remembered(f"meaning.gloss_keys|{digest}|{code}", compute, list,
                               wordmemo.strings, language="de")


def gloss_keys(lexicon: Lexicon, de_word: str) -> frozenset[str]:
    """Every lemma key the dictionary glosses a German word form with (memoised)."""
    hashable: Any = lexicon  # as _word_keys' memo needs
    return _word_keys(hashable, de_word).every


@functools.lru_cache(maxsize=65536)
def _gloss_keys(gloss: str) -> frozenset[str]:
    return frozenset(lemma_key(part) for part in gloss.split() if part not in GLOSS_FILLERS)


@dataclass(frozen=True)
class Change:
    mt: tuple[Token, ...]  # MT words replaced or dropped
    en: tuple[Token, ...]  # English words replacing or added


def word_changes(mt_toks: tuple[Token, ...], en_toks: tuple[Token, ...]) -> list[Change]:
    keys_mt = [stem_en(t.text) for t in mt_toks]
    keys_en = [stem_en(t.text) for t in en_toks]
    matcher = SequenceMatcher(None, keys_mt, keys_en, autojunk=False)
    return [
        Change(tuple(mt_toks[i1:i2]), tuple(en_toks[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """What the word comparison of one bead found."""

    added: tuple[str, ...] = ()  # English words unsupported by German and MT
    dropped: tuple[str, ...] = ()  # MT words the English left out outright
    inserted: tuple[str, ...] = ()  # of `added`: slipped in where the MT has nothing
    # a noun slipped in alone ("the hotel staff entrance"), or as a phrase ("at school")
    lone: tuple[str, ...] = ()
    # of `added`: a word put before a noun, a modifier there: a verb form WordNet also
    # knows as an adjective slipped in ("the hidden danger"), or with a dictionary a
    # modifier or a noun before a noun the German backs ("a lifetime guarantee")
    premodifiers: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()  # of `dropped`: German-backed words the English lacks
    replaced: tuple[tuple[str, str], ...] = ()  # (MT word, English word) substitutions
    synonyms: tuple[tuple[str, str], ...] = ()  # substitutions the dictionary/WordNet links
    antonym: tuple[str, str] | None = None  # (MT word, English word)
    unconfirmed: tuple[str, str] | None = None  # (MT word, English word): dictionary says no
    swapped: bool = False  # `unconfirmed` is a one-for-one swap, not of two nouns
    gap: str = ""  # "per of": a word is missing in the English
    dictionary: bool = False  # a German–English dictionary backed the judgement
    words: int = 0  # English words of the bead
    # the longest run of English content words nothing accounts for, and of MT content
    # words the English does not render: a stretch said differently or not at all
    stretch_en: tuple[str, ...] = ()
    stretch_mt: tuple[str, ...] = ()

    @property
    def unaccounted(self) -> int:
        return len(self.stretch_en) + len(self.stretch_mt)

    @property
    def direct(self) -> bool:
        """An opposite or a missing word: evidence a reader can see in the words."""
        return self.antonym is not None or bool(self.gap)

    @property
    def unmatched(self) -> int:
        return len(self.added) + len(self.dropped)

    @property
    def strength(self) -> int:
        """0: wording only; higher: stronger evidence that the meaning changed."""
        if self.antonym is not None or self.gap:
            return 3
        # a modifier slipped in beside words the MT has ("the controversial fact");
        # with a dictionary also a noun slipped in alone between two words the MT has
        # side by side ("the hotel staff entrance") or in a phrase of its own ("with your
        # family"), a word swapped one for one that the German does not back (not two
        # nouns: translators choose nouns freely), or a
        # German-backed noun the English dropped outright; without one, two words
        # inserted or deleted.
        # a long bead (several sentences on one line) offers more chances for a stray
        # word: there, one such piece of evidence is not enough
        needed = 1 if self.words <= MAX_WORDS_ONE_CLAIM else 2
        strong = (sum(1 for w in self.inserted if _modifier(w)) + len(self.lone)
                  + len(self.premodifiers))
        if self.dictionary:
            strong += self.swapped + sum(1 for w in self.deleted if _noun(w))
        if strong >= needed:
            return 2
        if not self.dictionary and len(self.inserted) + len(self.deleted) >= 2 * needed:
            return 1
        return 0

    @property
    def empty(self) -> bool:
        return not (self.unmatched or self.replaced or self.synonyms or self.gap
                    or self.antonym or self.unconfirmed)


MAX_SIDE_WORDS = 60  # words per side compared pairwise (bounds the work on long beads)
# English adverb particles (closed class): parts of phrasal verbs, not modifiers
PARTICLES = frozenset("back up down out off away over in on around along forward ahead "
                      "apart aside about through".split())
# English emphasisers and restrictive adjectives (closed class): they stress, not add
EMPHASISERS = frozenset("single very own whole entire mere sheer utter particular specific "
                        "certain actual real same respective various".split())
MAX_SWAP_SPAN = 2  # words a side of a change may have for it to be a swap ("final match")
MAX_WORDS_ONE_CLAIM = 50  # English words of a bead where one piece of evidence suffices


class Sides:
    """The two English texts of a bead, for asking whether one accounts for a word."""

    def __init__(self, mt_tokens: tuple[Token, ...], en_tokens: tuple[Token, ...],
                 mt_text: str = "") -> None:
        self.mt_tokens = mt_tokens
        self.en_tokens = en_tokens
        # MT words that are parts of a hyphenated compound ("sound-insulated")
        self.mt_hyphenated = frozenset(t.start for t in mt_tokens if _in_compound(mt_text, t))
        # every word is looked up exactly; derived forms among the first MAX_SIDE_WORDS
        self._mt_all = frozenset(t.text for t in mt_tokens)
        self._en_all = frozenset(t.text for t in en_tokens)
        self._mt_words = frozenset(t.text for t in mt_tokens[:MAX_SIDE_WORDS])
        self._en_words = frozenset(t.text for t in en_tokens[:MAX_SIDE_WORDS])
        self._mt_stems = StemIndex(self._mt_words)
        self._en_stems = StemIndex(self._en_words)
        self._position = {t.start: k for k, t in enumerate(en_tokens)}

    def in_mt(self, word: str) -> bool:
        return word in self._mt_all or self._mt_stems.related(word)

    def in_en(self, word: str) -> bool:
        return word in self._en_all or self._en_stems.related(word)

    @functools.cached_property
    def mt_content(self) -> list[Token]:
        return [t for t in self.mt_tokens if is_content_en(t.text)][:MAX_SIDE_WORDS]

    @functools.cached_property
    def en_content(self) -> list[Token]:
        return [t for t in self.en_tokens if is_content_en(t.text)][:MAX_SIDE_WORDS]

    @functools.cached_property
    def mt_senses(self) -> SenseIndex:
        """Accounts for English words: a more general or specific word for an MT word is a
        rendering of it. Not the other way round: an MT noun the English dropped is often
        a more general word for one the English keeps ("skiing is a popular activity" /
        "skiing is a popular with")."""
        return SenseIndex(self.mt_content, kinds=True)

    @functools.cached_property
    def en_senses(self) -> SenseIndex:
        return SenseIndex(self.en_content)

    def inserted(self, token: Token) -> bool:
        """An English word slipped in beside a word the MT has, where the MT has nothing
        in its place ("aircraft carriers were" / "aircraft have been"; "viewing screens" /
        "television screens" with "television" kept elsewhere)."""
        i = self._position[token.start]
        for step in (1, -1):
            k = i + step
            if not 0 <= k < len(self.en_tokens) or not counts(self.en_tokens[k].text):
                continue
            key = comparable(self.en_tokens[k].text)
            spots = [j for j, t in enumerate(self.mt_tokens) if comparable(t.text) == key]
            beyond = self.en_tokens[i - step] if 0 <= i - step < len(self.en_tokens) else None
            if spots and all(self._free(j - step, beyond) for j in spots):
                return True
        return False

    def participle(self, token: Token) -> bool:
        """A word WordNet uses most as a verb but also knows as an adjective, right before
        a noun: it modifies the noun ("the hidden danger", "blocked tubes")."""
        i = self._position[token.start]
        net = wordnet.load()
        return (net is not None and not _modifier(token.text)
                and net.adjective_sense(token.text) and i + 1 < len(self.en_tokens)
                and _noun(self.en_tokens[i + 1].text))

    def before_backed_noun(self, token: Token, witness: Witness) -> bool:
        """A modifier or a noun right before a noun the German backs, not an emphasiser:
        it narrows what the German says ("foreign airlines", "a lifetime guarantee"),
        unless the two render one longer MT word ("false information" / "misinformation")."""
        i = self._position[token.start]
        if i + 1 >= len(self.en_tokens) or token.lower in EMPHASISERS:
            return False
        head = self.en_tokens[i + 1].lower
        if any(len(t.lower) > len(head) and t.lower.endswith(head) for t in self.mt_tokens):
            return False  # the two words render one MT word ("false information")
        return ((_modifier(token.text) or _noun(token.text)) and _noun(head)
                and witness.supports(head))

    def beside_accounted(self, token: Token, witness: Witness,
                         replaced: list[Token]) -> bool:
        """The English word right before or after the token is a content word the MT has
        or the German backs: the token modifies a word of the translation. Not the end of
        a longer MT word the token replaces: with it, the token renders that word's first
        part ("false information" for "misinformation")."""
        i = self._position[token.start]
        for k in (i - 1, i + 1):
            if not 0 <= k < len(self.en_tokens) or not counts(self.en_tokens[k].text):
                continue
            word = self.en_tokens[k].lower
            if any(len(t.lower) > len(word) and t.lower.endswith(word) for t in replaced):
                continue
            if comparable(word) in self._mt_stems.stems or witness.supports(word):
                return True
        return False

    def _free(self, j: int, beyond: Token | None) -> bool:
        """The MT has no content word at position j, or the one the English has beyond the
        inserted word ("television screens" / "television viewing screens")."""
        if not 0 <= j < len(self.mt_tokens):
            return True
        word = self.mt_tokens[j].text
        if not is_content_en(word):
            return True
        return beyond is not None and comparable(beyond.text) == comparable(word)


class StemIndex:
    """The `comparable` stems of some words, found by their first and last letters, so
    that `related(word)` equals `any(related_forms(word, w) for w in words)` without
    comparing the word with every one of them."""

    def __init__(self, words: frozenset[str]) -> None:
        self.stems = frozenset(comparable(w) for w in words)
        self._by_head: dict[str, list[str]] = {}
        self._by_tail: dict[str, list[str]] = {}
        self._related: dict[str, bool] = {}  # answers, per word asked (a bead asks often)
        for stem in self.stems:  # candidates for a shared start, or a word ending another
            if len(stem) >= MIN_RELATED_STEM:
                self._by_head.setdefault(stem[:MIN_RELATED_STEM], []).append(stem)
            if len(stem) >= MIN_CONTAINED:
                self._by_tail.setdefault(stem[-MIN_CONTAINED:], []).append(stem)

    def related(self, word: str) -> bool:
        found = self._related.get(word)
        if found is None:
            found = self._related[word] = self._related_uncached(word)
        return found

    def _related_uncached(self, word: str) -> bool:
        stem = comparable(word)
        if stem in self.stems:
            return True
        candidates = self._by_head.get(stem[:MIN_RELATED_STEM], []) if len(
            stem) >= MIN_RELATED_STEM else []
        if len(stem) >= MIN_CONTAINED:
            candidates = candidates + self._by_tail.get(stem[-MIN_CONTAINED:], [])
        return any(_stems_related(stem, other) for other in candidates)


class SenseIndex:
    """The WordNet forms and senses of some words together, so that `shares(word)` equals
    `any(_same_sense(word, t.text) for t in tokens)` in set look-ups. Senses are
    compared as synsets found in WordNet's index: a word's synonyms include a form exactly
    when one of its senses is among the synsets named by the form. Adjectives also share
    a sense when they are in one cluster (a head and its satellites: "angry", "outraged").

    With `kinds`, a word also shares a sense with a word it is a more general or a more
    specific kind of (`wordnet.broader`: "name" / "title", "athlete" / "skier"): a
    rendering, not another meaning."""

    def __init__(self, tokens: list[Token], *, kinds: bool = False) -> None:
        net = wordnet.load()
        self._net = net
        self._kinds = kinds
        self._named: frozenset[str] = frozenset()  # synsets naming a form
        self._senses: frozenset[str] = frozenset()
        self._clusters: frozenset[str] = frozenset()  # adjective clusters
        self._broader: frozenset[str] = frozenset()  # synsets above the senses
        if net is not None:
            self._named = frozenset().union(*(net.named_forms(t.text) for t in tokens))
            self._senses = frozenset().union(*(net.sense_ids(t.text) for t in tokens))
            self._clusters = frozenset().union(*(net.clusters(t.text) for t in tokens))
            if kinds:
                self._broader = frozenset().union(*(net.broader(t.text) for t in tokens))

    def shares(self, word: str) -> bool:
        net = self._net
        return net is not None and (
            not net.sense_ids(word).isdisjoint(self._named)
            or not net.named_forms(word).isdisjoint(self._senses)
            or not net.clusters(word).isdisjoint(self._clusters)
            or self._kinds and (not net.sense_ids(word).isdisjoint(self._broader)
                                or not net.broader(word).isdisjoint(self._senses)))


def _modifier(word: str) -> bool:
    """An adjective or adverb, not an adverb particle of a phrasal verb ("welcome back")
    nor an emphasiser ("every single serve")."""
    net = wordnet.load()
    low = word.lower()
    return (net is not None and low not in PARTICLES and low not in EMPHASISERS
            and net.modifier(word))


def _contrast(mt_word: str, en_word: str, swaps: list[tuple[str, str]]) -> bool:
    """An unconfirmed substitution that looks like a change of meaning, not of wording:
    a one-for-one swap, not of two nouns nor of two adverbs (translators choose those
    freely: "team" / "side", "occasionally" / "sometimes")."""
    return (mt_word, en_word) in swaps and not (_noun(mt_word) and _noun(en_word)
                                                or _adverb(mt_word) and _adverb(en_word))


def _one_word_each(change: Change) -> tuple[str, str] | None:
    """A change with one word that counts on each side, of the same part of speech: a swap
    among function words ("were arrested" / "had been released"), not a rephrasing ("is
    proficient in" / "masters", "the aim was" / "one wanted")."""
    net = wordnet.load()
    if net is None:
        return None
    found = []
    for side in (change.mt, change.en):
        kept = [(k, t) for k, t in enumerate(side) if counts(t.text)]
        if len(kept) != 1:
            return None
        k, t = kept[0]
        # after a determiner a word is a noun or an adjective, whatever WordNet uses it
        # most as ("the aim")
        pos = "n" if k and side[k - 1].lower in DETERMINERS else net.pos(t.text)
        found.append((t.text, pos))
    (mt_word, mt_pos), (en_word, en_pos) = found
    return (mt_word, en_word) if mt_pos == en_pos != "" else None


def _attributive(token: Token, change: tuple[Token, ...], *, any_head: bool = False) -> bool:
    """An adjective before a noun of the same change ("angry mob", "spiritual inclinations"),
    or with `any_head` before any content word of it."""
    k = next((i for i, t in enumerate(change) if t is token), -1)
    net = wordnet.load()
    if net is None or not 0 <= k < len(change) - 1 or not net.adjective_sense(token.text):
        return False
    head = change[k + 1].text
    return is_content_en(head) if any_head else _noun(head)


def _adverb(word: str) -> bool:
    net = wordnet.load()
    return net is not None and net.pos(word) == "r"


def _noun(word: str) -> bool:
    net = wordnet.load()
    return net is not None and net.noun(word)


def _same_sense(a: str, b: str) -> bool:
    net = wordnet.load()
    return net is not None and (net.same_sense(a, b) or net.same_sense(b, a)
                                or not net.clusters(a).isdisjoint(net.clusters(b)))


@dataclass
class _Tally:
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    swaps: list[tuple[str, str]] = field(default_factory=list)  # one-for-one word changes
    attributes: list[tuple[str, str]] = field(default_factory=list)  # adjective for adjective
    synonyms: list[tuple[str, str]] = field(default_factory=list)
    lone: list[str] = field(default_factory=list)  # nouns slipped in alone
    premodifiers: list[str] = field(default_factory=list)  # slipped in before a noun


def collect_evidence(bead: BeadResult, lexicon: Lexicon | None) -> Evidence:
    mt, en = bead.mt or "", bead.en_text
    sides = Sides(tuple(words(mt)), tuple(words(en)), mt)
    # every word of three letters or more counts here, "new" and "said" too: a German
    # word that gives both texts the same word is spoken for
    shared = frozenset(lemma_key(t.text) for t in sides.en_tokens
                       if len(t.text) >= 3 and t.text.isalpha() and sides.in_mt(t.text))
    witness = Witness(bead.de_text, tuple(words(bead.de_text)), lexicon, shared)
    names = {t.start for t in english_name_candidates(en)}
    en_keys = frozenset(lemma_key(t.text) for t in sides.en_content)
    tally = _Tally()
    changes = word_changes(sides.mt_tokens, sides.en_tokens)
    for change in changes:
        _judge_change(change, sides, witness, names, en_keys, tally)
    antonym = _antonym(sides, changes, mt, en)
    if antonym is not None and (
            _negated_here(sides.mt_tokens, antonym[0]) != _negated_here(sides.en_tokens,
                                                                       antonym[1])
            or _qualified_base(antonym, sides)):
        # an opposite plus a negation right before it: "undamaged" / "no damage",
        # "unclear" / "not clear" (a negation elsewhere in the sentence is another thought);
        # or a prefixed opposite whose base has an adjective before it: "misinformation" /
        # "false information", "unlucky" / "bad luck"
        tally.replaced = [p for p in tally.replaced if p != antonym]
        antonym = None
    unconfirmed = _unconfirmed(tally.replaced, witness)
    swapped = unconfirmed is not None and (_contrast(*unconfirmed, tally.swaps)
                                           or unconfirmed in tally.attributes)
    between = _dropped_between(sides, witness) if lexicon is not None else ""
    if between and between not in tally.deleted:
        tally.dropped.append(between)
        tally.deleted.append(between)
    return Evidence(
        tuple(tally.added), tuple(tally.dropped), tuple(tally.inserted), tuple(tally.lone),
        tuple(tally.premodifiers), tuple(tally.deleted),
        tuple(tally.replaced), tuple(tally.synonyms), antonym, unconfirmed,
        swapped, _gap(bead), lexicon is not None, len(sides.en_tokens),
        *_stretches_unaccounted(sides, witness, names, en_keys))


def _stretches_unaccounted(sides: Sides, witness: Witness, names: set[int],
                           en_keys: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The longest run of English content words that neither the MT, the German (by the
    dictionary) nor a WordNet synonym in the MT accounts for, and the longest run of MT
    content words the English renders in no such way (names aside: the name check has them)."""
    en = _longest_run([(t.text, sides.in_mt(t.text) or witness.supports(t.text)
                        or sides.mt_senses.shares(t.text))
                       for t in sides.en_tokens if counts(t.text) and t.start not in names])
    mt = _longest_run([(t.text, sides.in_en(t.text) or witness.links_any(t.text, en_keys)
                        or sides.en_senses.shares(t.text))
                       for t in sides.mt_tokens if counts(t.text) and not t.text[0].isupper()])
    return en, mt


def _longest_run(words_accounted: list[tuple[str, bool]]) -> tuple[str, ...]:
    best: list[str] = []
    run: list[str] = []
    for word, accounted in words_accounted:
        run = [] if accounted else [*run, word]
        if len(run) > len(best):
            best = run
    return tuple(best)


def _judge_change(change: Change, sides: Sides, witness: Witness, names: set[int],
                  en_keys: frozenset[str], tally: _Tally) -> None:
    new = [t for t in change.en if counts(t.text) and t.start not in names
           and not sides.in_mt(t.text) and not witness.supports(t.text)]
    old = [t for t in change.mt if counts(t.text) and not sides.in_en(t.text)
           and not witness.links_any(t.text, en_keys)]
    linked = _linked_pairs(change, sides, witness)
    tally.synonyms += [(m.text, e.text) for m, e in linked]
    used = {id(t) for pair in linked for t in pair}
    # a WordNet synonym anywhere on the other side accounts for a word (word order moves)
    new = [t for t in new if id(t) not in used
           and not sides.mt_senses.shares(t.text)]
    old = [t for t in old if id(t) not in used
           and not sides.en_senses.shares(t.text)]
    counterparts = old or [t for t in change.mt if id(t) not in used
                           and is_content_en(t.text) and not sides.in_en(t.text)
                           and not is_en_quantity_word(t.text)]
    inserted = _slipped_in(change, new, counterparts, sides, witness, tally)
    tally.added += [t.text for t in inserted]
    tally.inserted += [t.text for t in inserted if witness.lexicon is not None
                       or not change.mt]
    new = [t for t in new if t not in inserted]
    if len(change.mt) == 1 and len(change.en) == 1:
        tally.swaps.append((change.mt[0].text, change.en[0].text))
    elif (len(change.mt) <= MAX_SWAP_SPAN and len(change.en) <= MAX_SWAP_SPAN
          and len(new) == 1 and len(counterparts) == 1  # the rest accounted for
          and not (_noun(new[0].text) or _noun(counterparts[0].text))):
        tally.swaps.append((counterparts[0].text, new[0].text))
    elif (pair := _one_word_each(change)) is not None:
        tally.swaps.append(pair)
    if len(change.mt) <= MAX_SWAP_SPAN and len(change.en) <= MAX_SWAP_SPAN and len(new) == 1:
        mods = [t for t in counterparts if _attributive(t, change.mt)]
        # the MT's adjective stands before a noun: the English word after its own
        # adjective is read as one too ("concrete leanings", which WordNet uses most as
        # an adjective)
        if len(mods) == 1 and _attributive(new[0], change.en, any_head=True):
            tally.attributes.append((mods[0].text, new[0].text))
    if new and counterparts:
        tally.replaced += list(zip((t.text for t in counterparts), (t.text for t in new),
                                   strict=False))
        tally.added += [t.text for t in new[len(counterparts):]]
    elif new:
        tally.added += [t.text for t in new]
    elif not change.en:
        tally.dropped += [t.text for t in old]
        tally.deleted += [t.text for t in old if witness.lexicon is None
                          or witness.supports(t.text)]
    paired = {m for m, _ in tally.replaced}
    left = [w for w in _left_over(change, new, old, witness) if w not in paired]
    tally.dropped += left
    tally.deleted += left


def _slipped_in(change: Change, new: list[Token], counterparts: list[Token], sides: Sides,
                witness: Witness, tally: _Tally) -> list[Token]:
    """The English words of a change slipped in, not rendering an MT word: where the MT
    has nothing, beside a word the MT has, a modifier in a change whose MT words the
    English renders otherwise ("steadily increasing" / "rising"), or beyond the MT words
    they replace. Tallies the nouns slipped in alone and the words put before a noun."""
    inserted = [t for t in new if not change.mt or sides.inserted(t)
                or not counterparts and _modifier(t.text)]
    if not change.mt and witness.lexicon is not None:
        inserted += [t for t in change.en if (t.lower in SCALING or _stop_adjective(t.lower))
                     and not sides.in_mt(t.text) and not witness.supports(t.text)]
    # a noun slipped in alone: the change is the MT's words, each accounted for, and one
    if (witness.lexicon is not None and len(change.en) == len(change.mt) + 1
            and not counterparts and len(new) == 1 and _noun(new[0].text)
            and not _modifier(new[0].text)):
        tally.lone.append(new[0].text)
    if witness.lexicon is not None:
        if not change.mt and _added_phrase(change.en, new):
            tally.lone.append(change.en[-1].text)
        elif (time := _added_time(change.en, new)) is not None:
            tally.lone.append(time)
    if witness.lexicon is not None:
        tally.premodifiers += [t.text for t in inserted if sides.participle(t)]
        # not in place of a hyphenated MT compound, which one word may render
        # ("silencing" for "sound-insulated")
        if not any(t.start in sides.mt_hyphenated for t in change.mt):
            tally.premodifiers += [t.text for t in new if t not in inserted
                                   and sides.before_backed_noun(t, witness)]
    return inserted + _surplus_modifiers(
        [t for t in new if t not in inserted], counterparts,
        lambda t: sides.beside_accounted(t, witness, counterparts))


def _added_time(change_en: tuple[Token, ...], new: list[Token]) -> str | None:
    """A time phrase slipped in: a deictic or distributive determiner and a noun of time
    nothing accounts for ("last week", "every weekend", "this season")."""
    slipped = {id(t) for t in new}
    for a, b in zip(change_en, change_en[1:], strict=False):
        if a.lower in TIME_DETERMINERS and id(b) in slipped and _time_noun(b.text):
            return b.text
    return None


def _time_noun(word: str) -> bool:
    """WordNet: the word's most frequent noun sense names a time ("week", "season")."""
    net = wordnet.load()
    return net is not None and net.time_noun(word)


def _added_phrase(change_en: tuple[Token, ...], new: list[Token]) -> bool:
    """The English words of a change where the MT has nothing make a prepositional
    phrase: a preposition, at most two determiners or modifiers, and a noun nothing
    accounts for that names a thing, a being, a group, a place or a time ("with your
    family", "at school", "in the evening"). An abstract noun there makes a way of
    speaking more often ("for example", "in comparison", "in my opinion")."""
    if not 2 <= len(change_en) <= 4 or change_en[0].lower not in PHRASE_PREPOSITIONS:
        return False
    noun = change_en[-1]
    return (any(t is noun for t in new) and _noun(noun.text)
            and not _modifier(noun.text) and _concrete_noun(noun.text)
            and all(t.lower in DETERMINERS or t.lower in PHRASE_DETERMINERS or _modifier(t.text)
                    for t in change_en[1:-1]))


def _dropped_between(sides: Sides, witness: Witness) -> str:
    """An MT noun the German backs, or one naming a thing, a being, a group, a place or a
    time, between two words the English has side by side, the second a function word:
    the English dropped it there ("tens of thousands of in the district" for "of people
    in", "the magnifying should" for "the magnifying glass should", "over 80 from" for
    "over 80 technicians from"). Not before a content word: "carbon emissions" for
    "carbon dioxide emissions" shortens a compound."""
    en = sides.en_tokens
    pairs = {(a.lower, b.lower) for a, b in zip(en, en[1:], strict=False)}
    mt = sides.mt_tokens
    for a, x, b in zip(mt, mt[1:], mt[2:], strict=False):
        if ((a.lower, b.lower) in pairs and (a.lower, x.lower) not in pairs
                and (x.lower, b.lower) not in pairs and _noun(x.text) and counts(x.text)
                and not is_content_en(b.text)
                and not sides.in_en(x.text) and (witness.supports(x.text)
                                                 or _concrete_noun(x.text))):
            return x.text
    return ""


def _concrete_noun(word: str) -> bool:
    """WordNet: the word's most frequent noun sense names a thing, a being, a group, a
    place or a time."""
    net = wordnet.load()
    return net is not None and net.concrete_noun(word)


def _left_over(change: Change, new: list[Token], old: list[Token], witness: Witness) -> list[str]:
    """With a dictionary: the German-backed MT nouns of a change whose English keeps fewer
    content words and brings no noun of its own. The English dropped them, not reworded
    them ("when examining to websites" for "when they investigated audience reactions to
    websites"); a noun said by a verb keeps the count ("got what they paid for" / "got
    their money's worth")."""
    if witness.lexicon is None or not change.en or any(_noun(t.text) for t in new):
        return []
    if sum(map(counts, (t.text for t in change.en))) >= sum(
            map(counts, (t.text for t in change.mt))):
        return []
    return [t.text for t in old if _noun(t.text) and witness.supports(t.text)]


def _surplus_modifiers(new: list[Token], counterparts: list[Token],
                       beside_accounted: Callable[[Token], bool]) -> list[Token]:
    """English modifiers beyond those of the MT words they replace: in "a renowned birth
    nurse" for "a midwife", "birth nurse" renders the noun and "renowned" is added. Where
    the English has no more new words than the MT words it replaces, a modifier may render
    one of them ("is proficient in" / "masters"): it counts only right beside a word the MT
    or the German accounts for ("the final tiebreak" / "a tie break")."""
    if not counterparts:
        return []
    mods = [t for t in new if _modifier(t.text)]
    extra = len(mods) - sum(1 for t in counterparts if _modifier(t.text))
    if extra <= 0:
        return []
    surplus = len(new) - len(counterparts)
    if surplus > 0:
        return mods[:min(surplus, extra)]
    return [t for t in mods[:extra] if beside_accounted(t)]


def _linked_pairs(change: Change, sides: Sides, w: Witness) -> list[tuple[Token, Token]]:
    """Substitutions that the dictionary links through one German word (synonyms)."""
    new = [t for t in change.en if is_content_en(t.text) and not sides.in_mt(t.text)]
    old = [t for t in change.mt if is_content_en(t.text) and not sides.in_en(t.text)]
    first = next(((m, e) for e in new[:MAX_SIDE_WORDS] for m in old[:MAX_SIDE_WORDS]
                  if w.links(m.text, e.text)), None)
    return [first] if first is not None else []


NEGATION_REACH = 2  # words before a word where a negation of it may stand ("not yet done")


def _negated_here(tokens: tuple[Token, ...], word: str) -> bool:
    """A negation stands just before the word ("not included", "no damage"), where a
    count of the whole text's negations may miss it among others."""
    for k, t in enumerate(tokens):
        if t.text == word:
            before = tokens[max(0, k - NEGATION_REACH) : k]
            return any(b.lower in NEGATORS or b.lower.endswith(("n't", "n’t")) for b in before)
    return False


def _qualified_base(pair: tuple[str, str], sides: Sides) -> bool:
    """One side has a word negated by a prefix, the other its base with an adjective right
    before it, which carries the negation ("misinformation" / "false information")."""
    mt_word, en_word = (w.lower() for w in pair)
    if _negated_form(en_word, mt_word):
        base, tokens = en_word, sides.en_tokens
    elif _negated_form(mt_word, en_word):
        base, tokens = mt_word, sides.mt_tokens
    else:
        return False
    return any(k and t.lower == base and _adjective(tokens[k - 1].lower)
               for k, t in enumerate(tokens))


_IN_COMPOUND = frozenset("-‐‑")


def _in_compound(text: str, t: Token) -> bool:
    """A part of a hyphenated compound ("sound-insulated"): no word of its own."""
    return (t.start > 0 and text[t.start - 1] in _IN_COMPOUND) or (
        t.end < len(text) and text[t.end] in _IN_COMPOUND)


def _antonym(sides: Sides, changes: list[Change], mt: str, en: str) -> tuple[str, str] | None:
    """An English word whose opposite the MT has (and the English does not), in the same
    changed stretch of the two texts (an opposite elsewhere belongs to another thought).
    Light words and particles are idioms more than meanings ("take into account" /
    "give thought to", "quiet down" / "ease up"), and a part of a hyphenated compound
    is no word of its own ("sound-insulated" / "silencing")."""
    table = antonyms()
    modifying = (_particles_before_nouns(sides.en_tokens, en)
                 | _particles_before_nouns(sides.mt_tokens, mt))

    def candidate(t: Token, text: str) -> bool:
        return ((is_content_en(t.text) or t.lower in table or _adjective(t.lower))
                and t.lower not in LIGHT_WORDS
                and (t.lower not in PARTICLES or (text, t.start) in modifying)
                and not _in_compound(text, t))

    after_negator = {t.start for k, t in enumerate(sides.mt_tokens)
                     if k and sides.mt_tokens[k - 1].lower in NEGATORS}  # "not empowered"
    new = [[t.text for t in c.en if candidate(t, en) and not sides.in_mt(t.text)]
           for c in changes]
    old = [[t.text for t in c.mt if candidate(t, mt) and not sides.in_en(t.text)
            and t.start not in after_negator] for c in changes]
    for i, j in _stretches(changes):
        for e in new[i][:MAX_SIDE_WORDS]:
            for m in old[j][:MAX_SIDE_WORDS]:
                if are_antonyms(m, e):
                    return m, e
    return None


def _particles_before_nouns(tokens: tuple[Token, ...], text: str) -> set[tuple[str, int]]:
    """The adverb particles right before a noun or a number, as (text, start): there they
    are adjectives or prepositions ("the back page", "over 80 fitters"), not parts of a
    phrasal verb, and have opposites ("front", "under")."""
    found = set()
    for k, t in enumerate(tokens):
        if t.lower not in PARTICLES or text[t.end : t.end + 1] != " ":
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if text[t.end + 1 : t.end + 2].isdigit() or (
                nxt is not None and nxt.start == t.end + 1 and _noun(nxt.text)):
            found.add((text, t.start))
    return found


def _stop_adjective(word: str) -> bool:
    """A stopword WordNet uses most as an adjective ("last", "new", "next", "other"):
    slipped in, it changes what is meant ("a new bridge"), unlike a particle, an
    emphasiser or a number word."""
    return (not counts(word) and _adjective(word) and word not in PARTICLES
            and word not in EMPHASISERS and not is_en_quantity_word(word))


def _adjective(word: str) -> bool:
    """A WordNet adjective among the stopwords ("new", "last", "same"): it has opposites."""
    net = wordnet.load()
    return net is not None and len(word) >= 3 and net.pos(word) == "a"


MIN_MOVED_SHARED = 2  # content words a moved phrase keeps ("despite the failure in ...")


def _stretches(changes: list[Change]) -> list[tuple[int, int]]:
    """Pairs (English change, MT change) that render one stretch: each change itself, and
    a phrase the English moved, whose words stand in another change of the MT ("despite
    the failure in political negotiations" at the end, "Despite the success of the
    political negotiations" at the start)."""
    pairs = [(i, i) for i in range(len(changes))]
    keys = [({comparable(t.text) for t in c.en if counts(t.text)},
             {comparable(t.text) for t in c.mt if counts(t.text)}) for c in changes]
    for i, (en_keys, _) in enumerate(keys):
        for j, (_, mt_keys) in enumerate(keys):
            if i != j and len(en_keys & mt_keys) >= MIN_MOVED_SHARED:
                pairs.append((i, j))
    return pairs


def _unconfirmed(replaced: list[tuple[str, str]], w: Witness) -> tuple[str, str] | None:
    """With a dictionary: an English word no German word of the bead translates to, where
    the MT's word is a translation of the German (so the English is the one that moved)."""
    if w.lexicon is None:
        return None
    found = [(m, e) for m, e in replaced if w.supports(m) and not w.supports(e)]
    return found[0] if found else None


# a possessive with no noun before it ("a picture of 's leanings"), or a preposition or
# determiner right before the end of a clause ("roots in ."): a word was left out
_ORPHANS = re.compile(
    r"(?:^|\b\w+)\s+['’]s\b|\b(?:of|in|to|from|with|at|by|for|on|into|the|a|an)\s+[.,;:!?]",
    re.IGNORECASE)
# what every match of _ORPHANS holds: a space before an apostrophe or a punctuation mark
_ORPHAN_HINT = re.compile(r"\s[.,;:!?'’]")
# an article right before a punctuation mark ("every serve in the."): English ends no
# clause on an article (lower case only: "Plan A." is a name)
_ORPHAN_ARTICLE = re.compile(r"\b(?:the|an?)[.,;:!?]")


# two words English never puts side by side: "of" before another preposition ("tens of
# thousands of in the district"), "an" before a lower-case word that starts with a
# consonant ("he is not an doesn't"; not "an h..." nor a hyphenated prefix: "an hour")
_BROKEN_PAIRS = re.compile(r"\bof (?:in|on|for|with|by|from|into)\b(?![-‐])"
                           r"|\ban (?![aeiouh])[b-df-gj-np-tv-z][a-z]*(?:['’][a-z]+)?\b(?![-‐])")


def _gap(bead: BeadResult) -> str:
    """A determiner followed by a preposition, an auxiliary or a pronoun ("per of", "the
    has"), a possessive with no noun ("of 's"), a preposition before a full stop ("in ."),
    an article before one ("in the."), two words English never puts side by side ("of
    in", "an doesn't"), a statement without the subject the MT has ("Was the last game"),
    or an adjective left without the noun the MT has after it ("with different."): a
    word is missing."""
    en, mt = bead.en_text, (bead.mt or "").lower()
    orphans = list(_ORPHANS.finditer(en)) if _ORPHAN_HINT.search(en) else []
    for m in (*orphans, *_ORPHAN_ARTICLE.finditer(en)):
        span = m.group().strip()
        if span.lower() not in mt:
            return span
    for m in _BROKEN_PAIRS.finditer(en):
        if m.group().lower() not in mt:
            return m.group()
    toks = words(en)
    for a, b in zip(toks, toks[1:], strict=False):
        if (
            a.lower in DETERMINERS
            and (b.lower in NOT_AFTER_DETERMINER or b.text in PRONOUNS)
            and en[a.end : b.start] == " "
            and en[b.end : b.end + 1] not in ("-", "‐")  # "an in-depth review"
        ):
            span = en[a.start : b.end]
            if span.lower() not in mt:
                return span
    return (_subject_dropped(en, toks, bead.mt or "", bead.de_text)
            or _orphaned_adjective(en, toks, bead.mt or "") or _bare_adjective(en, toks, mt))


_BARE_OPENERS = frozenset({"a", "an", "no"})


def _bare_adjective(en: str, toks: list[Token], mt: str) -> str:
    """"a", "an" or "no" before a word WordNet knows only as an adjective, and after it a
    punctuation mark or a word WordNet knows as neither a noun nor an adjective ("without
    a rigid allows", "no cuddly,"): the noun of the phrase is missing. Not before a hyphen
    ("a non-operational"), nor where the MT reads the same (`mt` in lower case)."""
    for k in range(1, len(toks)):
        t, opener = toks[k], toks[k - 1]
        if (opener.lower not in _BARE_OPENERS or t.text[0].isupper()
                or en[opener.end : t.start] != " " or not _senses_only(t.text, "as")):
            continue
        after = en[t.end : t.end + 1]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if after and after in _CLAUSE_MARKS:
            span = en[opener.start : t.end + 1]
        elif (nxt is not None and en[t.end : nxt.start] == " "
              and _senses_only(nxt.text, "vr")):
            span = en[opener.start : nxt.end]
        else:
            continue
        if span.lower() not in mt:
            return span
    return ""


def _senses_only(word: str, kinds: str) -> bool:
    """WordNet knows the word, and only in these parts of speech ("a" and "s": adjective;
    "v", "r": verb and adverb)."""
    net = wordnet.load()
    ids = net.sense_ids(word) if net is not None else frozenset()
    return bool(ids) and all(i[0] in kinds for i in ids)


# finite auxiliaries and modals (closed class): a statement that starts with one has lost
# its subject ("Was the last game" for "It was the last game")
FINITE_AUXILIARIES = frozenset("is was were are will would can could may might must shall "
                               "should has had".split())
# ... unless a subject follows it: the clause is inverted ("Is there no number, ...",
# "Should it happen that ...")
_INVERTED_SUBJECTS = PRONOUNS | {"there", "i", "this", "that"}
# ... or the German opens with its finite auxiliary or modal too, and has no subject
# either ("Haben versucht, ..." / "Tried to ...")
GERMAN_FINITE_AUXILIARIES = frozenset(
    """habe hast hat haben habt hatte hatten bin bist ist sind seid war waren wird werden
    wurde wurden kann können konnte konnten muss müssen musste mussten soll sollen sollte
    sollten will wollen wollte wollten darf dürfen durfte mag möchte möchten""".split())
_OPENING_QUOTES = " \"'“‘„‚«»"


def _past_tense(word: str) -> bool:
    """A past form ending in -ed of a word WordNet uses most as a verb ("trained" → train)."""
    net = wordnet.load()
    return (net is not None and word.endswith("ed") and net.pos(word) == "v"
            and any(base != word for base in net.lemmas(word)))


def _subject_dropped(en: str, toks: list[Token], mt: str, de: str) -> str:
    """A statement that opens with a finite auxiliary or a past-tense verb the MT has
    after the first word or the first three: the English dropped the subject before it
    ("Trained as a doctor" for "He trained as a doctor"; not a question, nor an inverted
    clause: "Is there no number, ...", nor where the German has no subject either)."""
    if not toks or not toks[0].text[0].isupper() or en.rstrip().endswith("?"):
        return ""
    first = toks[0].lower
    if first not in FINITE_AUXILIARIES and not _past_tense(first):
        return ""
    if en.lstrip(_OPENING_QUOTES)[:1] != toks[0].text[:1]:
        return ""  # the text starts with something other than its first word
    if len(toks) > 1 and toks[1].lower in _INVERTED_SUBJECTS:
        return ""
    de_words = words(de)
    if de_words and de_words[0].lower in GERMAN_FINITE_AUXILIARIES:
        return ""
    mt_toks = words(mt)
    if mt_toks and mt_toks[0].lower != first and any(
            t.lower == first for t in mt_toks[1:MAX_SUBJECT_WORDS + 1]):
        return toks[0].text
    return ""


# an adjective's noun phrase begins with one of these or with a genitive ("Lauda's
# greatest was"), not with "the" ("the old", "the whole of" name things by an adjective) ...
_BEFORE_ORPHAN = (DETERMINERS - {"the"}) | {"no", "with", "of", "on", "for", "to", "from",
                                            "by", "at", "and", "or"}
_GENITIVE = ("'s", "’s")
# ... and no noun follows it when one of these does, or a punctuation mark
_AFTER_ORPHAN = (NOT_AFTER_DETERMINER - {"the", "a", "an", *AUXILIARIES}) | {"but", "who",
                                                                            "which"}
_CLAUSE_MARKS = ",.;:!?)"


def _orphaned_adjective(en: str, toks: list[Token], mt: str) -> str:
    """An adjective or a number the MT has right before a noun the English lacks,
    standing in the English inside a noun phrase with no noun after it ("with
    different." for "with different opinions", "an extra with" for "an extra window",
    "of four." for "of four friends", "Lauda's greatest was" for "Lauda's greatest
    victory was"): the noun was dropped."""
    spans: dict[str, str] = {}  # English word → its span, where no noun follows it
    for k, t in enumerate(toks):
        if not k or t.text[0].isupper() or not (toks[k - 1].lower in _BEFORE_ORPHAN
                                                 or toks[k - 1].text.endswith(_GENITIVE)):
            continue
        after = en[t.end : t.end + 1]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if after and after in _CLAUSE_MARKS:
            spans.setdefault(t.lower, en[toks[k - 1].start : t.end + 1])
        elif nxt is not None and en[t.end : nxt.start] == " " and nxt.lower in _AFTER_ORPHAN:
            spans.setdefault(t.lower, en[toks[k - 1].start : nxt.end])
    net = wordnet.load()
    if not spans or net is None:
        return ""
    mt_toks = words(mt)
    en_keys = {comparable(t.text) for t in toks}
    for a, b in zip(mt_toks, mt_toks[1:], strict=False):
        if (a.lower in spans and mt[a.end : b.start] == " " and counts(b.text)
                and _noun(b.text) and comparable(b.text) not in en_keys
                and (is_en_quantity_word(a.text) or net.pos(a.text) == "a")):
            return spans[a.lower]
    return ""


# ---------------------------------------------------------------- flags


def detect_meaning(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    """At most one flag: `meaning` (warning) on strong evidence, else `wording` (info)."""
    limit = ctx.settings.thresholds.meaning_chrf
    if ctx.translator == "lexicon":
        limit *= GLOSS_CHRF_FACTOR
    low_chrf = (bead.scores is not None and bead.scores.chrf < limit
                and len(words(bead.de_text)) >= MIN_CHRF_WORDS
                and not all(s.block_kind == "heading" for s in bead.de))
    evidence = collect_evidence(bead, ctx.lexicon) if bead.mt else Evidence()
    parts = _describe(evidence)
    if low_chrf:
        assert bead.scores is not None
        parts.insert(0, f"machine translation and English differ a lot "
                        f"(chrF {bead.scores.chrf:.1f} < {limit:g})")
    en, mt = _salient(evidence)
    stretch = evidence.unaccounted >= MIN_STRETCH
    if stretch:
        parts.insert(int(low_chrf), _describe_stretch(evidence))
    if evidence.strength > 0 or low_chrf or stretch:
        flag = make_flag(ctx, MEANING, "; ".join(parts), en=en, mt=mt)
        return [dataclasses.replace(flag, direct=evidence.direct,
                                    stretch=evidence.unaccounted)]
    if parts:
        return [make_flag(ctx, WORDING, "; ".join(parts), en=en, mt=mt)]
    return []


def _describe(ev: Evidence) -> list[str]:
    parts: list[str] = []
    if ev.antonym is not None:
        m, e = ev.antonym
        parts.append(f'English "{e}" {OPPOSITE} the machine translation\'s "{m}"')
    if ev.gap:
        parts.append(f'English reads "{ev.gap}": {WORD_MISSING}')
    if ev.unconfirmed is not None:
        m, e = ev.unconfirmed
        parts.append(f'English "{e}" where the machine translation has "{m}" '
                     "(dictionary: not a translation of the German)")
    if ev.added:
        parts.append(f"English adds {_quote_list(ev.added)}, which neither the German nor the "
                     "machine translation has")
    if ev.dropped:
        parts.append(f"English lacks {_quote_list(ev.dropped)} (machine translation has it)")
    if not parts and ev.replaced:
        m, e = ev.replaced[0]
        parts.append(f'machine translation "{m}", English "{e}"')
    if ev.synonyms:
        m, e = ev.synonyms[0]
        parts.append(f'machine translation "{m}", English "{e}" (dictionary: synonyms)')
    return parts


def _describe_stretch(ev: Evidence) -> str:
    sides = []
    if ev.stretch_en:
        sides.append(f"the English's {_quote_list(ev.stretch_en)}")
    if ev.stretch_mt:
        sides.append(f"the machine translation's {_quote_list(ev.stretch_mt)}")
    return (f"a stretch says something else: {' and '.join(sides)} have no counterpart on "
            f"the other side")


def _quote_list(items: tuple[str, ...]) -> str:
    shown = [f'"{w}"' for w in dict.fromkeys(items)][:MAX_WORDS_SHOWN]
    more = len(dict.fromkeys(items)) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _salient(ev: Evidence) -> tuple[str, str]:
    """The evidence spans (English word, MT word) a reader should look at first."""
    for pair in (ev.antonym, ev.unconfirmed):
        if pair is not None:
            return pair[1], pair[0]
    if ev.gap:
        return ev.gap, ""
    en = max(ev.inserted or ev.added, key=len, default="")
    mt = max(ev.deleted or ev.dropped, key=len, default="")
    if not en and not mt and ev.replaced:
        return ev.replaced[0][1], ev.replaced[0][0]
    if not en and not mt and ev.synonyms:
        return ev.synonyms[0][1], ev.synonyms[0][0]
    return en, mt
