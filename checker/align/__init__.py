"""Sentence alignment: similarity → monotone DP → beads (1-1, 1-2, 2-1, 1-0, 0-1, 2-2).

The cost of a bead combines a Gale–Church length prior with, when machine
translation is available, the similarity of the MT of the German side to the
English side (hashed character n-gram profiles; see `align_features`). Block
structure guides it: headings pair with headings, beads prefer not to join
sentences of different paragraphs (`align_cost`).

Up to `AlignSettings.exact_limit` sentences per side the DP is exact. Beyond,
both sides are halved (pairs of sentences joined) until they fit, the coarse
alignment is solved exactly, and each finer level is solved in a band of
`AlignSettings.band` columns around the projection of the coarser path: time and
memory grow linearly (`align_dp`).

`find_moves` pairs 1-0 beads with 0-1 beads elsewhere that say the same thing: a
moved sentence or paragraph, not an omission plus an addition (`align_moves`).
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.align.costs import CostModel, bead_similarity, cost_model, side_data
from checker.align.search import Step, full_windows, project_windows, solve
from checker.align.features import profile_pair
from checker.align.moves import Move, find_moves
from checker.model import Bead, Sentence
from checker.settings import AlignSettings

__all__ = ["Move", "align", "build_model", "find_moves"]

DEFAULT_ALIGN_SETTINGS = AlignSettings()
"""The settings `align` uses when the caller passes none."""


def build_model(
    de: Sequence[Sentence],
    en: Sequence[Sentence],
    mt: Sequence[str | None] | None,
    settings: AlignSettings,
) -> CostModel:
    """The cost model of a pair: profiles, lengths and block structure of both sides."""
    if mt is not None and len(mt) != len(de):
        raise ValueError(f"align: {len(mt)} translations for {len(de)} German sentences")
    use_mt = mt is not None and any(t is not None for t in mt)
    mt_texts: Sequence[str | None] = mt if (mt is not None and use_mt) else [None] * len(de)
    de_prof, en_prof = profile_pair(mt_texts, [s.text for s in en])
    de_side = side_data(
        de_prof,
        [s.text for s in de],
        [s.block_kind == "heading" for s in de],
        [s.block for s in de],
    )
    en_side = side_data(
        en_prof,
        [s.text for s in en],
        [s.block_kind == "heading" for s in en],
        [s.block for s in en],
    )
    return cost_model(de_side, en_side, use_mt, settings.skip_penalty)


def align(
    de: Sequence[Sentence],
    en: Sequence[Sentence],
    mt: Sequence[str | None] | None = None,
    settings: AlignSettings = DEFAULT_ALIGN_SETTINGS,
) -> tuple[Bead, ...]:
    """Monotone beads covering every German and every English sentence exactly once.

    `mt[i]` is the machine translation of `de[i]` (None: unknown). Bead indices are
    positions in `de` / `en`; `score` is the bead's similarity in [0, 1].
    """
    if not de or not en:
        return tuple(Bead(de=(k,), en=()) for k in range(len(de))) + tuple(
            Bead(de=(), en=(k,)) for k in range(len(en))
        )
    model = build_model(de, en, mt, settings)
    steps = _solve(model, settings)
    return tuple(_bead(model, step) for step in steps)


def _solve(model: CostModel, settings: AlignSettings) -> list[Step]:
    n, m = len(model.de), len(model.en)
    if max(n, m) <= max(settings.exact_limit, 2):
        return solve(model, full_windows(n, m))
    coarse = _solve(model.coarsen(), settings)
    return solve(model, project_windows(coarse, n, m, max(settings.band, 1)))


def _bead(model: CostModel, step: Step) -> Bead:
    i0, i1, j0, j1 = step
    de, en = tuple(range(i0, i1)), tuple(range(j0, j1))
    return Bead(de=de, en=en, score=round(bead_similarity(model, de, en), 4))
