"""One finding per problem: findings of one bead on overlapping spans are merged.

The strongest finding (highest severity, then the code earlier in `CODE_RANK`) stays;
a weaker one on the same words of any side, or one that is bead-wide evidence (info,
or without spans), becomes part of its message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from checker.checks.common import fold, words
from checker.model import Flag, Severity

# strongest first, for findings of equal severity on the same span
CODE_RANK = ("unrelated", "untranslated", "glossary", "omission", "addition", "number", "name",
             "negation", "quote", "moved", "meaning", "length", "wording", "missing-mt")

# codes that judge a bead as a whole: a stronger finding on the bead already covers them
BEAD_WIDE = frozenset({"meaning", "wording", "length"})


def code_rank(code: str) -> int:
    return CODE_RANK.index(code) if code in CODE_RANK else len(CODE_RANK)


# ---------------------------------------------------------------- one finding per problem


def _span_words(flag: Flag) -> dict[str, frozenset[str]]:
    return {side: frozenset(fold(t.text) for t in words(text) if len(t.text) > 1)
            for side, text in (("de", flag.de_span), ("en", flag.en_span), ("mt", flag.mt_span))}


def _overlap(a: Flag, b: Flag) -> bool:
    """Two findings speak of the same words on some side, or the weaker one `b` is a
    judgement of the whole bead (info, no spans, or a bead-wide code)."""
    if b.severity == Severity.INFO or not (b.de_span or b.en_span or b.mt_span):
        return True
    if b.code in BEAD_WIDE and a.severity > b.severity:
        return True
    wa, wb = _span_words(a), _span_words(b)
    return any(wa[side] & wb[side] for side in wa)


def _detail(flag: Flag) -> str:
    return flag.message.split(": ", 1)[-1] if flag.message.startswith(flag.code) else flag.message


def merge_overlapping(flags: Sequence[Flag]) -> tuple[Flag, ...]:
    """One finding per problem: a weaker finding on the same span joins the stronger one."""
    if len(flags) < 2:
        return tuple(flags)
    ordered = sorted(dict.fromkeys(flags), key=lambda f: (-f.severity, code_rank(f.code)))
    kept: list[Flag] = []
    for flag in ordered:
        host = next((k for k, other in enumerate(kept) if _overlap(other, flag)), None)
        if host is None:
            kept.append(flag)
            continue
        stronger = kept[host]
        kept[host] = replace(stronger, message=f"{stronger.message} [also {flag.code}: "
                                               f"{_detail(flag)}]")
    return tuple(kept)
