"""`number`: numbers, number words, dates, times and amounts that differ.

Both sides are read into normalised values (German 1.000,5 and English 1,000.5 are
both 1000.5; „26. November“ and "November 26" are the day 26 and the month 11;
14:30 Uhr and 2:30 p.m. are the time 14:30) and compared as multisets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from checker.checks.base import CheckContext
from checker.checks.common import context, make_flag
from checker.model import BeadResult, Flag

CODE = "number"

DE_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "april": 4,
    "apr": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}
EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
EN_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")

DE_UNITS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
            "acht": 8, "neun": 9, "ein": 1, "eins": 1}
DE_TEENS = {"null": 0, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
            "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
DE_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
           "siebzig": 70, "achtzig": 80, "neunzig": 90}
DE_ORDINALS = {"zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6,
               "siebte": 7, "achte": 8, "neunte": 9, "zehnte": 10, "elfte": 11, "zwölfte": 12}
DE_SCALES = {"tausend": 1000, "tsd": 1000, "million": 10**6, "millionen": 10**6,
             "mio": 10**6, "milliarde": 10**9, "milliarden": 10**9, "mrd": 10**9,
             "billion": 10**12, "billionen": 10**12, "dutzend": 12}
EN_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
            "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
EN_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
               "eighth": 8, "eigth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
               "twelfth": 12}
EN_ORDINALS.update({w + "th": v for w, v in EN_SMALL.items() if 13 <= v <= 19})
EN_ORDINALS.update({w[:-1] + "ieth": v for w, v in EN_SMALL.items() if v >= 20})
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
             "bn": 10**9, "trillion": 10**12, "dozen": 12}
ONE_WORDS = frozenset({"ein", "eine", "einer", "einen", "einem", "eines", "eins", "one", "a", "an"})

_DE_ENDINGS = ("en", "em", "er", "es", "n", "s", "e")
_DE_WORD = re.compile(r"(?<![\w])[a-zäöüß]+(?:\.)?", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One number found in a text: its comparable key and the exact source span."""

    key: tuple[str, Decimal]  # ("n", value) | ("month", m) | ("time", minutes) | ("decade", d)
    start: int
    end: int
    text: str

    def display(self) -> str:
        kind, value = self.key
        if kind == "month":
            return EN_MONTH_NAMES[int(value)]
        if kind == "time":
            return f"{int(value) // 60}:{int(value) % 60:02d}"
        if kind == "decade":
            return f"the {value}s"
        if kind == "clock":
            return f"{value} o'clock"
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


# ---------------------------------------------------------------- German


_DE_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?\s*Uhr\b"
    r"|(?<![\d.,])(\d{1,2}):(\d{2})(?!\d)"
)
_DE_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}(?!\d))?")
_DE_NUMBER = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d+(?!\.?\d))"
    r"(?:\s*(?P<scale>Millionen|Million|Mio\.?|Milliarden|Milliarde|Mrd\.?|Billionen"
    r"|Billion|Tausend|Tsd\.?))?(?P<decade>er(?:n|jahre)?\b)?"
)
_EN_TIME = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s?m\b\.?|(?<![\d.,])(\d{1,2}):(\d{2})(?!\d)",
    re.IGNORECASE,
)
# "13h", "22:30h", "18 o'clock", "6 o'clock" (12-hour: matches 6:00 and 18:00)
_EN_CLOCK = re.compile(
    r"(?<![\d.,])(\d{1,2})(?:[:.](\d{2}))?(?:\s?(?P<h>h|hrs)\b\.?|\s+o['’]clock\b)",
    re.IGNORECASE,
)
# the second number of a list written without a space: "(3,5)" is 3 and 5, not 3.5 or 35
_EN_LIST_TAIL = re.compile(r"(?<=\d,)(\d{1,2})(?![\d.,]?\d)")
_EN_NUMBER = re.compile(
    r"(?<![\d.,])'?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>million|billion|bn|trillion|thousand)\b)?"
    r"(?P<suffix>st|nd|rd|th|'s|’s|s)?(?:\b|(?=[^\W\d_]))",  # "130th", "1080p", "A319neo"
    re.IGNORECASE,
)


def _time_minutes(hours: str, minutes: str | None, meridiem: str | None = None) -> Decimal:
    h, m = int(hours), int(minutes or 0)
    if meridiem is not None:
        h = h % 12 + (12 if meridiem.lower() == "p" else 0)
    return Decimal(h * 60 + m)


