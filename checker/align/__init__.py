"""Sentence alignment: similarity → monotone DP → beads of up to four sentences on a side.

One public entry point, `align` (and `find_moves` for moved paragraphs). The parts:

- `features`: hashed word and character n-gram profiles of the MT of the German
  and of the target side;
- `costs`: bead costs in nats, relative to chance in the document (random pairs of
  its own sentences), from MT similarity and Gale–Church lengths, each weighted by
  how well it tells true pairs from random ones here; block structure (headings,
  paragraphs) adds penalties;
- `search`: the monotone DP. Up to `AlignSettings.exact_limit` sentences per side
  it is exact. Beyond, both sides are halved (pairs of sentences joined) until
  they fit, the coarse alignment is solved exactly, and each finer level is solved
  in a band of `AlignSettings.band` columns around the projection of the coarser
  path: time and memory grow linearly;
- `moves`: pairs 1-0 beads with 0-1 beads elsewhere that say the same thing: a
  moved sentence or paragraph, not an omission plus an addition;
- `reseat`: given word links (from a dictionary, by the caller), puts each 1-0 bead
  on the German sentence the English really leaves out.

`align` runs the search twice: the first alignment re-measures this pair (bead-kind
shares, length ratio and spread, MT level and silent share of its 1-1 beads, see
`reestimate`), and the second pass searches again with those, exactly or in a band
of `AlignSettings.band` columns around the first path. Without MT the German text
stands in for its translation (shared names, numbers and cognates).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from checker import settings as cfg
from checker.align.costs import (
    Calibration,
    CostModel,
    chance_levels,
    gc_deviation,
    kind_costs,
    side_data,
    skip_cost,
)
from checker.align.features import (
    BoolArray,
    FloatArray,
    IntArray,
    Profiles,
    length_ratio,
    profile_pair,
)
from checker.align.moves import Move, find_moves
from checker.align.reseat import Links, reseat
from checker.align.search import PartsMemo, Step, full_windows, project_windows, solve
from checker.model import Bead, Sentence
from checker.settings import AlignSettings

__all__ = ["Links", "Move", "align", "bead_similarity", "build_model", "find_moves"]

DEFAULT_ALIGN_SETTINGS = AlignSettings()
"""The settings `align` uses when the caller passes none."""


def align(
    de: Sequence[Sentence],
    en: Sequence[Sentence],
    mt: Sequence[str | None] | None = None,
    settings: AlignSettings = DEFAULT_ALIGN_SETTINGS,
    links: Links | None = None,
) -> tuple[Bead, ...]:
    """Monotone beads covering every German and every target sentence exactly once.

    `mt[i]` is the machine translation of `de[i]` (None: unknown). Bead indices are
    positions in `de` / `en`; `score` is the bead's similarity in [0, 1]. With `links`
    (word links from a dictionary), orphaned German sentences are re-seated afterwards
    (`checker.align.reseat`).
    """
    if not de or not en:
        return tuple(Bead(de=(k,), en=()) for k in range(len(de))) + tuple(
            Bead(de=(), en=(k,)) for k in range(len(en))
        )
    model = build_model(de, en, mt, settings)
    memo = PartsMemo(cfg.ALIGN_REUSE_CELLS)  # the second pass differs in calibration only
    steps = _solve(model, settings, memo)
    model = reestimate(model, steps, settings)
    steps = _refine(model, steps, settings, memo)
    if links is not None:
        steps = reseat(steps, links)
    return _beads(model, steps)


def reestimate(model: CostModel, steps: Sequence[Step], settings: AlignSettings) -> CostModel:
    """The model with bead-kind priors updated from a first alignment of this pair
    (how often this translator joins or splits sentences, or leaves some out)."""
    counts = Counter((i1 - i0, j1 - j0) for i0, i1, j0, j1 in steps)
    costs = kind_costs(dict(counts))
    ones = [(i0, j0) for i0, i1, j0, j1 in steps if i1 - i0 == 1 and j1 - j0 == 1]
    model = replace(model, cal=_recalibrate_length(model, ones))
    cal = _recalibrate_mt(model, ones)
    cal = replace(cal, kind_costs=costs,
                  skip=skip_cost(costs, cal.mt_silent, settings.skip_penalty))
    return replace(model, cal=cal)


def _recalibrate_mt(model: CostModel, pairs: list[tuple[int, int]]) -> Calibration:
    """True-pair level, spread and silent share of the MT similarity, measured on the
    1-1 beads of a first alignment: a pair whose excess cosine lies within chance
    (`ALIGN_CHANCE_SPREADS` spreads) counts as silent; the rest give level and spread."""
    de, en, cal = model.de, model.en, model.cal
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    cols = np.array([j for _, j in pairs], dtype=np.int64)
    keep = de.prof.present[rows] if len(rows) else np.zeros(0, dtype=np.bool_)
    rows, cols = rows[keep], cols[keep]
    chance_de = np.diff(de.chance_cum)
    chance_en = np.diff(en.chance_cum)
    excess = _excess(de.prof, en.prof, chance_de, chance_en, rows, cols)
    loud = excess[excess > cfg.ALIGN_CHANCE_SPREADS * cal.chance_spread]
    weight = cfg.ALIGN_PRIOR_WEIGHT
    silent = (len(excess) - len(loud) + weight * cfg.ALIGN_MT_SILENT) / (len(excess) + weight)
    if len(loud) < weight:
        return replace(cal, mt_silent=silent)
    median = _median(loud)
    mad = 1.4826 * _median(np.abs(loud - median))
    return replace(cal, mt_silent=silent, true_excess=max(median, cal.chance_spread),
                   true_spread=max(mad, 0.5 * cal.chance_spread))


def build_model(
    de: Sequence[Sentence],
    en: Sequence[Sentence],
    mt: Sequence[str | None] | None,
    settings: AlignSettings,
) -> CostModel:
    """The cost model of a pair: profiles, lengths, block structure and calibration."""
    if mt is not None and len(mt) != len(de):
        raise ValueError(f"align: {len(mt)} translations for {len(de)} German sentences")
    mt_given = mt is not None and any(t is not None for t in mt)
    # Without a translation the German text stands in for it: names, numbers and
    # cognates it shares with the target side are weak evidence, which the
    # calibration measures like that of a weak MT.
    mt_texts: Sequence[str | None] = mt if (mt is not None and mt_given) else [s.text for s in de]
    de_prof, en_prof = profile_pair(mt_texts, [s.text for s in en])
    de_len = _lengths(de)
    en_len = _lengths(en)
    ratio = length_ratio(de_len, en_len, *cfg.ALIGN_RATIO_BAND)
    de_chance = chance_levels(de_prof, en_prof)
    en_chance = chance_levels(en_prof, de_prof)
    de_side = side_data(de_prof, de_len, de_chance, *_structure(de))
    en_side = side_data(en_prof, en_len, en_chance, *_structure(en))
    cal = _calibrate(de_side.prof, en_side.prof, de_chance, en_chance, de_len, en_len, ratio,
                     settings.skip_penalty)
    return CostModel(de_side, en_side, mt_given, cal)


def _lengths(sentences: Sequence[Sentence]) -> FloatArray:
    return np.fromiter((len(s.text) for s in sentences), dtype=np.float64, count=len(sentences))


def _structure(sentences: Sequence[Sentence]) -> tuple[BoolArray, IntArray]:
    heading = np.fromiter((s.block_kind == "heading" for s in sentences), dtype=np.bool_,
                          count=len(sentences))
    block = np.fromiter((s.block for s in sentences), dtype=np.int64, count=len(sentences))
    return heading, block


def _calibrate(
    de: Profiles, en: Profiles, de_chance: FloatArray, en_chance: FloatArray,
    de_len: FloatArray, en_len: FloatArray, ratio: float, extra_skip: float,
) -> Calibration:
    """Chance from random pairs of the document; true pairs from best matches near the diagonal."""
    ri, rj = _random_pairs(len(de_len), len(en_len))
    length_spread = _length_spread(de_len, en_len, ratio, 1.0)
    keep = de.present[ri]
    excess_of = _excess_of(de, en, de_chance, en_chance)
    excess = excess_of(ri[keep], rj[keep])
    best = _best_excess(de, en, excess_of)
    spread = float(np.mean(np.abs(excess))) if len(excess) else 0.0
    median = _median(best) if len(best) else 0.0
    mad = 1.4826 * _median(np.abs(best - median)) if len(best) else 0.0
    shrink = len(best) / (len(best) + cfg.ALIGN_PRIOR_WEIGHT)
    chance_spread = max(_blend(spread, cfg.ALIGN_TYPICAL_CHANCE_SPREAD, shrink), 1e-3)
    true_excess = max(_blend(median, cfg.ALIGN_TYPICAL_TRUE_EXCESS, shrink), chance_spread)
    true_spread = max(_blend(mad, cfg.ALIGN_TYPICAL_TRUE_SPREAD, shrink), 0.5 * chance_spread)
    costs = kind_costs()
    silent = cfg.ALIGN_MT_SILENT
    return Calibration(ratio, true_excess, true_spread, chance_spread, length_spread,
                       skip_cost(costs, silent, extra_skip), costs, silent)


def _median(values: FloatArray) -> float:
    """float(np.median(values)) of a 1-D array, in its dtype, without the import of
    numpy.ma that np.median makes in every process."""
    ordered = np.sort(values)
    if not len(ordered) or np.isnan(ordered[-1]):  # NaNs sort last
        return float("nan")
    mid = len(ordered) // 2
    return float(ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2)


@functools.lru_cache(maxsize=64)  # asked three times per pair, with the same seed
def _random_pairs(n: int, m: int) -> tuple[IntArray, IntArray]:
    rng = np.random.default_rng(0)
    count = min(cfg.ALIGN_RANDOM_PAIRS, n * m)
    rows, cols = rng.integers(0, n, count), rng.integers(0, m, count)
    rows.flags.writeable = cols.flags.writeable = False  # shared by every caller
    return rows, cols


def _length_spread(de_len: FloatArray, en_len: FloatArray, ratio: float, scale: float) -> float:
    """Root mean square Gale–Church deviation of random pairs of the document."""
    ri, rj = _random_pairs(len(de_len), len(en_len))
    deviation = gc_deviation(de_len[ri], en_len[rj], ratio, scale)
    return max(float(np.sqrt(np.mean(deviation**2))), 1.0)


def _recalibrate_length(model: CostModel, pairs: list[tuple[int, int]]) -> Calibration:
    """Length ratio and true-pair spread measured on the 1-1 beads of a first alignment
    (robustly: the median squared deviation of a standard normal is 0.455)."""
    cal = model.cal
    de_len, en_len = np.diff(model.de.length_cum), np.diff(model.en.length_cum)
    if len(pairs) < cfg.ALIGN_PRIOR_WEIGHT:
        return cal
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    cols = np.array([j for _, j in pairs], dtype=np.int64)
    ratio = length_ratio(de_len[rows], en_len[cols], *cfg.ALIGN_RATIO_BAND)
    measured = _median(gc_deviation(de_len[rows], en_len[cols], ratio) ** 2) / 0.455
    shrink = len(pairs) / (len(pairs) + cfg.ALIGN_PRIOR_WEIGHT)
    scale = float(np.sqrt(_blend(measured, 1.0, shrink)))
    return replace(cal, ratio=ratio, length_scale=scale,
                   length_spread=_length_spread(de_len, en_len, ratio, scale))


def _blend(measured: float, typical: float, shrink: float) -> float:
    return shrink * measured + (1.0 - shrink) * typical


def _excess(
    de: Profiles, en: Profiles, de_chance: FloatArray, en_chance: FloatArray,
    rows: IntArray, cols: IntArray,
) -> FloatArray:
    dots = np.einsum("ij,ij->i", de.vectors[rows], en.vectors[cols], dtype=np.float64)
    return _over_chance(dots, de, en, de_chance, en_chance, (rows, cols))


def _over_chance(
    dots: FloatArray, de: Profiles, en: Profiles, de_chance: FloatArray, en_chance: FloatArray,
    pairs: tuple[IntArray, IntArray],
) -> FloatArray:
    """The excess over chance of the cosines of these pairs (index arrays that broadcast
    to the shape of `dots`), given their dot products."""
    rows, cols = pairs
    cos = dots / np.sqrt(np.maximum(de.norm2[rows] * en.norm2[cols], 1e-12))
    return np.asarray(cos - 0.5 * (de_chance[rows] + en_chance[cols]), dtype=np.float64)


ExcessOf = Callable[[IntArray, IntArray], FloatArray]  # `_excess` of given sentence pairs


def _excess_of(
    de: Profiles, en: Profiles, de_chance: FloatArray, en_chance: FloatArray
) -> ExcessOf:
    """`_excess` for the pairs asked. Where the document has no more sentence pairs than
    the calibration draws at random, all of them are computed in one pass and read from
    there: the random pairs and the windows near the diagonal then cost that one pass."""
    n, m = len(de.norm2), len(en.norm2)
    if n * m > cfg.ALIGN_RANDOM_PAIRS:
        return functools.partial(_excess, de, en, de_chance, en_chance)
    # every pair's dot product, each summed as `_excess` sums it (over the profile's
    # dimensions, in float64), without gathering a row per pair
    dots = np.einsum("ik,jk->ij", de.vectors, en.vectors, dtype=np.float64)
    grid = (np.arange(n)[:, None], np.arange(m)[None, :])
    table = _over_chance(dots, de, en, de_chance, en_chance, grid).reshape(-1)

    def read(rows: IntArray, cols: IntArray) -> FloatArray:
        return np.asarray(table[rows * m + cols], dtype=np.float64)

    return read


def _best_excess(de: Profiles, en: Profiles, excess_of: ExcessOf) -> FloatArray:
    """Best excess cosine of sampled German sentences within a window around the diagonal
    (every window's pairs computed together, then the best of each)."""
    n, m = len(de.norm2), len(en.norm2)
    sample = np.linspace(0, n - 1, min(n, cfg.ALIGN_BEST_SAMPLE)).astype(np.int64)
    # np.unique, without the import of numpy.ma it makes (tens of ms in every process)
    rows = np.asarray(sorted(set(sample.tolist())), dtype=np.int64)
    rows = rows[de.present[rows]]
    if not len(rows):
        return np.zeros(0, dtype=np.float64)
    window = cfg.ALIGN_BEST_WINDOW
    centre = (rows * m / n).astype(np.int64)
    lo, hi = np.maximum(centre - window, 0), np.minimum(centre + window + 1, m)
    starts = np.concatenate(([0], np.cumsum(hi - lo)[:-1]))
    owner = np.repeat(np.arange(len(rows)), hi - lo)
    cols = lo[owner] + np.arange(len(owner)) - starts[owner]
    excess = excess_of(rows[owner], cols)
    return np.asarray(np.maximum.reduceat(excess, starts), dtype=np.float64)


def _solve(model: CostModel, settings: AlignSettings, memo: PartsMemo | None = None,
           ) -> list[Step]:
    n, m = len(model.de), len(model.en)
    if max(n, m) <= max(settings.exact_limit, 2):
        return solve(model, full_windows(n, m), memo)
    coarse = _solve(model.coarsen(), settings)
    return solve(model, project_windows(coarse, n, m, max(settings.band, 1)))


def _refine(model: CostModel, steps: list[Step], settings: AlignSettings,
            memo: PartsMemo | None = None) -> list[Step]:
    """The second pass: exact where the first was (over the same windows as the first,
    whose block parts `memo` keeps), else in a band around the first path."""
    n, m = len(model.de), len(model.en)
    if max(n, m) <= max(settings.exact_limit, 2):
        return solve(model, full_windows(n, m), memo)
    return solve(model, project_windows(steps, n, m, max(settings.band, 1), scale=1))


def _beads(model: CostModel, steps: Sequence[Step]) -> tuple[Bead, ...]:
    scores = bead_scores(model, np.array(steps, dtype=np.int64).reshape(-1, 4))
    return tuple(
        Bead(de=tuple(range(i0, i1)), en=tuple(range(j0, j1)), score=round(float(score), 4))
        for (i0, i1, j0, j1), score in zip(steps, scores, strict=True)
    )


def bead_similarity(model: CostModel, de: Sequence[int], en: Sequence[int]) -> float:
    """The similarity in [0, 1] of German sentences `de` with target sentences `en`
    (each consecutive): see `bead_scores`."""
    if not de or not en:
        return 0.0
    step = np.array([[de[0], de[-1] + 1, en[0], en[-1] + 1]], dtype=np.int64)
    return float(bead_scores(model, step)[0])


def bead_scores(model: CostModel, steps: IntArray) -> FloatArray:
    """Similarity in [0, 1] of each bead (rows i0, i1, j0, j1): the MT cosine's excess
    over chance relative to a typical true pair's; without MT (or where a German
    sentence has none), the Gale–Church length agreement. 0 for 1-0 / 0-1 beads."""
    de, en, cal = model.de, model.en, model.cal
    i0, i1, j0, j1 = steps.T
    l_de = de.length_cum[i1] - de.length_cum[i0]
    l_en = en.length_cum[j1] - en.length_cum[j0]
    scores = np.exp(-0.5 * gc_deviation(l_de, l_en, cal.ratio, cal.length_scale) ** 2)
    with_mt = (de.present_cum[i1] - de.present_cum[i0] == i1 - i0) & model.mt_given
    for k, ln in {(int(a), int(b)) for a, b in zip(i1 - i0, j1 - j0, strict=True)}:
        group = np.flatnonzero((i1 - i0 == k) & (j1 - j0 == ln) & with_mt)
        if k == 0 or ln == 0 or not len(group):
            continue
        a = sum(de.prof.vectors[i0[group] + r].astype(np.float64) for r in range(k))
        b = sum(en.prof.vectors[j0[group] + r].astype(np.float64) for r in range(ln))
        dot = np.einsum("ij,ij->i", a, b)
        norm = np.sqrt(np.einsum("ij,ij->i", a, a) * np.einsum("ij,ij->i", b, b))
        cos = dot / np.maximum(norm, 1e-12)
        g0, g1, h0, h1 = i0[group], i1[group], j0[group], j1[group]
        chance = 0.5 * ((de.chance_cum[g1] - de.chance_cum[g0]) / k
                        + (en.chance_cum[h1] - en.chance_cum[h0]) / ln)
        scores[group] = np.clip((cos - chance) / max(cal.true_excess, 1e-6), 0.0, 1.0)
    return np.asarray(np.where((i1 > i0) & (j1 > j0), scores, 0.0), dtype=np.float64)
