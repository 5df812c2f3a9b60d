"""Drift detectors: one module per finding code; `detect` runs them over a pair's beads.

Coverage findings (omission, addition, moved) come from the pipeline; the detectors
here look at beads that have both a German and an English side.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from checker import wordnet
from checker.checks.base import BeadDetector, CheckContext, GlossaryEntry, Lexicon
from checker.checks.glossary import detect_glossary, load_glossary
from checker.checks.length import detect_length
from checker.checks.meaning import detect_meaning
from checker.checks.merge import merge_overlapping
from checker.checks.names import detect_names
from checker.checks.negation import detect_negation
from checker.checks.numbers import detect_numbers
from checker.checks.quotes import detect_quotes
from checker.checks.untranslated import detect_untranslated
from checker.model import BeadResult, Flag

# detector → the codes it can emit (a detector runs unless all its codes are disabled)
DETECTORS: tuple[tuple[BeadDetector, frozenset[str]], ...] = (
    (detect_untranslated, frozenset({"untranslated"})),
    (detect_numbers, frozenset({"number"})),
    (detect_names, frozenset({"name"})),
    (detect_quotes, frozenset({"quote"})),
    (detect_negation, frozenset({"negation"})),
    (detect_glossary, frozenset({"glossary"})),
    (detect_length, frozenset({"length"})),
    (detect_meaning, frozenset({"meaning", "wording"})),
)
# with no machine translation only these run (they need no English rendering of the German)
LANGUAGE_INDEPENDENT = frozenset({"untranslated", "number", "name", "quote", "length"})


def has_both_sides(bead: BeadResult) -> bool:
    return bool(bead.de) and bool(bead.en)


def detect_bead(bead: BeadResult, ctx: CheckContext) -> tuple[Flag, ...]:
    """All flags of one two-sided bead, disabled codes left out, one finding per problem."""
    disabled = ctx.settings.disabled
    flags: list[Flag] = []
    for detector, codes in DETECTORS:
        if codes <= disabled:
            continue
        if bead.mt is None and not codes & LANGUAGE_INDEPENDENT and "glossary" not in codes:
            continue
        flags += [f for f in detector(bead, ctx) if f.code not in disabled]
    return merge_overlapping(flags)


def detect(beads: Sequence[BeadResult], ctx: CheckContext) -> tuple[BeadResult, ...]:
    """The beads with their drift flags added (beads missing a side are returned as they are)."""
    out = []
    with wordnet.pinned():  # $TRANSCHECK_WORDNET read once for the pass, not once per word
        for bead in beads:
            if not has_both_sides(bead):
                out.append(bead)
                continue
            new = detect_bead(bead, ctx)
            out.append(dataclasses.replace(bead, flags=bead.flags + new) if new else bead)
    return tuple(out)


__all__ = ["CheckContext", "GlossaryEntry", "Lexicon", "detect", "detect_bead", "load_glossary"]
