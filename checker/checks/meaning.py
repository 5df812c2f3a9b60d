"""`meaning` and `wording`: how far the English drifted from the machine translation.

Two signals: the bead's chrF (MT vs English) below the `meaning` threshold, and a
word-level comparison of MT and English. English content words with no counterpart
in the MT or the German, and MT content words the English dropped, are `meaning`
findings when they stand alone (an inserted word, a removed noun) or are antonyms;
word substitutions the dictionary links, or that cannot be judged, are `wording`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources

from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import (
    EN_STOPWORDS,
    Token,
    is_content_en,
    make_flag,
    stem_en,
    words,
)
from checker.checks.names import present_in_german
from checker.model import BeadResult, Flag

MEANING = "meaning"
WORDING = "wording"
ANTONYM_FILE = "antonyms.tsv"
MAX_FLAGS_PER_CODE = 3  # per bead: more would bury the report
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "per", "our", "your", "my"})
NOT_AFTER_DETERMINER = frozenset(
    {"of", "that", "and", "in", "on", "to", "with", "for", "by", "from", "at", "the", "a", "an",
     "is", "was", "were", "are", "or", "as", "into", "than"}
)


@functools.lru_cache(maxsize=1)
def antonyms() -> frozenset[tuple[str, str]]:
    """Pairs of English stems that mean the opposite (checker/data/antonyms.tsv)."""
    text = resources.files("checker").joinpath("data", ANTONYM_FILE).read_text(encoding="utf-8")
    pairs: set[tuple[str, str]] = set()
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        a, b = (stem_en(w.strip()) for w in line.split("\t", 1))
        pairs |= {(a, b), (b, a)}
    return frozenset(pairs)


@dataclass(frozen=True)
class Witness:
    """What the German side says, for judging English words."""

    de_text: str
    de_tokens: tuple[Token, ...]
    lexicon: Lexicon | None

    def supports(self, en_word: str) -> bool:
        """The German has this word (cognate/identical) or a word the dictionary renders so."""
        if present_in_german(en_word, self.de_text, list(self.de_tokens)):
            return True
        return self.lexicon is not None and any(
            _gloss_has(self.lexicon.glosses(t.text) | self.lexicon.glosses(t.lower), en_word)
            for t in self.de_tokens
        )

    def links(self, mt_word: str, en_word: str) -> bool:
        """Some German word the dictionary renders both as `mt_word` and as `en_word`."""
        if self.lexicon is None:
            return False
        for t in self.de_tokens:
            glosses = self.lexicon.glosses(t.text) | self.lexicon.glosses(t.lower)
            if _gloss_has(glosses, mt_word) and _gloss_has(glosses, en_word):
                return True
        return False


def _gloss_has(glosses: Iterable[str], word: str) -> bool:
    target = stem_en(word)
    return any(stem_en(part) == target for g in glosses for part in g.split())


@dataclass(frozen=True)
class Change:
    mt: tuple[Token, ...]  # MT words replaced or dropped
    en: tuple[Token, ...]  # English words replacing or added


def word_changes(mt: str, en: str) -> list[Change]:
    mt_toks, en_toks = words(mt), words(en)
    keys_mt = [stem_en(t.text) for t in mt_toks]
    keys_en = [stem_en(t.text) for t in en_toks]
    matcher = SequenceMatcher(None, keys_mt, keys_en, autojunk=False)
    return [
        Change(tuple(mt_toks[i1:i2]), tuple(en_toks[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def detect_meaning(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    flags: list[Flag] = []
    limit = ctx.settings.thresholds.meaning_chrf
    if bead.scores is not None and bead.scores.chrf < limit:
        flags.append(make_flag(
            ctx, MEANING,
            f"machine translation and English differ a lot (chrF {bead.scores.chrf:.1f} < {limit:g})",
        ))
    if bead.mt:
        flags += word_level_flags(bead, ctx)
    return flags


def word_level_flags(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    mt, en = bead.mt or "", bead.en_text
    witness = Witness(bead.de_text, tuple(words(bead.de_text)), ctx.lexicon)
    mt_stems = {stem_en(t.text) for t in words(mt)}
    en_tokens = [t for t in words(en) if is_content_en(t.text)]
    en_stems = {stem_en(t.text) for t in words(en)}
    meaning: list[Flag] = []
    wording: list[Flag] = []
    for change in word_changes(mt, en):
        added = [t for t in change.en if is_content_en(t.text) and stem_en(t.text) not in mt_stems
                 and not witness.supports(t.text)]
        dropped = [t for t in change.mt if is_content_en(t.text)
                   and stem_en(t.text) not in en_stems
                   and not any(witness.links(t.text, e.text) for e in en_tokens)]
        verdict = _synonym_pair(change, mt_stems, en_stems, witness) or _judge(
            change, added, dropped, witness)
        if verdict is not None:
            (meaning if verdict.code == MEANING else wording).append(
                make_flag(ctx, verdict.code, verdict.message, en=verdict.en, mt=verdict.mt)
            )
    meaning += _gap_flags(bead, ctx)
    return meaning[:MAX_FLAGS_PER_CODE] + wording[:MAX_FLAGS_PER_CODE]


def _synonym_pair(change: Change, mt_stems: set[str], en_stems: set[str], w: Witness) -> Verdict | None:
    """A substitution the dictionary links through one German word → wording."""
    if not change.mt or not change.en:
        return None
    new = [t for t in change.en if is_content_en(t.text) and stem_en(t.text) not in mt_stems]
    old = [t for t in change.mt if is_content_en(t.text) and stem_en(t.text) not in en_stems]
    if len(new) != len(old):
        return None
    for e in new:
        for m in old:
            if w.links(m.text, e.text):
                return Verdict(WORDING, f'machine translation "{m.text}", English "{e.text}" '
                               "(dictionary: synonyms)", en=e.text, mt=m.text)
    return None


@dataclass(frozen=True)
class Verdict:
    code: str
    message: str
    en: str = ""
    mt: str = ""


def _judge(change: Change, added: list[Token], dropped: list[Token], w: Witness) -> Verdict | None:
    if change.en and not change.mt:
        if added:
            word = added[0].text
            return Verdict(MEANING, f'English adds "{word}", which neither the German nor the '
                           "machine translation has", en=word)
        return None
    if change.mt and not change.en:
        if dropped:
            word = dropped[0].text
            return Verdict(MEANING, f'English lacks "{word}" (machine translation has it)', mt=word)
        return None
    return _judge_substitution(added, dropped, w)


def _judge_substitution(added: list[Token], dropped: list[Token], w: Witness) -> Verdict | None:
    if len(added) > len(dropped):
        word = added[len(dropped)].text if not dropped else added[-1].text
        return Verdict(MEANING, f'English adds "{word}", which neither the German nor the '
                       "machine translation has", en=word)
    if not added or not dropped:
        return None
    for e in added:
        for m in dropped:
            if (stem_en(m.text), stem_en(e.text)) in antonyms():
                return Verdict(MEANING, f'English "{e.text}" is the opposite of the machine '
                               f'translation\'s "{m.text}"', en=e.text, mt=m.text)
    linked = next(((m, e) for e in added for m in dropped if w.links(m.text, e.text)), None)
    if linked is not None:
        m, e = linked
        return Verdict(WORDING, f'machine translation "{m.text}", English "{e.text}" '
                       "(dictionary: synonyms)", en=e.text, mt=m.text)
    e, m = added[0], dropped[0]
    grounded = [d for d in dropped if w.supports(d.text)]
    if w.lexicon is not None and grounded and len(dropped) <= 2:
        m = grounded[0]
        return Verdict(MEANING, f'English "{e.text}" where the machine translation has '
                       f'"{m.text}" (dictionary: not a translation of the German)',
                       en=e.text, mt=m.text)
    return Verdict(WORDING, f'machine translation "{m.text}", English "{e.text}"',
                   en=e.text, mt=m.text)


def _gap_flags(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    """A determiner followed by a preposition ("per of", "the that"): a word is missing."""
    en, mt = bead.en_text, (bead.mt or "").lower()
    toks = words(en)
    for a, b in zip(toks, toks[1:], strict=False):
        if a.lower in DETERMINERS and b.lower in NOT_AFTER_DETERMINER and en[a.end : b.start] == " ":
            span = en[a.start : b.end]
            if span.lower() not in mt:
                return [make_flag(ctx, MEANING, f'English reads "{span}": a word seems to be missing',
                                  en=span)]
    return []


