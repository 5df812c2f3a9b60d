"""sacrebleu sentence and corpus scores of the machine translation against the English.

Each bead's sufficient statistics (chrF character/word n-gram counts, BLEU n-gram
matches and lengths, TER edits and reference length) are computed once; the bead's
scores and the article's scores both come from them, the article's by summing
(which is exactly what sacrebleu's `corpus_score` does over the same sentences).

TER is by far the dearest of the three (a shift-search edit distance in pure
Python): it is computed only when asked (`ter=True`), and the signature says so.
chrF's and BLEU's statistics are counted here the way sacrebleu counts them (chrF's
default settings: character n-grams of orders 1–6, whitespace removed, case kept; BLEU's
n-grams of orders 1–4 of its own tokenizer's tokens), in sets where no n-gram repeats
and in C-level loops elsewhere: faster, equal counts (tests/test_score.py compares them).
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from checker.model import Scores
from checker.pairmemo import per_pair

# sacrebleu's own defaults, named once: chrF (nc 6, nw 0, beta 2), BLEU with the
# effective order that sentence-level BLEU needs, TER (tercom, case-insensitive).
_CHRF_ARGS: dict[str, object] = {}
_BLEU_ARGS: dict[str, object] = {"effective_order": True}
_TER_ARGS: dict[str, object] = {}
TER_OFF = "TER:off"  # in the signature when TER was not computed


@cache
def _metrics() -> tuple[CHRF, BLEU, TER]:
    return CHRF(**_CHRF_ARGS), BLEU(**_BLEU_ARGS), TER(**_TER_ARGS)  # type: ignore[arg-type]


def _round(value: float) -> float:
    return round(float(value), 2)


@dataclass(frozen=True)
class BeadStats:
    """sacrebleu's sufficient statistics of one machine translation against one reference."""

    chrf: tuple[int, ...]
    bleu: tuple[int, ...]
    ter: tuple[float, ...] | None  # None: TER not computed


def _stats(metric: Any, mt: str, en: str) -> tuple[Any, ...]:
    # What sacrebleu's sentence_score and corpus_score both do per segment.
    return tuple(metric._extract_corpus_statistics([mt], [[en]])[0])


def _matches(hyp: list[Any], ref: list[Any]) -> int:
    """How many of the n-grams `hyp` lists are among those `ref` lists, each as often as it
    occurs on the side where it is rarer (sacrebleu's clipped count)."""
    hyp_set, ref_set = set(hyp), set(ref)
    shared = hyp_set & ref_set
    if len(hyp_set) == len(hyp) or len(ref_set) == len(ref):
        return len(shared)  # one side has each n-gram once
    hyp_counts, ref_counts, keys = Counter(hyp), Counter(ref), tuple(shared)
    return sum(map(min, map(hyp_counts.__getitem__, keys), map(ref_counts.__getitem__, keys)))


def chrf_stats(mt: str, en: str) -> tuple[int, ...]:
    """sacrebleu's chrF statistics of `mt` against the single reference `en` (what
    `_stats(CHRF(), mt, en)` gives): per order 1–6, the n-grams of the translation (0
    where the reference has none), of the reference, and those they share."""
    hyp, ref = "".join(mt.split()), "".join(en.split())
    codes = {c: i for i, c in enumerate(set(hyp).union(ref), 1)}
    bits = len(codes).bit_length()
    if not hyp or not ref or bits * CHRF.CHAR_ORDER > MAX_CODE_BITS:
        return _chrf_stats_strings(hyp, ref)
    shared = _shared_ngrams(hyp, ref, codes, bits)
    out: list[int] = []
    for n in range(1, CHRF.CHAR_ORDER + 1):
        ref_count = max(0, len(ref) - n + 1)
        out += (max(0, len(hyp) - n + 1) if ref_count else 0, ref_count, shared[n - 1])
    return tuple(out)


MAX_CODE_BITS = 61  # an n-gram's code, a bit for its side and the sign fit in 64 bits


