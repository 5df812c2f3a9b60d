"""`name`: a name present on one side and missing or different on the other.

German capitalises every noun, so German capitals alone say little. Names are
anchored on evidence instead: tokens that the machine translation carries over
unchanged (a name the MT kept verbatim), acronyms, the exonym table (München ↔
Munich, KI ↔ AI) and the dictionary (a German word with a gloss is a common noun).

Evidence is graded. A German name that the MT kept verbatim and the English lacks,
or an English name that neither the German nor the MT has, is an error; a German
word the MT merely left untranslated ("Straße", "Südstadt"), or a judgement made
without any machine translation, is one step weaker (a warning). A German name
missing where the English has a new name is one finding: "X is Y in the English".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import (
    DE_STOPWORDS,
    EN_STOPWORDS,
    Token,
    fold,
    make_flag,
    similar_words,
    strip_possessive,
    words,
)
from checker.model import BeadResult, Flag

CODE = "name"
EXONYM_FILE = "exonyms.tsv"
MIN_SUBSTRING = 4  # a name of this length found inside a compound counts as present
MAX_NAME_DERIVATION = 3  # Japan ~ Japanese: a derived form is at most this much longer
MIN_COMPOUND_NAME = 5  # Südafrika → "Africa": a name this long may end a German compound
MIN_RELATED_PREFIX = 4  # Scotland ~ Scottish: an exonym's derived form counts as present
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[\"„“‚‘'«»(\[\s]*$")
# lower-case words that may sit inside a multi-word name ("University of Applied Sciences")
NAME_CONNECTORS = frozenset({"of", "for", "and", "the", "de", "del", "della", "von", "van", "der",
                             "du", "la", "le", "da", "di", "y", "&"})
# German inflection endings: "Kunstvereins" is the MT's verbatim "Kunstverein"
_DE_INFLECTIONS = ("", "s", "es", "n", "en", "e", "er", "ern")
# heads of German compounds that are common nouns ("Ingolstädter Straße", "Kunstverein")
GERMAN_NOUN_ENDINGS = (
    "ung", "ungen", "heit", "keit", "schaft", "straße", "strasse", "platz", "gasse", "verein",
    "vereins", "haus", "hauses", "amt", "amts", "werk", "werks", "zentrum", "gebiet", "kreis",
    "bahn", "markt", "stadt", "viertel", "ring", "brücke", "kirche", "schule", "halle",
)
_GERMAN_LETTERS = frozenset("äöüß")


@dataclass(frozen=True)
class Variant:
    text: str  # folded form
    stem: bool  # written with "*": matches inflected and derived forms
    acronym: bool = False  # written in capitals: matches capitals only ("UN", not "uns")

    def matches_word(self, word: str) -> bool:
        if self.acronym and not _acronym_form(word):
            return False
        w = fold(strip_possessive(word))
        return w.startswith(self.text) if self.stem else w in (self.text, self.text + "s")

    def found_in(self, text: str) -> bool:
        if " " in self.text:
            return self.text in " ".join(fold(t.text) for t in words(text))
        return any(self.matches_word(t.text) for t in words(text))


def _acronym_form(word: str) -> bool:
    base = strip_possessive(word)
    base = base[:-1] if len(base) > 2 and base.endswith("s") else base
    return base.isupper()


@dataclass(frozen=True)
class Exonym:
    de: tuple[Variant, ...]
    en: tuple[Variant, ...]


def _variants(field: str) -> tuple[Variant, ...]:
    out = []
    for part in field.split("|"):
        part = part.strip()
        stem = part.endswith("*")
        raw = part.rstrip("*")
        folded = " ".join(fold(t.text) for t in words(raw))
        if folded:
            acronym = len(raw) >= 2 and raw.replace(".", "").isalpha() and raw.isupper()
            out.append(Variant(folded, stem, acronym))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def exonyms() -> tuple[Exonym, ...]:
    """The project's exonym table (checker/data/exonyms.tsv)."""
    text = resources.files("checker").joinpath("data", EXONYM_FILE).read_text(encoding="utf-8")
    table = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        de, _, en = line.partition("\t")
        table.append(Exonym(_variants(de), _variants(en)))
    return tuple(table)


# ---------------------------------------------------------------- candidates


def is_sentence_initial(text: str, token: Token) -> bool:
    return bool(_SENTENCE_START.search(text[: token.start]))


def looks_like_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def english_name_candidates(text: str, *, initial: bool = False) -> list[Token]:
    """Capitalised English tokens (possessive 's dropped), not sentence-initial unless asked."""
    found = []
    for tok in words(text):
        if not tok.text[0].isupper() or tok.lower in EN_STOPWORDS or tok.text == "I":
            continue
        name = strip_possessive(tok.text)
        if is_sentence_initial(text, tok) and not (initial or looks_like_acronym(name)):
            continue
        found.append(Token(name, tok.start, tok.start + len(name)))
    return found