class _Scanner:
    """Collects mentions, never reading the same characters twice."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken = [False] * len(text)
        self.found: list[Mention] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, key: tuple[str, Decimal], start: int, end: int) -> None:
        self.found.append(Mention(key, start, end, self.text[start:end]))
        for i in range(start, end):
            self.taken[i] = True

    def scan(self, pattern: re.Pattern[str], handle: Callable[[re.Match[str]], None]) -> None:
        for m in pattern.finditer(self.text):
            if self.free(m.start(), m.end()):
                handle(m)

    def mentions(self) -> list[Mention]:
        return sorted(self.found, key=lambda m: m.start)


def german_numbers(text: str) -> list[Mention]:
    sc = _Scanner(text)

    def time(m: re.Match[str]) -> None:
        hours = m.group(1) or m.group(3)
        minutes = m.group(2) if m.group(1) else m.group(4)
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

    def number(m: re.Match[str]) -> None:
        raw = m.group(1)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw):
            raw = raw.replace(".", "")
        value = _dec(raw.replace(",", "."))
        if value is None:
            return
        if m.group("decade"):
            sc.add(("decade", value), m.start(), m.end())
            return
        scale = m.group("scale")
        if scale:
            value *= DE_SCALES[scale.lower().rstrip(".")]
        sc.add(_num(value), m.start(), m.end())

    sc.scan(_DE_TIME, time)
    sc.scan(_DE_DATE, date)
    sc.scan(_DE_NUMBER, number)
    _german_months(sc)
    _german_words(sc)
    return sc.mentions()


def _german_months(sc: _Scanner) -> None:
    for m in re.finditer(r"\b([A-ZÄ][a-zä]+)\b", sc.text):
        key = m.group(1).lower()
        if key in DE_MONTHS and sc.free(m.start(), m.end()) and _german_month_name(key, sc.text, m):
            sc.add(("month", Decimal(DE_MONTHS[key])), m.start(1), m.end(1))


_DE_MONTH_ABBREVIATIONS = frozenset(
    {"jan", "feb", "apr", "aug", "sept", "sep", "okt", "nov", "dez"}
)


def _german_month_name(key: str, text: str, m: re.Match[str]) -> bool:
    """A full month name, or an abbreviation with a dot or a number beside it ("Okt. 2024")."""
    if key not in _DE_MONTH_ABBREVIATIONS:
        return True
    near = text[max(0, m.start() - 5) : m.end() + 6]
    return text[m.end() : m.end() + 1] == "." or bool(re.search(r"\d", near))


def german_word_value(word: str) -> int | None:
    """The value of a German number word such as "drei", "fünfundzwanzig", "eintausend"."""
    w = word.lower()
    if w in DE_TEENS:
        return DE_TEENS[w]
    if w in DE_ORDINALS or (len(w) > 4 and w[:-1] in DE_ORDINALS and w[-1] in "nrms"):
        return DE_ORDINALS.get(w, DE_ORDINALS.get(w[:-1]))
    high = _german_high_ordinal(w)
    if high is not None:
        return high
    total = 0
    for scale_word, scale in (("tausend", 1000), ("hundert", 100)):
        head, sep, rest = w.partition(scale_word)
        if sep:
            count = 1 if head in ("", "ein") else DE_UNITS.get(head)
            if count is None:
                return None
            total += count * scale
            w = rest
    if not w:
        return total if total and word.lower() not in ("hundert", "tausend") else None
    small = _german_below_hundred(w)
    return None if small is None else total + small


_DE_ORDINAL_ENDINGS = ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te")


def _german_high_ordinal(w: str) -> int | None:
    """"neunzehnte" → 19, "zwanzigsten" → 20 (ordinals from 13 up)."""
    for ending in _DE_ORDINAL_ENDINGS:
        base = w[: -len(ending)]
        if w.endswith(ending) and base.endswith(("zehn", "zig")):
            value = _german_below_hundred(base)
            if value is not None and value >= 13:
                return value
    return None


def _german_below_hundred(w: str) -> int | None:
    if w in DE_UNITS and w != "ein":
        return DE_UNITS[w]
    if w in DE_TEENS:
        return DE_TEENS[w]
    if w in DE_TENS:
        return DE_TENS[w]
    unit, sep, tens = w.partition("und")
    if sep and unit in DE_UNITS and tens in DE_TENS:
        return DE_UNITS[unit] + DE_TENS[tens]
    return None


def _german_words(sc: _Scanner) -> None:
    tokens = list(re.finditer(r"[A-Za-zÄÖÜäöüß]+\.?", sc.text))
    for i, tok in enumerate(tokens):
        if not sc.free(tok.start(), tok.end()):
            continue
        word = tok.group().rstrip(".")
        low = word.lower()
        scale_tok = tokens[i + 1] if i + 1 < len(tokens) else None
        scale = _german_scale(scale_tok, sc.text, tok.end())
        if re.fullmatch(r"beide[nrms]?", low):
            sc.add(("both", Decimal(2)), tok.start(), tok.start() + len(word))
            continue
        if low in ONE_WORDS:
            if scale is not None and scale_tok is not None:
                sc.add(_num(scale[0]), tok.start(), scale[1])
            continue
        if low == "dutzend" and tok.group()[0].isupper():
            sc.add(_num(12), tok.start(), tok.start() + len(word))
            continue
        value = german_word_value(low)
        if value is None or not _plausible_ordinal(low, tokens[i - 1].group() if i else ""):
            continue
        end = tok.start() + len(word)
        if scale is not None:
            value, end = value * scale[0], scale[1]
        sc.add(_num(value), tok.start(), end)


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
    if key in DE_SCALES and key != "dutzend" or key == "dutzend":
        abbreviated = word.endswith(".") and key in ("mio", "mrd", "tsd")
        end = tok.end() if abbreviated else tok.start() + len(word.rstrip("."))
        return DE_SCALES[key], end
    return None


# ---------------------------------------------------------------- English


def english_numbers(text: str) -> list[Mention]:
    sc = _Scanner(text)

    def time(m: re.Match[str]) -> None:
        if m.group(1):
            key = _time_minutes(m.group(1), m.group(2), m.group(3))
        else:
            key = _time_minutes(m.group(4), m.group(5))
        sc.add(("time", key), m.start(), m.end())

    def number(m: re.Match[str]) -> None:
        value = _dec(m.group(1).replace(",", ""))
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
        sc.add(_num(value), m.start(), m.end())

    def clock(m: re.Match[str]) -> None:
        hours = int(m.group(1))
        if m.group("h") or hours > 12 or m.group(2):
            sc.add(("time", _time_minutes(m.group(1), m.group(2))), m.start(), m.end())
        else:
            sc.add(("clock", Decimal(hours % 12)), m.start(), m.end())

    def list_tail(m: re.Match[str]) -> None:
        sc.add(_num(int(m.group(1))), m.start(1), m.end(1))

    sc.scan(_EN_TIME, time)
    sc.scan(_EN_CLOCK, clock)
    sc.scan(_EN_NUMBER, number)
    sc.scan(_EN_LIST_TAIL, list_tail)
    _english_months(sc)
    _english_words(sc)
    return sc.mentions()


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
        sc.add(("month", Decimal(EN_MONTHS[key])), m.start(1), m.end(1))


def _english_words(sc: _Scanner) -> None:
    tokens = list(re.finditer(r"[A-Za-z]+", sc.text))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.group().lower()
        if not sc.free(tok.start(), tok.end()) or not _is_en_number_word(low):
            i += 1
            continue
        j, value = _english_number_run(tokens, i, sc.text)
        first = tokens[i].group().lower()
        only_one = j == i + 1 and first in ONE_WORDS
        if value is not None and not only_one and not (first in ("a", "an") and j == i + 1):
            sc.add(_num(value), tokens[i].start(), tokens[j - 1].end())
        i = max(j, i + 1)


def _is_en_number_word(w: str) -> bool:
    return w in EN_SMALL or w in EN_ORDINALS or w in EN_SCALES or w in ("a", "an")


def _apply_english_scale(w: str, total: int, current: int) -> tuple[int, int]:
    """(total, current) after the scale word `w`: "dozen"/"hundred" multiply the
    running group; larger scales close it into the total."""
    if w == "dozen":
        return total, max(current, 1) * 12
    if EN_SCALES[w] == 100:
        return total, max(current, 1) * 100
    return total + max(current, 1) * EN_SCALES[w], 0


def _english_number_run(tokens: list[re.Match[str]], i: int, text: str) -> tuple[int, int | None]:
    """Reads "two hundred and fifty", "twenty-five", "a dozen", "3 million" word runs."""
    total, current, seen, j = 0, 0, False, i
    while j < len(tokens):
        w = tokens[j].group().lower()
        gap = text[tokens[j - 1].end() : tokens[j].start()] if j > i else ""
        if j > i and gap.strip() not in ("", "-"):
            break
        if w in ("a", "an") and j == i:
            following = tokens[j + 1].group().lower() if j + 1 < len(tokens) else ""
            if following not in EN_SCALES:
                return j + 1, None
            current = 1
        elif w in EN_SMALL:
            current += EN_SMALL[w]
        elif w in EN_ORDINALS:
            current += EN_ORDINALS[w]
            seen, j = True, j + 1
            break
        elif w in EN_SCALES:
            if not seen and current == 0:
                break  # "hundreds", "several hundred": no exact number
            total, current = _apply_english_scale(w, total, current)
        elif (
            w == "and"
            and seen
            and j + 1 < len(tokens)
            and tokens[j + 1].group().lower() in EN_SMALL
        ):
            pass
        else:
            break
        seen = seen or w not in ("a", "an")
        j += 1
    if not seen:
        return j, None
    return j, total + current


# ---------------------------------------------------------------- compare


def _matches(a: tuple[str, Decimal], b: tuple[str, Decimal]) -> bool:
    if a == b:
        return True
    kinds = {a[0], b[0]}
    if kinds == {"clock", "time"}:
        minutes, hours = (a[1], b[1]) if a[0] == "time" else (b[1], a[1])
        return minutes % 60 == 0 and minutes // 60 % 12 == hours
    if kinds == {"both", "n"}:
        return a[1] == b[1]
    if kinds == {"time", "n"}:
        minutes, hours = (a[1], b[1]) if a[0] == "time" else (b[1], a[1])
        return minutes % 60 == 0 and hours in (minutes // 60, minutes // 60 % 12)
    if "decade" in kinds and kinds <= {"decade", "n"}:
        x, y = int(a[1]), int(b[1])
        return x % 100 == y % 100 and (x < 100 or y < 100 or x == y)
    return False


def unmatched(left: list[Mention], right: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Mentions of each side with no partner on the other (greedy, exact keys first)."""
    rest = list(right)
    lonely: list[Mention] = []
    pending: list[Mention] = []
    for m in left:
        hit = next((r for r in rest if r.key == m.key), None)
        if hit is None:
            pending.append(m)
        else:
            rest.remove(hit)
    for m in pending:
        hit = next((r for r in rest if _matches(m.key, r.key)), None)
        if hit is None:
            lonely.append(m)
        else:
            rest.remove(hit)
    return lonely, rest


