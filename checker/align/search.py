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

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from checker.align.costs import INF, K01, KIND_STEPS, MAX_RUN, CostModel, block_costs

Window = tuple[int, int]  # (lo, hi): the node columns lo..hi of one row, inclusive
Step = tuple[int, int, int, int]  # bead as node rectangle (i0, i1, j0, j1)


CELLS_PER_BLOCK = 1 << 15  # DP nodes whose costs are computed in one numpy pass
ROWS_PER_BLOCK = 64  # most rows per pass


@dataclass(frozen=True)
class _Row:
    lo: int
    cost: npt.NDArray[np.float64]

    def take(self, start: int, width: int) -> npt.NDArray[np.float64]:
        """Costs at columns start .. start+width-1 (inf outside this row's window)."""
        offset = start - self.lo
        if offset >= 0 and offset + width <= len(self.cost):
            return self.cost[offset : offset + width]
        out = np.full(width, INF)
        a = max(start, self.lo)
        b = min(start + width, self.lo + len(self.cost))
        if a < b:
            out[a - start : b - start] = self.cost[a - self.lo : b - self.lo]
        return out


_EMPTY = _Row(0, np.zeros(0))


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


def solve(model: CostModel, windows: list[Window]) -> list[Step]:
    """The cheapest monotone path from (0, 0) to (n, m) inside `windows`, as beads."""
    n = len(windows) - 1
    rows: list[_Row] = []
    los: list[int] = []
    kinds: list[npt.NDArray[np.int8]] = []
    for start, end, width in _blocks(windows):
        lo = np.array([w[0] for w in windows[start:end]], dtype=np.int64)
        costs, skip_en = block_costs(model, start, lo, width)
        for r, i in enumerate(range(start, end)):
            best, kind = _row(i, int(lo[r]), width, [c if c is None else c[r] for c in costs],
                              skip_en[r], rows)
            rows.append(_Row(int(lo[r]), best))
            los.append(int(lo[r]))
            kinds.append(kind)
            if i >= MAX_RUN:
                rows[i - MAX_RUN] = _EMPTY  # rows older than i-MAX_RUN are never read again
    return _traceback(los, kinds, n, windows[n][1])


def _row(
    i: int,
    lo: int,
    width: int,
    costs: list[npt.NDArray[np.float64] | None],
    skip_en: npt.NDArray[np.float64],
    rows: list[_Row],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    best = np.full(width, INF)
    kind = np.full(width, -1, dtype=np.int8)
    if i == 0:
        best[0] = 0.0
    else:
        for k, cost in enumerate(costs):
            di, dj = KIND_STEPS[k]
            if cost is None or k == K01 or i < di:
                continue
            candidate = rows[i - di].take(lo - dj, width) + cost
            better = candidate < best
            best = np.where(better, candidate, best)
            kind[better] = k
    return _scan_insertions(best, kind, skip_en)


def _scan_insertions(
    best: npt.NDArray[np.float64], kind: npt.NDArray[np.int8], skip_en: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int8]]:
    """best[j] = min(best[j], best[j-1] + skip_en[j]) along the row, in one pass."""
    steps = skip_en.copy()
    steps[0] = 0.0
    cumulative = np.cumsum(steps)
    shifted = best - cumulative
    running = np.minimum.accumulate(shifted)
    positions = np.arange(len(best))
    source = np.maximum.accumulate(np.where(shifted <= running, positions, 0))
    result = running + cumulative
    kind = np.where(source == positions, kind, np.int8(K01))
    return result, kind


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


def project_windows(coarse: list[Step], n: int, m: int, band: int) -> list[Window]:
    """Windows for the fine level: the cells under each coarse bead (units of two
    sentences), widened by `band` columns, made monotone so a path always exists."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in coarse:
        r0, r1 = min(2 * i0, n), min(2 * i1, n)
        c0, c1 = min(2 * j0, m), min(2 * j1, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo = np.clip(lo - band, 0, m)
    hi = np.clip(hi + band, 0, m)
    lo[0], hi[n] = 0, m
    return [(int(a), int(b)) for a, b in zip(lo, hi, strict=True)]