def name_chains(text: str) -> list[list[Token]]:
    """Runs of capitalised words, connectors allowed inside ("University of Applied Sciences")."""
    chains: list[list[Token]] = []
    current: list[Token] = []
    pending: list[Token] = []  # connectors seen since the last capitalised word
    last_end = -1
    for tok in words(text):
        joined = last_end >= 0 and text[last_end : tok.start].isspace()
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


# ---------------------------------------------------------------- evidence


def _same_word(name: str, token: Token) -> bool:
    return similar_words(name, strip_possessive(token.text))


def cognate_fold(word: str) -> str:
    """Folded, with German k spelled c (Kongress ~ Congress, Afrika ~ Africa)."""
    return fold(word).replace("k", "c")


def similar_names(a: str, b: str) -> bool:
    """Same word or cognate, allowing the German k for the English c."""
    return similar_words(a, b) or similar_words(cognate_fold(a), cognate_fold(b))


def _same_name(name: str, token: Token) -> bool:
    """The English token is this name (inflected or derived: Japan ~ Japanese), not merely
    a longer word that starts like it ("Mount" is not "mountains")."""
    other = strip_possessive(token.text)
    return (similar_words(name, other)
            and len(fold(other)) - len(fold(name)) <= MAX_NAME_DERIVATION)


def present_in_german(name: str, de_text: str, de_tokens: list[Token]) -> bool:
    """Identical, cognate (Singapore/Singapur), inside a compound, or via the exonym table."""
    if any(similar_names(name, strip_possessive(t.text)) for t in de_tokens):
        return True
    folded = cognate_fold(name)
    if len(folded) >= MIN_SUBSTRING and any(folded in cognate_fold(t.text) for t in de_tokens):
        return True
    if looks_like_acronym(name) and expands_acronym(name, de_text):
        return True
    return _exonym_equivalent(name, english=True, other_text=de_text)


def present_in_english(name: str, en_text: str, en_tokens: list[Token], *,
                       spelled_out: bool = True) -> bool:
    """The English has the name (`spelled_out`: an acronym's expansion counts too)."""
    if any(_same_name(name, t) for t in en_tokens):
        return True
    folded = fold(name)
    if len(folded) >= MIN_SUBSTRING and any(_inside(folded, fold(t.text)) for t in en_tokens):
        return True
    if spelled_out and looks_like_acronym(name) and expands_acronym(name, en_text):
        return True
    return _exonym_equivalent(name, english=False, other_text=en_text)


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


def _exonym_equivalent(name: str, *, english: bool, other_text: str) -> bool:
    other_tokens = words(other_text)
    for entry in exonyms():
        mine, theirs = (entry.en, entry.de) if english else (entry.de, entry.en)
        if not any(v.matches_word(name) for v in mine):
            continue
        if any(v.found_in(other_text) for v in theirs):
            return True
        if not english and any(_related_form(v, other_tokens) for v in theirs):
            return True
    return False


def _related_form(variant: Variant, tokens: list[Token]) -> bool:
    """Scotland ~ Scottish: a derived form sharing the exonym's first letters."""
    if variant.acronym or " " in variant.text or len(variant.text) < MIN_RELATED_PREFIX + 1:
        return False
    head = variant.text[: MIN_RELATED_PREFIX]
    return any(t.text[0].isupper() and fold(t.text).startswith(head) for t in tokens)


def glossed(lexicon: Lexicon | None, de_tokens: list[Token], en_word: str) -> bool:
    if lexicon is None:
        return False
    low = en_word.lower()
    return any(low in lexicon.glosses(t.text) or low in lexicon.glosses(t.lower) for t in de_tokens)


def attested_in_mt(word: str, mt_tokens: list[Token]) -> bool:
    """The MT has the word too (same word, cognate, or inside a compound)."""
    if any(_same_word(word, t) for t in mt_tokens):
        return True
    folded = fold(word)
    return len(folded) >= MIN_SUBSTRING and any(folded in fold(t.text) for t in mt_tokens)


# ---------------------------------------------------------------- German anchors


@dataclass(frozen=True)
class Anchor:
    de: str  # the German form (exact substring of the German text)
    en: str  # the English form expected (from MT or the exonym table), "" if unknown
    strong: bool = True  # error-level evidence that this is a name
    start: int = 0  # offset in the German text


