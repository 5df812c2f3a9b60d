"""Number words of German and English: closed classes read by rule.

Cardinals ("drei", "fünfundzwanzig", "two hundred and fifty"), ordinals ("dritte",
"third"), fractions ("ein Drittel", "two thirds", "a quarter", "die Hälfte"),
multiplicatives ("zweimal", "twice"), decades ("achtziger", "the eighties"), scale
words (German Milliarde = English billion, German Billion = English trillion),
month and weekday names. The word lists are the languages' own closed classes,
written out from the grammar of German and English.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

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
DE_WEEKDAYS = {"montag": 1, "dienstag": 2, "mittwoch": 3, "donnerstag": 4, "freitag": 5,
               "samstag": 6, "sonnabend": 6, "sonntag": 7}
EN_WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
               "saturday": 6, "sunday": 7}
EN_WEEKDAY_NAMES = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                    "Sunday")

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
# fraction nouns: "ein Drittel", "drei Viertel", "fünf Hundertstel"
DE_FRACTIONS = {"halb": 2, "drittel": 3, "viertel": 4, "fünftel": 5, "sechstel": 6,
                "siebtel": 7, "achtel": 8, "neuntel": 9, "zehntel": 10, "zwanzigstel": 20,
                "hundertstel": 100, "tausendstel": 1000}
DE_HALVES = {"hälfte": Decimal("0.5"),
             **dict.fromkeys(("halb", "halbe", "halben", "halber", "halbes", "halbem"),
                             Decimal("0.5")),  # "half", which English reads as 0.5 too
             "eineinhalb": Decimal("1.5"),
             "anderthalb": Decimal("1.5"), "zweieinhalb": Decimal("2.5"),
             "dreieinhalb": Decimal("3.5")}
DE_MULTIPLICATIVES = {"zweimal": 2, "dreimal": 3, "viermal": 4, "fünfmal": 5, "zehnmal": 10,
                      "doppelt": 2, "dreifach": 3, "verdoppelt": 2, "verdreifacht": 3}
DE_DECADES = {"zwanziger": 20, "dreißiger": 30, "vierziger": 40, "fünfziger": 50,
              "sechziger": 60, "siebziger": 70, "achtziger": 80, "neunziger": 90}

EN_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
            "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
            "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
EN_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
               "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
EN_ORDINALS.update({w + "th": v for w, v in EN_SMALL.items() if 13 <= v <= 19})
EN_ORDINALS.update({w[:-1] + "ieth": v for w, v in EN_SMALL.items() if v >= 20})
EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9,
             "bn": 10**9, "trillion": 10**12, "dozen": 12}
# what `is_en_number_word` accepts, in one set
EN_NUMBER_WORDS = frozenset({*EN_SMALL, *EN_ORDINALS, *EN_SCALES, "a", "an"})
# fraction denominators: "a third", "two thirds", "a quarter", "five hundredths"
EN_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8,
                "tenth": 10, "tenths": 10, "hundredth": 100, "hundredths": 100,
                "thousandth": 1000, "thousandths": 1000}
EN_MULTIPLICATIVES = {"twice": 2, "thrice": 3, "double": 2, "doubled": 2, "triple": 3,
                      "tripled": 3}
EN_DECADES = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
              "seventies": 70, "eighties": 80, "nineties": 90}
# words of the classes above that are also everyday words of another class ("second
# opinion", "a quarter of the city", "double room", "may", "march"): not number words alone
_EN_AMBIGUOUS = frozenset({"second", "quarter", "quarters", "double", "doubled", "may", "march"})
ONE_WORDS = frozenset({"ein", "eine", "einer", "einen", "einem", "eines", "eins", "one", "a", "an"})

_DE_ORDINAL_ENDINGS = ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te")


@functools.lru_cache(maxsize=65536)
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
        return total or None
    small = _german_below_hundred(w)
    return None if small is None else total + small


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


def german_count(word: str) -> int | None:
    """A cardinal that can count a fraction: "ein", "eine", "zwei", "3"."""
    w = word.lower()
    if w in ONE_WORDS:
        return 1
    if w.isdigit():
        return int(w)
    return german_word_value(w)


def german_fraction(word: str) -> int | None:
    """The denominator of a German fraction noun ("Drittel" 3, "Hundertstel" 100)."""
    w = word.lower()
    return DE_FRACTIONS.get(w[:-1] if w.endswith("n") and w[:-1] in DE_FRACTIONS else w)


def is_en_number_word(w: str) -> bool:
    return w in EN_NUMBER_WORDS


def _apply_english_scale(w: str, total: int, current: int) -> tuple[int, int]:
    """(total, current) after the scale word `w`: "dozen"/"hundred" multiply the
    running group; larger scales close it into the total."""
    if w == "dozen":
        return total, max(current, 1) * 12
    if EN_SCALES[w] == 100:
        return total, max(current, 1) * 100
    return total + max(current, 1) * EN_SCALES[w], 0


def _joins(current: int, value: int) -> bool:
    """"twenty five" reads as one number, "five one" does not: a unit may only follow
    a multiple of ten (or a scaled group) that has no units yet."""
    if current == 0 or (current % 100 == 0 and value < 100):
        return True
    return current % 10 == 0 and value < 10


def english_number_run(tokens: list[re.Match[str]], i: int, text: str) -> tuple[int, int | None]:
    """Reads "two hundred and fifty", "twenty-five", "a dozen", "3 million" word runs.

    Returns the index after the run and its value (None: not a number).
    """
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
        elif w in EN_SMALL or w in EN_ORDINALS:
            value = EN_SMALL.get(w, EN_ORDINALS.get(w, 0))
            if seen and not _joins(current, value):
                break
            current += value
            if w in EN_ORDINALS:  # an ordinal ends the run ("twenty-third")
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


@functools.lru_cache(maxsize=65536)
def is_en_quantity_word(word: str) -> bool:
    """An English word of the number classes above: a cardinal, ordinal, scale word,
    fraction, multiplicative, decade, month or weekday name, or the sign "minus"
    ("twelve", "thirties", "hundredths", "Tuesday"). The `number` check compares
    these; other checks leave them to it."""
    w = word.lower()
    if w in _EN_AMBIGUOUS:
        return False
    return (w in EN_SMALL or w in EN_ORDINALS or w in EN_SCALES or w in EN_FRACTIONS
            or w in EN_MULTIPLICATIVES or w in EN_DECADES or w in EN_WEEKDAYS
            or (w in EN_MONTHS and len(w) > 3) or w == "minus")
