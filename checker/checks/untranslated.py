"""`untranslated`: an English sentence that is still German."""

from __future__ import annotations

from checker.checks.base import CheckContext
from checker.checks.common import DE_STOPWORDS, EN_STOPWORDS, fold, make_flag, words
from checker.model import BeadResult, Flag

CODE = "untranslated"
MIN_WORDS = 4  # short lines (names, headings) are often identical in both languages
GERMAN_SHARE = 0.25  # share of German function words that marks a German sentence
ENGLISH_ONLY = EN_STOPWORDS - DE_STOPWORDS - {"also", "so", "was", "will", "man", "hat"}
GERMAN_ONLY = DE_STOPWORDS - EN_STOPWORDS - {"also", "so", "was", "will", "man", "hat", "in", "an"}


def german_share(text: str) -> tuple[float, float]:
    """Share of tokens that are German-only and English-only function words."""
    toks = [t.lower for t in words(text)]
    if not toks:
        return 0.0, 0.0
    de = sum(1 for t in toks if t in GERMAN_ONLY)
    en = sum(1 for t in toks if t in ENGLISH_ONLY)
    return de / len(toks), en / len(toks)


def detect_untranslated(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    en = bead.en_text
    tokens = words(en)
    if len(tokens) < MIN_WORDS:
        return []
    de_tokens = words(bead.de_text)
    same = len(tokens) == len(de_tokens) and (
        [fold(t.text) for t in tokens] == [fold(t.text) for t in de_tokens])
    de_share, en_share = german_share(en)
    if same and de_share == 0:
        return []  # names and numbers only ("Angela Merkel in Berlin")
    if not same and (de_share < GERMAN_SHARE or en_share >= de_share):
        return []
    reason = "identical to the German" if same else "reads as German"
    return [make_flag(ctx, CODE, f"the English sentence {reason}, not translated",
                      en=en, de=bead.de_text if same else "")]
