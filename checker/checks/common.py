"""Helpers shared by the detectors: tokens, stopwords, stemming, spans, flags."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from checker.checks.base import CheckContext
from checker.model import Flag, Severity
from checker.pairmemo import per_pair

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

EN_STOPWORDS = frozenset(
    """a about above after again against all also although am an and any are as at be
    because been before being below between both but by can could did do does doing done
    down during each either else even ever every few for from further had has have having
    he her here hers herself him himself his how however i if in into is it its itself just
    least less let like many may me might more most much must my myself neither no nor not
    now of off on once one only onto or other others our ours ourselves out over own per
    quite rather same shall she should since so some such than that the their theirs them
    themselves then there these they this those though through thus to too toward towards
    under until up upon us very via was we were what whatever when where whether which while
    who whom whose why will with within without would yet you your yours yourself s t
    said says say also still already well much many new next last made make makes get got
    way part around among along across""".split()
)

DE_STOPWORDS = frozenset(
    """aber alle allem allen aller alles als also am an ans auch auf aus bei beim bin bis
    bist da dabei damit dann darauf darum das dass dem den denen denn der deren des dessen
    die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
    eines er es etwa euch für gegen gewesen hab habe haben hat hatte hatten hier hin ich ihm
    ihn ihnen ihr ihre ihrem ihren ihrer im in ins ist ja jede jedem jeden jeder jedes jetzt
    kann können könnte man mehr mein meine mit muss müssen nach nicht noch nun nur ob oder
    ohne sehr sein seine seinem seinen seiner sich sie sind so soll sollen sollte sondern
    über um und uns unser unter vom von vor war waren was weil wenn wer werden wie wieder
    will wir wird wo wurde wurden zu zum zur zwar zwischen sowie bereits rund laut""".split()
)


class _TokenFields(NamedTuple):
    text: str
    start: int
    end: int
    lower: str  # the text in lower case


class Token(_TokenFields):
    """A word of a text and its offsets: `Token(text, start, end)`, its lower-case form
    made with it. A named tuple rather than a frozen dataclass: the detectors make a
    hundred or more per sentence, and a frozen dataclass takes twice as long to make."""

    __slots__ = ()

    def __new__(cls, text: str, start: int, end: int) -> Token:
        return tuple.__new__(cls, (text, start, end, text.lower()))


def words(text: str) -> list[Token]:
    """Letter-only word tokens with their offsets (digits and punctuation dropped)."""
    return list(word_tuple(text))


@per_pair  # every stage of a pair's check tokenises its texts: once per pair
def word_tuple(text: str) -> tuple[Token, ...]:
    """`words(text)` as a tuple, memoised (not to be changed: shared by every caller)."""
    return tokens_matching(WORD_RE, text)


_NEW_TUPLE = tuple.__new__


def tokens_matching(pattern: re.Pattern[str], text: str) -> tuple[Token, ...]:
    """A token per match of `pattern` in `text`: the tuples made directly, not through
    Token's constructor (a call fewer per word halves the time of splitting a text)."""
    return tuple([_NEW_TUPLE(Token, (word := m[0], m.start(), m.end(), word.lower()))
                  for m in pattern.finditer(text)])


@lru_cache(maxsize=131072)
def fold(word: str) -> str:
    """Lower-case, without diacritics (ä→a, ß→ss): for comparing names and cognates."""
    if word.isascii():  # most words: nothing to decompose, nothing to drop
        return word.lower()
    text = word.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_EN_SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied",
                "ers", "er", "est", "ed", "es", "ly", "s", "e", "y")


@lru_cache(maxsize=262144)
def stem_en(word: str) -> str:
    """A crude English stem: enough to match "reduce" / "reducing" / "reduced"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in _EN_SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


def similar_words(a: str, b: str, *, min_prefix: int = 5) -> bool:
    """Whether two words (any language) look like the same word or a cognate."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    shortest = min(len(fa), len(fb))
    if shortest < 4 or (fa[0] != fb[0] and min_prefix > 0):  # no test below can pass
        return False
    prefix = common_prefix(fa, fb)
    if prefix >= min(min_prefix, shortest) or prefix >= shortest - 1:
        return True
    return shortest >= 5 and fa[0] == fb[0] and _close_spelling(fa, fb)


SIMILAR_RATIO = 0.8  # difflib's ratio of two spellings of one word at least


