"""`negation`: a negation on one side only.

Negation words are counted on the German, the machine translation and the English.
"not only" / „nicht nur“ do not count, nor does "not … until" for German „erst“;
"no longer" does („nicht mehr“). A negation cancels out against the other side's
opposite word ("did not accept" / "rejected") and against a negated word right after it
(„nicht unwichtig“). The English is
flagged when its count differs from both the German and the MT in a way that changes
polarity (negated vs not): a warning. When both sides negate and only the number of
negations differs by one („kein Strom und keine Heizung“ / "no power or heating"),
the finding is info: one negation often covers two.
"""

from __future__ import annotations

import re

from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import make_flag
from checker.model import BeadResult, Flag

CODE = "negation"
Found = list[re.Match[str]]
# the German negators, with the colloquial and southern forms of „nicht“, „nichts“ and
# „nicht mehr“ that forums and quoted speech write („ned“, „nich“, „nix“, „nimmer“;
# „ned“ and „nich“ in lower case only: "Ned" is a name)
_DE_NEG = re.compile(
    r"\b(?:nicht(?!\s+(?:nur|bloß)\b)|(?-i:ned|nich)|kein(?:e|en|em|er|es)?|nie|niemals|nirgends|"
    r"nirgendwo|nichts|nix|nimmer|niemand(?:en|em)?|weder|ohne|keinesfalls|keineswegs)\b",
    re.IGNORECASE,
)
_EN_NEG = re.compile(
    r"\b(?:(?<!\bor )not(?!\s+(?:only|just)\b)|no(?!\s+doubt\b)(?=\s+[a-z])|"
    r"never|neither|nor|without|nothing|nobody|none|nowhere|cannot|no-one|noone)\b|"
    r"\w+n[’']t\b(?!\s+(?:only|just)\b)",
    re.IGNORECASE,
)


_DE_NOT_ONLY = re.compile(r"\bnicht\s+(?:nur|bloß)\b", re.IGNORECASE)
# "not just" with no "but" after it: "don't just accept" (a "not only … but" never negates)
_EN_NOT_ONLY = re.compile(r"\b(?:not|\w+n[’']t)(?=\s+(?:only|just)\b(?!.*\bbut\b))",
                          re.IGNORECASE)


# English prepositions of exception (closed class, Quirk et al. §9.58): "core inflation
# excluding energy" renders „ohne Energie“ as well as "without" does
_EN_EXCEPTION = re.compile(
    r"\b(?:except(?:ing)?|excluding|barring|apart\s+from|aside\s+from|other\s+than|"
    r"save\s+for)\b", re.IGNORECASE)


def _exceptions_for_ohne(de: Found, en_text: str) -> Found:
    """English prepositions of exception, as many as the German has „ohne“."""
    ohne = sum(1 for m in de if m.group().lower() == "ohne")
    return list(_EN_EXCEPTION.finditer(en_text))[:ohne] if ohne else []


# English negative implicative verbs (closed class, Karttunen 1971): "refused to
# accept" says what „wollte nicht hinnehmen“ says; so do the negative-polarity phrases
# "has yet to" (not yet) and "anything but" (not at all), and the privative verb "lack"
# ("lacks experience" / „hat keine Erfahrung“). They stand in for a German negation the
# English otherwise lacks, and never count as a negation of their own
_EN_IMPLICIT_NEGATION = re.compile(
    r"\b(?:(?:refus|declin)(?:e|es|ed|ing)|(?:fail|neglect)(?:s|ed|ing)?)\s+to\b|"
    r"\brefrain(?:s|ed|ing)?\s+from\b|"
    r"\b(?:has|have|had|is|are|was|were|am|remains?|remained)\s+yet\s+to\b|"
    r"\banything\s+but\b|\black(?:s|ed|ing)?\b", re.IGNORECASE)
