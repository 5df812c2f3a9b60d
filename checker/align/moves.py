"""Moved sentences: a 1-0 bead whose German turns up as a 0-1 bead elsewhere.

A monotone alignment cannot follow a paragraph that was moved: it leaves the
German as 1-0 beads in one place and the English as 0-1 beads in another. This
pairs them up again, one-to-one, best match first:

- with machine translation, by the similarity the aligner itself gives the pair
  (the MT cosine's excess over chance, relative to a typical true pair's);
- without, by the numbers and names both sentences share (tokens with digits,
  capitalised tokens spelt alike) together with their length agreement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from checker import settings as cfg
from checker.align.costs import gc_deviation
from checker.align.features import FloatArray, length_ratio
from checker.model import Bead, Sentence
from checker.settings import AlignSettings

MOVE_MIN_SIM_MT = 0.5  # aligner similarity (1: a typical true pair) a move needs
MOVE_MIN_SIM_ANCHORS = 0.6  # anchor/length similarity a move needs without MT
MOVE_MIN_ANCHORS = 2  # shared numbers/names a move needs without MT
_TOKEN = re.compile(r"\w+(?:[.,'’]\d+)*")


@dataclass(frozen=True)
class Move:
    """German of bead `de_bead` (1-0) is translated by the English of bead `en_bead` (0-1)."""

    de_bead: int
    en_bead: int
    similarity: float


def find_moves(
    beads: Sequence[Bead],
    de: Sequence[Sentence],
    en: Sequence[Sentence],
    mt: Sequence[str | None] | None,
) -> tuple[Move, ...]:
    """One-to-one pairs (1-0 bead, 0-1 bead) that say the same thing, in bead order."""
    dels = [k for k, b in enumerate(beads) if len(b.de) == 1 and not b.en]
    ins = [k for k, b in enumerate(beads) if len(b.en) == 1 and not b.de]
    if not dels or not ins:
        return ()
    de_idx = [beads[k].de[0] for k in dels]
    en_idx = [beads[k].en[0] for k in ins]
    if mt is not None and any(mt[d] is not None for d in de_idx):
        sims, floor = _mt_similarities(de_idx, en_idx, de, en, mt), MOVE_MIN_SIM_MT
    else:
        sims, floor = _anchor_similarities(de_idx, en_idx, de, en), MOVE_MIN_SIM_ANCHORS
    pairs = _greedy_pairs(sims, floor)
    moves = [Move(dels[a], ins[b], round(float(sims[a, b]), 4)) for a, b in pairs]
    return tuple(sorted(moves, key=lambda m: m.de_bead))


def _greedy_pairs(sims: FloatArray, floor: float) -> list[tuple[int, int]]:
    order = np.argsort(-sims, axis=None, kind="stable")
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for flat in order:
        a, b = divmod(int(flat), sims.shape[1])
        if sims[a, b] < floor:
            break
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        pairs.append((a, b))
    return pairs


def _mt_similarities(
    de_idx: Sequence[int],
    en_idx: Sequence[int],
    de: Sequence[Sentence],
    en: Sequence[Sentence],
    mt: Sequence[str | None],
) -> FloatArray:
    """The aligner's bead similarity of every (German, English) candidate pair."""
    from checker.align import build_model  # the package entry point imports this module

    model = build_model(de, en, mt, AlignSettings())
    rows, cols = list(de_idx), list(en_idx)
    a = model.de.prof.vectors[rows].astype(np.float64)
    b = model.en.prof.vectors[cols].astype(np.float64)
    norms = np.sqrt(np.outer(model.de.prof.norm2[rows], model.en.prof.norm2[cols]))
    cos = np.einsum("ik,jk->ij", a, b) / np.maximum(norms, 1e-12)
    chance = 0.5 * (np.diff(model.de.chance_cum)[rows][:, None]
                    + np.diff(model.en.chance_cum)[cols][None, :])
    sims = np.clip((cos - chance) / max(model.cal.true_excess, 1e-6), 0.0, 1.0)
    present = model.de.prof.present[rows]
    return np.asarray(np.where(present[:, None], sims, 0.0), dtype=np.float64)


def anchors(text: str) -> frozenset[str]:
    """Numbers (separators removed: 1.000,5 ≡ 1,000.5) and capitalised tokens."""
    found: set[str] = set()
    for token in _TOKEN.findall(text):
        if any(c.isdigit() for c in token):
            found.add("".join(c for c in token if c.isalnum()))
        elif len(token) >= 3 and token[0].isupper():
            found.add(token)
    return frozenset(found)


def _anchor_similarities(
    de_idx: Sequence[int], en_idx: Sequence[int], de: Sequence[Sentence], en: Sequence[Sentence]
) -> FloatArray:
    """Dice of shared anchors, times length agreement; 0 below MOVE_MIN_ANCHORS shared."""
    de_len = np.array([len(s.text) for s in de], dtype=np.float64)
    en_len = np.array([len(s.text) for s in en], dtype=np.float64)
    ratio = length_ratio(de_len, en_len, *cfg.ALIGN_RATIO_BAND)
    de_anchors = [anchors(de[d].text) for d in de_idx]
    en_anchors = [anchors(en[e].text) for e in en_idx]
    sims = np.zeros((len(de_idx), len(en_idx)))
    for a, (d, da) in enumerate(zip(de_idx, de_anchors, strict=True)):
        if not da:
            continue
        deviation = gc_deviation(de_len[[d]], en_len[list(en_idx)], ratio)
        agree = np.exp(-0.5 * deviation**2)
        for b, ea in enumerate(en_anchors):
            shared = len(da & ea)
            if shared >= MOVE_MIN_ANCHORS:
                dice = 2.0 * shared / (len(da) + len(ea))
                sims[a, b] = dice * (0.5 + 0.5 * agree[b])
    return sims
