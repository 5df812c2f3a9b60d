"""Scores are sacrebleu's, and the signature names the metric settings."""

from __future__ import annotations

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from checker.score import metric_signature, score_bead, score_corpus

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


def test_signature_names_all_three_metrics() -> None:
    sig = metric_signature()
    assert sig.startswith("chrF[nrefs:1|") and "BLEU[" in sig and "TER[" in sig
    assert "version:" in sig
