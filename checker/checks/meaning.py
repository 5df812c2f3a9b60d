"""`meaning` and `wording`: how far the English drifted from the machine translation.

The English is compared with the MT word by word. English content words that
neither the MT nor the German accounts for, and MT content words the English
dropped, are collected as evidence for the whole bead; a bead gets at most one
`meaning` flag and one `wording` flag, never one flag per word.

A faithful human translation differs from a literal MT in a word or two almost
everywhere, so one unmatched word on its own is `wording` (info). The bead is a
`meaning` finding (warning) only on strong evidence:

- an antonym (the table, or un-/in-/dis- prefixes: "healthy" ↔ "unhealthy");
- a word left missing ("emissions per of output": a determiner before a preposition);
- an English word the dictionary confirms is no translation of any German word of the
  bead, and that the MT lacks (only with a dictionary);
- several unmatched content words (`MIN_UNMATCHED`), inserted or dropped outright;
- the bead's chrF under the `meaning` threshold.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources

from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import (
    Token,
    is_content_en,
    make_flag,
    stem_en,
    words,
)
from checker.checks.names import english_name_candidates, present_in_german
from checker.model import BeadResult, Flag

MEANING = "meaning"
WORDING = "wording"
ANTONYM_FILE = "antonyms.tsv"
MIN_UNMATCHED = 1  # content words inserted or dropped outright (not substituted) → `meaning`
MAX_WORDS_SHOWN = 3  # words quoted in one message
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "per", "our", "your", "my"})
NOT_AFTER_DETERMINER = frozenset(
    {"of", "that", "and", "in", "on", "to", "with", "for", "by", "from", "at", "the", "a", "an",
     "is", "was", "were", "are", "or", "as", "into", "than"}
)
# prefixes that turn an English word into its opposite ("healthy" ↔ "unhealthy")
NEGATING_PREFIXES = ("un", "non", "il", "ir")  # in-/im-/dis- make too many other words (inform)
MIN_PREFIXED_BASE = 4  # "unable" → "able" is fine; shorter bases ("in" + "to") are not


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


def are_antonyms(a: str, b: str) -> bool:
    """Opposites by the table, or by a negating prefix ("likely" ↔ "unlikely")."""
    sa, sb = stem_en(a), stem_en(b)
    if (sa, sb) in antonyms():
        return True
    return _negated_form(a.lower(), b.lower()) or _negated_form(b.lower(), a.lower())


def _negated_form(word: str, other: str) -> bool:
    for prefix in NEGATING_PREFIXES:
        base = other[len(prefix):]
        if other.startswith(prefix) and len(base) >= MIN_PREFIXED_BASE:
            if base == word or stem_en(base) == stem_en(word):
                return True
    return False


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
            _gloss_has(self._glosses(t), en_word) for t in self.de_tokens
        )

    def links(self, mt_word: str, en_word: str) -> bool:
        """Some German word the dictionary renders both as `mt_word` and as `en_word`."""
        if self.lexicon is None:
            return False
        for t in self.de_tokens:
            glosses = self._glosses(t)
            if _gloss_has(glosses, mt_word) and _gloss_has(glosses, en_word):
                return True
        return False

    def _glosses(self, token: Token) -> frozenset[str]:
        assert self.lexicon is not None
        return self.lexicon.glosses(token.text) | self.lexicon.glosses(token.lower)


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


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class Evidence:
    """What the word comparison of one bead found."""

    added: tuple[str, ...] = ()  # English words inserted outright, unsupported by German/MT
    dropped: tuple[str, ...] = ()  # MT words the English left out outright
    replaced: tuple[tuple[str, str], ...] = ()  # (MT word, English word) substitutions
    synonyms: tuple[tuple[str, str], ...] = ()  # substitutions the dictionary links
    antonym: tuple[str, str] | None = None  # (MT word, English word)
    unconfirmed: tuple[str, str] | None = None  # (MT word, English word): dictionary says no
    gap: str = ""  # "per of": a word is missing in the English

    @property
    def unmatched(self) -> int:
        return len(self.added) + len(self.dropped)

    @property
    def strong(self) -> bool:
        return (self.antonym is not None or bool(self.gap)
                or self.unmatched >= MIN_UNMATCHED)

    @property
    def empty(self) -> bool:
        return not (self.unmatched or self.replaced or self.synonyms or self.gap
                    or self.antonym or self.unconfirmed)


def collect_evidence(bead: BeadResult, lexicon: Lexicon | None) -> Evidence:
    mt, en = bead.mt or "", bead.en_text
    witness = Witness(bead.de_text, tuple(words(bead.de_text)), lexicon)
    mt_stems = {stem_en(t.text) for t in words(mt)}
    en_stems = {stem_en(t.text) for t in words(en)}
    names = {t.start for t in english_name_candidates(en)}
    en_content = [t for t in words(en) if is_content_en(t.text)]
    added: list[str] = []
    dropped: list[str] = []
    replaced: list[tuple[str, str]] = []
    synonyms: list[tuple[str, str]] = []
    for change in word_changes(mt, en):
        new = [t for t in change.en if is_content_en(t.text) and t.start not in names
               and stem_en(t.text) not in mt_stems and not witness.supports(t.text)]
        old = [t for t in change.mt if is_content_en(t.text) and stem_en(t.text) not in en_stems
               and not any(witness.links(t.text, e.text) for e in en_content)]
        linked = _linked_pairs(change, mt_stems, en_stems, witness)
        synonyms += linked
        if linked:
            continue
        if change.en and change.mt and new and old:
            replaced += list(zip((t.text for t in old), (t.text for t in new), strict=False))
            extra = new[len(old):]
            added += [t.text for t in extra]
        elif not change.mt:
            added += [t.text for t in new]
        elif not change.en:
            dropped += [t.text for t in old]
    antonym = _antonym(words(mt), words(en), mt_stems, en_stems)
    unconfirmed = _unconfirmed(replaced, added, witness)
    return Evidence(tuple(added), tuple(dropped), tuple(replaced), tuple(synonyms), antonym,
                    unconfirmed, _gap(bead))


def _linked_pairs(change: Change, mt_stems: set[str], en_stems: set[str],
                  w: Witness) -> list[tuple[str, str]]:
    """Substitutions that the dictionary links through one German word (synonyms)."""
    new = [t for t in change.en if is_content_en(t.text) and stem_en(t.text) not in mt_stems]
    old = [t for t in change.mt if is_content_en(t.text) and stem_en(t.text) not in en_stems]
    return [(m.text, e.text) for e in new for m in old if w.links(m.text, e.text)][:1]


def _antonym(mt_tokens: list[Token], en_tokens: list[Token], mt_stems: set[str],
             en_stems: set[str]) -> tuple[str, str] | None:
    """An English word whose opposite the MT has (and the English does not)."""
    new = [t.text for t in en_tokens if is_content_en(t.text) and stem_en(t.text) not in mt_stems]
    old = [t.text for t in mt_tokens if is_content_en(t.text) and stem_en(t.text) not in en_stems]
    for e in new:
        for m in old:
            if are_antonyms(m, e):
                return m, e
    return None


def _unconfirmed(replaced: list[tuple[str, str]], added: list[str],
                 w: Witness) -> tuple[str, str] | None:
    """With a dictionary: an English word no German word of the bead translates to, where
    the MT's word is a translation of the German (so the English is the one that moved)."""
    if w.lexicon is None:
        return None
    for m, e in replaced:
        if w.supports(m) and not w.supports(e):
            return m, e
    return None


