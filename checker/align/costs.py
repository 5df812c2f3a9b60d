"""Bead costs for the alignment DP, one DP row at a time.

A bead's cost is small when its two sides say the same thing:

- with machine translation: `size * (1 - sim) + LENGTH_WEIGHT_MT * gc + kind penalty`,
  where `sim` is the calibrated cosine of the hashed n-gram profiles of the MT and
  the English (joined for 2-x / x-2 beads) and `gc` the Gale–Church length cost;
- without: `LENGTH_UNIT * gc + kind penalty` (length alone).

1-0 and 0-1 beads cost the skip penalty. Block structure adds penalties: a bead
that joins sentences of two blocks (paragraphs, list items) and a bead that pairs
a heading with a non-heading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from checker.align.features import (
    BoolArray,
    FloatArray,
    IntArray,
    Profiles,
    coarsen_profiles,
    length_cost,
    length_ratio,
)

# kind ids: the order of model.BEAD_KINDS
K11, K12, K21, K10, K01, K22 = range(6)
KIND_STEPS: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2))
SIZES = (1.0, 1.5, 1.5, 0.0, 0.0, 2.0)  # sentences per bead / 2: weights (1 - sim)

SIM_SCALE = 0.8  # cosine at or above which two texts count as fully similar
# Weak translations (a dictionary gloss) give lower cosines for true pairs; the scale
# adapts to the pair: SCALE_PER_BEST × the median best-match cosine of its German
# sentences, never above SIM_SCALE (so real MT, whose best matches sit near 0.5, keeps
# SIM_SCALE) and never below SIM_SCALE_FLOOR.
SCALE_PER_BEST = 2.5
SIM_SCALE_FLOOR = 0.25
SCALE_SAMPLE = 200  # German sentences sampled to estimate the best-match cosine
SCALE_WINDOW = 10  # English sentences each side of the diagonal searched for the best match
MERGE_PENALTY = 0.25  # extra cost of a 1-2 / 2-1 bead (MT mode)
DOUBLE_PENALTY = 0.5  # extra cost of a 2-2 bead (MT mode)
LENGTH_WEIGHT_MT = 0.02  # weight of the Gale–Church cost next to the MT similarity
MISSING_MT_SIM = 0.3  # similarity assumed for a bead whose German has no MT
LENGTH_UNIT = 0.08  # Gale–Church cost → similarity units (length-alone mode)
MERGE_PENALTY_LEN = 0.5  # extra cost of a 1-2 / 2-1 bead (length alone)
DOUBLE_PENALTY_LEN = 0.8  # extra cost of a 2-2 bead (length alone)
GC_VARIANCE = 6.8  # Gale & Church (1993): variance of the length difference per character
RATIO_BAND = (0.6, 1.7)  # plausible English/German character ratio
HEADING_PENALTY = 1.0  # a heading paired with a non-heading
CROSS_PENALTY = 0.5  # a bead joining sentences from two blocks
HEADING_SKIP_PENALTY = 0.35  # extra cost of leaving a heading unaligned (headings anchor)
INF = float("inf")


@dataclass(frozen=True)
class SideData:
    """Per-sentence arrays of one side (German: profiles of its MT)."""

    prof: Profiles
    adjacent: FloatArray  # prof.adjacent padded with 0 to one entry per sentence
    length: FloatArray
    heading: BoolArray
    block: IntArray

    def __len__(self) -> int:
        return len(self.length)


@dataclass(frozen=True)
class CostModel:
    de: SideData
    en: SideData
    use_mt: bool
    ratio: float
    skip: float
    sim_scale: float = SIM_SCALE

    def coarsen(self) -> CostModel:
        return CostModel(
            _coarsen_side(self.de),
            _coarsen_side(self.en),
            self.use_mt,
            self.ratio,
            self.skip,
            self.sim_scale,
        )


def side_data(
    prof: Profiles, texts: Sequence[str], headings: Sequence[bool], blocks: Sequence[int]
) -> SideData:
    block = np.asarray(blocks, dtype=np.int64)
    return SideData(
        prof=prof,
        adjacent=np.append(prof.adjacent, 0.0)[: len(texts)],
        length=np.fromiter((len(t) for t in texts), dtype=np.float64, count=len(texts)),
        heading=np.asarray(headings, dtype=np.bool_).reshape(-1),
        block=block.reshape(-1),
    )


def cost_model(de: SideData, en: SideData, use_mt: bool, skip: float) -> CostModel:
    ratio = length_ratio(de.length, en.length, *RATIO_BAND)
    scale = similarity_scale(de.prof, en.prof) if use_mt else SIM_SCALE
    return CostModel(de, en, use_mt, ratio, skip, scale)


def similarity_scale(de: Profiles, en: Profiles) -> float:
    """The pair's "fully similar" cosine, from its German sentences' best matches
    near the diagonal (a sample of them: linear time whatever the length)."""
    n, m = len(de.norm2), len(en.norm2)
    rows = np.unique(np.linspace(0, n - 1, min(n, SCALE_SAMPLE)).astype(np.int64))
    rows = rows[de.present[rows]]
    if not len(rows) or not m:
        return SIM_SCALE
    best = []
    for i in rows:
        centre = int(i * m / n)
        lo, hi = max(centre - SCALE_WINDOW, 0), min(centre + SCALE_WINDOW + 1, m)
        dots = np.einsum("jk,k->j", en.vectors[lo:hi], de.vectors[i]).astype(np.float64)
        cos = dots / np.sqrt(np.maximum(de.norm2[i] * en.norm2[lo:hi], 1e-12))
        best.append(float(cos.max()))
    return float(np.clip(SCALE_PER_BEST * np.median(best), SIM_SCALE_FLOOR, SIM_SCALE))


def _coarsen_side(side: SideData) -> SideData:
    n = len(side)
    length = side.length[0::2].copy()
    length[: n // 2] += side.length[1::2]
    half = len(length)
    prof = coarsen_profiles(side.prof)
    return SideData(
        prof=prof,
        adjacent=np.append(prof.adjacent, 0.0)[:half],
        length=length,
        heading=np.zeros(half, dtype=np.bool_),
        block=np.zeros(half, dtype=np.int64),
    )


@dataclass(frozen=True)
class _Grid:
    """Index arrays of a block of DP rows: row r holds nodes (i0 + r, lo[r] + c)."""

    g1: IntArray  # German sentence i-1 (clipped), shape (B, 1)
    g2: IntArray  # German sentence i-2 (clipped), shape (B, 1)
    e1: IntArray  # English sentence j-1 (clipped), shape (B, W)
    e2: IntArray  # English sentence j-2 (clipped), shape (B, W)
    ok: list[BoolArray]  # per kind: the bead fits inside both texts


def _grid(n: int, m: int, i0: int, lo: IntArray, width: int) -> _Grid:
    i = np.arange(i0, i0 + len(lo))[:, None]
    j = lo[:, None] + np.arange(width)[None, :]
    e1_ok = (j >= 1) & (j <= m)
    e2_ok = (j >= 2) & (j <= m)
    g1_ok, g2_ok = i >= 1, i >= 2
    ok = [np.zeros((1, 1), dtype=np.bool_)] * 6
    ok[K11], ok[K12], ok[K21], ok[K22] = e1_ok & g1_ok, e2_ok & g1_ok, e1_ok & g2_ok, e2_ok & g2_ok
    ok[K10] = g1_ok & (j <= m)
    return _Grid(
        g1=np.clip(i - 1, 0, max(n - 1, 0)),
        g2=np.clip(i - 2, 0, max(n - 1, 0)),
        e1=np.clip(j - 1, 0, max(m - 1, 0)),
        e2=np.clip(j - 2, 0, max(m - 1, 0)),
        ok=ok,
    )


def block_costs(
    model: CostModel, i0: int, lo: IntArray, width: int
) -> tuple[list[FloatArray | None], FloatArray]:
    """Costs of the beads ending at the nodes of rows i0.. (row r: columns lo[r]..lo[r]+width-1),
    per kind as (rows, width) arrays with inf where the bead does not fit, and the cost
    of a 0-1 bead arriving at each node."""
    grid = _grid(len(model.de), len(model.en), i0, lo, width)
    sims = _similarities(model, grid, i0, lo, width) if model.use_mt else None
    gcs = _length_costs(model, grid)
    penalties = _structure_penalties(model, grid)
    costs: list[FloatArray | None] = [None] * 6
    for kind in (K11, K12, K21, K22):
        cost = _combine(model, kind, sims, gcs[kind], penalties[kind])
        costs[kind] = np.where(grid.ok[kind], cost, INF)
    de_heading = HEADING_SKIP_PENALTY * model.de.heading[grid.g1]
    costs[K10] = np.where(grid.ok[K10], model.skip + de_heading, INF)
    skip_en: FloatArray = (model.skip + HEADING_SKIP_PENALTY * model.en.heading[grid.e1]).astype(
        np.float64
    )
    return costs, skip_en


def _combine(
    model: CostModel,
    kind: int,
    sims: list[FloatArray] | None,
    gc: FloatArray,
    penalty: FloatArray,
) -> FloatArray:
    if sims is not None:
        extra = MERGE_PENALTY if kind in (K12, K21) else DOUBLE_PENALTY if kind == K22 else 0.0
        return SIZES[kind] * (1.0 - sims[kind]) + LENGTH_WEIGHT_MT * gc + extra + penalty
    extra = MERGE_PENALTY_LEN if kind in (K12, K21) else DOUBLE_PENALTY_LEN if kind == K22 else 0.0
    return LENGTH_UNIT * gc + extra + penalty


def _similarities(
    model: CostModel, grid: _Grid, i0: int, lo: IntArray, width: int
) -> list[FloatArray]:
    """Calibrated cosines per kind, from one matrix product over the block's span."""
    de, en = model.de, model.en
    n, m = len(de), len(en)
    ga = max(i0 - 2, 0)
    gb = min(max(i0 + len(lo) - 1, ga + 1), n)
    ea = max(int(lo[0]) - 2, 0)
    eb = min(max(int(lo[-1]) + width - 1, ea + 1), m)
    # einsum, not `@`: a BLAS thread pool on many small products stalls on a busy machine
    product = np.einsum("ik,jk->ij", de.prof.vectors[ga:gb], en.prof.vectors[ea:eb])
    g1, g2 = np.clip(grid.g1, ga, gb - 1) - ga, np.clip(grid.g2, ga, gb - 1) - ga
    e1, e2 = np.clip(grid.e1, ea, eb - 1) - ea, np.clip(grid.e2, ea, eb - 1) - ea
    d11 = product[g1, e1].astype(np.float64)
    d12 = d11 + product[g1, e2]
    d21 = d11 + product[g2, e1]
    d22 = d12 + product[g2, e1] + product[g2, e2]
    nd1 = de.prof.norm2[grid.g1]
    nd2 = nd1 + de.prof.norm2[grid.g2] + 2.0 * de.adjacent[grid.g2]
    ne1 = en.prof.norm2[grid.e1]
    ne2 = ne1 + en.prof.norm2[grid.e2] + 2.0 * en.adjacent[grid.e2]
    p1 = de.prof.present[grid.g1]
    p2 = p1 & de.prof.present[grid.g2]
    sims = [np.zeros(0)] * 6
    scale = model.sim_scale
    sims[K11] = _sim(d11, nd1, ne1, p1, scale)
    sims[K12] = _sim(d12, nd1, ne2, p1, scale)
    sims[K21] = _sim(d21, nd2, ne1, p2, scale)
    sims[K22] = _sim(d22, nd2, ne2, p2, scale)
    return sims