def _shared_ngrams(hyp: str, ref: str, codes: dict[str, int], bits: int) -> list[int]:
    """Per order 1–6, the character n-grams the two texts share (clipped counts). Each
    n-gram is a number, its characters' codes (all ≥ 1) `bits` apart, so that the n-grams
    of every order fit in one array, an order's numbers in a range of their own; a key is
    that number and a last bit for the side. Sorted, an n-gram both sides have comes
    twice in a row: once per side, with its count there. The n-grams of both texts are
    built on them joined, those across the join left out."""
    import numpy as np

    get = codes.__getitem__
    split = len(hyp)
    chars = np.fromiter(map(get, hyp + ref), np.int64, split + len(ref))
    grams = chars
    sides: list[Any] = []  # numpy arrays of keys
    for n in range(1, CHRF.CHAR_ORDER + 1):  # an n-gram: the (n-1)-gram, one character more
        if n > 1:
            grams = (grams[:-1] << bits) | chars[n - 1:]
        keyed = grams << 1
        sides += (keyed[:max(0, split - n + 1)], keyed[split:] | 1)  # hypothesis, reference
    keys = np.sort(np.concatenate(sides))
    new = np.empty(len(keys), dtype=np.bool_)
    new[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    starts = np.flatnonzero(new)  # each key's first place; its count: up to the next one
    unique, counts = keys[starts], np.diff(np.append(starts, len(keys)))
    first = np.flatnonzero((unique[:-1] >> 1) == (unique[1:] >> 1))  # the hypothesis's
    clipped = np.minimum(counts[first], counts[first + 1])
    limits = np.left_shift(1, bits * np.arange(1, CHRF.CHAR_ORDER) + 1, dtype=np.int64)
    order = np.searchsorted(limits, unique[first], side="right")  # 0 for order 1, ...
    per_order = np.bincount(order, weights=clipped, minlength=CHRF.CHAR_ORDER)
    return [int(x) for x in per_order]


def _chrf_stats_strings(hyp: str, ref: str) -> tuple[int, ...]:
    """`chrf_stats` of two texts without whitespace, with the n-grams as strings (for an
    empty text, or characters too many for `_shared_ngrams`' codes)."""
    hyp_ngrams, ref_ngrams = list(hyp), list(ref)
    out: list[int] = []
    for n in range(1, CHRF.CHAR_ORDER + 1):
        if n > 1:  # each n-gram: the (n-1)-gram at its place and the next character
            hyp_ngrams = list(map(operator.add, hyp_ngrams, hyp[n - 1:]))
            ref_ngrams = list(map(operator.add, ref_ngrams, ref[n - 1:]))
        out += (len(hyp_ngrams) if ref_ngrams else 0, len(ref_ngrams),
                _matches(hyp_ngrams, ref_ngrams))
    return tuple(out)


def bleu_stats(mt: str, en: str) -> tuple[int, ...]:
    """sacrebleu's BLEU statistics of `mt` against the single reference `en` (what
    `_stats(BLEU(...), mt, en)` gives): the two lengths in tokens of its tokenizer, then
    per order 1–4 the n-grams shared (clipped), then the translation's n-grams. An
    n-gram is its tokens joined by a space, which no token holds (they come from
    `split`): one string per n-gram, hashed once, where sacrebleu makes a tuple."""
    bleu = _metrics()[1]
    hyp, ref = bleu._preprocess_segment(mt).split(), bleu._preprocess_segment(en).split()
    hyp_ngrams, ref_ngrams = hyp, ref
    correct, total = [], []
    for n in range(1, bleu.max_ngram_order + 1):
        if n > 1:  # each n-gram: the (n-1)-gram at its place and the next token
            hyp_ngrams = list(map(_JOIN_TWO, hyp_ngrams, hyp[n - 1:]))
            ref_ngrams = list(map(_JOIN_TWO, ref_ngrams, ref[n - 1:]))
        correct.append(_matches(hyp_ngrams, ref_ngrams))
        total.append(len(hyp_ngrams))
    return (len(hyp), len(ref), *correct, *total)


_JOIN_TWO = "{} {}".format


@per_pair  # a pair's beads are scored again for the 'unrelated' finding
def bead_stats(mt: str, en: str, *, ter: bool = True) -> BeadStats:
    ter_metric = _metrics()[2]
    chrf, bleu = _chrf_bleu_stats(mt, en)
    return BeadStats(chrf=chrf, bleu=bleu, ter=_stats(ter_metric, mt, en) if ter else None)


@per_pair  # the same for a bead scored with TER and again without
def _chrf_bleu_stats(mt: str, en: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return chrf_stats(mt, en), bleu_stats(mt, en)


def _score(metric: Any, stats: Sequence[Sequence[Any]]) -> float:
    return _round(metric._aggregate_and_compute([list(s) for s in stats]).score)


def scores_of(stats: Sequence[BeadStats]) -> Scores | None:
    """Scores over beads with these statistics: one bead's scores, or an article's.

    TER is None unless every bead has TER statistics.
    """
    if not stats:
        return None
    chrf, bleu, ter = _metrics()
    ter_stats = [s.ter for s in stats if s.ter is not None]
    return Scores(
        chrf=_score(chrf, [s.chrf for s in stats]),
        bleu=_score(bleu, [s.bleu for s in stats]),
        ter=_score(ter, ter_stats) if len(ter_stats) == len(stats) else None,
    )


def score_bead(mt: str, en: str, *, ter: bool = True) -> Scores:
    """chrF, BLEU and (with `ter`) TER of one machine translation against one reference."""
    scores = scores_of([bead_stats(mt, en, ter=ter)])
    assert scores is not None
    return scores


def score_corpus(mts: Sequence[str], ens: Sequence[str], *, ter: bool = True) -> Scores | None:
    """Article-level scores over the beads that have both a translation and an English side."""
    return scores_of([bead_stats(m, e, ter=ter) for m, e in zip(mts, ens, strict=True)])


@cache
def metric_signature(ter: bool = True) -> str:
    """sacrebleu's signatures of the metrics computed, as they go into the report signature."""
    chrf, bleu, ter_metric = _metrics()
    # A signature needs the number of references, known only after one evaluation.
    for metric in (chrf, bleu, ter_metric):
        metric.corpus_score(["x"], [["x"]])
    ter_part = f"TER[{ter_metric.get_signature()}]" if ter else TER_OFF
    return f"chrF[{chrf.get_signature()}] BLEU[{bleu.get_signature()}] {ter_part}"