def german_anchors(de_text: str, mt: str | None, lexicon: Lexicon | None) -> list[Anchor]:
    """German tokens that are names: carried into the MT, acronyms, exonyms, unglossed."""
    de_tokens = words(de_text)
    anchors: list[Anchor] = []
    if mt:
        anchors += _anchors_from_mt(de_text, de_tokens, mt, lexicon)
    else:
        anchors += [Anchor(t.text, "", True, t.start) for t in de_tokens
                    if looks_like_acronym(t.text) and not _translated_acronym(t.text)]
    anchors += _anchors_from_exonyms(de_tokens, mt)
    if lexicon is not None and mt is None:
        anchors += [Anchor(t.text, "", False, t.start) for t in de_tokens
                    if _unglossed_name(de_text, t, lexicon)]
    return _unique(anchors)


def _translated_acronym(word: str) -> bool:
    """An acronym the exonym table renders differently (KI → AI): judged as an exonym."""
    return any(v.matches_word(word) for e in exonyms() for v in e.de)


def _anchors_from_mt(de_text: str, de_tokens: list[Token], mt: str,
                     lexicon: Lexicon | None) -> list[Anchor]:
    out = []
    for tok in english_name_candidates(mt, initial=True):
        if tok.lower in DE_STOPWORDS or len(tok.text) < 2:
            continue
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
        if _verbatim(tok.text, de_form.text):
            strong = not _common_noun(de_form.text, lexicon)
        else:  # a respelling: Singapur → Singapore strong; Koalition → Coalition may be a noun
            strong = similar_words(tok.text, de_form.text) and not initial
        out.append(Anchor(de_form.text, tok.text, strong, de_form.start))
    return out


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
    m, d = fold(mt_word), fold(de_word)
    return any(d == m + e for e in _DE_INFLECTIONS)


def _cognate(mt_word: str, de_word: str) -> bool:
    """A respelling (Singapur → Singapore), not a compound part (Kunst → Kunstverein)."""
    m, d = cognate_fold(mt_word), cognate_fold(de_word)
    if m.startswith(d) or d.startswith(m):
        return abs(len(m) - len(d)) <= 2
    return True


def _common_noun(word: str, lexicon: Lexicon | None) -> bool:
    """A German common noun the MT left untranslated ("Zubringer", "Straße")."""
    if lexicon is not None and _glossed_as_word(word, lexicon):
        return True
    return looks_german(word)


def _glossed_as_word(word: str, lexicon: Lexicon) -> bool:
    own = fold(word)
    return any(fold(g) != own for g in lexicon.glosses(word))


def looks_german(word: str) -> bool:
    """German spelling or a German common-noun head: probably a word left untranslated."""
    low = word.lower()
    if looks_like_acronym(word):
        return False
    return bool(_GERMAN_LETTERS & set(low)) or low.endswith(GERMAN_NOUN_ENDINGS)


def _beside_german_word(text: str, tok: Token) -> bool:
    before = words(text[: tok.start])[-1:]
    after = words(text[tok.end :])[:1]
    return any(t.lower in DE_STOPWORDS and t.lower not in EN_STOPWORDS for t in before + after)


@lru_cache(maxsize=65536)
def _exonyms_for(word: str) -> tuple[Exonym, ...]:
    """The table's entries whose German side matches `word` (words recur: memoised)."""
    return tuple(e for e in exonyms() if any(v.matches_word(word) for v in e.de))


def _anchors_from_exonyms(de_tokens: list[Token], mt: str | None) -> list[Anchor]:
    out = []
    mt_text = mt or ""
    for tok in de_tokens:
        for entry in _exonyms_for(tok.text):
            stems = any(v.stem for v in entry.de)
            en_form = next((v for v in entry.en if v.found_in(mt_text)), None)
            if mt is not None and en_form is None:
                continue  # the MT does not render it as a name: paraphrase likely
            if mt is None and stems:
                continue
            expected = _original_form(mt_text, en_form.text) if en_form else ""
            out.append(Anchor(tok.text, expected, True, tok.start))
            break
    return out


def _original_form(text: str, folded: str) -> str:
    for tok in words(text):
        if fold(tok.text).startswith(folded.split(" ")[0]):
            return tok.text
    return ""


def _unglossed_name(de_text: str, tok: Token, lexicon: Lexicon) -> bool:
    word = tok.text
    if not word[0].isupper() or len(word) < 3 or is_sentence_initial(de_text, tok):
        return False
    if word.lower() in DE_STOPWORDS or looks_like_acronym(word):
        return False
    return not _has_gloss(word, lexicon)