def _confirmed_by_mt(value: Mention, mt: list[Mention] | None, en: list[Mention]) -> bool:
    """Without MT every difference counts; with MT, one the MT shares with English does not."""
    if mt is None:
        return True
    mt_count = sum(1 for m in mt if _matches(m.key, value.key))
    en_count = sum(1 for m in en if _matches(m.key, value.key))
    return mt_count != en_count


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
    found: set[Decimal] = set()
    for m in re.finditer(r"[A-Za-zÄÖÜäöüß]+", text):
        low = m.group().lower()
        for prefix, value in _DE_NUMBER_PREFIXES:
            if low.startswith(prefix) and len(low) - len(prefix) >= MIN_COMPOUND_REST:
                found.add(Decimal(value))
                break
    return found


def detect_numbers(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de_text, en_text = bead.de_text, bead.en_text
    de, en = german_numbers(de_text), english_numbers(en_text)
    mt = english_numbers(bead.mt) if bead.mt else None
    de_only, en_only = unmatched(de, en)
    de_only = [m for m in de_only if m.key[0] != "both" and _confirmed_by_mt(m, mt, en)]
    compounds = german_compound_values(de_text)
    en_only = [m for m in en_only if _confirmed_by_mt(m, mt, en)
               and not (m.key[0] == "n" and m.key[1] in compounds)]
    return _flags(ctx, de_text, en_text, de_only, en_only)


def _flags(
    ctx: CheckContext, de_text: str, en_text: str, de_only: list[Mention], en_only: list[Mention]
) -> list[Flag]:
    flags: list[Flag] = []
    pairs = max(len(de_only), len(en_only))
    for k in range(pairs):
        d = de_only[k] if k < len(de_only) else None
        e = en_only[k] if k < len(en_only) else None
        de_span = context(de_text, d.start, d.end) if d else ""
        en_span = context(en_text, e.start, e.end) if e else ""
        german = f'German says {d.display()} ("{de_span}")' if d else "German has no such number"
        english = f'English says {e.display()} ("{en_span}")' if e else "English has no such number"
        if d is None:
            german, english = english, german
            message = f"{german}; {english}"
        else:
            message = f"{german}, {english}"
        flags.append(make_flag(ctx, CODE, message, de=de_span, en=en_span))
    return flags
