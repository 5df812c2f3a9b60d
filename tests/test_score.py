"""Scores are sacrebleu's, and the signature names the metric settings."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from checker.score import (
    bead_stats,
    bleu_stats,
    chrf_stats,
    metric_signature,
    score_bead,
    score_corpus,
    scores_of,
)

ROWS = [
    # (machine translation, English); expected values: sacrebleu 2.x on the same strings
    ("The artists felt like PR marionettes.", "The artists felt like PR puppets."),
    ("The leak lasted three hours.", "The leak lasted three hours."),
    ("OpenAI stopped the access.", "Nobody noticed anything."),
]


@pytest.mark.parametrize(("mt", "en"), ROWS)
def test_bead_scores_are_sacrebleu_sentence_scores(mt: str, en: str) -> None:
    scores = score_bead(mt, en)
    assert scores.chrf == round(CHRF().sentence_score(mt, [en]).score, 2)
    assert scores.bleu == round(BLEU(effective_order=True).sentence_score(mt, [en]).score, 2)
    assert scores.ter == round(TER().sentence_score(mt, [en]).score, 2)


def test_identical_sentence_is_perfect_and_unrelated_is_low() -> None:
    same = score_bead("The leak lasted three hours.", "The leak lasted three hours.")
    assert (same.chrf, same.bleu, same.ter) == (100.0, 100.0, 0.0)
    assert score_bead("OpenAI stopped the access.", "Nobody noticed anything.").chrf < 30


def test_corpus_scores_and_empty_corpus() -> None:
    mts, ens = zip(*ROWS, strict=True)
    corpus = score_corpus(list(mts), list(ens))
    assert corpus is not None
    assert corpus.chrf == round(CHRF().corpus_score(list(mts), [list(ens)]).score, 2)
    assert score_corpus([], []) is None


# An article of beads whose statistics differ in every way sacrebleu sums: lengths,
# n-gram orders that match or not, a one-word bead, a shifted phrase (TER shifts).
ARTICLE = [
    *ROWS,
    ("Yesterday in Munich the council voted.", "The council voted in Munich yesterday."),
    ("Yes.", "No."),
    ("Prices rose by 3.5 percent in March, the office said.",
     "According to the office, prices rose 3.5% in March."),
]


def test_article_scores_summed_from_bead_statistics_are_sacrebleu_corpus_scores() -> None:
    mts, ens = (list(side) for side in zip(*ARTICLE, strict=True))
    article = scores_of([bead_stats(m, e) for m, e in ARTICLE])
    assert article is not None
    assert article.chrf == round(CHRF().corpus_score(mts, [ens]).score, 2)
    assert article.bleu == round(BLEU(effective_order=True).corpus_score(mts, [ens]).score, 2)
    assert article.ter == round(TER().corpus_score(mts, [ens]).score, 2)
    assert score_corpus(mts, ens) == article


def test_ter_is_left_out_when_not_asked_for_and_the_signature_says_so() -> None:
    mt, en = ROWS[0]
    without = score_bead(mt, en, ter=False)
    assert without.ter is None
    assert (without.chrf, without.bleu) == (score_bead(mt, en).chrf, score_bead(mt, en).bleu)
    mixed = scores_of([bead_stats(mt, en), bead_stats(mt, en, ter=False)])
    assert mixed is not None and mixed.ter is None  # an article TER needs every bead's
    assert "TER:off" in metric_signature(ter=False) and "TER[" not in metric_signature(ter=False)


def test_signature_names_all_three_metrics() -> None:
    sig = metric_signature()
    assert sig.startswith("chrF[nrefs:1|") and "BLEU[" in sig and "TER[" in sig
    assert "version:" in sig


def _texts() -> list[str]:
    """Strings whose character n-grams repeat, overlap and run short: one character, none,
    tabs and non-breaking spaces, accents and quotes, a repeated word."""
    import random

    rng = random.Random(7)
    alphabet = ["a", "b", "ab", "the", " ", "\u00a0", "\t", "é", "ß", "„", ".", "aa", "Ü"]
    texts = ["", " ", "x", "xy", "aaaaaaa", "The leak lasted three hours.", "Das  ist\tgut ."]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
              for _ in range(120)]
    return texts


def test_chrf_and_bleu_statistics_are_sacrebleus() -> None:
    texts = _texts() + [m for row in ARTICLE for m in row]
    texts += ["the the the cat sat on the mat .", "The cat , the cat and the mat ."]
    chrf, bleu = CHRF(), BLEU(effective_order=True)
    for mt, en in zip(texts, texts[1:] + texts[:1], strict=True):
        expected = tuple(chrf._extract_corpus_statistics([mt], [[en]])[0])
        assert chrf_stats(mt, en) == expected, (mt, en)
        expected = tuple(bleu._extract_corpus_statistics([mt], [[en]])[0])
        assert bleu_stats(mt, en) == expected, (mt, en)
    assert bead_stats("Das ist gut.", "That is good.").chrf == chrf_stats("Das ist gut.",
                                                                          "That is good.")