def _sim(
    dot: FloatArray, n_de: FloatArray, n_en: FloatArray, present: BoolArray, scale: float
) -> FloatArray:
    cos = dot / np.sqrt(np.maximum(n_de * n_en, 1e-12))
    return np.where(present, calibrate(cos, scale), MISSING_MT_SIM)


def calibrate(cos: FloatArray, scale: float = SIM_SCALE) -> FloatArray:
    """Cosine → similarity in [0, 1]."""
    return np.clip(cos / scale, 0.0, 1.0)


def _length_costs(model: CostModel, grid: _Grid) -> list[FloatArray]:
    ld1 = model.de.length[grid.g1]
    ld2 = ld1 + model.de.length[grid.g2]
    le1 = model.en.length[grid.e1]
    le2 = le1 + model.en.length[grid.e2]
    gcs = [np.zeros(0)] * 6
    pairs = ((K11, (ld1, le1)), (K12, (ld1, le2)), (K21, (ld2, le1)), (K22, (ld2, le2)))
    for kind, (a, b) in pairs:
        gcs[kind] = length_cost(a, b, model.ratio, GC_VARIANCE)
    return gcs


def _structure_penalties(model: CostModel, grid: _Grid) -> list[FloatArray]:
    """Heading ↔ non-heading and block-crossing penalties for each kind."""
    de, en = model.de, model.en
    h1, h2 = de.heading[grid.g1], de.heading[grid.g2]
    eh1, eh2 = en.heading[grid.e1], en.heading[grid.e2]
    cross_de = de.block[grid.g1] != de.block[grid.g2]
    cross_en = en.block[grid.e1] != en.block[grid.e2]
    de_any, de_mixed = h1 | h2, h1 != h2
    en_any, en_mixed = eh1 | eh2, eh1 != eh2
    out = [np.zeros(0)] * 6
    out[K11] = HEADING_PENALTY * (eh1 != h1)
    out[K12] = HEADING_PENALTY * ((en_any != h1) | en_mixed) + CROSS_PENALTY * cross_en
    out[K21] = HEADING_PENALTY * ((eh1 != de_any) | de_mixed) + CROSS_PENALTY * cross_de
    out[K22] = (
        HEADING_PENALTY * ((en_any != de_any) | de_mixed | en_mixed)
        + CROSS_PENALTY * (cross_en.astype(np.float64) + cross_de)
    )
    return out


def bead_similarity(model: CostModel, de: Sequence[int], en: Sequence[int]) -> float:
    """The bead's similarity in [0, 1]: calibrated MT cosine, or the length agreement."""
    if not de or not en:
        return 0.0
    if model.use_mt and all(model.de.prof.present[k] for k in de):
        a = model.de.prof.vectors[list(de)].sum(axis=0, dtype=np.float64)
        b = model.en.prof.vectors[list(en)].sum(axis=0, dtype=np.float64)
        cos = float(np.dot(a, b)) / max(float(np.sqrt(np.dot(a, a) * np.dot(b, b))), 1e-12)
        return float(calibrate(np.array([cos]), model.sim_scale)[0])
    l_de = np.array([model.de.length[list(de)].sum()])
    l_en = np.array([model.en.length[list(en)].sum()])
    return float(np.exp(-length_cost(l_de, l_en, model.ratio, GC_VARIANCE))[0])