def _has_gloss(word: str, lexicon: Lexicon) -> bool:
    """A gloss other than the word itself, for the word, a de-inflected form or a compound head."""
    forms = [word, word.lower()]
    forms += [word[: -len(e)] for e in ("en", "er", "es", "n", "s", "e") if word.endswith(e)]
    forms += [word[i:].capitalize() for i in range(3, len(word) - 3)]
    own = fold(word)
    return any(any(fold(g) != own for g in lexicon.glosses(f)) for f in forms)


def _unique(anchors: list[Anchor]) -> list[Anchor]:
    seen: set[str] = set()
    out = []
    for a in sorted(anchors, key=lambda a: a.start):
        if fold(a.de) not in seen:
            seen.add(fold(a.de))
            out.append(a)
    return out


# ---------------------------------------------------------------- English additions


@dataclass(frozen=True)
class Addition:
    token: Token
    strong: bool


def english_additions(bead: BeadResult, ctx: CheckContext) -> list[Addition]:
    """Capitalised English words that neither the German nor the MT accounts for."""
    de_text, en_text, mt = bead.de_text, bead.en_text, bead.mt
    de_tokens = words(de_text)
    mt_tokens = words(mt) if mt else []
    attested = functools.partial(_attested, de_text=de_text, de_tokens=de_tokens,
                                 mt_tokens=mt_tokens, lexicon=ctx.lexicon)
    chains = name_chains(en_text)
    out: list[Addition] = []
    for tok in english_name_candidates(en_text):
        if not _checkable(tok, mt, ctx.lexicon) or attested(tok.text):
            continue
        if mt is not None and _in_attested_chain(tok, chains, attested):
            continue  # a title word of a name the German has ("University of Applied Sciences")
        out.append(Addition(tok, strong=mt is not None))
    return out


def _attested(word: str, *, de_text: str, de_tokens: list[Token], mt_tokens: list[Token],
              lexicon: Lexicon | None) -> bool:
    return (present_in_german(word, de_text, de_tokens) or attested_in_mt(word, mt_tokens)
            or glossed(lexicon, de_tokens, word))


def _in_attested_chain(
    tok: Token, chains: Sequence[list[Token]], attested: functools.partial[bool]
) -> bool:
    for chain in chains:
        if any(t.start == tok.start for t in chain):
            others = [t for t in chain if t.start != tok.start and t.text[0].isupper()]
            return any(attested(strip_possessive(t.text)) for t in others)
    return False


def _checkable(tok: Token, mt: str | None, lexicon: Lexicon | None) -> bool:
    """Without MT or dictionary only acronyms are judged (other capitals may be titles)."""
    return mt is not None or lexicon is not None or looks_like_acronym(tok.text)


# ---------------------------------------------------------------- detector


def detect_names(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    en_text, en_tokens = bead.en_text, words(bead.en_text)
    mt = bead.mt or ""
    missing = [a for a in german_anchors(bead.de_text, bead.mt, ctx.lexicon)
               if not _rendered(a, en_text, en_tokens, mt)]
    additions = english_additions(bead, ctx)
    flags: list[Flag] = []
    for k, anchor in enumerate(missing):
        swap = additions[k] if k < len(additions) else None
        flags.append(_missing_flag(ctx, anchor, swap, with_mt=bead.mt is not None))
    for addition in additions[len(missing):]:
        name = addition.token.text
        message = f'English has "{name}", which the German does not mention'
        flags.append(make_flag(ctx, CODE, message, en=name, weak=not addition.strong))
    return flags


def _rendered(anchor: Anchor, en_text: str, en_tokens: list[Token], mt: str) -> bool:
    """The English has the anchor's name. An acronym that the MT gives both spelled out and
    as the acronym ("National Security Advisor (NSA)") must keep the acronym itself."""
    spelled_out = not (looks_like_acronym(anchor.de) and expands_acronym(anchor.de, mt))
    forms = [anchor.de] + ([anchor.en] if anchor.en else [])
    return any(present_in_english(f, en_text, en_tokens, spelled_out=spelled_out) for f in forms)


def _missing_flag(
    ctx: CheckContext, anchor: Anchor, swap: Addition | None, *, with_mt: bool
) -> Flag:
    via = f' (machine translation "{anchor.en}")' if anchor.en and with_mt else ""
    mt_span = anchor.en if with_mt else ""
    if swap is not None:
        name = swap.token.text
        return make_flag(ctx, CODE, f'German "{anchor.de}"{via} is "{name}" in the English',
                         de=anchor.de, en=name, mt=mt_span, weak=not anchor.strong)
    return make_flag(ctx, CODE, f'German has "{anchor.de}"{via}, missing in the English',
                     de=anchor.de, mt=mt_span, weak=not anchor.strong)
