"""Findings after detection: one finding per problem, severities calibrated per pair.

Runs on a pair's beads once every detector and the coverage check have flagged them:

1. **A rewritten sentence is one finding.** A German sentence with no English (1-0)
   next to an English sentence with no German (0-1), whose sides share a number, a
   name or dictionary links, is one sentence translated freely: the two beads become
   one 1-1 bead with a `meaning` finding instead of an omission plus an addition.
   In a run of such beads the k-th German and the k-th English one are paired; a run
   with as many German as English sentences (two or more) pairs them by length too.
2. **One finding per problem.** Findings of one bead whose spans overlap (or that are
   bead-wide evidence, like `wording`) are merged: the strongest stays, and the weaker
   ones become part of its message.
3. **A name rendered otherwise throughout is one finding.** A German name missing in
   the English of several beads (an acronym the English always spells out, „PKV“ →
   "private health insurance") is one rendering choice: the first bead keeps the
   finding, with the count; the later ones are info.
4. **Warnings are budgeted.** A faithful translation differs from a literal machine
   translation in a word or two almost everywhere, so `meaning` is a warning on at most
   `MEANING_WARNING_SHARE` of the pair's German sentences, rounded (the lowest chrF
   first; none in a pair under 13 sentences), and only on a bead that stands out in its
   pair: chrF below `RELATIVE_CHRF` of the pair's median bead chrF, and a stretch of
   `MIN_STRETCH` content words that the other side does not account for (a free
   translator's freest sentence is not news), unless its evidence is direct (an
   antonym, a missing word); the others stay as info, to be seen with --fail-on info
   or in the JSON.
5. **Not a translation.** A pair whose beads are almost all at chance similarity and
   whose chrF is far below that of any real translation gets one pair-level `unrelated`
   error and no line findings; without MT, a pair whose English states almost none of
   the German's numbers.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from checker import wordnet
from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import fold, is_content_en, stem_en, words
from checker.checks.meaning import MIN_STRETCH
from checker.checks.merge import merge_overlapping
from checker.checks.numbers import english_mentions, german_mentions, unmatched
from checker.model import Bead, BeadResult, Flag, Severity
from checker.score import score_bead
from checker.settings import Settings

MEANING_WARNING_SHARE = 0.04  # `meaning` warnings per German sentence of a pair, at most
RELATIVE_CHRF = 0.8  # ... on beads whose chrF is below this share of the pair's median
MIN_SHARED_LINKS = 1  # links (dictionary, MT, WordNet) that make a 1-0 + 0-1 one sentence
MIN_LINKED_SHARE = 0.3  # ... and the share of the English content words they cover
MIN_LENGTH_RATIO, MAX_LENGTH_RATIO = 0.5, 2.0  # English/German characters of a pairing
MIN_BALANCED_RUN = 2  # German (= English) orphans in a run paired by length alone
# `unrelated`: a pair is no translation when at most this share of its beads reach
# chance-level chrF and its overall chrF is below UNRELATED_CHRF
CHANCE_CHRF = 30.0
MAX_RELATED_SHARE = 0.25
UNRELATED_CHRF = 30.0
MIN_UNRELATED_SENTENCES = 5  # too few sentences say nothing about a whole article
# ... and without MT: a pair is no translation when the English states at most
# MAX_RELATED_SHARE of the German's numbers written in digits, of which it has at least
MIN_UNRELATED_NUMBERS = 6
_DIGITS = re.compile(r"\d+")


# ---------------------------------------------------------------- rewritten sentences


def _names(text: str) -> frozenset[str]:
    toks = words(text)
    return frozenset(fold(t.text) for t in toks[1:] if t.text[0].isupper() and len(t.text) > 2)


def _links(de: BeadResult, en: BeadResult, lexicon: Lexicon | None) -> tuple[int, int]:
    """(English content words the German side accounts for, English content words).

    A word is accounted for when the German has it, the dictionary glosses a German word
    with it, the MT has it, or WordNet gives it a sense shared with one of those."""
    content = {t.text.lower() for t in words(en.en_text) if is_content_en(t.text)}
    rendered = {t.text.lower() for t in words(de.mt or "")}
    rendered |= {t.text.lower() for t in words(de.de_text)}
    if lexicon is not None:
        rendered |= {w for t in words(de.de_text)
                     for g in lexicon.glosses(t.text) | lexicon.glosses(t.text.lower())
                     for w in g.split()}
    net = wordnet.load()
    stems = {stem_en(r) for r in rendered}
    candidates = [r for r in rendered if is_content_en(r)]

    def accounted(word: str) -> bool:
        if word in rendered or stem_en(word) in stems:
            return True
        return net is not None and any(net.same_sense(word, r) for r in candidates)

    return sum(1 for word in content if accounted(word)), len(content)


def rewritten(de: BeadResult, en: BeadResult, lexicon: Lexicon | None) -> bool:
    """A 1-0 and a 0-1 bead that say the same thing in other words."""
    if set(_DIGITS.findall(de.de_text)) & set(_DIGITS.findall(en.en_text)):
        return True
    if _names(de.de_text) & _names(en.en_text):
        return True
    linked, total = _links(de, en, lexicon)
    return (linked >= MIN_SHARED_LINKS and linked >= MIN_LINKED_SHARE * total
            and _comparable_length(de, en))


def merge_rewrites(beads: Sequence[BeadResult], ctx: CheckContext) -> list[BeadResult]:
    """Runs of one-sided beads (1-0 / 0-1, any order) between aligned beads: the k-th German
    orphan and the k-th English orphan of a run become one 1-1 bead when they share a
    number, a name or dictionary links, or when the run has as many German as English
    sentences (two or more) and the two have comparable lengths (the aligner lost its
    way there; a single sentence replaced by another stays an omission and an addition)."""
    out: list[BeadResult] = []
    k = 0
    while k < len(beads):
        stop = k
        while stop < len(beads) and _orphan(beads[stop]):
            stop += 1
        if stop == k:
            out.append(beads[k])
            k += 1
            continue
        out += _merge_run(beads[k:stop], ctx)
        k = stop
    return [replace(b, index=i) if b.index != i else b for i, b in enumerate(out)]


def _orphan(bead: BeadResult) -> bool:
    codes = {f.code for f in bead.flags}
    return (bead.kind == "1-0" and "omission" in codes) or (
        bead.kind == "0-1" and "addition" in codes)


def _merge_run(run: Sequence[BeadResult], ctx: CheckContext) -> list[BeadResult]:
    german = [b for b in run if b.de]
    english = [b for b in run if b.en]
    balanced = len(german) == len(english) >= MIN_BALANCED_RUN
    joined: dict[int, BeadResult] = {}  # German bead index → the merged bead
    used: set[int] = set()
    for de, en in zip(german, english, strict=False):
        if rewritten(de, en, ctx.lexicon) or (balanced and _comparable_length(de, en)):
            joined[de.index] = _joined(de, en, ctx)
            used.add(en.index)
    out = []
    for b in run:
        if b.index in joined:
            out.append(joined[b.index])
        elif b.index not in used:
            out.append(b)
    return out


def _comparable_length(de: BeadResult, en: BeadResult) -> bool:
    ratio = len(en.en_text) / max(len(de.de_text), 1)
    return MIN_LENGTH_RATIO <= ratio <= MAX_LENGTH_RATIO


def _joined(de: BeadResult, en: BeadResult, ctx: CheckContext) -> BeadResult:
    """One 1-1 bead; a `meaning` warning when its chrF is low, else info (the aligner
    only missed a free rendering)."""
    scores = score_bead(de.mt, en.en_text) if de.mt is not None else None
    chrf = f" (chrF {scores.chrf:.1f})" if scores is not None else ""
    low = scores is None or scores.chrf < ctx.settings.thresholds.meaning_chrf
    severity = ctx.severity("meaning") if low else Severity.INFO
    flag = Flag(
        code="meaning",
        severity=severity,
        message=(f"meaning: the English on line {en.en[0].line} renders the German on line "
                 f"{de.de[0].line} in other words{chrf}; check that it says the same"),
        de_span=de.de_text, en_span=en.en_text, mt_span=de.mt or "",
        # the aligner found no counterpart for either sentence: the whole of it is a
        # stretch said otherwise, which the budget weighs like a long one
        stretch=MIN_STRETCH,
    )
    bead = Bead(de.bead.de, en.bead.en, 0.0)
    return BeadResult(de.index, bead, de.de, en.en, de.mt, scores, (flag,))


# ---------------------------------------------------------------- budget


def budget_meaning(beads: Sequence[BeadResult], settings: Settings) -> list[BeadResult]:
    """Keep `meaning` a warning on the beads with the lowest chrF, within the budget
    (the share of the pair's sentences, rounded: none for a pair under 13 sentences),
    and only where the bead stands out in its pair (`_stands_out`). Direct evidence (an
    antonym, a missing word) stays a warning beyond the budget."""
    sentences = sum(len(b.de) for b in beads)
    allowed = math.floor(sentences * MEANING_WARNING_SHARE + 0.5)
    typical = _typical_chrf(beads)
    ranked = sorted(
        ((b.scores.chrf if b.scores is not None else 0.0, b.index) for b in beads
         if _stands_out(b, typical)
         and any(f.code == "meaning" and f.severity == Severity.WARNING for f in b.flags)),
    )
    keep = {index for _, index in ranked[:allowed]}
    keep |= {b.index for b in beads if any(f.code == "meaning" and _direct(f) for f in b.flags)}
    out = []
    for b in beads:
        if b.index in keep or not any(f.code == "meaning" for f in b.flags):
            out.append(b)
            continue
        flags = tuple(replace(f, severity=Severity.INFO) if f.code == "meaning"
                      and f.severity == Severity.WARNING else f for f in b.flags)
        out.append(replace(b, flags=flags))
    del settings
    return out


def _typical_chrf(beads: Sequence[BeadResult]) -> float:
    """The median chrF of the pair's beads that have both sides (0 when there are none)."""
    chrfs = [b.scores.chrf for b in beads if b.scores is not None and b.de and b.en]
    return statistics.median(chrfs) if chrfs else 0.0


def _stands_out(bead: BeadResult, typical: float) -> bool:
    """A bead far less like its MT than this translator's sentences usually are, where a
    stretch of words says something else: worth a translator's look."""
    return (bead.scores is not None and bead.scores.chrf < RELATIVE_CHRF * typical
            and any(f.code == "meaning" and f.stretch >= MIN_STRETCH for f in bead.flags))


def _direct(flag: Flag) -> bool:
    """A `meaning` warning on direct evidence: an antonym or a missing word."""
    return flag.severity == Severity.WARNING and flag.direct


# ---------------------------------------------------------------- not a translation


@dataclass(frozen=True)
class Relatedness:
    sentences: int  # German sentences
    related: int  # of them in beads whose MT reaches chance-level chrF
    chrf: float | None  # the pair's chrF


def relatedness(beads: Sequence[BeadResult], chrf: float | None) -> Relatedness:
    sentences = sum(len(b.de) for b in beads)
    related = sum(len(b.de) for b in beads
                  if b.scores is not None and b.scores.chrf >= CHANCE_CHRF)
    return Relatedness(sentences, related, chrf)


def unrelated_flag(rel: Relatedness, settings: Settings) -> Flag | None:
    """The pair-level `unrelated` error, when the two sides are not translations."""
    if rel.chrf is None or rel.sentences < MIN_UNRELATED_SENTENCES:
        return None
    if rel.chrf >= UNRELATED_CHRF or rel.related > MAX_RELATED_SHARE * rel.sentences:
        return None
    return _unrelated(settings, f"only {rel.related} of {rel.sentences} German sentences "
                                f"match any English sentence above chance, and the article "
                                f"chrF is {rel.chrf:.1f} (< {UNRELATED_CHRF:g})")


def _unrelated(settings: Settings, evidence: str) -> Flag:
    """The pair-level `unrelated` error, saying what showed it."""
    return Flag(code="unrelated", severity=settings.severity_of("unrelated"),
                message=(f"unrelated: the English is not a translation of the German: "
                         f"{evidence}; line findings are left out"))


def number_relatedness(beads: Sequence[BeadResult]) -> tuple[int, int]:
    """Without MT: the German's numbers written in digits (not part of a code like
    "X200"), and how many of them the English article states anywhere."""
    de = [m for b in beads if b.de for m in german_mentions(b.de_text)
          if not m.spelled and not m.code]
    en = [m for b in beads if b.en for m in english_mentions(b.en_text)]
    missing, _ = unmatched(de, en)
    return len(de), len(de) - len(missing)


def unrelated_by_numbers(beads: Sequence[BeadResult], settings: Settings) -> Flag | None:
    """The `unrelated` error of a pair checked without MT: the English states almost none
    of the German's numbers (a translation keeps them: dates, amounts, results)."""
    numbers, stated = number_relatedness(beads)
    if numbers < MIN_UNRELATED_NUMBERS or stated > MAX_RELATED_SHARE * numbers:
        return None
    return _unrelated(settings, f"it states only {stated} of the German's {numbers} numbers "
                                f"written in digits (no machine translation to compare)")


# ---------------------------------------------------------------- all together


def finish(beads: Sequence[BeadResult], ctx: CheckContext,
           ) -> tuple[tuple[BeadResult, ...], tuple[Flag, ...]]:
    """The pair's beads with their findings settled, and its pair-level findings."""
    settings = ctx.settings
    merged = merge_rewrites(beads, ctx) if "meaning" not in settings.disabled else list(beads)
    merged = [replace(b, flags=merge_overlapping(b.flags)) if len(b.flags) > 1 else b
              for b in merged]
    merged = budget_meaning(merged, settings)
    merged = repeated_names(merged)
    if "unrelated" not in settings.disabled:
        chrf = _chrf(merged)
        flag = (unrelated_flag(relatedness(merged, chrf), settings) if chrf is not None
                else unrelated_by_numbers(merged, settings))
        if flag is not None:
            return tuple(replace(b, flags=()) for b in merged), (flag,)
    return tuple(merged), ()


MIN_REPEATED_NAME = 3  # beads missing the same German name: one rendering choice


def _missing_name(flag: Flag) -> bool:
    """A `name` finding for a German name the English lacks, with nothing in its place
    (a swap names the English word in its `en_span`)."""
    return flag.code == "name" and bool(flag.de_span) and not flag.en_span


def repeated_names(beads: Sequence[BeadResult]) -> list[BeadResult]:
    """The same German name missing in several beads: the first finding stays (with the
    count), the later ones become info."""
    where: dict[str, list[int]] = {}
    for k, bead in enumerate(beads):
        for name in {f.de_span for f in bead.flags
                     if _missing_name(f) and f.severity >= Severity.WARNING}:
            where.setdefault(name, []).append(k)
    out = list(beads)
    for name, places in where.items():
        if len(places) < MIN_REPEATED_NAME:
            continue
        first_line = _first_de_line(beads[places[0]])
        note = f" (missing in {len(places)} beads: rendered otherwise throughout)"
        out[places[0]] = _rewrite_name(out[places[0]], name, note, None)
        for k in places[1:]:
            out[k] = _rewrite_name(out[k], name, f" (as on line {first_line})", Severity.INFO)
    return out


def _first_de_line(bead: BeadResult) -> int:
    return bead.de[0].line if bead.de else 0


def _rewrite_name(bead: BeadResult, name: str, note: str,
                  severity: Severity | None) -> BeadResult:
    """The bead with its finding for the missing `name` noted (before any merged
    evidence) and, if given, set to `severity`."""
    flags = []
    for f in bead.flags:
        if _missing_name(f) and f.de_span == name:
            head, sep, merged = f.message.partition(" [also ")
            f = replace(f, message=head + note + sep + merged, severity=severity or f.severity)
        flags.append(f)
    return replace(bead, flags=tuple(flags))


def _chrf(beads: Sequence[BeadResult]) -> float | None:
    from checker.score import score_corpus

    scored = [(b.mt, b.en_text) for b in beads if b.scores is not None and b.mt is not None]
    # chrF only decides here; TER (pure-Python edit distance) would cost more than all checks
    corpus = score_corpus([m for m, _ in scored], [e for _, e in scored], ter=False)
    return corpus.chrf if corpus else None