# ... and their German counterparts („sich weigern“, „versäumen“, „unterlassen“,
# „ablehnen“, also split: „lehnte den Vorschlag ab“; privative „fehlen“, „mangeln“), for
# an English negation the German otherwise lacks ("did not accept the proposal", "you
# do not have the rights" / „Ihnen fehlen die Rechte“)
_DE_IMPLICIT_NEGATION = re.compile(
    r"\b(?:weiger|verweiger|versäum|unterl(?:ass|ieß|äss)|ablehn|abgelehnt)\w*|"
    r"\blehn(?:e|st|t|te|ten|tet)\b(?=[^.;:!?]*\bab\b)|"
    r"\b(?:fehl|mangel)(?:t|en|te|ten)\b", re.IGNORECASE)
# an English verb that renders such a German verb itself: "did not reject" / „lehnte ab“
# differ in polarity, "denied" renders „verweigert“ and leaves „fehlen“ to balance a "not"
_EN_REJECTING = re.compile(
    r"\b(?:reject|refus|declin|fail|neglect|refrain|omit|den(?:y|ie))\w*|"
    r"\b(?:lack(?:s|ed|ing)?|miss(?:es|ed|ing)?|absen(?:t|ce))\b|\bturn\w*\s+down\b",
    re.IGNORECASE)


def _implicit_for_missing(de: Found, en: Found, en_text: str) -> Found:
    """Negative implicative verbs of the English, as many as it has negations fewer than
    the German."""
    missing = len(de) - len(en)
    return list(_EN_IMPLICIT_NEGATION.finditer(en_text))[:missing] if missing > 0 else []


def _implicit_for_surplus(de: Found, en: Found, de_text: str, en_text: str) -> Found:
    """Negative implicative verbs of the German, as many as it has negations fewer than
    the English, less those the English renders with such a verb of its own."""
    surplus = len(en) - len(de)
    if surplus <= 0:
        return []
    found = list(_DE_IMPLICIT_NEGATION.finditer(de_text))
    unrendered = len(found) - len(_EN_REJECTING.findall(en_text))
    return found[:min(surplus, unrendered)] if unrendered > 0 else []


def negations_de(text: str) -> list[re.Match[str]]:
    return list(_DE_NEG.finditer(text))


def negations_en(text: str, german: str | None = None) -> list[re.Match[str]]:
    """English negations. "not only"/"not just" render „nicht nur“ and do not count,
    unless the German (when given) has fewer „nicht nur“ than the English has "not
    only" without a "but" after it: then the rest negate („nicht einfach hinnehmen“ /
    "don't just accept")."""
    found = list(_EN_NEG.finditer(text))
    if any(m.group().lower() == "neither" for m in found):
        found = [m for m in found if m.group().lower() != "nor"]
    if german is not None:
        not_only = list(_EN_NOT_ONLY.finditer(text))
        found += not_only[len(_DE_NOT_ONLY.findall(german)):]
        found.sort(key=lambda m: m.start())
    return found


# negation inside a word: German un-/nicht-/-los/-frei ("unerlaubt", „Nichtraucher“,
# "kostenlos", "fehlerfrei"), English un-/non-/in- ("unauthorized", "inaccessible");
# either may render an explicit negation of the other side („bei Nichtbemerken“ / "if
# they are not noticed"); „nichtsdestotrotz“ is no negation
_DE_MORPH = re.compile(
    r"\b(?:[Uu]n\w{4,}|[Nn]icht(?!s)\w{4,}|\w{3,}(?:los|frei)(?:e[nmrs]?)?)\b")
_NEGATED_GLOSS = re.compile(r"\b(?:not|no|non|without|never)\b|\w{3,}less\b")
_EN_MORPH = re.compile(r"\b(?:un|non-?|in|im|il|ir|dis)\w{4,}\b", re.IGNORECASE)


def morphological_de(text: str, lexicon: Lexicon | None = None) -> int:
    """German words negated inside: nicht-, -los, -frei, and un- where it negates. Most German
    words in un- do not ("Untersuchung", "Unfall", "ungefähr", "unter"): with a
    dictionary, an un- word counts when one of its glosses is negated ("unerlaubt":
    "unauthorized"); without one, every un- word but the unter- family counts."""
    return sum(1 for m in _DE_MORPH.finditer(text) if _negated_de(m.group(), lexicon))


