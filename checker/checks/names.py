"""`name`: a name present on one side and missing or different on the other.

German capitalises every noun, so German capitals alone say little. Names are
anchored on evidence instead: tokens that the machine translation carries over
unchanged (a name the MT kept verbatim), acronyms, the exonym table (München ↔
Munich, KI ↔ AI) and the dictionary (a German word with a gloss is a common noun).

Severity follows the evidence. A name replaced by another name ("X is Y in the
English": a German name the MT kept, missing in the English, where the English has a
name that neither the German nor the MT accounts for) is an error. A name on one side
only is a warning: the English may paraphrase it ("the Swabian city" for „Ulm“). Any
finding resting on weak evidence (a German word the MT merely left untranslated, a
capitalised word the dictionary knows as a common noun, a judgement made without any
machine translation, a name merely missing when the "translation" is the dictionary
gloss, an acronym the English may have spelled out) is one step lower.
Month and weekday names are dates, compared by the `number` check.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from checker import wordnet
from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import (
    DE_STOPWORDS,
    EN_STOPWORDS,
    Token,
    american,
    make_flag,
    similar_words,
    strip_possessive,
    weaker,
)
from checker.checks.names_classes import (
    in_table,
    is_calendar_word,
    is_dated_month,
    name_initials,
    name_words,
    nfold,
    phrase_classes_at,
    same_class,
    short_references,
    similar_names,
    text_classes,
    word_classes,
)
from checker.checks.numbers import roman_value
from checker.checks.numbers_units import UNITS
from checker.model import BeadResult, Flag

CODE = "name"
MIN_SUBSTRING = 4  # a name of this length found inside a compound counts as present
MAX_NAME_DERIVATION = 3  # Japan ~ Japanese: a derived form is at most this much longer
MIN_COMPOUND_NAME = 5  # Südafrika → "Africa": a name this long may end a German compound
_CLOCK_WORDS = frozenset({"AM", "PM", "A.M.", "P.M."})  # "3 PM" is a time, not a name
MIN_GLOSS_CHARS = 3  # shorter glosses ("to", "a") are found in any English sentence
MAX_NAME_WORDS = 3  # a person's or place's name: at most this many capitalised words
# English titles before a name (the name itself is judged, not the title)
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "st"})
# a sentence start, after any quote marks, brackets, dashes and a footnote or list
# marker ("[4] Initially", "2) Then")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[^\w]*(?:\d+[\]).:][^\w]*)?$")
_AFTER_NUMBER = re.compile(r"\d\s?°?$")  # "30,000 V", "23 °F": a unit symbol
HYPHENS = ("-", "‐", "‑")  # "North Rhine-Westphalia", "Baden-Württemberg": one name
# lower-case words that may sit inside a multi-word name ("University of Applied Sciences")
NAME_CONNECTORS = frozenset({"of", "for", "and", "the", "de", "del", "della", "von", "van", "der",
                             "du", "la", "le", "da", "di", "y", "&"})
# German inflection endings: "Kunstvereins" is the MT's verbatim "Kunstverein"
_DE_INFLECTIONS = ("", "s", "es", "n", "en", "e", "er", "ern")
_DE_INFLECTION_SET = frozenset(_DE_INFLECTIONS)
# heads of German compounds that are common nouns ("Ingolstädter Straße", "Kunstverein")
GERMAN_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "keit", "schaft", "straße", "strasse", "platz", "gasse", "verein",
    "vereins", "haus", "hauses", "amt", "amts", "werk", "werks", "zentrum", "gebiet", "kreis",
    "bahn", "markt", "stadt", "viertel", "ring", "brücke", "kirche", "schule", "halle",
)
_GERMAN_LETTERS = frozenset("äöüß")


# ---------------------------------------------------------------- candidates


def is_sentence_initial(text: str, token: Token) -> bool:
    return bool(_SENTENCE_START.search(text[: token.start]))


def looks_like_acronym(word: str) -> bool:
    """"NSA", "U.S." (dots allowed between the capitals)."""
    bare = word.replace(".", "")
    return len(bare) >= 2 and bare.isupper() and bare.isalpha()


def _not_a_name(tok: Token) -> bool:
    """Stopwords, "I" and its contractions ("I’m"), clock words, month and weekday names,
    units of measurement, Roman numerals, capitalised adjectives and adverbs ("OK")."""
    low = tok.lower
    return (low in EN_STOPWORDS or tok.text == "I" or low.startswith(("i'", "i’"))
            or tok.text in _CLOCK_WORDS or is_calendar_word(tok.text)
            or low.rstrip(".") in HONORIFICS or low in UNITS  # "Fahrenheit", "Celsius"
            or roman_value(tok.text) is not None  # "World War II": the number check's
            or _capitalised_modifier(tok.text))  # "OK"


def _capitalised_modifier(word: str) -> bool:
    """An acronym-shaped word WordNet uses most as an adjective or adverb ("OK")."""
    if not looks_like_acronym(word):
        return False
    net = wordnet.load()
    return net is not None and net.modifier(word)


def english_name_candidates(text: str, *, initial: bool = False) -> list[Token]:
    """Capitalised English tokens (possessive 's dropped), not sentence-initial unless asked
    or unknown to English dictionaries (`_initial_name`)."""
    return list(_name_candidates(text, initial))


@functools.lru_cache(maxsize=16384)
def _name_candidates(text: str, initial: bool) -> tuple[Token, ...]:  # asked for per detector
    found = []
    for tok in name_words(text):
        if not tok.text[0].isupper() or _not_a_name(tok) or is_dated_month(text, tok):
            continue
        name = strip_possessive(tok.text)
        if is_sentence_initial(text, tok) and not (initial or looks_like_acronym(name)
                                                    or _initial_name(name)):
            continue
        if len(name) == 1 and _AFTER_NUMBER.search(text[: tok.start]):
            continue
        found.append(Token(name, tok.start, tok.start + len(name)))
    return tuple(found)


def _initial_name(word: str) -> bool:
    """A word at the start of a sentence that no English dictionary knows in any form or
    spelling (not "Organisers", "Colour"): a name wherever it stands ("Kowalczyk")."""
    low = word.lower()
    if _COMPOUND_FUNCTION_WORD.fullmatch(low):
        return False
    forms = {low, american(low), *_bases(low)}
    return all(_unknown_word(f.capitalize()) for f in forms) and not _closed_compound(low)


MIN_COMPOUND_PART = 4  # letters of each part of a closed compound ("heat|wave")


def _closed_compound(low: str) -> bool:
    """Two words WordNet knows written as one ("Heatwave", "Smartphone"): English
    writes new compounds closed before dictionaries list them."""
    return any(not _unknown_word(low[:k].capitalize()) and not _unknown_word(low[k:].capitalize())
               for k in range(MIN_COMPOUND_PART, len(low) - MIN_COMPOUND_PART + 1))


# English function words built from closed parts, which WordNet does not list:
# indefinite pronouns ("Something", "Everyone"), wh-ever words ("Whoever") and
# pronominal adverbs ("Whereby", "Therein")
_COMPOUND_FUNCTION_WORD = re.compile(
    r"(?:some|any|every|no)(?:thing|one|body|where|how|time)s?"
    r"|(?:who|whom|what|which|when|where|how)(?:so)?ever"
    r"|(?:where|there|here)(?:by|in|into|of|on|upon|to|with|after|fore|under|at|from)")
# derivational affixes of English: a word made of a known word and these is no name
# ("Unsarcastically": un- + sarcastic + -ally)
_PREFIXES = ("un", "non", "dis", "mis", "anti", "counter", "over", "under", "re", "pre")
_SUFFIXES = ("ally", "ly", "ness", "less", "ity")
MIN_BASE = 4  # letters a base keeps after an affix is taken off


def _bases(low: str) -> set[str]:
    """The word with an English prefix and/or suffix taken off."""
    heads = {low} | {low[len(p):] for p in _PREFIXES
                     if low.startswith(p) and len(low) - len(p) >= MIN_BASE}
    out = set(heads)
    for head in heads:
        for suffix in _SUFFIXES:
            if head.endswith(suffix) and len(head) - len(suffix) >= MIN_BASE:
                out.add(head[: -len(suffix)])
    return out - {low}


def name_chains(text: str) -> list[list[Token]]:
    """Runs of capitalised words, connectors allowed inside ("University of Applied Sciences")."""
    chains: list[list[Token]] = []
    current: list[Token] = []
    pending: list[Token] = []  # connectors seen since the last capitalised word
    last_end = -1
    for tok in name_words(text):
        gap = text[last_end : tok.start] if last_end >= 0 else ""
        joined = bool(gap) and (gap.isspace() or (gap in HYPHENS and tok.text[0].isupper())
                                or _plural_possessive(text, last_end, gap))
        if tok.text[0].isupper() and joined and current:
            current += pending + [tok]
        elif tok.text[0].isupper():
            if current:
                chains.append(current)
            current = [tok]
        elif joined and current and tok.lower in NAME_CONNECTORS:
            pending.append(tok)
            last_end = tok.end
            continue
        else:
            if current:
                chains.append(current)
            current = []
        pending = []
        last_end = tok.end
    if current:
        chains.append(current)
    return chains


def _plural_possessive(text: str, end: int, gap: str) -> bool:
    """The apostrophe of a plural possessive inside a name ("Taxpayers' Association",
    "Workers’ Party"): the word before ends in s, the gap is the apostrophe and a space."""
    return (len(gap) >= 2 and gap[0] in "'’" and gap[1:].isspace()
            and text[end - 1: end] in ("s", "S"))


# ---------------------------------------------------------------- evidence


def _same_word(name: str, token: Token) -> bool:
    return similar_words(name, strip_possessive(token.text))


def cognate_fold(word: str) -> str:
    """Folded, with German k spelled c (Kongress ~ Congress, Afrika ~ Africa)."""
    return nfold(word).replace("k", "c")


def _same_name(name: str, token: Token) -> bool:
    """The English token is this name (inflected or derived: Japan ~ Japanese), not merely
    a longer word that starts like it ("Mount" is not "mountains")."""
    other = strip_possessive(token.text)
    return (similar_names(name, other)
            and len(nfold(other)) - len(nfold(name)) <= MAX_NAME_DERIVATION)


def present_in_german(name: str, de_text: str, de_tokens: list[Token]) -> bool:
    """Identical, cognate (Singapore/Singapur), inside a compound, or via the exonym table."""
    if any(similar_names(name, strip_possessive(t.text)) for t in de_tokens):
        return True
    folded = cognate_fold(name)
    if len(folded) >= MIN_SUBSTRING and any(folded in cognate_fold(t.text) for t in de_tokens):
        return True
    if looks_like_acronym(name) and expands_acronym(name, de_text):
        return True
    return same_class(name, de_text, english=True)


class GermanWords:
    """The words of a German text, indexed so that `has(name)` answers as
    `present_in_german(name, text, tokens)` does for many names: a name is compared only
    with the words that start like it (as `similar_names` requires), and looked for
    inside compounds in one search of all the words folded."""

    def __init__(self, de_text: str, de_tokens: Sequence[Token]) -> None:
        self.text = de_text
        self._by_initial: dict[str, list[str]] = {}
        for t in de_tokens:
            bare = strip_possessive(t.text)
            for initial in name_initials(bare):
                self._by_initial.setdefault(initial, []).append(bare)
        self._folded = "\n".join(cognate_fold(t.text) for t in de_tokens)  # no word has \n

    def has(self, name: str) -> bool:
        candidates = dict.fromkeys(w for i in name_initials(name)
                                   for w in self._by_initial.get(i, ()))
        if any(similar_names(name, w) for w in candidates):
            return True
        folded = cognate_fold(name)
        if len(folded) >= MIN_SUBSTRING and folded in self._folded:
            return True
        if looks_like_acronym(name) and expands_acronym(name, self.text):
            return True
        return same_class(name, self.text, english=True)


def present_in_english(name: str, en_text: str, en_tokens: list[Token], *,
                       spelled_out: bool = True) -> bool:
    """The English has the name (`spelled_out`: an acronym's expansion counts too)."""
    if any(_same_name(name, t) for t in en_tokens):
        return True
    folded = nfold(name)
    if len(folded) >= MIN_SUBSTRING and any(_inside(folded, nfold(t.text)) for t in en_tokens):
        return True
    if spelled_out and looks_like_acronym(name) and expands_acronym(name, en_text):
        return True
    return same_class(name, en_text, english=False)


def _inside(name: str, word: str) -> bool:
    """A name inside a longer English word ("Facebook" in "Facebookers"), not a word that
    merely starts like it ("mount" in "mountains")."""
    return name in word and (not word.startswith(name)
                             or len(word) - len(name) <= MAX_NAME_DERIVATION)


def expands_acronym(acronym: str, text: str) -> bool:
    """The text spells the acronym out ("NSW" ↔ "New South Wales")."""
    if len(acronym) < 2:
        return False
    for chain in name_chains(text):
        initials = "".join(t.text[0] for t in chain if t.text[0].isupper())
        if acronym.upper() in initials.upper():
            return True
    return False


def glossed(lexicon: Lexicon | None, de_tokens: list[Token], en_word: str) -> bool:
    """The dictionary renders a German word (or two adjacent words: „Den Haag“ → "The
    Hague") of the bead as this English word, or with a short phrase that holds it
    („Auffahrt“ → "Ascension Day" accounts for "Ascension")."""
    if lexicon is None:
        return False
    low = en_word.lower()
    pairs = [f"{a.text} {b.text}" for a, b in zip(de_tokens, de_tokens[1:], strict=False)
             if b.start == a.end + 1]
    return any(low in glosses or low in _gloss_words(glosses)
               for glosses in [*(g for t in de_tokens
                                 for g in (lexicon.glosses(t.text), lexicon.glosses(t.lower))),
                               *map(lexicon.glosses, pairs)])


@functools.lru_cache(maxsize=16384)
def _gloss_words(glosses: frozenset[str]) -> frozenset[str]:
    """The words of a German word's glosses of at most MAX_NAME_WORDS words."""
    return frozenset(w for g in glosses if len(g.split()) <= MAX_NAME_WORDS
                     for w in g.split())


def attested_in_mt(word: str, mt_tokens: list[Token]) -> bool:
    """The MT has the word too (same word, cognate, or inside a compound)."""
    if any(_same_word(word, t) for t in mt_tokens):
        return True
    folded = nfold(word)
    return len(folded) >= MIN_SUBSTRING and any(folded in nfold(t.text) for t in mt_tokens)


# ---------------------------------------------------------------- German anchors


@dataclass(frozen=True)
class Anchor:
    de: str  # the German form (exact substring of the German text)
    en: str  # the English form expected (from MT or the exonym table), "" if unknown
    strong: bool = True  # firm evidence that this is a name
    start: int = 0  # offset in the German text
    classes: frozenset[int] = frozenset()  # its classes in the exonym table


def german_anchors(de_text: str, mt: str | None, lexicon: Lexicon | None) -> list[Anchor]:
    """German tokens that are names: carried into the MT, acronyms, exonyms, unglossed."""
    de_tokens = name_words(de_text)
    anchors: list[Anchor] = []
    if mt:
        anchors += _anchors_from_mt(de_text, de_tokens, mt, lexicon)
    else:
        anchors += [Anchor(t.text, "", True, t.start) for t in de_tokens
                    if looks_like_acronym(t.text) and not in_table(t.text, english=False)]
    anchors += _anchors_from_exonyms(de_tokens, mt)
    if lexicon is not None and mt is None:
        anchors += [Anchor(t.text, "", False, t.start) for t in de_tokens
                    if _unglossed_name(de_text, t, lexicon)]
    return _unique(anchors)


def _anchors_from_mt(de_text: str, de_tokens: list[Token], mt: str,
                     lexicon: Lexicon | None) -> list[Anchor]:
    out = []
    for tok in english_name_candidates(mt, initial=True):
        if tok.lower in DE_STOPWORDS or len(tok.text) < 2 or in_table(tok.text, english=True):
            continue  # names of the exonym table are anchored by class, below
        initial = is_sentence_initial(mt, tok)
        de_form = _german_form(tok.text, de_tokens)
        if de_form is None:
            head = _compound_with_name(tok.text, de_tokens)
            if head is not None and not initial:
                out.append(Anchor(head.text, tok.text, False, head.start))
            continue
        if not de_form.text[0].isupper():
            continue
        if initial and (len(tok.text) < 4 or tok.lower in EN_STOPWORDS):
            continue
        if not _verbatim(tok.text, de_form.text) and not _cognate(tok.text, de_form.text):
            continue  # the MT renders a longer or shorter word: a translated compound
        if tok.text == de_form.text and _beside_german_word(mt, tok):
            continue  # a German phrase the MT left untranslated ("Theater der Stadt Aalen")
        strong = _firm_anchor(tok.text, de_form.text, initial, lexicon)
        if strong and lexicon is not None and _unknown_after_article(de_text, de_form, lexicon):
            strong = False
        out.append(Anchor(de_form.text, tok.text, strong, de_form.start))
    return out


_DE_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer eines".split())


def _neighbours(text: str, tok: Token) -> tuple[list[Token], list[Token]]:
    """The word before `tok` and the word after it (each a list of at most one), as
    splitting the text before it and the text after it into words finds them: from the
    text's own (memoised) words when `tok` is one of them, which splitting the parts
    gives alike (a word ends where no letter follows)."""
    tokens = name_words(text)
    k = next((i for i, t in enumerate(tokens) if t.start == tok.start), -1)
    if k < 0 or tokens[k].end != tok.end:  # a possessive cut off the word: split anew
        return name_words(text[: tok.start])[-1:], name_words(text[tok.end :])[:1]
    return tokens[max(0, k - 1) : k], tokens[k + 1 : k + 2]


def _unknown_after_article(text: str, tok: Token, lexicon: Lexicon) -> bool:
    """A single word the dictionary does not know, right after an article („der Polizei“):
    German names of people and places take no article, so this is more likely a gap in
    the dictionary than a name. Acronyms and multi-word names („der Mount Vinson“, „die
    Deutsche Bahn“) are exempt, and so is every word the dictionary knows."""
    before, after = _neighbours(text, tok)
    if not before or before[0].text not in _DE_ARTICLES or looks_like_acronym(tok.text):
        return False
    if after and after[0].text[0].isupper():
        return False
    return not lexicon.glosses(tok.text)


def _firm_anchor(mt_word: str, de_word: str, initial: bool, lexicon: Lexicon | None) -> bool:
    """Whether the MT's word is firm evidence of a name. Kept verbatim mid-sentence, it is
    one ("Hu said", even though „hu“ is an interjection), unless it is spelled like a
    German common noun the MT left untranslated („Straße“). At the start of a sentence
    every word is capitalised: then the dictionary must not know it as a common noun.
    A respelling (Singapur → Singapore) counts when the two spellings are one name's."""
    if _verbatim(mt_word, de_word):
        if looks_german(de_word) or de_word.lower() in COURTESY_PRONOUNS:
            return False
        if lexicon is not None and _common_compound(de_word, lexicon):
            return False
        return not initial or not (lexicon is not None and _glossed_as_word(de_word, lexicon))
    if not similar_names(mt_word, de_word):
        return False
    return not initial or (lexicon is not None and _dictionary_name(de_word, lexicon))


def _dictionary_name(word: str, lexicon: Lexicon) -> bool:
    """The dictionary gives the word a spelling of itself: a name it lists
    („Madagaskar“ → Madagascar), not a common noun („Koch“ → cook), nor a cognate that
    English writes in lower case („Perfekt“ → perfect, by WordNet)."""
    glosses = lexicon.glosses(word)
    if not glosses or _glossed_as_word(word, lexicon):
        return False
    net = wordnet.load()
    return net is None or not any(
        net.common_word(g) for g in glosses if " " not in g and similar_names(word, g))


def _german_form(mt_word: str, de_tokens: list[Token]) -> Token | None:
    """The German token the MT word renders: identical first, else the most similar."""
    exact = [t for t in de_tokens if _verbatim(mt_word, t.text)]
    if exact:
        return exact[0]
    close = [t for t in de_tokens if similar_names(mt_word, t.text)]
    if not close:
        return None
    return max(close, key=lambda t: SequenceMatcher(None, cognate_fold(mt_word),
                                                    cognate_fold(t.text)).ratio())


def _compound_with_name(mt_word: str, de_tokens: list[Token]) -> Token | None:
    """A German compound ending in the MT's name (Südafrika → "South Africa")."""
    name = cognate_fold(mt_word)
    if len(name) < MIN_COMPOUND_NAME:
        return None
    for t in de_tokens:
        folded = cognate_fold(t.text)
        for ending in _DE_INFLECTIONS:
            if (
                t.text[0].isupper()
                and folded.endswith(name + ending)
                and len(folded) > len(name) + len(ending)
            ):
                return t
    return None


def _verbatim(mt_word: str, de_word: str) -> bool:
    """The same word, up to German inflection ("Kunstverein" ↔ "Kunstvereins")."""
    m, d = nfold(mt_word), nfold(de_word)
    return d.startswith(m) and d[len(m):] in _DE_INFLECTION_SET


def _cognate(mt_word: str, de_word: str) -> bool:
    """A respelling (Singapur → Singapore), not a compound part (Kunst → Kunstverein)."""
    m, d = cognate_fold(mt_word), cognate_fold(de_word)
    if m.startswith(d) or d.startswith(m):
        return abs(len(m) - len(d)) <= 2
    return True


# German pronouns of address, capitalised in letters and posts („Ich danke Dir“)
COURTESY_PRONOUNS = frozenset(
    "du dir dich dein deine deinem deinen deiner deines ihr euch euer eure eurem euren "
    "eurer eures sie ihnen ihre ihrem ihren ihrer ihres".split()
)
# common last elements of German place names (Crailsheim, Heidelberg, Erlangen)
PLACE_NAME_HEADS = frozenset(
    "heim hausen hofen ingen dorf burg berg stadt stedt feld felde bach born brück brücken "
    "brunn furt hafen hagen hain kirchen kirch au aue tal thal wald walde rode see stein "
    "leben werder weiler wiesen münster".split()
)
MIN_COMPOUND = 8  # letters: a shorter word is not split into modifier and head
MIN_HEAD = 4


def _known_modifier(modifier: str, lexicon: Lexicon) -> bool:
    """The first part of a compound is a German word, with or without its linking
    letters („Impf|angebot“ ← impfen, „Bundes|…“ ← Bund)."""
    forms = {modifier, modifier + "en", modifier + "e", modifier + "n"}
    for link in ("s", "es", "en", "n", "e"):
        if modifier.endswith(link) and len(modifier) - len(link) >= 3:
            forms.add(modifier[: -len(link)])
    return any(lexicon.glosses(f) or lexicon.glosses(f.capitalize()) for f in forms)


def _common_compound(word: str, lexicon: Lexicon) -> bool:
    """A German compound whose head the dictionary knows as a common noun
    („Impfangebot“ → Angebot), unless the head is a place-name element (…heim, …berg)
    or a name of the exonym table (Südafrika). Memoised per dictionary and word form."""
    key = (id(lexicon), "compound:" + word)
    if key in _GLOSSED:
        return _GLOSSED[key]
    low = word.lower()
    found = False
    for cut in range(3, len(low) - MIN_HEAD + 1) if len(low) >= MIN_COMPOUND else ():
        head = low[cut:]
        if head in PLACE_NAME_HEADS or in_table(head.capitalize(), english=False):
            break
        if lexicon.glosses(head.capitalize()) and _known_modifier(low[:cut], lexicon):
            found = True
            break
    _GLOSSED[key] = found
    return found


_GLOSSED: dict[tuple[int, str], bool] = {}  # (dictionary, word form) → a common noun
_GLOSSED_LIMIT = 200_000


def _glossed_as_word(word: str, lexicon: Lexicon) -> bool:
    """The dictionary translates the word into other words ("Koch" → cook, chef), and into
    no spelling of itself (the dictionary's names: "Madagaskar" → Madagascar, "James").
    Memoised per dictionary and word form."""
    key = (id(lexicon), word)
    if key not in _GLOSSED:
        if len(_GLOSSED) > _GLOSSED_LIMIT:
            _GLOSSED.clear()
        glosses = lexicon.glosses(word)
        _GLOSSED[key] = bool(glosses) and not any(
            similar_names(word, part) for g in glosses for part in g.split())
    return _GLOSSED[key]


def looks_german(word: str) -> bool:
    """German spelling or a German common-noun head: probably a word left untranslated."""
    low = word.lower()
    if looks_like_acronym(word):
        return False
    return bool(_GERMAN_LETTERS & set(low)) or low.endswith(GERMAN_NOUN_ENDINGS)


def _beside_german_word(text: str, tok: Token) -> bool:
    before, after = _neighbours(text, tok)
    return any(t.lower in DE_STOPWORDS and t.lower not in EN_STOPWORDS for t in before + after)


def _anchors_from_exonyms(de_tokens: list[Token], mt: str | None) -> list[Anchor]:
    """German names of the exonym table. With MT, only those the MT renders as a name of
    the same class (else a paraphrase is likely); without MT, only capitalised forms
    (a country or city, not the adjective „spanische“)."""
    out = []
    mt_classes = text_classes(mt, True) if mt else frozenset()
    for i, tok in enumerate(de_tokens):
        classes = word_classes(tok.text, False) | phrase_classes_at(de_tokens, i, False)
        if not classes:
            continue
        if mt is not None and classes.isdisjoint(mt_classes):
            continue
        if mt is None and not tok.text[0].isupper():
            continue
        out.append(Anchor(tok.text, "", True, tok.start, classes))
    return out


def _unglossed_name(de_text: str, tok: Token, lexicon: Lexicon) -> bool:
    word = tok.text
    if not word[0].isupper() or len(word) < 3 or is_sentence_initial(de_text, tok):
        return False
    if word.lower() in DE_STOPWORDS or word.lower() in COURTESY_PRONOUNS:
        return False
    if looks_like_acronym(word) or is_calendar_word(word):
        return False
    return not _has_gloss(word, lexicon)


def _has_gloss(word: str, lexicon: Lexicon) -> bool:
    """A gloss other than the word itself, for the word, a de-inflected form or a compound
    head that is a common noun."""
    forms = [word, word.lower()]
    forms += [word[: -len(e)] for e in ("en", "er", "es", "n", "s", "e") if word.endswith(e)]
    own = nfold(word)
    if any(any(nfold(g) != own for g in lexicon.glosses(f)) for f in forms):
        return True
    return _common_compound(word, lexicon)


def _unique(anchors: list[Anchor]) -> list[Anchor]:
    seen: set[str] = set()
    out = []
    for a in sorted(anchors, key=lambda a: a.start):
        if nfold(a.de) not in seen:
            seen.add(nfold(a.de))
            out.append(a)
    return out


# ---------------------------------------------------------------- English additions


@dataclass(frozen=True)
class Addition:
    token: Token  # one name: the unaccounted capitalised words of one chain
    strong: bool
    words: int = 1  # how many capitalised words it spans ("Federal Agency for Technical Relief")
    # at the start of a sentence, where capitals say nothing: a name by `_initial_name`
    # alone, too weak to call the German's name replaced (a warning, not an error)
    initial: bool = False


def english_additions(
    bead: BeadResult, ctx: CheckContext, *, inside_names: bool = False
) -> list[Addition]:
    """Names of the English that neither the German nor the MT accounts for, one per
    chain of capitalised words. With `inside_names`, also such words within a name whose
    other words are accounted for ("Kimi X" where the German has „Kimi Räikkönens“)."""
    de_text, en_text, mt = bead.de_text, bead.en_text, bead.mt
    de_tokens = name_words(de_text)
    mt_tokens = name_words(mt) if mt else []
    attested = functools.partial(_attested, de_text=de_text, de_tokens=de_tokens,
                                 mt_tokens=mt_tokens, lexicon=ctx.lexicon)
    chains = name_chains(en_text)
    found: list[Token] = []
    short = _short_references(de_text, en_text) | set(_regnal_names(de_text, en_text).values())
    for tok in english_name_candidates(en_text):
        if not _checkable(tok, mt, ctx.lexicon) or attested(tok.text) or tok.text in short:
            continue
        if (mt is not None and not inside_names and _in_attested_chain(tok, chains, attested)
                and not _unknown_word(tok.text)):
            continue  # a title word of a name the German has ("University of Applied Sciences")
        found.append(tok)
    return [Addition(_span(en_text, group), strong=mt is not None or _plain_name(en_text, group),
                     words=_chain_length(group[0], chains),
                     initial=is_sentence_initial(en_text, group[0])
                     and not looks_like_acronym(group[0].text))
            for group in _by_chain(found, chains)]


def _plain_name(text: str, group: list[Token]) -> bool:
    """Without MT: one word inside a sentence that no English dictionary has
    ("Kowalczyk"): a name, whatever the MT would have said."""
    return (len(group) == 1 and not is_sentence_initial(text, group[0])
            and _unknown_word(strip_possessive(group[0].text)))


# Titles whose bearers' names each language writes its own way (closed class: the
# European titles of popes, monarchs, their families and saints; „Papst Franziskus“ is
# "Pope Francis", „König Karl“ "King Charles", „Kaiser Wilhelm“ "Emperor William")
REGNAL_TITLES_DE = frozenset("""papst könig königin kaiser kaiserin prinz prinzessin zar zarin
    herzog herzogin erzherzog kurfürst sankt heilige heiliger""".split())
REGNAL_TITLES_EN = frozenset("""pope king queen emperor empress prince princess tsar tsarina
    czar duke duchess archduke elector saint st""".split())
_REGNAL_DE = re.compile(rf"\b(?:{'|'.join(sorted(REGNAL_TITLES_DE))})\b", re.IGNORECASE)


def _regnal_names(de_text: str, en_text: str) -> dict[str, str]:
    """English names after a regnal title that render a German name after one, by the
    same first letter ("Francis" for „Franziskus“, "Charles" for „Karl“): German name →
    English name."""
    if not _REGNAL_DE.search(de_text):
        return {}
    german = _after_titles(name_words(de_text), REGNAL_TITLES_DE)
    if not german:
        return {}
    english = _after_titles(name_words(en_text), REGNAL_TITLES_EN)
    return {d: e for d in german for e in english
            if cognate_fold(d)[:1] == cognate_fold(e)[:1]}


def _after_titles(tokens: list[Token], titles: frozenset[str]) -> list[str]:
    return [b.text for a, b in zip(tokens, tokens[1:], strict=False)
            if a.lower.rstrip(".") in titles and b.text[:1].isupper()]


def _short_references(de_text: str, en_text: str) -> frozenset[str]:
    """English words that name, after "the", a multi-word name of the exonym table the
    German mentions ("the Union" where the German has „EU“)."""
    refs = short_references(en_text)
    if not refs:
        return frozenset()
    german = text_classes(de_text, False)
    return frozenset(word for word, classes in refs if not classes.isdisjoint(german))


def _by_chain(tokens: list[Token], chains: Sequence[list[Token]]) -> list[list[Token]]:
    """Tokens grouped by the chain of capitalised words they belong to."""
    chain_of = {t.start: k for k, chain in enumerate(chains) for t in chain}
    groups: dict[int, list[Token]] = {}
    for tok in tokens:
        groups.setdefault(chain_of.get(tok.start, -1 - tok.start), []).append(tok)
    return list(groups.values())


def _chain_length(tok: Token, chains: Sequence[list[Token]]) -> int:
    for chain in chains:
        if any(t.start == tok.start for t in chain):
            # capitalised words, not a capitalised function word ("The", "All" at the start)
            return sum(1 for t in chain if t.text[0].isupper() and t.lower not in EN_STOPWORDS)
    return 1


def _span(text: str, group: list[Token]) -> Token:
    start, end = group[0].start, group[-1].end
    return Token(text[start:end], start, end)


def _attested(word: str, *, de_text: str, de_tokens: list[Token], mt_tokens: list[Token],
              lexicon: Lexicon | None) -> bool:
    return (present_in_german(word, de_text, de_tokens) or attested_in_mt(word, mt_tokens)
            or glossed(lexicon, de_tokens, word))


def _in_attested_chain(
    tok: Token, chains: Sequence[list[Token]], attested: functools.partial[bool]
) -> bool:
    for chain in chains:
        if any(t.start == tok.start for t in chain):
            others = [t for t in chain if t.start != tok.start and t.text[0].isupper()
                      and t.lower not in EN_STOPWORDS]
            return any(attested(strip_possessive(t.text)) for t in others)
    return False


def _checkable(tok: Token, mt: str | None, lexicon: Lexicon | None) -> bool:
    """Without MT or dictionary only acronyms are judged (other capitals may be titles)."""
    return mt is not None or lexicon is not None or looks_like_acronym(tok.text)


# ---------------------------------------------------------------- detector


def detect_names(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    en_text, en_tokens = bead.en_text, name_words(bead.en_text)
    mt = bead.mt or ""
    regnal = _regnal_names(bead.de_text, en_text)
    missing = [a for a in german_anchors(bead.de_text, bead.mt, ctx.lexicon)
               if not _rendered(a, en_text, en_tokens, mt) and a.de not in regnal
               and not _translated_as_word(a.de, bead.de_text, en_text, ctx.lexicon)]
    if ctx.translator == "lexicon":
        # the gloss keeps every word the dictionary lacks, and at the start of a German
        # sentence every word is capitalised: such a word is no firm name („Mega Spiel“)
        missing = [dataclasses.replace(a, strong=False) if is_sentence_initial(
            bead.de_text, Token(a.de, a.start, a.start + len(a.de))) else a for a in missing]
    missing, additions = _drop_translated_acronyms(missing, english_additions(bead, ctx))
    acronyms = ([t.text for t in name_words(bead.de_text) if looks_like_acronym(t.text)]
                if additions or missing else [])
    additions = _not_spelling_out(additions, acronyms)
    swaps = additions
    if len(missing) > len(additions):  # part of a name replaced: a swap, on weaker evidence
        inside = [dataclasses.replace(a, strong=False)
                  for a in english_additions(bead, ctx, inside_names=True)
                  if a not in additions]
        missing, inside = _drop_translated_acronyms(missing, inside)
        swaps = additions + _not_spelling_out(inside, acronyms)
    flags: list[Flag] = []
    for k, anchor in enumerate(missing):
        swap = swaps[k] if k < len(swaps) else None
        flags.append(_missing_flag(ctx, anchor, swap, with_mt=bead.mt is not None))
    for addition in additions[len(missing):]:
        name = addition.token.text
        message = f'English has "{name}", which the German does not mention'
        steps = 1 + (not addition.strong or not _name_shaped(addition)
                     or _source_country(name))
        flags.append(_graded(make_flag(ctx, CODE, message, en=name), steps))
    return flags


# the countries whose language the German is: naming them is explicitation for readers
# abroad („die Bundesregierung“ / "the German government")
SOURCE_COUNTRIES = ("Deutschland", "Österreich", "Schweiz")


def _source_country(name: str) -> bool:
    """The English adds a German-speaking country or its adjective ("German", "Swiss"),
    in English or as the German name it keeps ("Deutsche Bahn" for „die Bahn“)."""
    word = strip_possessive(name)
    classes = word_classes(word, True) | word_classes(word, False)
    return not classes.isdisjoint(_source_classes())


@functools.lru_cache(maxsize=1)
def _source_classes() -> frozenset[int]:
    return frozenset(n for c in SOURCE_COUNTRIES for n in word_classes(c, False))


def _name_shaped(addition: Addition) -> bool:
    """Capitalised words, no acronym, no lower-case word between them: the shape of a
    person's or place's name ("Michał Mieszko Gogol"). Acronyms ("PhD", "WC") and
    title-case phrases ("Federal Agency for Technical Relief") are as often the English
    spelling out or abbreviating common words. A single word no English dictionary has
    is a name wherever it stands."""
    parts = addition.token.text.split()
    if len(parts) == 1 and _unknown_word(parts[0]):
        return True  # a word no English dictionary has ("Deutsche Kowalczyk") is a name
    return (len(parts) == addition.words and len(parts) <= MAX_NAME_WORDS
            and not any(looks_like_acronym(p) or any(c.isupper() for c in p[1:])
                        for p in parts))


def _unknown_word(word: str) -> bool:
    """A plain capitalised word WordNet does not know in any form: a proper name, not an
    English word written title-case ("Federal Agency for Technical Relief")."""
    net = wordnet.load()
    return (net is not None and word.isalpha() and not looks_like_acronym(word)
            and not any(c.isupper() for c in word[1:]) and net.pos(word) == "")


def _drop_translated_acronyms(
    missing: list[Anchor], additions: list[Addition]
) -> tuple[list[Anchor], list[Addition]]:
    """A German acronym and an English one that translate each other (KI ↔ AI,
    PTBS ↔ PTSD) account for each other: neither is missing nor added."""
    rest = list(additions)
    kept: list[Anchor] = []
    for anchor in missing:
        partner = next((a for a in rest if translated_acronyms(anchor.de, a.token.text)
                        or spells_out(anchor.de, a.token.text)), None)
        if partner is None:
            kept.append(anchor)
        else:
            rest.remove(partner)
    return kept, rest


def _not_spelling_out(additions: list[Addition], acronyms: list[str]) -> list[Addition]:
    """The additions less those that write out an acronym the German has."""
    return [a for a in additions if not any(spells_out(x, a.token.text) for x in acronyms)]


def spells_out(acronym: str, phrase: str) -> bool:
    """The English phrase is the acronym written out: its capitals are the acronym's
    letters ("Robert Koch Institute" for RKI), or one word holds them in order from its
    first letter ("Volkswagen" for VW, "European" for EU)."""
    if not looks_like_acronym(acronym) or looks_like_acronym(phrase):
        return False
    letters = acronym.replace(".", "").lower()
    if expands_acronym(acronym, phrase):
        return True
    parts = phrase.split()
    if len(parts) != 1 or parts[0][0].lower() != letters[0]:
        return False
    rest = iter(parts[0].lower()[1:])
    return all(c in rest for c in letters[1:])


def _graded(flag: Flag, steps: int) -> Flag:
    """The flag `steps` severity levels below the code's own (never below info)."""
    severity = flag.severity
    for _ in range(steps):
        severity = weaker(severity)
    return dataclasses.replace(flag, severity=severity)


def _rendered(anchor: Anchor, en_text: str, en_tokens: list[Token], mt: str) -> bool:
    """The English has the anchor's name (or a name of its class in the exonym table). An
    acronym that the MT gives both spelled out and as the acronym ("National Security
    Advisor (NSA)") must keep the acronym itself."""
    if anchor.classes and (not anchor.classes.isdisjoint(text_classes(en_text, True))
                           or any(not anchor.classes.isdisjoint(classes)
                                  for _word, classes in short_references(en_text))):
        return True
    spelled_out = not (looks_like_acronym(anchor.de) and expands_acronym(anchor.de, mt))
    forms = [anchor.de] + ([anchor.en] if anchor.en else [])
    return any(present_in_english(f, en_text, en_tokens, spelled_out=spelled_out) for f in forms)


def _translated_as_word(word: str, de_text: str, en_text: str, lexicon: Lexicon | None) -> bool:
    """A German word the MT kept verbatim that the English translates as the dictionary
    does („Zubringer“ / "feeder road", „Heimatkleid“ / "homeland dress"): a common
    word, rendered, not a name left out; or a word of a two-word German entry the English
    renders („Den Haag“ / "The Hague")."""
    if lexicon is None:
        return False
    low = en_text.lower()
    phrases = [word, *re.findall(rf"\S+ {re.escape(word)}\b|\b{re.escape(word)} \S+", de_text)]
    return any(len(g) >= MIN_GLOSS_CHARS and re.search(rf"\b{re.escape(g)}\b", low)
               for phrase in phrases for g in lexicon.glosses(phrase))



def translated_acronyms(a: str, b: str) -> bool:
    """Two acronyms of one thing in two languages (PTBS ~ PTSD, KI ~ AI, EZB ~ ECB):
    similar length, at least half of the letters shared."""
    if not (looks_like_acronym(a) and looks_like_acronym(b)):
        return False
    x, y = a.replace(".", "").upper(), b.replace(".", "").upper()
    shared = sum(min(x.count(c), y.count(c)) for c in set(x))
    return abs(len(x) - len(y)) <= 1 and 2 * shared >= min(len(x), len(y))


def _swap_steps(anchor: Anchor, swap: Addition) -> int:
    """0 (error) for a name replaced by another name on firm evidence; else 1 (warning)."""
    if not (anchor.strong and swap.strong) or swap.initial:
        return 1
    if (looks_like_acronym(anchor.de) or _mixed_acronym(anchor.de)) and swap.words > 1:
        return 1  # the English may spell the German acronym out in English words
    return 0


MAX_MIXED_ACRONYM = 6


def _mixed_acronym(word: str) -> bool:
    """A German acronym with the small letters of its function words ("AfD": Alternative
    für Deutschland, "BfV", "KfW"): short, capital first, at least as many capitals as
    small letters."""
    upper = sum(1 for c in word if c.isupper())
    return (word.isalpha() and len(word) <= MAX_MIXED_ACRONYM and word[0].isupper()
            and upper >= 2 and upper >= len(word) - upper)


def _missing_flag(
    ctx: CheckContext, anchor: Anchor, swap: Addition | None, *, with_mt: bool
) -> Flag:
    via = f' (machine translation "{anchor.en}")' if anchor.en and with_mt else ""
    mt_span = anchor.en if with_mt else ""
    if swap is not None:
        name = swap.token.text
        flag = make_flag(ctx, CODE, f'German "{anchor.de}"{via} is "{name}" in the English',
                         de=anchor.de, en=name, mt=mt_span)
        return _graded(flag, _swap_steps(anchor, swap))
    flag = make_flag(ctx, CODE, f'German has "{anchor.de}"{via}, missing in the English',
                     de=anchor.de, mt=mt_span)
    # A dictionary gloss keeps every word it does not know, so "kept by the gloss" cannot
    # tell a name from an unknown common word: without real MT, a missing name is evidence.
    weak = not anchor.strong or ctx.translator == "lexicon"
    return _graded(flag, 1 + weak)
