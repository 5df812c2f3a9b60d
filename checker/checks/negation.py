"""`negation`: a negation on one side only.

Negation words are counted on the German, the machine translation and the English.
"not only" / „nicht nur“ do not count, nor does "not … until" for German „erst“;
"no longer" does („nicht mehr“). The English is
flagged when its count differs from both the German and the MT in a way that changes
polarity (negated vs not): a warning. When both sides negate and only the number of
negations differs by one („kein Strom und keine Heizung“ / "no power or heating"),
the finding is info: one negation often covers two.
"""

from __future__ import annotations

import re

from checker.checks.base import CheckContext
from checker.checks.common import make_flag
from checker.model import BeadResult, Flag

CODE = "negation"
_DE_NEG = re.compile(
    r"\b(?:nicht(?!\s+nur\b)|kein(?:e|en|em|er|es)?|nie|niemals|nirgends|nirgendwo|"
    r"nichts|niemand(?:en|em)?|weder|ohne|keinesfalls|keineswegs)\b",
    re.IGNORECASE,
)
_EN_NEG = re.compile(
    r"\b(?:(?<!\bor )not(?!\s+(?:only|just)\b)|no(?!\s+doubt\b)(?=\s+[a-z])|"
    r"never|neither|nor|without|nothing|nobody|none|nowhere|cannot|no-one|noone)\b|"
    r"\w+n[’']t\b(?!\s+(?:only|just)\b)",
    re.IGNORECASE,
)


def negations_de(text: str) -> list[re.Match[str]]:
    return list(_DE_NEG.finditer(text))


def negations_en(text: str) -> list[re.Match[str]]:
    found = list(_EN_NEG.finditer(text))
    if any(m.group().lower() == "neither" for m in found):
        found = [m for m in found if m.group().lower() != "nor"]
    return found


# negation inside a word: German un-/-los/-frei ("unerlaubt", "kostenlos", "fehlerfrei"),
# English un-/non-/in-
# ("unauthorized", "inaccessible"); either may render an explicit negation of the other side
_DE_MORPH = re.compile(r"\b(?:[Uu]n\w{4,}|\w{3,}(?:los|frei)(?:e[nmrs]?)?)\b")
_EN_MORPH = re.compile(r"\b(?:un|non-?|in|im|il|ir|dis)\w{4,}\b", re.IGNORECASE)


def morphological_de(text: str) -> int:
    return len(_DE_MORPH.findall(text))


def morphological_en(text: str) -> int:
    """English words negated by a prefix (the base must be an English word of its own)."""
    from checker.checks.meaning import are_antonyms

    count = 0
    for m in _EN_MORPH.finditer(text):
        word = m.group().lower()
        for prefix in ("non-", "non", "un", "in", "im", "il", "ir", "dis"):
            if word.startswith(prefix) and are_antonyms(word, word[len(prefix):]):
                count += 1
                break
    return count


def polarity_differs(en: int, refs: list[int]) -> bool:
    """English count differs from every reference, flipping polarity or by exactly one."""
    return all(en != r and ((en > 0) != (r > 0) or abs(en - r) == 1) for r in refs)


# German „erst“ (a time not before: „erst am Montag“) is English "not until Monday"
_ERST = re.compile(r"\berst\b", re.IGNORECASE)
_NOT_UNTIL = re.compile(r"\b(?:not|\w+n[’']t)\b(?=(?:\s+\S+){0,6}?\s+(?:until|till)\b)",
                        re.IGNORECASE)


def _without_not_until(found: list[re.Match[str]], text: str, german: str) -> list[re.Match[str]]:
    """The negations less a "not … until" that renders German „erst“."""
    if not _ERST.search(german):
        return found
    spans = {m.start() for m in _NOT_UNTIL.finditer(text)}
    return [m for m in found if m.start() not in spans]


def detect_negation(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de = negations_de(bead.de_text)
    en = _without_not_until(negations_en(bead.en_text), bead.en_text, bead.de_text)
    mt = (_without_not_until(negations_en(bead.mt), bead.mt, bead.de_text)
          if bead.mt else None)
    refs = [len(de)] + ([len(mt)] if mt is not None else [])
    if not polarity_differs(len(en), refs):
        return []
    if len(en) < len(de) and morphological_en(bead.en_text) >= len(de) - len(en):
        return []  # „nicht autorisiert“ → "unauthorized"
    if len(en) > len(de) and morphological_de(bead.de_text) >= len(en) - len(de):
        return []  # „unentgeltlich“ → "without pay"
    de_span = de[0].group() if de else ""
    mt_span = mt[0].group() if mt else ""
    both_negate = bool(en) and bool(de)  # the German is the source: it negates too
    if len(en) > max(refs):
        word = en[-1].group()
        where = "the German" + (" and the machine translation" if mt is not None else "")
        extra = "negates" if max(refs) == 0 else "adds a negation"
        message = f'English {extra} ("{word}") where {where} does not'
        return [make_flag(ctx, CODE, message, de=de_span, en=word, mt=mt_span,
                          weak=both_negate)]
    en_span = en[0].group() if en else ""
    shown = de_span or mt_span
    if both_negate:
        message = (f'German negates more often ({len(de)}×, "{shown}") than the English '
                   f'({len(en)}×)')
    else:
        message = f'German negates ("{shown}") but the English does not'
    return [make_flag(ctx, CODE, message, de=de_span, en=en_span, mt=mt_span,
                      weak=both_negate)]
