"""`quote`: a quotation worded differently in the English than in the machine translation.

A quoted term or title (up to `MAX_TERM_WORDS` words) worded otherwise is a warning;
reworded quoted speech is info, since speech is translated as freely as the rest.
An English quotation that repeats the German one (a title left in German, „Star Trek“)
or differs from the MT's only in hyphens, spaces and case ("push-backs" / "pushbacks")
is no finding.
Quotations are found on both sides („…“, »…«, ‚…‘, "…", '…', “…”, «…») and paired
by order. The machine translation of the German quotation is looked up in the MT by
its quote marks, else as the MT passage most like the English quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import EN_STOPWORDS, Token, make_flag, similar_words, stem_en, words
from checker.checks.meaning import gloss_keys, lemma_key
from checker.model import BeadResult, Flag

CODE = "quote"
MAX_TERM_WORDS = 4  # a quotation this short is a term or title, longer ones are speech
_QUOTE_PATTERNS = (
    r"„(?P<a>[^“”\"]+?)[“”\"]",
    r"»(?P<b>[^«]+?)«",
    r"«(?P<c>[^»]+?)»",
    r"“(?P<d>[^”“]+?)[”“]",  # “…“: a closing mark set the wrong way round
    r"‚(?P<e>[^‘’]+?)[‘’]",
    r"‘(?P<f>[^’]+?)’(?![a-z])",
    r"\"(?<!\w\")(?P<g>[^\"]+?)\"",  # no word character before the mark
    r"'(?<![\w']')(?P<h>[^'\s][^']*?)'(?![\w])",
)
# every pattern starts with its quote mark (a test of the character before a mark comes
# after it), so that a search skips to the next mark instead of trying every character
_QUOTE_RE = re.compile("|".join(_QUOTE_PATTERNS))


@dataclass(frozen=True)
class Quotation:
    outer: str  # with its quote marks, an exact substring of the text
    inner: str  # the words inside
    start: int


def quotations(text: str) -> list[Quotation]:
    found = []
    for m in _QUOTE_RE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if words(inner):
            found.append(Quotation(m.group(), inner.strip(), m.start()))
    return found


def normalised_words(text: str) -> list[str]:
    return [t.lower for t in words(text)]


def best_passage(text: str, target: str) -> str:
    """The passage of `text` (same number of words, ±2) most like `target`."""
    tokens = words(text)
    n = len(words(target))
    if not tokens or n == 0:
        return ""
    best, best_score = "", -1.0
    matcher = SequenceMatcher(None, "", target.lower())  # the target indexed once
    for size in range(max(1, n - 2), n + 3):
        for i in range(0, max(1, len(tokens) - size + 1)):
            chunk = tokens[i : i + size]
            passage = text[chunk[0].start : chunk[-1].end]
            matcher.set_seq1(passage.lower())
            # quick_ratio bounds ratio from above: a passage it does not put above the
            # best so far cannot beat it
            if matcher.quick_ratio() > best_score and matcher.ratio() > best_score:
                best, best_score = passage, matcher.ratio()
    return best


def _content_stems(text: str) -> set[str]:
    return {stem_en(w) for w in normalised_words(text) if w not in EN_STOPWORDS}


SYNONYMS = " (dictionary: synonyms)"


def dictionary_verdict(de_quote: str, mt_quote: str, en_quote: str, lexicon: Lexicon | None) -> str:
    """Says whether the English words that differ from the MT are dictionary translations."""
    if lexicon is None:
        return ""
    mt_stems = _content_stems(mt_quote)
    changed = [t for t in words(en_quote)
               if t.lower not in EN_STOPWORDS and stem_en(t.text) not in mt_stems]
    if not changed:
        return ""
    de_words: list[Token] = words(de_quote)
    unknown = [t.text for t in changed if not any(
        lexicon.is_translation(d.text, t.lower) or _in_gloss(lexicon, d.text, t.lower)
        or lemma_key(t.text) in gloss_keys(lexicon, d.text)  # "gave" of "give up"
        for d in de_words)]
    if not unknown:
        return SYNONYMS
    return f' (dictionary: "{unknown[0]}" is not a translation of the German)'


def _in_gloss(lexicon: Lexicon, de_word: str, en_word: str) -> bool:
    """The English word is one word of a gloss of the German one („Heimatkleid“:
    "homeland dress" has "homeland")."""
    return any(en_word in g.split() for g in lexicon.glosses(de_word) if " " in g)


def detect_quotes(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de_quotes, en_quotes = quotations(bead.de_text), quotations(bead.en_text)
    flags: list[Flag] = []
    if not de_quotes and not en_quotes:
        return flags
    mt_quotes = quotations(bead.mt) if bead.mt else []
    if de_quotes and not en_quotes and (bead.mt is None or mt_quotes):
        # a quoted title or term the English writes unquoted, word for word as the German
        # („Süddeutsche Zeitung“) or as the MT renders it, lost only its quotation marks
        en_words = _word_run(bead.en_text)
        lost = [q for k, q in enumerate(de_quotes)
                if _word_run(q.inner) not in en_words
                and not (len(mt_quotes) == len(de_quotes)
                         and _word_run(mt_quotes[k].inner) in en_words)]
        if not lost:
            return flags
        q = lost[0]
        return [make_flag(ctx, CODE, f"German quotes {q.outer}, the English has no quotation",
                          de=q.outer)]
    if bead.mt is None:
        return flags
    for k, en_q in _pairing(de_quotes, en_quotes, mt_quotes):
        de_q = de_quotes[k]
        if k < len(mt_quotes) and len(mt_quotes) == len(de_quotes):
            mt_q = mt_quotes[k].inner
        else:
            mt_q = best_passage(bead.mt, en_q.inner)
        if (_content_stems(mt_q) == _content_stems(en_q.inner)
                or _letters(en_q.inner) in (_letters(mt_q), _letters(de_q.inner))
                or _cognates(de_q.inner, en_q.inner)):
            continue
        verdict = dictionary_verdict(de_q.inner, mt_q, en_q.inner, ctx.lexicon)
        if verdict == SYNONYMS and _letters(mt_q) == _letters(de_q.inner):
            continue  # the MT kept the German; the English translated it, as the dictionary does
        message = (f'{de_q.outer} — machine translation "{mt_q}", '
                   f'English "{en_q.inner}"{verdict}')
        # a quoted term („PR-Marionetten“) is kept word for word; quoted speech is
        # translated as freely as the rest, so its rewording is evidence (info) only
        speech = len(words(de_q.inner)) > MAX_TERM_WORDS
        # a gloss picks one of a word's senses at random: against it, a quotation the
        # dictionary backs word for word is reworded only where the English passed over
        # the German's own word („Marionetten“: "marionettes", English "puppets")
        glossed = (ctx.translator == "lexicon" and verdict == SYNONYMS
                   and ctx.lexicon is not None
                   and not _cognate_passed_over(de_q.inner, en_q.inner, ctx.lexicon))
        flags.append(make_flag(ctx, CODE, message, de=de_q.outer, en=en_q.inner, mt=mt_q,
                               weak=speech or glossed))
    return flags


def _cognate_passed_over(de_quote: str, en_quote: str, lexicon: Lexicon) -> bool:
    """The dictionary renders a German word of the quotation by its own word in English
    („Marionetten“ → "marionettes") and the English quotation has no such word."""
    en = words(en_quote)
    for d in words(de_quote):
        own = [g for g in lexicon.glosses(d.text) if " " not in g and similar_words(d.text, g)]
        if own and not any(similar_words(d.text, e.text) for e in en):
            return True
    return False


def _cognates(de_quote: str, en_quote: str) -> bool:
    """The English quotation is the German one word for word in English spelling
    („Synchronisierung“ / "Synchronization"): kept, not reworded."""
    de, en = words(de_quote), words(en_quote)
    return len(de) == len(en) > 0 and all(similar_words(d.text, e.text)
                                          for d, e in zip(de, en, strict=True))


def _pairing(de_quotes: list[Quotation], en_quotes: list[Quotation],
             mt_quotes: list[Quotation]) -> list[tuple[int, Quotation]]:
    """(index of the German quotation, English quotation) pairs: each English quotation
    goes with the German one whose machine translation shares most of its words, the
    one at the same place on a tie (the English may reorder quotations, or lose a quote
    mark); by order when the MT's quotations do not match the German's. A German
    quotation the English repeats unchanged is paired with its repetition."""
    if not de_quotes:
        return []
    if len(mt_quotes) != len(de_quotes):
        pairs = list(enumerate(en_quotes[: len(de_quotes)]))
    else:
        mt_stems = [_content_stems(q.inner) for q in mt_quotes]
        pairs = []
        for pos, en_q in enumerate(en_quotes):
            stems = _content_stems(en_q.inner)
            k = max(range(len(mt_quotes)),
                    key=lambda i: (len(stems & mt_stems[i]), i == pos, -i))
            pairs.append((k, en_q))
    # an English quotation that repeats one of the German ones word for word goes with it,
    # wherever the English put it
    kept = {_letters(q.inner): k for k, q in enumerate(de_quotes)}
    return [(kept.get(_letters(en_q.inner), k), en_q) for k, en_q in pairs]


def _word_run(text: str) -> str:
    """The words of a text, lower-cased, one space before and after each: a phrase is
    found in a text as a whole-word substring of its run."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.lower())) + " "


def _letters(text: str) -> str:
    """The letters and digits of a text, lower-cased: what is left when hyphens, spaces,
    punctuation and case are set aside."""
    return "".join(c for c in text.lower() if c.isalnum())
