"""Monotone alignment DP, row by row, over a window of columns per row.

Nodes are (i, j): i German and j English sentences consumed. A bead of kind
(di, dj) goes from (i - di, j - dj) to (i, j). Each row is computed with numpy:
first every bead kind that comes from an earlier row, then the 0-1 beads within
the row, which form a min-plus prefix scan solved with `np.minimum.accumulate`.

With a full window per row this is the exact DP; with windows from a coarser
alignment (coarse-to-fine, as in vecalign) it is a banded DP whose time and memory
grow linearly with the input.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from checker.align.costs import (
    INF,
    K01,
    KIND_STEPS,
    MAX_RUN,
    BlockParts,
    CostModel,
    block_costs,
    block_parts,
)

Window = tuple[int, int]  # (lo, hi): the node columns lo..hi of one row, inclusive
Step = tuple[int, int, int, int]  # bead as node rectangle (i0, i1, j0, j1)


CELLS_PER_BLOCK = 1 << 15  # DP nodes whose costs are computed in one numpy pass
ROWS_PER_BLOCK = 128  # most rows per pass


def full_windows(n: int, m: int) -> list[Window]:
    return [(0, m)] * (n + 1)


def _blocks(windows: list[Window]) -> list[tuple[int, int, int]]:
    """(first row, end row, width) groups of consecutive rows computed together."""
    blocks: list[tuple[int, int, int]] = []
    start, width = 0, 0
    for i, (lo, hi) in enumerate(windows):
        w = max(width, hi - lo + 1)
        rows = i - start + 1
        if i > start and (rows > ROWS_PER_BLOCK or rows * w > CELLS_PER_BLOCK):
            blocks.append((start, i, width))
            start, w = i, hi - lo + 1
        width = w
    blocks.append((start, len(windows), width))
    return blocks


class PartsMemo:
    """The calibration-free parts of the blocks of one pair's DP (`BlockParts`), kept
    for its next pass over the same windows, up to `nodes` DP nodes in all."""

    def __init__(self, nodes: int) -> None:
        self.room = nodes
        self._kept: dict[tuple[int, int, bytes], BlockParts] = {}

    def parts(self, model: CostModel, start: int, lo: npt.NDArray[np.int64],
              width: int) -> BlockParts:
        key = (start, width, lo.tobytes())
        found = self._kept.get(key)
        if found is None:
            found = block_parts(model, start, lo, width)
            if found.nodes <= self.room:
                self._kept[key], self.room = found, self.room - found.nodes
        return found


def solve(model: CostModel, windows: list[Window], memo: PartsMemo | None = None) -> list[Step]:
    """The cheapest monotone path from (0, 0) to (n, m) inside `windows`, as beads
    (`memo`: block parts kept from an earlier pass over the same pair's sides)."""
    n, m = len(windows) - 1, windows[-1][1]
    blocks = _blocks(windows)
    ring = _Ring(m, max(width for _, _, width in blocks))
    los: list[int] = []
    kinds: list[npt.NDArray[np.int8]] = []
    for start, end, width in blocks:
        lo = np.array([w[0] for w in windows[start:end]], dtype=np.int64)
        parts = (memo.parts(model, start, lo, width) if memo is not None
                 else block_parts(model, start, lo, width))
        costs, skip_en = block_costs(model, parts)
        absent: npt.NDArray[np.float64] = np.full(skip_en.shape, INF)
        stack = np.stack([_or(costs[k], absent) for k in _FROM_ABOVE], axis=1)
        offsets = ring.pad - _DJ[:, None] + np.arange(width)[None, :]
        skip_en[:, 0] = 0.0
        skip_sum = np.cumsum(skip_en, axis=1)
        for r in range(end - start):
            i, row_lo = start + r, int(lo[r])
            best, kind = _row(ring, i, offsets + row_lo, stack[r])
            best, kind = _scan_insertions(best, kind, skip_sum[r])
            ring.put(i, row_lo, best)
            los.append(row_lo)
            kinds.append(kind)
    return _traceback(los, kinds, n, m)


def _or(
    costs: npt.NDArray[np.float64] | None, absent: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    return absent if costs is None else costs


_FROM_ABOVE = tuple(k for k in range(len(KIND_STEPS)) if k != K01)  # kinds that consume German
_DI = np.array([KIND_STEPS[k][0] for k in _FROM_ABOVE], dtype=np.int64)
_DJ = np.array([KIND_STEPS[k][1] for k in _FROM_ABOVE], dtype=np.int64)
_KIND_IDS = np.array(_FROM_ABOVE, dtype=np.int8)


class _Ring:
    """The best costs of the last MAX_RUN + 1 rows in absolute columns (inf outside
    each row's window), plus one row of inf for sources above row 0."""

    def __init__(self, m: int, width: int) -> None:
        self.slots = MAX_RUN + 1
        self.pad = MAX_RUN
        self.cost = np.full((self.slots + 1, m + 1 + 2 * self.pad + width), INF)
        self.window = [(0, 0)] * self.slots
        self._steady = [((r - _DI) % self.slots)[:, None] for r in range(self.slots)]

    def sources(self, i: int) -> npt.NDArray[np.int64]:
        """Ring slot of the row each kind comes from (the inf row above row 0)."""
        if i >= self.pad:
            return self._steady[i % self.slots]
        return np.where(i >= _DI, (i - _DI) % self.slots, self.slots)[:, None]

    def put(self, i: int, lo: int, best: npt.NDArray[np.float64]) -> None:
        slot = i % self.slots
        old_lo, old_width = self.window[slot]
        self.cost[slot, self.pad + old_lo : self.pad + old_lo + old_width] = INF
        self.cost[slot, self.pad + lo : self.pad + lo + len(best)] = best
        self.window[slot] = (lo, len(best))


def _row(
    ring: _Ring, i: int, columns: npt.NDArray[np.int64], costs: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """Best cost and bead kind at each node of row i from the rows above (no 0-1 yet)."""
    candidates = ring.cost[ring.sources(i), columns] + costs
    pick = candidates.argmin(axis=0)
    best = candidates.min(axis=0)
    kind = np.where(best < INF, _KIND_IDS[pick], np.int8(-1))
    if i == 0:
        best[0], kind[0] = 0.0, -1
    return best, kind


def _scan_insertions(
    best: npt.NDArray[np.float64], kind: npt.NDArray[np.int8], skip_sum: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """best[j] = min(best[j], best[j-1] + skip[j]) along the row, in one pass
    (`skip_sum`: the row's cumulative 0-1 costs, 0 at its first column)."""
    shifted = best - skip_sum
    running = np.minimum.accumulate(shifted)
    kind = np.where(shifted <= running, kind, np.int8(K01))  # else a 0-1 bead arrives here
    return running + skip_sum, kind


def _traceback(los: list[int], kinds: list[npt.NDArray[np.int8]], n: int, m: int) -> list[Step]:
    steps: list[Step] = []
    i, j = n, m
    while i > 0 or j > 0:
        k = int(kinds[i][j - los[i]])
        if k < 0:
            raise RuntimeError(f"alignment DP has no path through node ({i}, {j})")
        di, dj = KIND_STEPS[k]
        steps.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    steps.reverse()
    return steps


def project_windows(
    coarse: list[Step], n: int, m: int, band: int, scale: int = 2
) -> list[Window]:
    """Windows for the fine level: the cells under each coarse bead (units of `scale`
    sentences), widened by `band` columns, made monotone so a path always exists."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in coarse:
        r0, r1 = min(scale * i0, n), min(scale * i1, n)
        c0, c1 = min(scale * j0, m), min(scale * j1, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo = np.clip(lo - band, 0, m)
    hi = np.clip(hi + band, 0, m)
    lo[0], hi[n] = 0, m
    return [(int(a), int(b)) for a, b in zip(lo, hi, strict=True)]
