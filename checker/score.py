"""sacrebleu sentence and corpus scores of the machine translation against the English."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from checker.model import Scores

# sacrebleu's own defaults, named once: chrF (nc 6, nw 0, beta 2), BLEU with the
# effective order that sentence-level BLEU needs, TER (tercom, case-insensitive).
_CHRF_ARGS: dict[str, object] = {}
_BLEU_ARGS: dict[str, object] = {"effective_order": True}
_TER_ARGS: dict[str, object] = {}


@cache
def _metrics() -> tuple[CHRF, BLEU, TER]:
    return CHRF(**_CHRF_ARGS), BLEU(**_BLEU_ARGS), TER(**_TER_ARGS)  # type: ignore[arg-type]


def _round(value: float) -> float:
    return round(float(value), 2)


def score_bead(mt: str, en: str) -> Scores:
    """chrF, BLEU and TER of one machine translation against one English reference."""
    chrf, bleu, ter = _metrics()
    return Scores(
        chrf=_round(chrf.sentence_score(mt, [en]).score),
        bleu=_round(bleu.sentence_score(mt, [en]).score),
        ter=_round(ter.sentence_score(mt, [en]).score),
    )


def score_corpus(mts: Sequence[str], ens: Sequence[str]) -> Scores | None:
    """Article-level scores over the beads that have both a translation and an English side."""
    if not mts:
        return None
    chrf, bleu, ter = _metrics()
    refs = [list(ens)]
    return Scores(
        chrf=_round(chrf.corpus_score(list(mts), refs).score),
        bleu=_round(bleu.corpus_score(list(mts), refs).score),
        ter=_round(ter.corpus_score(list(mts), refs).score),
    )


@cache
def metric_signature() -> str:
    """sacrebleu's signatures of the three metrics, as they go into the report signature."""
    chrf, bleu, ter = _metrics()
    # A signature needs the number of references, known only after one evaluation.
    for metric in (chrf, bleu, ter):
        metric.corpus_score(["x"], [["x"]])
    return (
        f"chrF[{chrf.get_signature()}] "
        f"BLEU[{bleu.get_signature()}] "
        f"TER[{ter.get_signature()}]"
    )
