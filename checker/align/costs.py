"""Bead costs for the alignment DP, relative to chance in each document.

A bead's cost, in nats, is

    -log prior(kind) - evidence(MT similarity) - evidence(lengths) + structure

where each evidence is the log-likelihood ratio of a true pair against a random
pair of sentences of the same document:

- MT similarity: the cosine of the hashed profiles of the MT of the German side
  and of the target side (joined for beads of several sentences), minus the
  cosine each side gets with the other side's sentences on average (its chance
  level; long, common-word sentences resemble everything a little). Random pairs
  of the document give the spread of that excess at chance; the German sentences'
  best matches near the diagonal give the level of true pairs. Where the two lie
  close together (weak MT) the evidence is small and length decides.
- Lengths: the Gale–Church deviation of the character lengths, a standard normal
  for true pairs; random pairs of the document give its spread at chance.

Without a machine translation the German text itself stands in for it: the
names, numbers and cognates it shares with the target are weak evidence, and
the calibration weighs them as such.

Each evidence is floored by the share of true pairs for which the signal says
nothing (measured: `Calibration.mt_silent`; `ALIGN_LENGTH_SILENT`), so a copied
line or a free translation costs a bounded amount. A 1-0 / 0-1 bead costs its
prior, and at least half of the dearest a chance-level pair can cost, so two
skips never beat a chance-level pair. A bead of several sentences must earn
them: its evidence may fall at most `ALIGN_EARN_MARGIN` below that of the bead
without its first or its last sentence on either side. Block structure adds
penalties: a bead that joins sentences of two blocks, a heading paired with a
non-heading.

`align` calls the DP twice: the first alignment's 1-1 beads re-measure the length
ratio and spread and the MT level, spread and silent share of true pairs, and its
bead kinds update the kind priors (`checker.align.reestimate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from checker import settings as cfg
from checker.align.features import BoolArray, FloatArray, IntArray, Profiles, coarsen_profiles
from checker.model import BEAD_KINDS

KIND_STEPS: tuple[tuple[int, int], ...] = BEAD_KINDS
K10 = KIND_STEPS.index((1, 0))
K01 = KIND_STEPS.index((0, 1))
PAIR_KINDS = tuple(k for k, (a, b) in enumerate(KIND_STEPS) if a and b)
MAX_RUN = max(max(a, b) for a, b in KIND_STEPS)  # most sentences a bead takes from one side
INF = float("inf")
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


@dataclass(frozen=True)
class SideData:
    """Per-sentence arrays of one side (German: profiles of its MT)."""

    prof: Profiles
    run_norm2: FloatArray  # (MAX_RUN, n): squared norm of sentences k..k+L-1 joined (row L-1)
    chance_cum: FloatArray  # n+1 cumulative chance-level cosines
    length_cum: FloatArray  # n+1 cumulative character lengths
    present_cum: FloatArray  # n+1 cumulative count of sentences with a profile
    heading: BoolArray
    block: IntArray

    def __len__(self) -> int:
        return len(self.block)


@dataclass(frozen=True)
class Calibration:
    """What chance and true pairs look like in this document."""

    ratio: float  # target/German characters
    true_excess: float  # typical excess cosine (over chance) of a true pair
    true_spread: float  # its spread
    chance_spread: float  # mean absolute excess cosine of random pairs (Laplace scale)
    length_spread: float  # spread of the Gale–Church deviation of random pairs
    skip: float  # cost of a 1-0 / 0-1 bead
    kind_costs: tuple[float, ...]  # -log prior of each bead kind (KIND_STEPS order)
    mt_silent: float  # share of true pairs whose MT says nothing
    length_scale: float = 1.0  # spread of true pairs' length difference, in Gale–Church units


@dataclass(frozen=True)
class CostModel:
    de: SideData
    en: SideData
    mt_given: bool  # False: the German text itself stands in for its translation
    cal: Calibration

    def coarsen(self) -> CostModel:
        return CostModel(_coarsen_side(self.de), _coarsen_side(self.en), self.mt_given, self.cal)


# ---------------------------------------------------------------- building


def side_data(
    prof: Profiles, lengths: FloatArray, chance: FloatArray, headings: BoolArray, blocks: IntArray
) -> SideData:
    return SideData(
        prof=prof,
        run_norm2=_run_norms(prof),
        chance_cum=np.concatenate(([0.0], np.cumsum(chance))),
        length_cum=np.concatenate(([0.0], np.cumsum(lengths))),
        present_cum=np.concatenate(([0.0], np.cumsum(prof.present))),
        heading=headings,
        block=blocks,
    )


def _run_norms(prof: Profiles) -> FloatArray:
    """|v_k + … + v_{k+L-1}|² for L = 1..MAX_RUN (0 where the run leaves the side)."""
    n = len(prof.norm2)
    out = np.zeros((MAX_RUN, n))
    out[0] = prof.norm2
    total = prof.vectors.astype(np.float32, copy=True)
    for length in range(2, MAX_RUN + 1):
        count = n - length + 1
        if count <= 0:
            break
        total = total[:count] + prof.vectors[length - 1 : length - 1 + count]
        out[length - 1, :count] = np.einsum("ij,ij->i", total, total, dtype=np.float64)
    return out


def chance_levels(own: Profiles, other: Profiles) -> FloatArray:
    """Mean cosine of each sentence of `own` with every sentence of `other` (exact:
    the dot product with the mean of the other side's unit vectors), pulled towards 0
    by ALIGN_PRIOR_WEIGHT pseudo-sentences so that in a short document a sentence's
    true partner does not make up its chance level."""
    unit = other.vectors / np.sqrt(np.maximum(other.norm2, 1e-12))[:, None].astype(np.float32)
    rows = unit[other.present] if other.present.any() else unit
    mean = rows.sum(axis=0) / (len(rows) + cfg.ALIGN_PRIOR_WEIGHT)
    dots = own.vectors @ mean.astype(np.float32)
    return np.asarray(dots / np.sqrt(np.maximum(own.norm2, 1e-12)), dtype=np.float64)


def _coarsen_side(side: SideData) -> SideData:
    n = len(side)
    half = (n + 1) // 2
    idx = np.minimum(2 * np.arange(half + 1), n)
    chance = np.diff(side.chance_cum[idx]) / np.maximum(np.diff(idx), 1)
    lengths = np.diff(side.length_cum[idx])
    return side_data(
        coarsen_profiles(side.prof),
        lengths,
        chance,
        np.zeros(half, dtype=np.bool_),
        np.zeros(half, dtype=np.int64),
    )


# ---------------------------------------------------------------- evidence


def mt_evidence(excess: FloatArray, cal: Calibration) -> FloatArray:
    """Log-likelihood ratio (true pair : random pair) of an excess cosine.

    True pairs: normal below their typical excess, flat above it (a closer match is
    no less likely a pair). Random pairs: Laplace around 0 (similarity between
    unrelated sentences has an exponential tail: shared names, common phrases)."""
    below_true = np.minimum(excess - cal.true_excess, 0.0) / cal.true_spread
    above_chance = np.maximum(excess, 0.0) / cal.chance_spread
    ratio = (
        -0.5 * below_true**2 + above_chance
        + math.log(2.0 * cal.chance_spread / cal.true_spread) - _LOG_SQRT_2PI
    )
    return _floored(ratio, cal.mt_silent)


def length_evidence(deviation: FloatArray, cal: Calibration) -> FloatArray:
    """Log-likelihood ratio (true pair : random pair) of a Gale–Church deviation."""
    s = cal.length_spread
    ratio = -0.5 * deviation**2 * (1.0 - 1.0 / (s * s)) + math.log(s)
    return _floored(ratio, cfg.ALIGN_LENGTH_SILENT)


def _floored(log_ratio: FloatArray, silent: float) -> FloatArray:
    floored = np.maximum(log_ratio + math.log(1.0 - silent), math.log(silent))
    return np.minimum(floored, cfg.ALIGN_MAX_EVIDENCE)


def gc_deviation(
    de_len: FloatArray, en_len: FloatArray, ratio: float, scale: float = 1.0
) -> FloatArray:
    """Gale–Church: the length difference in standard deviations of true pairs
    (`scale`: their spread measured in this document, 1 = Gale & Church's)."""
    mean = (de_len + en_len / ratio) / 2.0
    variance = cfg.ALIGN_GC_VARIANCE * scale * scale
    return np.asarray(
        (en_len - de_len * ratio) / np.sqrt(variance * np.maximum(mean, 1.0)),
        dtype=np.float64,
    )


def kind_costs(counts: dict[tuple[int, int], int] | None = None) -> tuple[float, ...]:
    """-log prior of each bead kind: the typical shares (`ALIGN_KIND_PRIORS`), or these
    updated with the kinds counted in a first alignment of the document, as if the
    typical shares had been seen in `ALIGN_KIND_PSEUDO_BEADS` beads."""
    counts = counts or {}
    weight = cfg.ALIGN_KIND_PSEUDO_BEADS
    total = sum(counts.get(k, 0) for k in KIND_STEPS) + weight
    return tuple(
        -math.log((counts.get(k, 0) + weight * cfg.ALIGN_KIND_PRIORS[k]) / total)
        for k in KIND_STEPS
    )


def skip_cost(costs: tuple[float, ...], mt_silent: float, extra: float) -> float:
    """A 1-0 / 0-1 bead: its prior, and more than half the dearest chance-level pair."""
    dearest_pair = (
        costs[KIND_STEPS.index((1, 1))]
        - math.log(mt_silent)
        - math.log(cfg.ALIGN_LENGTH_SILENT)
    )
    return max(0.5 * (costs[K10] + costs[K01]), 0.5 * dearest_pair + 0.25) + extra


# ---------------------------------------------------------------- DP blocks


@dataclass(frozen=True)
class _Block:
    """DP rows i0.. of one pass: row r holds nodes (i0 + r, lo[r] + c), c < width."""

    i: IntArray  # (B, 1)
    j: IntArray  # (B, W)
    n: int
    m: int
    group: IntArray  # (B, 1): product group of each row (GROUP_ROWS rows each)
    row_base: IntArray  # (B, 1): German sentence of local row 0 of the row's group
    col_base: IntArray  # (B, 1): target sentence of local column 0 of the row's group
    product: FloatArray  # (groups, rows, columns): dot products near each group's window
    di: list[IntArray]  # di[a] = i - a clipped to 0..n (a = 0..MAX_RUN)
    dj: list[IntArray]  # dj[b] = j - b clipped to 0..m
    sj: list[IntArray]  # sj[b] = j - b clipped to 0..m-1 (a target sentence)


EVIDENCE_CELLS = 1 << 15  # block nodes x run pairs whose evidence is computed in one pass
GROUP_ROWS = 32  # DP rows whose dot products come from one rectangle (less off-band waste)


def _make_block(model: CostModel, i0: int, lo: IntArray, width: int) -> _Block:
    """Index arrays of a block and the dot products its beads need: for each group of
    GROUP_ROWS rows, German sentences i-MAX_RUN.. against the target sentences the
    group's windows reach (window starts never decrease down the rows)."""
    n, m = len(model.de), len(model.en)
    rows = len(lo)
    i = np.arange(i0, i0 + rows)[:, None]
    j = lo[:, None] + np.arange(width)[None, :]
    starts = np.arange(0, rows, GROUP_ROWS)
    ends = np.minimum(starts + GROUP_ROWS, rows) - 1
    de_first = i0 + starts - MAX_RUN
    en_first = np.maximum(lo[starts] - MAX_RUN, 0)
    span = int((lo[ends] + width - en_first).max())
    de_rows = np.clip(de_first[:, None] + np.arange(GROUP_ROWS + MAX_RUN)[None, :], 0, n - 1)
    en_cols = np.clip(en_first[:, None] + np.arange(span)[None, :], 0, m - 1)
    # einsum, not `@`: a BLAS thread pool on many small products stalls on a busy machine
    product = np.einsum(
        "gik,gjk->gij", model.de.prof.vectors[de_rows], model.en.prof.vectors[en_cols]
    ).astype(np.float64)
    group = (np.arange(rows) // GROUP_ROWS)[:, None]
    di = [np.clip(i - a, 0, n) for a in range(MAX_RUN + 1)]
    dj = [np.clip(j - b, 0, m) for b in range(MAX_RUN + 1)]
    sj = [np.minimum(x, max(m - 1, 0)) for x in dj]
    return _Block(i, j, n, m, group, de_first[group], en_first[group], product, di, dj, sj)


Run = tuple[int, int]  # sentences i-a (or j-b) for a from the first to the last, inclusive


@dataclass(frozen=True)
class BlockParts:
    """What the bead costs of one DP block take from the pair alone, not from the
    calibration: computed once, they serve both passes of `align` (whose second pass
    differs only in the calibration). Per pair of runs (`runs` gives its place in the
    stacked arrays): the lengths, the MT cosine's excess over chance and whether every
    German sentence has a translation; per bead kind: where the bead fits and its
    structure penalties."""

    blk: _Block
    runs: dict[tuple[Run, Run], int]
    de_len: FloatArray  # (runs, rows, width)
    en_len: FloatArray
    excess: FloatArray
    present: BoolArray
    fits: dict[int, BoolArray]  # per pair kind
    structure: dict[int, FloatArray]  # per pair kind
    de_heading: BoolArray  # the German sentence a 1-0 bead arriving at the node leaves out
    en_heading: BoolArray  # the target sentence a 0-1 bead arriving at the node leaves out

    @property
    def nodes(self) -> int:
        return int(self.excess[0].size)


def block_parts(model: CostModel, i0: int, lo: IntArray, width: int) -> BlockParts:
    """The calibration-free parts of the bead costs of rows i0.. (see `block_costs`)."""
    blk = _make_block(model, i0, lo, width)
    cells: dict[tuple[int, int], FloatArray] = {}
    runs: dict[tuple[Run, Run], int] = {}
    for kind in PAIR_KINDS:
        k, ln = KIND_STEPS[kind]
        for pair in [((1, k), (1, ln)), *_sub_runs(k, ln)]:
            runs.setdefault(pair, len(runs))  # beads share parts: 2-2 holds a 1-2 and a 2-1
    shape = (len(runs), *blk.j.shape)
    de_len, en_len, excess = np.empty(shape), np.empty(shape), np.empty(shape)
    present = np.empty(shape, dtype=np.bool_)
    for (de_run, en_run), r in runs.items():
        de_len[r] = _de_sum(blk, model.de.length_cum, de_run)
        en_len[r] = _en_sum(blk, model.en.length_cum, en_run)
        excess[r] = np.subtract(*_cosine(model, blk, cells, de_run, en_run))
        present[r] = _de_sum(blk, model.de.present_cum, de_run) >= de_run[1] - de_run[0] + 1
    kinds = [(kind, *KIND_STEPS[kind]) for kind in PAIR_KINDS]
    g1 = np.minimum(blk.di[1], max(blk.n - 1, 0))
    return BlockParts(
        blk, runs, de_len, en_len, excess, present,
        fits={kind: (blk.i >= k) & (blk.j >= ln) & (blk.j <= blk.m) for kind, k, ln in kinds},
        structure={kind: _structure(model, blk, k, ln) for kind, k, ln in kinds},
        de_heading=model.de.heading[g1], en_heading=model.en.heading[blk.sj[1]],
    )


def block_costs(
    model: CostModel, parts: BlockParts
) -> tuple[list[FloatArray | None], FloatArray]:
    """Costs of the beads ending at the nodes of the block's rows (row r: columns
    lo[r]..lo[r]+width-1), per kind as (rows, width) arrays with inf where the bead does
    not fit, and the cost of a 0-1 bead arriving at each node."""
    cal, blk = model.cal, parts.blk
    evidence = np.empty(parts.excess.shape)
    together = max(1, EVIDENCE_CELLS // parts.nodes)  # small blocks: all runs in one pass
    for first in range(0, len(parts.runs), together):
        runs = slice(first, first + together)
        evidence[runs] = _evidence(parts, cal, runs)
    costs: list[FloatArray | None] = [None] * len(KIND_STEPS)
    for kind in PAIR_KINDS:
        k, ln = KIND_STEPS[kind]
        own = evidence[parts.runs[((1, k), (1, ln))]]
        fits = parts.fits[kind].copy()
        for pair in _sub_runs(k, ln):
            fits &= own > evidence[parts.runs[pair]] - cfg.ALIGN_EARN_MARGIN
        costs[kind] = np.where(fits, cal.kind_costs[kind] + parts.structure[kind] - own, INF)
    skip, heading = cal.skip, cfg.ALIGN_HEADING_SKIP_PENALTY
    costs[K10] = np.where((blk.i >= 1) & (blk.j <= blk.m), skip + heading * parts.de_heading,
                          INF)
    skip_en = (skip + heading * parts.en_heading).astype(np.float64)
    return costs, skip_en


def _evidence(parts: BlockParts, cal: Calibration, runs: slice) -> FloatArray:
    """Length plus MT evidence, per node, of these pairs of runs (German sentences i-a and
    target sentences j-b translate each other)."""
    deviation = gc_deviation(parts.de_len[runs], parts.en_len[runs], cal.ratio,
                             cal.length_scale)
    return np.asarray(length_evidence(deviation, cal) + np.where(
        parts.present[runs], mt_evidence(parts.excess[runs], cal), 0.0))


def _de_sum(blk: _Block, cum: FloatArray, run: tuple[int, int]) -> FloatArray:
    """Per node: the sum over German sentences i-a, a in run (inclusive), from cumulative sums."""
    return np.asarray(cum[blk.di[run[0] - 1]] - cum[blk.di[run[1]]])


def _en_sum(blk: _Block, cum: FloatArray, run: tuple[int, int]) -> FloatArray:
    """Per node: the sum over target sentences j-b, b in run (inclusive)."""
    return np.asarray(cum[blk.dj[run[0] - 1]] - cum[blk.dj[run[1]]])


def _structure(model: CostModel, blk: _Block, k: int, ln: int) -> FloatArray:
    """Heading ↔ non-heading and block-crossing penalties of the beads of kind (k, ln)."""
    top_de = max(blk.n - 1, 0)
    de_h, de_mixed, de_cross = _side_structure(
        model.de, [np.minimum(x, top_de) for x in blk.di], k
    )
    en_h, en_mixed, en_cross = _side_structure(model.en, blk.sj, ln)
    heading = (de_h != en_h) | de_mixed | en_mixed
    return np.asarray(
        cfg.ALIGN_HEADING_PENALTY * heading + cfg.ALIGN_CROSS_PENALTY * (de_cross + en_cross),
        dtype=np.float64,
    )


def _side_structure(
    side: SideData, back: list[IntArray], count: int
) -> tuple[BoolArray, BoolArray, FloatArray]:
    """(any heading, headings mixed with text, blocks crossed) of the runs of `count`
    sentences ending at each node (`back[a]`: the sentence a places before the node)."""
    last = side.heading[back[1]]
    any_h = last.copy()
    mixed = np.zeros(any_h.shape, dtype=np.bool_)
    for a in range(2, count + 1):
        h = side.heading[back[a]]
        mixed |= h != last
        any_h |= h
    cross = (side.block[back[1]] != side.block[back[count]]).astype(np.float64)
    return any_h, mixed, cross


def _cell(blk: _Block, cells: dict[tuple[int, int], FloatArray], a: int, b: int) -> FloatArray:
    """Dot product of German sentence i-a with target sentence j-b, per node."""
    if (a, b) not in cells:
        rows = np.clip(blk.di[a] - blk.row_base, 0, blk.product.shape[1] - 1)
        cols = np.clip(blk.dj[b] - blk.col_base, 0, blk.product.shape[2] - 1)
        cells[(a, b)] = blk.product[blk.group, rows, cols]
    return cells[(a, b)]


def _cosine(
    model: CostModel, blk: _Block, cells: dict[tuple[int, int], FloatArray],
    de_run: tuple[int, int], en_run: tuple[int, int],
) -> tuple[FloatArray, FloatArray]:
    """(cosine, chance level) of German sentences i-a for a in de_run (inclusive range)
    joined, against target sentences j-b for b in en_run joined."""
    (a0, a1), (b0, b1) = de_run, en_run
    dot = sum(_cell(blk, cells, a, b) for a in range(a0, a1 + 1) for b in range(b0, b1 + 1))
    ka, kb = a1 - a0 + 1, b1 - b0 + 1
    nd = model.de.run_norm2[ka - 1][np.minimum(blk.di[a1], max(blk.n - 1, 0))]
    ne = model.en.run_norm2[kb - 1][blk.sj[b1]]
    cos = np.asarray(dot, dtype=np.float64) / np.sqrt(np.maximum(nd * ne, 1e-12))
    chance = 0.5 * (
        _de_sum(blk, model.de.chance_cum, de_run) / ka
        + _en_sum(blk, model.en.chance_cum, en_run) / kb
    )
    return cos, chance


def _sub_runs(k: int, ln: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The bead without its first or its last sentence on each side that has two or more."""
    out = []
    if k >= 2:
        out += [((1, k - 1), (1, ln)), ((2, k), (1, ln))]
    if ln >= 2:
        out += [((1, k), (1, ln - 1)), ((1, k), (2, ln))]
    return out