def _close_spelling(a: str, b: str) -> bool:
    """difflib's ratio of the two strings is at least SIMILAR_RATIO. Its cheap upper bounds
    rule out most pairs first, computed as difflib computes them (`real_quick_ratio`: by
    length; `quick_ratio`: by the letters shared, each as often as the rarer side has it)
    but without building the matcher, whose index of `b` costs more than both."""
    total = len(a) + len(b)
    if not total:
        return True  # difflib: two empty strings are alike (ratio 1.0)
    if 2.0 * min(len(a), len(b)) / total < SIMILAR_RATIO:
        return False
    if 2.0 * sum(min(a.count(c), b.count(c)) for c in set(a)) / total < SIMILAR_RATIO:
        return False
    return SequenceMatcher(None, a, b).ratio() >= SIMILAR_RATIO


def common_prefix(a: str, b: str) -> int:
    """Length of the shared start of two strings."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


_POSSESSIVES = ("'s", "’s", "'", "’")  # the first that ends a word is taken off


def strip_possessive(word: str) -> str:
    if not word.endswith(_POSSESSIVES):  # most words: one test
        return word
    for suffix in _POSSESSIVES:
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# English clitics: a stopword with one of these attached ("I’m", "they'll", "didn't")
# is a function word too, the closed class of English contractions
_CLITICS = ("'m", "'re", "'s", "'ve", "'ll", "'d")
_NEGATIVE_CLITIC = "n't"
_CONTRACTED_STEMS = frozenset({"ca", "wo", "sha", "ai"})  # can't, won't, shan't, ain't


@lru_cache(maxsize=131072)  # asked for every word of every English text, often
def is_content_en(word: str) -> bool:
    low = word.lower()
    return len(word) >= 3 and low not in EN_STOPWORDS and not _contraction(low)


def _contraction(low: str) -> bool:
    """A stopword with a clitic attached: "i’m", "that's", "didn't", "won't"."""
    if "'" not in low and "’" not in low:
        return False
    low = low.replace("’", "'")
    if low.endswith(_NEGATIVE_CLITIC):
        base = low[: -len(_NEGATIVE_CLITIC)]
        return base in EN_STOPWORDS or base in _CONTRACTED_STEMS
    return any(low.endswith(c) and low[: -len(c)] in EN_STOPWORDS for c in _CLITICS)


def context(text: str, start: int, end: int, *, extra_words: int = 1) -> str:
    """The span text[start:end] widened by up to `extra_words` words after it."""
    stop = end
    for _ in range(extra_words):
        m = re.match(r"\s+\S+", text[stop:])
        if m is None:
            break
        stop += m.end()
    return text[start:stop].rstrip(",.;:!?)")


def weaker(severity: Severity) -> Severity:
    """One step below `severity` (a finding whose evidence is circumstantial)."""
    return Severity(max(Severity.INFO, severity - 1))


def make_flag(
    ctx: CheckContext, code: str, message: str, *, de: str = "", en: str = "", mt: str = "",
    weak: bool = False,
) -> Flag:
    severity = ctx.severity(code)
    return Flag(
        code=code,
        severity=weaker(severity) if weak else severity,
        message=f"{code}: {message}",
        de_span=de,
        en_span=en,
        mt_span=mt,
    )


def quoted(text: str) -> str:
    return f'"{text}"'


# British spellings by rule (-our, -ise/-isation, -tre/-bre), in words long enough not
# to be short function words ("four", "your", "rise")
_BRITISH = (  # (letters every match holds, pattern, replacement)
    ("our", re.compile(r"(?<=\w{3})our(?=(?:s|ed|ing|ite|ites|able|ably|ful|less)?$)"), "or"),
    ("is", re.compile(r"(?<=\w{3})is(?=(?:e|es|ed|ing|ation|ations)$)"), "iz"),
    ("re", re.compile(r"(?<=\w{2}[tb])re(?=s?$)"), "er"),
)


@lru_cache(maxsize=131072)  # three pattern substitutions per word, asked per word and bead
def american(word: str) -> str:
    """The word in American spelling ("Harbour" → "harbor", "organised" → "organized")."""
    w = word.lower()
    for letters, pattern, repl in _BRITISH:
        if letters in w:  # most words: no pattern can match
            w = pattern.sub(repl, w, count=1)
    return w