def _negated_de(word: str, lexicon: Lexicon | None) -> bool:
    if word[:2].lower() != "un":
        return True  # -los, -frei
    if word.lower().startswith("unter"):
        return False
    glosses = lexicon.glosses(word) if lexicon is not None else frozenset()
    if not glosses:
        return True
    return any(_NEGATED_GLOSS.search(g) or morphological_en(g) for g in glosses)


def morphological_en(text: str) -> int:
    """English words negated by a prefix (the base must be an English word of its own)."""
    from checker import wordnet
    from checker.checks.meaning import are_antonyms

    net = wordnet.load()
    count = 0
    for m in _EN_MORPH.finditer(text):
        word = m.group().lower()
        for prefix in ("non-", "non", "un", "in", "im", "il", "ir", "dis"):
            base = word[len(prefix):]
            if not word.startswith(prefix) or (net is not None and not net.known(base)):
                continue
            if prefix == "non-" or are_antonyms(word, base):  # "non-operational"
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


_WORD = re.compile(r"[^\W\d_]+")
NEGATED_WORD_REACH = 3  # words after a negation where the word it negates may stand


def _opposed(found: list[re.Match[str]], text: str, other: str) -> list[re.Match[str]]:
    """The negations of `text` that negate a content word whose opposite only the other
    text has ("did not accept" / "rejected", "not clear" / "unclear"): the two say the
    same, the negation sits inside the other text's word."""
    from checker.checks.meaning import StemIndex, are_antonyms, counts

    own = frozenset(w.lower() for w in _WORD.findall(text))
    own_forms = StemIndex(own)
    others = {w for w in (w.lower() for w in _WORD.findall(other))
              if counts(w) and not own_forms.related(w)}
    out = []
    for m in found:
        after = [w.lower() for w in _WORD.findall(text[m.end():])][:NEGATED_WORD_REACH]
        head = next((w for w in after if counts(w)), None)  # the word the negation negates
        if head is not None and any(are_antonyms(head, o) for o in others):
            out.append(m)
    return out


def _litotes_de(text: str, found: list[re.Match[str]], lexicon: Lexicon | None
                ) -> list[re.Match[str]]:
    """German negations of a negated word („nicht unwichtig“): the two cancel out."""
    out = []
    for m in found:
        nxt = _WORD.search(text, m.end())
        if (nxt is not None and m.group().lower() == "nicht" and _DE_MORPH.fullmatch(nxt.group())
                and _negated_de(nxt.group(), lexicon)):
            out.append(m)
    return out


def _counted(bead: BeadResult, lexicon: Lexicon | None) -> tuple[Found, Found, Found | None]:
    """The negations that count on the German, English and MT sides."""
    de = negations_de(bead.de_text)
    litotes = _litotes_de(bead.de_text, de, lexicon)
    de = [m for m in de if m not in litotes]
    en = _without_not_until(negations_en(bead.en_text, bead.de_text), bead.en_text,
                            bead.de_text) + _exceptions_for_ohne(de, bead.en_text)
    en += _implicit_for_missing(de, en, bead.en_text)
    de += _implicit_for_surplus(de, en, bead.de_text, bead.en_text)
    if not bead.mt:
        return de, en, None
    mt = _without_not_until(negations_en(bead.mt, bead.de_text), bead.mt, bead.de_text)
    if not polarity_differs(len(en), [len(de), len(mt)]):
        return de, en, mt
    # a negation answered by an opposite on the other side cancels out
    en_opposed, mt_opposed = _opposed(en, bead.en_text, bead.mt), _opposed(
        mt, bead.mt, bead.en_text)
    return (de[len(mt_opposed):], [m for m in en if m not in en_opposed],
            [m for m in mt if m not in mt_opposed])


def detect_negation(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de, en, mt = _counted(bead, ctx.lexicon)
    refs = [len(de)] + ([len(mt)] if mt is not None else [])
    if not polarity_differs(len(en), refs):
        return []
    if len(en) < len(de) and morphological_en(bead.en_text) >= len(de) - len(en):
        return []  # „nicht autorisiert“ → "unauthorized"
    if len(en) > len(de) and morphological_de(bead.de_text, ctx.lexicon) >= len(en) - len(de):
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