def _gap(bead: BeadResult) -> str:
    """A determiner followed by a preposition ("per of", "the that"): a word is missing."""
    en, mt = bead.en_text, (bead.mt or "").lower()
    toks = words(en)
    for a, b in zip(toks, toks[1:], strict=False):
        if a.lower in DETERMINERS and b.lower in NOT_AFTER_DETERMINER and en[a.end : b.start] == " ":
            span = en[a.start : b.end]
            if span.lower() not in mt:
                return span
    return ""


# ---------------------------------------------------------------- flags


def detect_meaning(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    limit = ctx.settings.thresholds.meaning_chrf
    low_chrf = bead.scores is not None and bead.scores.chrf < limit
    evidence = collect_evidence(bead, ctx.lexicon) if bead.mt else Evidence()
    parts = _describe(evidence)
    flags: list[Flag] = []
    if low_chrf:
        assert bead.scores is not None
        parts.insert(0, f"machine translation and English differ a lot "
                        f"(chrF {bead.scores.chrf:.1f} < {limit:g})")
    if low_chrf or evidence.strong:
        en, mt = _salient(evidence)
        flags.append(make_flag(ctx, MEANING, "; ".join(parts), en=en, mt=mt))
        if evidence.synonyms:
            m, e = evidence.synonyms[0]
            flags.append(make_flag(ctx, WORDING, f'machine translation "{m}", English "{e}" '
                                   "(dictionary: synonyms)", en=e, mt=m))
    elif not evidence.empty:
        en, mt = _salient(evidence)
        flags.append(make_flag(ctx, WORDING, "; ".join(parts), en=en, mt=mt))
    return flags


def _describe(ev: Evidence) -> list[str]:
    parts: list[str] = []
    if ev.antonym is not None:
        m, e = ev.antonym
        parts.append(f'English "{e}" is the opposite of the machine translation\'s "{m}"')
    if ev.gap:
        parts.append(f'English reads "{ev.gap}": a word seems to be missing')
    if ev.unconfirmed is not None:
        m, e = ev.unconfirmed
        parts.append(f'English "{e}" where the machine translation has "{m}" '
                     "(dictionary: not a translation of the German)")
    if ev.added:
        parts.append(f"English adds {_quote_list(ev.added)}, which neither the German nor the "
                     "machine translation has")
    if ev.dropped:
        parts.append(f"English lacks {_quote_list(ev.dropped)} (machine translation has it)")
    if not parts and ev.replaced:
        m, e = ev.replaced[0]
        parts.append(f'machine translation "{m}", English "{e}"')
    if not parts and ev.synonyms:
        m, e = ev.synonyms[0]
        parts.append(f'machine translation "{m}", English "{e}" (dictionary: synonyms)')
    return parts


def _quote_list(items: tuple[str, ...]) -> str:
    shown = [f'"{w}"' for w in dict.fromkeys(items)][:MAX_WORDS_SHOWN]
    more = len(dict.fromkeys(items)) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _salient(ev: Evidence) -> tuple[str, str]:
    """The evidence spans (English word, MT word) a reader should look at first."""
    for pair in (ev.antonym, ev.unconfirmed):
        if pair is not None:
            return pair[1], pair[0]
    if ev.gap:
        return ev.gap, ""
    en = max(ev.added, key=len, default="")
    mt = max(ev.dropped, key=len, default="")
    if not en and not mt and ev.replaced:
        return ev.replaced[0][1], ev.replaced[0][0]
    if not en and not mt and ev.synonyms:
        return ev.synonyms[0][1], ev.synonyms[0][0]
    return en, mt
