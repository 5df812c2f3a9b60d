"""`number`: numbers, number words, dates, times and amounts that differ.

Both sides are read into normalised values (German 1.000,5 and English 1,000.5 are
both 1000.5; „26. November“ and "November 26" are the day 26 and the month 11;
14:30 Uhr and 2:30 p.m. are the time 14:30) and compared as multisets.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from checker.checks.base import CheckContext
from checker.checks.common import context, make_flag, weaker
from checker.checks.numbers_units import (
    PERCENT,
    Unit,
    converted_equal,
    single_units,
    unit_after,
)
from checker.checks.numbers_words import (
    DE_DECADES,
    DE_HALVES,
    DE_MONTHS,
    DE_MULTIPLICATIVES,
    DE_ORDINALS,
    DE_SCALES,
    DE_TEENS,
    DE_TENS,
    DE_UNITS,
    DE_WEEKDAYS,
    EN_DECADES,
    EN_FRACTIONS,
    EN_MONTH_NAMES,
    EN_MONTHS,
    EN_MULTIPLICATIVES,
    EN_NUMBER_WORDS,
    EN_SCALES,
    EN_SMALL,
    EN_WEEKDAY_NAMES,
    EN_WEEKDAYS,
    ONE_WORDS,
    english_number_run,
    german_count,
    german_fraction,
    german_word_value,
    is_en_number_word,
)
from checker.model import BeadResult, Flag, Severity
from checker.pairmemo import per_pair

CODE = "number"

# a number glued to letters ("K1", "E95", "LokSound5") is part of a code: it may match a
# number of the other side ("E 95", "child 1") but is never reported on its own;
# "x" before a digit is a dimension ("30 x15 mm"), not a code
_AFTER_LETTER = re.compile(r"[^\W\d_xX]$")
MAX_HOUR, MAX_MINUTE = 24, 59


@dataclass(frozen=True)
class Mention:
    """One number found in a text: its comparable key and the exact source span."""

    key: tuple[str, Decimal]  # ("n", v) | ("month", m) | ("weekday", d) | ("time", minutes)
    start: int  # | ("decade", d) | ("clock", h) | ("clock12", minutes) | ("hms", seconds)
    #              | ("both", 2)
    end: int
    text: str
    spelled: bool = False  # written in words (or a month/weekday name), not in digits
    code: bool = False  # glued to letters: part of a product or model code ("K1", "E95")
    unit: Unit | None = None  # the unit written after it ("feet", "°C")

    def display(self) -> str:
        kind, value = self.key
        if kind == "month":
            return EN_MONTH_NAMES[int(value)]
        if kind == "time":
            return f"{int(value) // 60}:{int(value) % 60:02d}"
        if kind == "weekday":
            return EN_WEEKDAY_NAMES[int(value)]
        if kind == "decade":
            return f"the {int(value)}s"
        if kind == "clock":
            return f"{value} o'clock"
        if kind == "clock12":
            return f"{int(value) // 60 or 12}:{int(value) % 60:02d}"
        if kind == "hms":
            return f"{int(value) // 3600}:{int(value) // 60 % 60:02d}:{int(value) % 60:02d}"
        text = f"{value:f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{int(value):,}" if text.isdigit() and value >= 10000 else text


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def _num(value: Decimal | int) -> tuple[str, Decimal]:
    return ("n", Decimal(value).normalize())


def _fraction(count: int, denominator: int) -> tuple[str, Decimal]:
    return _num((Decimal(count) / Decimal(denominator)).quantize(Decimal("0.0001")))


# ---------------------------------------------------------------- patterns

_DE_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?\s*Uhr\b"
    r"|(?<![\d.,])(\d{1,2}):(\d{2})(?!\d)"
)
_DE_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}(?!\d))?")
_GROUP_SPACE = "[ \u00a0\u202f]"  # "10 000": a space, no-break space or narrow space
_DE_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?: ?\.\d{3})+(?:,\d+)?(?![\d.]\d)"  # "25 .000": a stray space
    + rf"|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:,\d+)?(?![\d.,]?\d)"
    + r"|\d+\.\d+(?!\.?\d)|\d+(?:,\d+)?)"
    r"(?:\s*(?P<scale>Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?|Billionen"
    r"|Billion|Tausend|Tsd\.?))?(?P<decade>er(?:n|jahre)?\b)?"
)
# a season or range of years with the second year shortened: "2020/21", "2021-22"
MAX_YEAR_RANGE = 10  # "2020/21", "2019-22"; a wider gap is not a range of years
_YEAR_RANGE = re.compile(r"(?<![\d.,/])((?:1[89]|20)\d{2})[/–-](\d{2})(?![\d.,/]?\d)")
_EN_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?|(?<![\d.,])(\d{1,2}):(\d{2})(?!\d)",
    re.IGNORECASE,
)
# "13h", "22:30h", "18 o'clock", "6 o'clock" (12-hour: matches 6:00 and 18:00)
_EN_CLOCK = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?(?:\s?(?P<h>h|hrs)\b\.?|\s+o['’]clock\b)",
    re.IGNORECASE,
)
# "3/16", "12/12/19", "16/3/2024": a date when a year follows or one part exceeds 12
_EN_SLASH_DATE = re.compile(r"(?<![\w/.,])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\w/])")
# the second number of a list written without a space: "(3,5)" is 3 and 5, not 3.5 or 35
_EN_LIST_TAIL = re.compile(r"(?<=\d,)(\d{1,2})(?![\d.,]?\d)")
_EN_NUMBER = re.compile(
    r"(?<![\d.,])'?(\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    + rf"|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?![\d.,]?\d)|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>million|billion|bn|trillion|thousand)\b)?"
    r"(?P<suffix>st|nd|rd|th|'s|’s|s)?(?:\b|(?=[^\W\d_]))",  # "130th", "1080p", "A319neo"
    re.IGNORECASE,
)
_DE_FRACTION = re.compile(
    r"(?<![\w.,])([^\W_]+)[\s-]+((?:[A-ZÄÖÜ]|[a-zäöü])[a-zäöüß]*tel|[Hh]alb)(?:n|e[nmrs]?)?\b"
)
_EN_DENOMINATORS = (r"(half|halves|thirds?|quarters?|fifths?|sixths?|eighths?"
                    r"|tenths?|hundredths?|thousandths?)\b")
_EN_FRACTION = re.compile(r"(?<![\w.,])([^\W_]+)[\s-]+" + _EN_DENOMINATORS, re.IGNORECASE)
# "five one-hundredths": a count of a fraction written with its "one"
_EN_COUNTED_FRACTION = re.compile(r"(?<![\w.,])([^\W_]+)\s+one[\s-]+" + _EN_DENOMINATORS,
                                  re.IGNORECASE)


# the "(0)" an international phone number writes for the trunk prefix: "+49 (0) 30 …"
_TRUNK_ZERO = re.compile(r"\+\d{1,3}\s?(\(0\))")

# clock times said in words, the closed class of both languages' quarter-hour phrases:
# „halb drei“ is 2:30, „Viertel nach drei“ 3:15, „Viertel vor drei“ and „dreiviertel
# drei“ 2:45; "half past two" 2:30, "quarter past three" 3:15, "quarter to three" 2:45
_HOUR_WORD = r"(\d{1,2}|[^\W\d_]+)"
_DE_CLOCK_PHRASE = re.compile(
    rf"\b(?P<phrase>halb|[Vv]iertel\s+nach|[Vv]iertel\s+vor|dreiviertel)\s+{_HOUR_WORD}\b")
_EN_CLOCK_PHRASE = re.compile(
    rf"\b(?P<phrase>half\s+past|quarter\s+past|quarter\s+after|quarter\s+to"
    rf"|quarter\s+of)\s+{_HOUR_WORD}\b", re.IGNORECASE)
_CLOCK_OFFSETS = {"halb": -30, "viertel nach": 15, "viertel vor": -15, "dreiviertel": -15,
                  "half past": 30, "quarter past": 15, "quarter after": 15, "quarter to": -15,
                  "quarter of": -15}
HALF_DAY = 12 * 60  # minutes: a clock phrase does not say morning or afternoon
_ARTICLES = frozenset({"a", "an", "ein", "eine", "einer", "einem", "einen"})
# noon and midnight, the clock times said as words („Mittag“ is as often lunch)
_NAMED_TIMES = re.compile(r"\b(noon|midday|midnight|Mitternacht)\b")
_NAMED_TIME_MINUTES = {"noon": 720, "midday": 720, "midnight": 0, "mitternacht": 0}
# a running time "2:03:45" (hours, minutes, seconds), in either language
_HMS = re.compile(r"(?<![\d.,:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")


def _named_time(sc: _Scanner, m: re.Match[str]) -> None:
    sc.add(("time", Decimal(_NAMED_TIME_MINUTES[m.group(1).lower()])), m.start(), m.end(),
           spelled=True)


def _running_time(sc: _Scanner, m: re.Match[str]) -> None:
    hours, minutes, seconds = (int(g) for g in m.groups())
    sc.add(("hms", Decimal(hours * 3600 + minutes * 60 + seconds)), m.start(), m.end())


def _clock_phrase(sc: _Scanner, count: Callable[[str], int | None], m: re.Match[str]) -> None:
    """A quarter-hour phrase as ("clock12", minutes after 12 o'clock, modulo 12 hours)."""
    if m.group(2).lower() in _ARTICLES:  # "a quarter of an hour" is no clock time
        return
    hour = count(m.group(2))
    if hour is None or not 1 <= hour <= 12:
        return
    offset = _CLOCK_OFFSETS[re.sub(r"\s+", " ", m.group("phrase").lower())]
    sc.add(("clock12", Decimal((hour * 60 + offset) % HALF_DAY)), m.start(), m.end(),
           spelled=True)


# a Roman numeral after a capitalised word ("World War II", „Heinrich VIII.“, "Apollo
# XI"): two letters or more, canonical, below 40 (so no "XL" or "CD"; "I", "V" and "X"
# alone are words or letters)
_ROMAN_NUMERAL = "X{0,3}(?:IX|IV|VI{0,3}|I{0,3})"
_ROMAN = re.compile(rf"(?<=\s)(?=[IVX]{{2}})({_ROMAN_NUMERAL})\b(?![-'’])")
_WORD_BEFORE = re.compile(r"([\w-]+)\s+$")
_ROMAN_WORD = re.compile(_ROMAN_NUMERAL)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman_value(word: str) -> int | None:
    """The value of a Roman numeral of two letters or more below 40 ("II", "XIV")."""
    if len(word) < 2 or not _ROMAN_WORD.fullmatch(word):
        return None
    total = 0
    for k, letter in enumerate(word):
        value = _ROMAN_VALUES[letter]
        following = _ROMAN_VALUES[word[k + 1]] if k + 1 < len(word) else 0
        total += -value if value < following else value
    return total


def _roman(sc: _Scanner, m: re.Match[str]) -> None:
    before = _WORD_BEFORE.search(sc.text, max(0, m.start() - 40), m.start())
    if before is None or not before.group(1)[0].isupper():
        return  # "an IV drip": only after a capitalised word
    value = roman_value(m.group(1))
    if value is not None:
        sc.add(_num(value), m.start(1), m.end(1))


def _time_minutes(hours: str, minutes: str | None, meridiem: str | None = None) -> Decimal:
    h, m = int(hours), int(minutes or 0)
    if meridiem is not None:
        h = h % 12 + (12 if meridiem.lower() == "p" else 0)
    return Decimal(h * 60 + m)


def _valid_time(hours: str, minutes: str | None) -> bool:
    """A clock time, not a score or ratio ("61:72")."""
    return int(hours) <= MAX_HOUR and int(minutes or 0) <= MAX_MINUTE


_DIGIT = re.compile(r"\d")
_BOTH = re.compile(r"beide[nrms]?")  # „beide“ and its inflected forms
# the patterns every match of which holds a digit (\d), skipped on text without one
_NEED_DIGITS = frozenset(map(id, (_YEAR_RANGE, _TRUNK_ZERO, _HMS, _DE_TIME, _DE_DATE,
                                  _DE_NUMBER, _EN_TIME, _EN_CLOCK, _EN_SLASH_DATE, _EN_NUMBER,
                                  _EN_LIST_TAIL)))
# what every match of _EN_DENOMINATORS starts with
_EN_DENOMINATOR_STEMS = ("half", "halves", "third", "quarter", "fifth", "sixth", "eighth",
                         "tenth", "hundredth", "thousandth")


def _needs(pattern: re.Pattern[str], strings: tuple[str, ...]
           ) -> tuple[int, tuple[bool, tuple[str, ...]]]:
    return id(pattern), (bool(pattern.flags & re.IGNORECASE), strings)


# the patterns every match of which holds one of these strings (as written; those that
# ignore case: in lower case, looked for in ASCII text only, where lower case is exact),
# skipped on text without any: a search for a few strings costs a fraction of a scan
_NEED_STRINGS: dict[int, tuple[bool, tuple[str, ...]]] = dict((
    _needs(_NAMED_TIMES, ("noon", "midday", "midnight", "Mitternacht")),
    _needs(_ROMAN, tuple(a + b for a in "IVX" for b in "IVX")),  # (?=[IVX]{2})
    _needs(_DE_CLOCK_PHRASE, ("halb", "iertel")),
    _needs(_EN_CLOCK_PHRASE, ("half", "quarter")),
    _needs(_DE_FRACTION, ("tel", "alb")),
    _needs(_EN_FRACTION, _EN_DENOMINATOR_STEMS),
    _needs(_EN_COUNTED_FRACTION, _EN_DENOMINATOR_STEMS),
))


class _Scanner:
    """Collects mentions, never reading the same characters twice."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = [False] * len(text)
        self.found: list[Mention] = []
        self.digits = _DIGIT.search(text) is not None
        self._lower = text.lower() if text.isascii() else None  # see _NEED_STRINGS

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, key: tuple[str, Decimal], start: int, end: int, *,
            spelled: bool = False) -> None:
        unit = unit_after(self.text, end) if key[0] == "n" else None
        code = not spelled and bool(_AFTER_LETTER.search(self.text[max(0, start - 1) : start]))
        self.found.append(Mention(key, start, end, self.text[start:end], spelled=spelled,
                                  code=code, unit=unit))
        for i in range(start, end):
            self.taken[i] = True

    def scan(self, pattern: re.Pattern[str], handle: Callable[[re.Match[str]], None]) -> None:
        if not self._may_match(pattern):
            return
        for m in pattern.finditer(self.text):
            if self.free(m.start(), m.end()):
                handle(m)

    def _may_match(self, pattern: re.Pattern[str]) -> bool:
        """False where the text lacks what every match of the pattern holds."""
        key = id(pattern)
        if key in _NEED_DIGITS:
            return self.digits
        found = _NEED_STRINGS.get(key)
        if found is None:
            return True
        ignores_case, needed = found
        # beyond ASCII (no _lower), lower case is not what a pattern ignoring case ignores
        text = self._lower if ignores_case else self.text
        return text is None or any(map(text.__contains__, needed))

    def skip(self, m: re.Match[str]) -> None:
        """Characters that hold digits but no number of their own."""
        for i in range(m.start(1), m.end(1)):
            self.taken[i] = True

    def mentions(self) -> list[Mention]:
        return sorted(self.found, key=lambda m: m.start)


# ---------------------------------------------------------------- German


@per_pair
def german_mentions(text: str) -> tuple[Mention, ...]:
    """`german_numbers`, kept per text: the number check and the pair-level `unrelated`
    verdict without MT read the same beads."""
    return tuple(german_numbers(text))


@per_pair
def english_mentions(text: str) -> tuple[Mention, ...]:
    """`english_numbers`, kept per text (see `german_mentions`)."""
    return tuple(english_numbers(text))


def german_numbers(text: str) -> list[Mention]:
    """Every number, date, time, number word and fraction of a German text."""
    sc = _Scanner(text)

    def time(m: re.Match[str]) -> None:
        hours = m.group(1) or m.group(3)
        minutes = m.group(2) if m.group(1) else m.group(4)
        if _valid_time(hours, minutes):
            sc.add(("time", _time_minutes(hours, minutes)), m.start(), m.end())

    def date(m: re.Match[str]) -> None:
        day, month = int(m.group(1)), int(m.group(2))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return
        sc.add(_num(day), m.start(1), m.end(1))
        sc.add(("month", Decimal(month)), m.start(2), m.end(2) + 1)
        if m.group(3):
            year = int(m.group(3))
            sc.add(_num(year if year >= 100 else 2000 + year), m.start(3), m.end(3))

    def fraction(m: re.Match[str]) -> None:
        count, denominator = german_count(m.group(1)), german_fraction(m.group(2))
        if count is not None and denominator is not None and count < denominator:
            sc.add(_fraction(count, denominator), m.start(), m.end(), spelled=True)

    _scan_shared(sc, _DE_CLOCK_PHRASE, german_count)
    sc.scan(_DE_TIME, time)
    sc.scan(_DE_DATE, date)
    sc.scan(_DE_FRACTION, fraction)
    sc.scan(_DE_NUMBER, functools.partial(_german_number, sc))
    _german_months(sc)
    _named_days(sc, DE_WEEKDAYS,
                r"\b([A-Z][a-z]+?)(?:s|abend|morgen|nachmittag|vormittag|mittag|nacht|früh)?\b")
    _german_words(sc)
    return sc.mentions()


def _scan_shared(sc: _Scanner, clock_phrase: re.Pattern[str],
                 count: Callable[[str], int | None]) -> None:
    """What both languages write alike, read before anything else: year ranges, a phone
    number's "(0)", running times, noon and midnight, clock phrases, Roman numerals."""
    sc.scan(_YEAR_RANGE, functools.partial(_year_range, sc))
    sc.scan(_TRUNK_ZERO, sc.skip)
    sc.scan(_HMS, functools.partial(_running_time, sc))
    sc.scan(_NAMED_TIMES, functools.partial(_named_time, sc))
    sc.scan(clock_phrase, functools.partial(_clock_phrase, sc, count))
    sc.scan(_ROMAN, functools.partial(_roman, sc))


def _year_range(sc: _Scanner, m: re.Match[str]) -> None:
    """"2020/21" is the years 2020 and 2021 (either language writes it so)."""
    first, short = int(m.group(1)), int(m.group(2))
    second = first - first % 100 + short
    if second <= first:  # "1999/00"
        second += 100
    if second - first > MAX_YEAR_RANGE:
        return
    sc.add(_num(first), m.start(1), m.end(1))
    sc.add(_num(second), m.start(2), m.end(2))



def _german_number(sc: _Scanner, m: re.Match[str]) -> None:
    raw = m.group(1)
    if re.fullmatch(r"\d{1,3}(?: ?\.\d{3})+(?:,\d+)?", raw):
        raw = raw.replace(".", "").replace(" ", "")
    value = _dec(re.sub(_GROUP_SPACE, "", raw).replace(",", "."))
    if value is None:
        return
    if m.group("decade"):
        sc.add(("decade", value), m.start(), m.end())
        return
    scale = m.group("scale")
    if scale:
        value *= DE_SCALES[scale.lower().rstrip(".")]
    sc.add(_num(value), m.start(), m.end())


def _german_months(sc: _Scanner) -> None:
    for m in re.finditer(r"\b([A-ZÄ][a-zä]+)\b", sc.text):
        key = m.group(1).lower()
        if key in DE_MONTHS and sc.free(m.start(), m.end()) and _german_month_name(key, sc.text, m):
            sc.add(("month", Decimal(DE_MONTHS[key])), m.start(1), m.end(1), spelled=True)


def _named_days(sc: _Scanner, days: dict[str, int], pattern: str) -> None:
    """Weekday names, also in a German compound with a time of day or the adverb in -s
    ("Samstag", "Samstagabend", "samstags" written at a sentence start) and in an English
    plural or possessive ("Saturdays", "Saturday's")."""
    if not any(day.capitalize() in sc.text for day in days):
        return  # every match starts with a day's name capitalised: none, nothing to scan
    for m in re.finditer(pattern, sc.text):
        key = m.group(1).lower()
        if key in days and sc.free(m.start(1), m.end(1)):
            sc.add(("weekday", Decimal(days[key])), m.start(1), m.end(1), spelled=True)


_DE_MONTH_ABBREVIATIONS = frozenset(
    {"jan", "feb", "apr", "aug", "sept", "sep", "okt", "nov", "dez"}
)


def _german_month_name(key: str, text: str, m: re.Match[str]) -> bool:
    """A full month name, or an abbreviation with a dot or a number beside it ("Okt. 2024")."""
    if key not in _DE_MONTH_ABBREVIATIONS:
        return True
    near = text[max(0, m.start() - 5) : m.end() + 6]
    return text[m.end() : m.end() + 1] == "." or bool(re.search(r"\d", near))


def _german_words(sc: _Scanner) -> None:
    tokens = list(re.finditer(r"[A-Za-zÄÖÜäöüß]+\.?", sc.text))
    for i, tok in enumerate(tokens):
        word = tok.group().rstrip(".")
        if not _german_number_form(word) or not sc.free(tok.start(), tok.end()):
            continue  # no number word (the tests below would pass it by), or taken
        end = tok.start() + len(word)
        key = _german_word_key(word.lower(), word[0].isupper())
        if key is not None:
            sc.add(key, tok.start(), end, spelled=True)
            continue
        value = _german_count_word(word.lower(), tokens[i - 1].group() if i else "")
        if value is None:
            continue
        scale_tok = tokens[i + 1] if i + 1 < len(tokens) else None
        scale = _german_scale(scale_tok, sc.text, tok.end())
        if scale is not None:
            value, end = value * scale[0], scale[1]
        elif value == 1:
            continue  # "ein", "eine": an article, not a number claim
        sc.add(_num(value), tok.start(), end, spelled=True)


@functools.lru_cache(maxsize=65536)
def _german_number_form(word: str) -> bool:
    """The word (as written, without a final dot) may be one `_german_words` reads: a
    number word that is no count, a word for one, or a count or ordinal in some form."""
    low = word.lower()
    return (_german_word_key(low, word[0].isupper()) is not None or low in ONE_WORDS
            or german_word_value(low) is not None)


@functools.lru_cache(maxsize=65536)
def _german_word_key(low: str, capitalised: bool) -> tuple[str, Decimal] | None:
    """Number words that are not counts: "beide", "Dutzend", "Hälfte", "zweimal", decades."""
    if _BOTH.fullmatch(low):
        return ("both", Decimal(2))
    if low == "dutzend" and capitalised:
        return _num(12)
    if low in DE_HALVES:
        return _num(DE_HALVES[low])
    if low in DE_MULTIPLICATIVES:
        return _num(DE_MULTIPLICATIVES[low])
    stem = low[:-1] if low.endswith("n") else low
    if stem in DE_DECADES:
        return ("decade", Decimal(DE_DECADES[stem]))
    return None


def _german_count_word(low: str, previous: str) -> int | None:
    if low in ONE_WORDS:
        return 1
    value = german_word_value(low)
    if value is None or not _plausible_ordinal(low, previous):
        return None
    return value


_DE_DETERMINERS = frozenset(
    "der die das den dem des am im zum zur vom beim ein eine einen einem einer eines jeder "
    "jede jedes jeden jedem".split()
)
_DE_POSSESSIVE = re.compile(
    r"(?:sein|ihr|mein|dein|unser|euer|eur)(?:e|en|em|er|es)?", re.IGNORECASE
)


def _plausible_ordinal(word: str, previous: str) -> bool:
    """An inflected ordinal ("achten") needs a determiner before it; else it may be a verb."""
    if word in DE_ORDINALS or not any(word.startswith(o) for o in DE_ORDINALS):
        return True
    return previous.lower() in _DE_DETERMINERS or bool(_DE_POSSESSIVE.fullmatch(previous))


def _german_scale(tok: re.Match[str] | None, text: str, prev_end: int) -> tuple[int, int] | None:
    if tok is None or text[prev_end : tok.start()].strip():
        return None
    word = tok.group()
    key = word.lower().rstrip(".")
    if key in DE_SCALES:
        abbreviated = word.endswith(".") and key in ("mio", "mrd", "tsd")
        end = tok.end() if abbreviated else tok.start() + len(word.rstrip("."))
        return DE_SCALES[key], end
    return None


# ---------------------------------------------------------------- English


def english_numbers(text: str) -> list[Mention]:
    """Every number, date, time, number word and fraction of an English text."""
    sc = _Scanner(text)

    def time(m: re.Match[str]) -> None:
        if m.group(1):
            if _valid_time(m.group(1), m.group(2)):
                sc.add(("time", _time_minutes(m.group(1), m.group(2), m.group(3))),
                       m.start(), m.end())
        elif _valid_time(m.group(4), m.group(5)):
            sc.add(("time", _time_minutes(m.group(4), m.group(5))), m.start(), m.end())

    def clock(m: re.Match[str]) -> None:
        hours = int(m.group(1))
        if not _valid_time(m.group(1), m.group(2)):
            return
        if m.group("h") or hours > 12 or m.group(2):
            sc.add(("time", _time_minutes(m.group(1), m.group(2))), m.start(), m.end())
        else:
            sc.add(("clock", Decimal(hours % 12)), m.start(), m.end())

    def fraction(m: re.Match[str]) -> None:
        count = _english_count(m.group(1))
        denominator = EN_FRACTIONS.get(m.group(2).lower())
        if count is not None and denominator is not None and count < denominator:
            sc.add(_fraction(count, denominator), m.start(), m.end(), spelled=True)

    def list_tail(m: re.Match[str]) -> None:
        sc.add(_num(int(m.group(1))), m.start(1), m.end(1))

    _scan_shared(sc, _EN_CLOCK_PHRASE, _english_count)
    sc.scan(_EN_TIME, time)
    sc.scan(_EN_CLOCK, clock)
    sc.scan(_EN_SLASH_DATE, functools.partial(_english_slash_date, sc))
    sc.scan(_EN_COUNTED_FRACTION, fraction)
    sc.scan(_EN_FRACTION, fraction)
    sc.scan(_EN_NUMBER, functools.partial(_english_number, sc))
    sc.scan(_EN_LIST_TAIL, list_tail)
    _english_months(sc)
    _named_days(sc, EN_WEEKDAYS, r"\b([A-Z][a-z]+?)(?:s|['’]s)?\b")
    _english_words(sc)
    return sc.mentions()


def _english_count(word: str) -> int | None:
    w = word.lower()
    if w in ("a", "an", "one"):
        return 1
    if w.isdigit():
        return int(w)
    return EN_SMALL.get(w)


def _english_slash_date(sc: _Scanner, m: re.Match[str]) -> None:
    first, second, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if first <= 12 and 1 <= second <= 31 and (year or second > 12):
        (month, month_at), (day, day_at) = (first, 1), (second, 2)  # US: month/day
    elif second <= 12 and 12 < first <= 31:
        (month, month_at), (day, day_at) = (second, 2), (first, 1)  # day/month
    else:
        return
    if month < 1:
        return
    sc.add(_num(day), m.start(day_at), m.end(day_at))
    sc.add(("month", Decimal(month)), m.start(month_at), m.end(month_at))
    if year:
        value = int(year)
        sc.add(_num(value if value >= 100 else 2000 + value), m.start(3), m.end(3))


def _english_number(sc: _Scanner, m: re.Match[str]) -> None:
    value = _dec(re.sub(_GROUP_SPACE, "", m.group(1)).replace(",", ""))
    if value is None:
        return
    suffix = (m.group("suffix") or "").lower()
    if (
        suffix in ("s", "'s", "’s")
        and value == value.to_integral_value()
        and not m.group("scale")
    ):
        sc.add(("decade", value), m.start(), m.end())
        return
    scale = m.group("scale")
    if scale:
        value *= EN_SCALES[scale.lower()]
    elif _CURRENCY_MILLION.match(sc.text, m.end()) and _after_currency(sc.text, m.start()):
        value *= 10**6  # "€1.5m", "$20m": after a currency sign, m is million
    sc.add(_num(value), m.start(), m.end())


_CURRENCY_MILLION = re.compile(r"m\b")
_CURRENCY_SIGNS = frozenset("€$£¥")
_CURRENCY_CODES = ("EUR", "USD", "GBP")


def _after_currency(text: str, start: int) -> bool:
    """A currency sign right before the number, or a code before it ("€1.5m", "EUR 2m")."""
    before = text[max(0, start - 4) : start]
    return before[-1:] in _CURRENCY_SIGNS or before.rstrip().endswith(_CURRENCY_CODES)


_EN_AMBIGUOUS_MONTHS = (
    "may", "mar", "jun", "jul", "dec", "jan", "sep", "aug", "apr", "nov", "oct", "feb"
)
"""Month words that are also other words or names ("May", "Jan"): months only near a digit."""


def _english_months(sc: _Scanner) -> None:
    for m in re.finditer(r"\b([A-Z][a-z]+)\.?", sc.text):
        key = m.group(1).lower()
        if key not in EN_MONTHS or not sc.free(m.start(), m.end()):
            continue
        near = sc.text[max(0, m.start() - 6) : m.end() + 6]
        if key in _EN_AMBIGUOUS_MONTHS and not re.search(r"\d", near):
            continue
        sc.add(("month", Decimal(EN_MONTHS[key])), m.start(1), m.end(1), spelled=True)


_EN_TIME_UNIT_BEFORE = frozenset({"a", "per", "split", "one", "every", "each"})


def _english_words(sc: _Scanner) -> None:
    tokens = list(re.finditer(r"[A-Za-z]+", sc.text))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.group().lower()
        if low not in _EN_CANDIDATES or not sc.free(
                tok.start(), tok.end()):
            i += 1  # no number word (the tests below would pass it by), or taken
            continue
        key = _english_word_key(low, tokens[i - 1].group().lower() if i else "")
        if key is not None:
            sc.add(key, tok.start(), tok.end(), spelled=True)
            i += 1
            continue
        if not is_en_number_word(low) or (low == "second" and i and
                                          tokens[i - 1].group().lower() in _EN_TIME_UNIT_BEFORE):
            i += 1
            continue
        j, value = english_number_run(tokens, i, sc.text)
        first = tokens[i].group().lower()
        only_one = j == i + 1 and first in ONE_WORDS
        if value is not None and not only_one and not (first in ("a", "an") and j == i + 1):
            sc.add(_num(value), tokens[i].start(), tokens[j - 1].end(), spelled=True)
        i = max(j, i + 1)


_EN_WORD_KEYS = frozenset({*EN_MULTIPLICATIVES, "half", *EN_DECADES})  # _english_word_key's
_EN_CANDIDATES = _EN_WORD_KEYS | EN_NUMBER_WORDS  # the words _english_words reads


def _english_word_key(low: str, previous: str) -> tuple[str, Decimal] | None:
    """"twice", "half", "the eighties": number words that are not counts."""
    if low in EN_MULTIPLICATIVES:
        return _num(EN_MULTIPLICATIVES[low])
    if low == "half":
        return _num(Decimal("0.5"))
    if low in EN_DECADES:
        return ("decade", Decimal(EN_DECADES[low]))
    return None


# ---------------------------------------------------------------- compare


def _unit_conflict(a: Mention, b: Mention) -> bool:
    """The same number with two different units of one dimension ("8 km" ↔ "8 miles")."""
    return (a.unit is not None and b.unit is not None and a.unit != b.unit
            and a.unit.dimension == b.unit.dimension)


def _matches(a: Mention, b: Mention) -> bool:
    if _keys_match(a.key, b.key) and not _unit_conflict(a, b):
        return True
    if a.key[0] != "n" or b.key[0] != "n":
        return False
    if a.unit is not None and b.unit is not None:
        return converted_equal(a.key[1], a.unit, b.key[1], b.unit)
    return _percent_of(a, b) or _percent_of(b, a)


def _percent_of(a: Mention, b: Mention) -> bool:
    """"50 percent" is "half", „ein Viertel“ is "25 percent": a percentage and a fraction
    written in words."""
    return (a.unit == PERCENT and b.spelled and b.unit is None
            and abs(a.key[1] * PERCENT.factor - b.key[1]) < PERCENT.factor)  # 66 % ≈ ⅔


def _keys_match(a: tuple[str, Decimal], b: tuple[str, Decimal]) -> bool:
    if a == b:
        return True
    kinds = {a[0], b[0]}
    if "clock12" in kinds:
        x, y = (int(a[1]), int(b[1]))
        if kinds == {"clock12", "clock"}:
            x, y = (x, y * 60) if a[0] == "clock12" else (x * 60, y)
        return kinds <= {"clock12", "time", "clock"} and x % HALF_DAY == y % HALF_DAY
    if kinds == {"clock", "time"}:
        minutes, hours = (a[1], b[1]) if a[0] == "time" else (b[1], a[1])
        return minutes % 60 == 0 and minutes // 60 % 12 == hours
    if kinds in ({"both", "n"}, {"month", "n"}):
        return a[1] == b[1]
    if kinds == {"time", "n"}:
        minutes, hours = (a[1], b[1]) if a[0] == "time" else (b[1], a[1])
        return minutes % 60 == 0 and hours in (minutes // 60, minutes // 60 % 12)
    if "decade" in kinds and kinds <= {"decade", "n"}:
        x, y = int(a[1]), int(b[1])
        return x % 100 == y % 100 and (x < 100 or y < 100 or x == y)
    return False


def unmatched(left: list[Mention], right: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Mentions of each side with no partner on the other (greedy, exact keys first).

    Each left mention takes the first right mention of its key, in order, that it does not
    conflict with by unit; the right mentions are found by key, so that the pair-level
    reading of a whole article (`findings.number_relatedness`) stays linear. The rest then
    pair by the looser matches (number words, conversions, clock times)."""
    by_key: dict[tuple[str, Decimal], deque[int]] = {}
    for k, r in enumerate(right):
        by_key.setdefault(r.key, deque()).append(k)
    taken = [False] * len(right)
    pending: list[Mention] = []
    for m in left:
        queue = by_key.get(m.key, deque())
        while queue and taken[queue[0]]:
            queue.popleft()  # taken before: never looked at again
        hit = next((k for k in queue if not taken[k] and not _unit_conflict(right[k], m)), None)
        if hit is None:
            pending.append(m)
        else:
            taken[hit] = True
    rest = [r for k, r in enumerate(right) if not taken[k]]
    lonely: list[Mention] = []
    for m in pending:
        hit = next((k for k, r in enumerate(rest) if _matches(m, r)), None)
        if hit is None:
            lonely.append(m)
        else:
            del rest[hit]
    return lonely, rest


def _count(mentions: list[Mention], value: Mention) -> int:
    return sum(1 for m in mentions if _matches(m, value))


def _confirmed_by_mt(value: Mention, mt: list[Mention] | None, en: list[Mention]) -> bool:
    """Without MT every difference counts; with MT, one the MT shares with English does not."""
    return mt is None or _count(mt, value) != _count(en, value)


_DE_NUMBER_PREFIXES = tuple(sorted(
    {**{k: v for k, v in DE_UNITS.items() if v >= 2}, **DE_TEENS, **DE_TENS}.items(),
    key=lambda kv: -len(kv[0]),
))
MIN_COMPOUND_REST = 4  # "Zweifamilienhaus": at least this many letters after the number word


def german_compound_values(text: str) -> set[Decimal]:
    """Numbers that open German compounds ("Zweifamilienhaus" 2, "siebenmalige" 7).

    Too uncertain to flag on their own ("Dreieck", "Achtung"), they only account for
    an English number ("two-family home", "seven-time").
    """
    found = {_compound_value(m.group().lower()) for m in re.finditer(r"[A-Za-zÄÖÜäöüß]+", text)}
    return {v for v in found if v is not None}


@functools.lru_cache(maxsize=65536)
def _compound_value(low: str) -> Decimal | None:
    for prefix, value in _DE_NUMBER_PREFIXES:
        if low.startswith(prefix) and len(low) - len(prefix) >= MIN_COMPOUND_REST:
            return Decimal(value)
    return None


@dataclass(frozen=True)
class Difference:
    """A German mention and/or an English mention without a partner on the other side."""

    de: Mention | None
    en: Mention | None
    strength: Severity  # how sure the evidence is: ERROR, WARNING or INFO


def detect_numbers(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de_text, en_text = bead.de_text, bead.en_text
    de, en = list(german_mentions(de_text)), list(english_mentions(en_text))
    mt = english_numbers(_gloss_digits(bead.mt, ctx.translator)) if bead.mt else None
    de_only, en_only = unmatched(de, en)
    de_only = [m for m in de_only if m.key[0] != "both" and _confirmed_by_mt(m, mt, en)]
    en_only = [m for m in en_only if _confirmed_by_mt(m, mt, en)]
    if any(m.key[0] == "n" for m in en_only):  # the German's compounds may account for them
        compounds = german_compound_values(de_text)
        en_only = [m for m in en_only if not (m.key[0] == "n" and m.key[1] in compounds)]
    de_only = [m for m in de_only if not (_one_of_a_unit(m, en_text)
                                          or _first(m, en_text, _EN_FIRST))]
    en_only = [m for m in en_only if not (_one_of_a_unit(m, de_text)
                                          or _first(m, de_text, _DE_FIRST))]
    de_only, en_only = _running_time_in_units(de_only, en_only)
    en_only, de_only = _running_time_in_units(en_only, de_only)
    kept, de_only, en_only = _german_format_kept(de_only, en_only, en_text)
    differences = [_graded(d, e) for d, e in _paired(de_only, en_only)
                   if not _lone_code(d, e)]
    return ([_kept_flag(ctx, en_text, d, span) for d, span in kept]
            + [_flag(ctx, de_text, en_text, diff) for diff in differences])


# a German thousands dot or decimal comma between digits ("12.000", "3,5")
_DE_DIGIT_GROUPS = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b(?!,\d)|\b\d+,\d+\b")


def _gloss_digits(mt: str, translator: str) -> str:
    """A dictionary gloss keeps the German's digits as written: "12.000" is twelve
    thousand there, not twelve, and "3,5" three and a half."""
    if translator != "lexicon":
        return mt
    return _DE_DIGIT_GROUPS.sub(lambda m: m.group().replace(".", "").replace(",", "."), mt)


def _one_of_a_unit(m: Mention, other_text: str) -> bool:
    """„zehn Jahre“ is "a decade", "seven days" „eine Woche“, „1 Jahr“ "one year": a number
    with a unit that the other side counts as one of that or another unit by an article."""
    if m.unit is None or m.key[0] != "n":
        return False
    return any((unit == m.unit and m.key[1] == 1)  # „1 Jahr“ / "one year"
               or converted_equal(m.key[1], m.unit, Decimal(1), unit)
               for unit in single_units(other_text))


def _running_time_in_units(one: list[Mention], other: list[Mention]
                           ) -> tuple[list[Mention], list[Mention]]:
    """"2:03:45" on one side is "2 hours, 3 minutes and 45 seconds" on the other: the
    durations of the other side add up to the running time."""
    for m in one:
        if m.key[0] != "hms":
            continue
        parts = [d for d in other if d.key[0] == "n" and d.unit is not None
                 and d.unit.dimension == "duration"]
        if parts and sum(d.key[1] * d.unit.factor for d in parts if d.unit) == m.key[1]:
            return ([x for x in one if x is not m],
                    [x for x in other if not any(x is d for d in parts)])
    return one, other


# the ordinal one, which the number words leave out ("at first" counts nothing), found
# only as the partner of a lone 1 on the other side; „erst“ alone is "only", no ordinal
_EN_FIRST = re.compile(r"\bfirst\b", re.IGNORECASE)
_DE_FIRST = re.compile(r"\berste[nmrs]?\b", re.IGNORECASE)


def _first(m: Mention, other_text: str, first: re.Pattern[str]) -> bool:
    """„Platz 1“ is "first place", "the 1st day" „der erste Tag“: a 1 that the other side
    writes as the ordinal word."""
    return m.key == ("n", Decimal(1)) and m.unit is None and bool(first.search(other_text))


_SEPARATED = re.compile(r"\d[\d.,]*[.,]\d+")  # digits with a decimal or group separator


def _german_format_kept(de_only: list[Mention], en_only: list[Mention], en_text: str
                        ) -> tuple[list[tuple[Mention, tuple[int, int]]], list[Mention],
                                   list[Mention]]:
    """German numbers the English writes with the same characters ("1.500", "3,5"): the
    value did not change, its format did (English reads "1.500" as 1.5). They are taken
    out of the comparison and reported on their own."""
    kept: list[tuple[Mention, tuple[int, int]]] = []
    for d in de_only:
        raw = _SEPARATED.search(d.text)
        if raw is None or d.key[0] != "n":
            continue
        found = re.search(rf"(?<![\d.,]){re.escape(raw.group())}(?![\d]|[.,]\d)", en_text)
        if found is not None:
            kept.append((d, found.span()))
    if not kept:
        return [], de_only, en_only
    spans = [span for _, span in kept]
    return (kept, [m for m in de_only if all(m is not d for d, _ in kept)],
            [m for m in en_only if not any(a < m.end and m.start < b for a, b in spans)])


def _kept_flag(ctx: CheckContext, en_text: str, d: Mention, span: tuple[int, int]) -> Flag:
    shown = en_text[span[0] : span[1]]
    message = (f'English keeps the German number format: "{shown}" (German {d.display()}) '
               "reads differently in English")
    return make_flag(ctx, CODE, message, de=d.text, en=shown, weak=True)


_FAMILY = {"n": "n", "both": "n", "decade": "n", "month": "month", "weekday": "weekday",
           "time": "time", "clock": "time", "clock12": "time", "hms": "time"}


def _family(m: Mention) -> tuple[str, bool]:
    """What a mention may be paired with: a number with a number, a code with a code."""
    return _FAMILY[m.key[0]], m.code


def _paired(de_only: list[Mention], en_only: list[Mention]
            ) -> list[tuple[Mention | None, Mention | None]]:
    """Each German leftover with the first English leftover of its kind (a number with a
    number, a month with a month, a code with a code), in reading order; the rest stand
    alone."""
    rest = list(en_only)
    out: list[tuple[Mention | None, Mention | None]] = []
    for d in de_only:
        e = next((r for r in rest if _family(r) == _family(d)), None)
        if e is not None:
            rest.remove(e)
        out.append((d, e))
    return out + [(None, e) for e in rest]


def _lone_code(d: Mention | None, e: Mention | None) -> bool:
    """A code's number ("K1", "E95") on one side only: the other side may name the thing
    differently ("child 1"). Two codes whose numbers differ ("B58" ↔ "B61") are reported."""
    alone = d if e is None else e if d is None else None
    return alone is not None and alone.code


def _graded(d: Mention | None, e: Mention | None) -> Difference:
    """Error: a value that differs between the two sides (digits or words). Warning: digits
    on one side only (a paraphrase may drop them). Info: a number word, or the name of a
    month or day, on one side only ("zwei" rendered "a couple", "im Juli" left out)."""
    if d is not None and e is not None:
        return Difference(d, e, Severity.ERROR)
    alone = d or e
    assert alone is not None
    return Difference(d, e, Severity.INFO if alone.spelled else Severity.WARNING)


def _flag(ctx: CheckContext, de_text: str, en_text: str, diff: Difference) -> Flag:
    d, e = diff.de, diff.en
    de_span = context(de_text, d.start, d.end) if d else ""
    en_span = context(en_text, e.start, e.end) if e else ""
    german = f'German says {d.display()} ("{de_span}")' if d else "German has no such number"
    english = f'English says {e.display()} ("{en_span}")' if e else "English has no such number"
    message = f"{german}, {english}" if d else f"{english}; {german}"
    flag = make_flag(ctx, CODE, message, de=de_span, en=en_span)
    steps = Severity.ERROR - diff.strength
    for _ in range(steps):
        flag = dataclasses.replace(flag, severity=weaker(flag.severity))
    return flag
