"""Helpers every renderer shares: where a finding points, whether it gates, rule help."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.model import BEAD_KINDS, BeadResult, Flag, PairResult, Report, Severity
from checker.settings import FLAG_CODES

NEVER = "never"  # the fail-on value under which nothing gates

# One line of help per flag code: shown in SARIF rules, HTML tooltips and Markdown.
RULE_HELP: dict[str, str] = {
    "omission": "A German sentence has no English counterpart (1-0 bead).",
    "addition": "An English sentence has no German counterpart (0-1 bead).",
    "moved": "A sentence appears in another place in the English than in the German.",
    "number": "A number, date, percentage or amount differs between German and English.",
    "name": "A name on one side is missing or different on the other (exonyms allowed).",
    "negation": "A negation appears on one side only.",
    "quote": "A quotation's wording differs between the machine translation and the English.",
    "meaning": "The machine translation and the English are not similar (low chrF).",
    "wording": "A word-level shift between the machine translation and the English.",
    "glossary": "A term in the glossary is translated otherwise.",
    "length": "The English/German length ratio is outside the expected band.",
    "untranslated": "The English sentence is still (mostly) German.",
    "missing-mt": "No machine translation was available for this German sentence.",
    "stale": "One side of the pair changed after the other.",
    "unchecked": "The pair could not be read or checked (archive runs with --results).",
}
UNKNOWN_RULE_HELP = "A transcheck finding."


def rule_help(code: str) -> str:
    return RULE_HELP.get(code, UNKNOWN_RULE_HELP)


def rule_codes(report: Report) -> list[str]:
    """All known codes in their settings order, then any other code the report uses."""
    codes = list(FLAG_CODES)
    extra = sorted({flag.code for _, flag in iter_flags(report)} - set(codes))
    return codes + extra


def fail_threshold(fail_on: str) -> Severity | None:
    """The lowest severity that gates under `fail_on`; None for `never`."""
    if fail_on.strip().lower() == NEVER:
        return None
    return Severity.parse(fail_on)


def is_gating(flag: Flag, threshold: Severity | None) -> bool:
    """A new (not accepted, not waived) finding at or above the threshold."""
    return flag.gating and threshold is not None and flag.severity >= threshold


def status_label(flag: Flag) -> str:
    """'' for a new finding, else 'accepted' / 'waived' (with the note when there is one)."""
    if flag.gating:
        return ""
    return f"{flag.status}: {flag.note}" if flag.note else flag.status


@dataclass(frozen=True)
class Location:
    """Where a finding points: the file a reader should open, and the line there."""

    path: str
    line: int | None
    de_line: int | None
    en_line: int | None


def bead_location(pair: PairResult, bead: BeadResult | None) -> Location:
    """The English sentence's line; the German one when there is no English (omission)."""
    if bead is None:
        return Location(pair.en_path, None, None, None)
    de_line = bead.de[0].line if bead.de else None
    en_line = bead.en[0].line if bead.en else None
    if en_line is not None:
        return Location(pair.en_path, en_line, de_line, en_line)
    if de_line is not None:
        return Location(pair.de_path, de_line, de_line, en_line)
    return Location(pair.en_path, None, None, None)


@dataclass(frozen=True)
class Finding:
    """One flag with its pair, its bead (None for a pair-level flag) and location."""

    pair: PairResult
    bead: BeadResult | None
    flag: Flag
    location: Location


def pair_findings(pair: PairResult) -> Iterator[Finding]:
    """Pair-level flags first, then bead flags in bead order."""
    for flag in pair.pair_flags:
        yield Finding(pair, None, flag, bead_location(pair, None))
    for bead in pair.beads:
        for flag in bead.flags:
            yield Finding(pair, bead, flag, bead_location(pair, bead))


def iter_flags(report: Report) -> Iterator[tuple[PairResult, Flag]]:
    for pair in report.pairs:
        for finding in pair_findings(pair):
            yield pair, finding.flag


def verdict(passed: bool) -> str:
    return "PASSED" if passed else "FAILED"


def format_score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def ordered_bead_kinds(counts: dict[str, int]) -> list[str]:
    """Bead kinds in the aligner's order (1-1, 1-2, 2-1, 1-0, 0-1, 2-2), then any others."""
    known = [f"{n}-{m}" for n, m in BEAD_KINDS]
    return [k for k in known if k in counts] + sorted(set(counts) - set(known))


def bead_counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind}: {counts[kind]}" for kind in ordered_bead_kinds(counts)) or "none"


def spans_text(flag: Flag) -> str:
    """The evidence spans as `de „…“ · en “…” · mt “…”` (only those present)."""
    parts = [
        f"{side} “{span}”"
        for side, span in (("de", flag.de_span), ("en", flag.en_span), ("mt", flag.mt_span))
        if span
    ]
    return " · ".join(parts)


def translator_line(report: Report) -> str:
    """'translator: lexicon (model …) — reason': the line every report header shows."""
    info = report.translator
    text = f"translator: {info.name}"
    if info.model:
        text += f" (model {info.model})"
    if info.reason:
        text += f" — {info.reason}"
    return text


def translator_caveat(report: Report) -> str:
    """A loud warning when the run had no real machine translation, else ''."""
    name = report.translator.name
    if name == "none":
        return (
            "no machine translation ran: only language-independent checks"
            " (numbers, names, quotes, coverage)"
        )
    if name == "lexicon":
        return "word-by-word dictionary gloss instead of machine translation: scores are coarse"
    return ""
