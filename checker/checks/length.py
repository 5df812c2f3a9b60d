"""`length`: English/German character ratio outside the expected band."""

from __future__ import annotations

import math

from checker import settings
from checker.checks.base import CheckContext
from checker.checks.common import make_flag
from checker.model import BeadResult, Flag

CODE = "length"
MIN_CHARS = 40  # shorter beads (headings, captions) vary too much to judge


def detect_length(bead: BeadResult, ctx: CheckContext) -> list[Flag]:
    de, en = bead.de_text, bead.en_text
    if max(len(de), len(en)) < MIN_CHARS or not de:
        return []
    ratio = len(en) / len(de)
    low, high = ctx.settings.thresholds.length_min, ctx.settings.thresholds.length_max
    spread = math.sqrt(settings.ALIGN_GC_VARIANCE * len(de))  # Gale & Church (1993)
    if low <= ratio <= high or abs(len(en) - len(de)) < settings.LENGTH_MIN_SPREADS * spread:
        return []
    side = "shorter" if ratio < low else "longer"
    return [make_flag(
        ctx, CODE,
        f"English is much {side} than the German ({len(en)} vs {len(de)} characters, "
        f"ratio {ratio:.2f} outside {low:g}–{high:g})",
    )]
