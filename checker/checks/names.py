"""`name`: a name present on one side and missing or different on the other.

German capitalises every noun, so German capitals alone say little. Names are
anchored on evidence instead: capitalised tokens inside English sentences, tokens
that the machine translation carries over unchanged, tokens identical across the
pair, the exonym table (München ↔ Munich) and the dictionary (a capitalised German
word with a gloss is a common noun).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
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
MIN_SUBSTRING = 4  # a name of this length found inside a German compound counts as present
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+)[\"„“‚‘'«»(\[\s]*$")


@dataclass(frozen=True)
class Variant:
    text: str  # folded form
    stem: bool

    def matches_word(self, word: str) -> bool:
        w = fold(word)
        return w.startswith(self.text) if self.stem else w in (self.text, self.text + "s")

    def found_in(self, text: str) -> bool:
        if " " in self.text:
            return self.text in " ".join(fold(t.text) for t in words(text))
        return any(self.matches_word(t.text) for t in words(text))


@dataclass(frozen=True)
class Exonym:
    de: tuple[Variant, ...]
    en: tuple[Variant, ...]


def _variants(field: str) -> tuple[Variant, ...]:
    out = []
    for part in field.split("|"):
        part = part.strip()
        stem = part.endswith("*")
        folded = " ".join(fold(t.text) for t in words(part.rstrip("*")))
        if folded:
            out.append(Variant(folded, stem))
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
        if is_sentence_initial(text, tok) and not (initial or looks_like_acronym(tok.text)):
            continue
        name = strip_possessive(tok.text)
        found.append(Token(name, tok.start, tok.start + len(name)))
    return found


# ---------------------------------------------------------------- evidence


def present_in_german(name: str, de_text: str, de_tokens: list[Token]) -> bool:
    """Identical, cognate (Singapore/Singapur), inside a compound, or via the exonym table."""
    if any(similar_words(name, t.text) for t in de_tokens):
        return True
    folded = fold(name)
    if len(folded) >= MIN_SUBSTRING and any(folded in fold(t.text) for t in de_tokens):
        return True
    return _exonym_equivalent(name, english=True, other_text=de_text)


def present_in_english(name: str, en_text: str, en_tokens: list[Token]) -> bool:
    if any(similar_words(name, t.text) for t in en_tokens):
        return True
    folded = fold(name)
    if len(folded) >= MIN_SUBSTRING and any(folded in fold(t.text) for t in en_tokens):
        return True
    return _exonym_equivalent(name, english=False, other_text=en_text)


def _exonym_equivalent(name: str, *, english: bool, other_text: str) -> bool:
    for entry in exonyms():
        mine, theirs = (entry.en, entry.de) if english else (entry.de, entry.en)
        if any(v.matches_word(name) for v in mine) and any(v.found_in(other_text) for v in theirs):
            return True
    return False


def glossed(lexicon: Lexicon | None, de_tokens: list[Token], en_word: str) -> bool:
    if lexicon is None:
        return False
    low = en_word.lower()
    return any(low in lexicon.glosses(t.text) or low in lexicon.glosses(t.lower) for t in de_tokens)


def in_text(word: str, tokens: list[Token]) -> bool:
    low = word.lower()
    return any(t.lower == low for t in tokens)


# ---------------------------------------------------------------- detector


def detect_names(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de_text, en_text, mt = bead.de_text, bead.en_text, bead.mt
    de_tokens, en_tokens = words(de_text), words(en_text)
    mt_tokens = words(mt) if mt else []
    flags: list[Flag] = []
    seen: set[str] = set()
    for anchor in german_anchors(de_text, mt, ctx.lexicon):
        if fold(anchor.de) in seen or present_in_english(anchor.de, en_text, en_tokens):
            continue
        if anchor.en and present_in_english(anchor.en, en_text, en_tokens):
            continue
        seen.add(fold(anchor.de))
        via = f' (machine translation "{anchor.en}")' if anchor.en and mt else ""
        flags.append(make_flag(
            ctx, CODE, f'German has "{anchor.de}"{via}, missing in the English',
            de=anchor.de, mt=anchor.en if mt else "",
        ))
    for tok in english_name_candidates(en_text):
        if tok.text in seen or not _checkable(tok, mt, ctx.lexicon):
            continue
        if present_in_german(tok.text, de_text, de_tokens) or in_text(tok.text, mt_tokens):
            continue
        if glossed(ctx.lexicon, de_tokens, tok.text):
            continue
        seen.add(tok.text)
        flags.append(make_flag(
            ctx, CODE, f'English has "{tok.text}", which the German does not mention', en=tok.text
        ))
    return flags


def _checkable(tok: Token, mt: str | None, lexicon: Lexicon | None) -> bool:
    """Without MT or dictionary only acronyms are judged (other capitals may be titles)."""
    return mt is not None or lexicon is not None or looks_like_acronym(tok.text)


@dataclass(frozen=True)
class Anchor:
    de: str  # the German form (exact substring of the German text)
    en: str  # the English form expected (from MT or the exonym table), "" if unknown


def german_anchors(de_text: str, mt: str | None, lexicon: Lexicon | None) -> list[Anchor]:
    """German tokens that are names: carried into the MT, acronyms, exonyms, unglossed."""
    de_tokens = words(de_text)
    anchors: list[Anchor] = []
    if mt:
        anchors += _anchors_from_mt(de_text, de_tokens, mt)
    for tok in de_tokens:
        if looks_like_acronym(tok.text) and tok.text not in ("EU", "UN"):
            anchors.append(Anchor(tok.text, _mt_form(tok.text, mt)))
    anchors += _anchors_from_exonyms(de_tokens, mt)
    if lexicon is not None and mt is None:
        anchors += [Anchor(t.text, "") for t in de_tokens if _unglossed_name(de_text, t, lexicon)]
    return _unique(anchors)


def _anchors_from_mt(de_text: str, de_tokens: list[Token], mt: str) -> list[Anchor]:
    out = []
    for tok in english_name_candidates(mt, initial=True):
        if tok.lower in DE_STOPWORDS or len(tok.text) < 2:
            continue
        initial = is_sentence_initial(mt, tok)
        de_form = next((t for t in de_tokens if similar_words(tok.text, t.text)), None)
        if de_form is None or not de_form.text[0].isupper():
            continue
        if initial and (len(tok.text) < 4 or tok.lower in EN_STOPWORDS):
            continue
        if tok.text == de_form.text and _beside_german_word(mt, tok):
            continue  # a German phrase the MT left untranslated ("Theater der Stadt Aalen")
        out.append(Anchor(de_form.text, tok.text))
    return out


def _beside_german_word(text: str, tok: Token) -> bool:
    before = words(text[: tok.start])[-1:]
    after = words(text[tok.end :])[:1]
    return any(t.lower in DE_STOPWORDS and t.lower not in EN_STOPWORDS for t in before + after)


def _mt_form(word: str, mt: str | None) -> str:
    if not mt:
        return ""
    return next((t.text for t in words(mt) if similar_words(word, t.text)), "")


def _anchors_from_exonyms(de_tokens: list[Token], mt: str | None) -> list[Anchor]:
    out = []
    mt_text = mt or ""
    for tok in de_tokens:
        for entry in exonyms():
            if not any(v.matches_word(tok.text) for v in entry.de):
                continue
            stems = any(v.stem for v in entry.de)
            en_form = next((v for v in entry.en if v.found_in(mt_text)), None)
            if mt is not None and en_form is None:
                continue  # the MT does not render it as a name: paraphrase likely
            if mt is None and stems:
                continue
            out.append(Anchor(tok.text, _original_form(mt_text, en_form.text) if en_form else ""))
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
    """A gloss for the word, a de-inflected form or a compound head: a common noun."""
    forms = [word, word.lower()]
    forms += [word[: -len(e)] for e in ("en", "er", "es", "n", "s", "e") if word.endswith(e)]
    forms += [word[i:].capitalize() for i in range(3, len(word) - 3)]
    return any(lexicon.glosses(f) for f in forms)


def _unique(anchors: list[Anchor]) -> list[Anchor]:
    seen: set[str] = set()
    out = []
    for a in anchors:
        if fold(a.de) not in seen:
            seen.add(fold(a.de))
            out.append(a)
    return out


