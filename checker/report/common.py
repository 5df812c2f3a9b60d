"""Helpers every renderer shares: where a finding points, whether it gates, rule help."""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.model import BEAD_KINDS, BeadResult, Flag, PairResult, Report, Severity
from checker.settings import FLAG_CODES

NEVER = "never"  # the fail-on value under which nothing gates
DEFAULT_WIDTH = 100  # terminal columns when the terminal's width is unknown
MIN_WIDTH = 60  # narrower terminals still get 60-column text


@dataclass(frozen=True)
class RenderOptions:
    """How a report is shown; every renderer takes these and uses the ones it needs."""

    color: bool = False  # ANSI colour (text and table only)
    width: int = DEFAULT_WIDTH  # terminal columns (text and table only)
    show_info: bool = False  # list info findings (text and table; Markdown folds them)
    show_signature: bool = False  # print the signature (text and table)
    all_beads: bool = False  # table: every bead, not only those with findings and context


DEFAULT_OPTIONS = RenderOptions()


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
    "unrelated": "The English is not a translation of the German at all.",
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


# ---------------------------------------------------------------- text safety


def _visible_char(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


# C0 and C1 control characters, DEL, and the bidirectional overrides and isolates that
# can make a terminal or a browser show text in another order than it is stored.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character written out (`\\x1b`), so none reaches a terminal."""
    return _CONTROL.sub(lambda m: _visible_char(m.group()), text)


def one_line(text: str) -> str:
    """Whitespace runs (line breaks included) as one space, then control characters visible."""
    return visible(" ".join(text.split()))


def message_of(flag: Flag) -> str:
    """The finding's message without a leading `CODE:` (every format shows the code itself)."""
    text = flag.message
    prefix = f"{flag.code}:"
    if text.lower().startswith(prefix):
        text = text[len(prefix):].lstrip()
    return one_line(text)


# ---------------------------------------------------------------- ordering and counts

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
SEVERITY_PLURAL = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}


def failing_first(pairs: Iterable[PairResult]) -> Iterator[PairResult]:
    """sorted(pairs, key=passed) in two passes, holding no pair: a report backed by a
    results store reads its pairs back on each pass."""
    for passed in (False, True):
        yield from (pair for pair in pairs if pair.passed == passed)


def ordered_findings(pairs: Iterable[PairResult]) -> list[Finding]:
    """Every finding, most severe first, then pair by pair in file position order."""
    keyed = []
    for pair_index, pair in enumerate(pairs):
        for order, finding in enumerate(pair_findings(pair)):
            line = finding.location.line or 0
            keyed.append(((-int(finding.flag.severity), pair_index, line, order), finding))
    return [finding for _, finding in sorted(keyed, key=lambda item: item[0])]


@dataclass(frozen=True)
class Tally:
    """Finding counts for a summary line: new ones by severity, and the rest."""

    new: dict[Severity, int]
    settled: int  # accepted (baseline) or waived (inline)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Tally:
        new = {severity: 0 for severity in SEVERITY_ORDER}
        settled = 0
        for finding in findings:
            if finding.flag.gating:
                new[finding.flag.severity] += 1
            else:
                settled += 1
        return cls(new, settled)


def finding_counts(pair: PairResult) -> dict[str, int]:
    """The pair's new findings by severity and its `settled` ones (a results store's
    record keeps them, so that a summary line need not read the pairs whole)."""
    tally = Tally.of(pair_findings(pair))
    return {**{str(severity): count for severity, count in tally.new.items()},
            "settled": tally.settled}


def _summary_counts(report: Report) -> tuple[Tally, int]:
    """The report's Tally and its number of failed pairs; for a results store's pairs
    (store.StoredPairs) from the records' counts, when they all have them."""
    stored = getattr(report.pairs, "finding_counts", None)
    counts = stored() if stored is not None else None
    if counts is not None:
        new = {severity: counts[str(severity)] for severity in SEVERITY_ORDER}
        return Tally(new, counts["settled"]), counts["failed"]
    tally = Tally.of(f for pair in report.pairs for f in pair_findings(pair))
    return tally, sum(1 for p in report.pairs if not p.passed)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(report: Report, *, show_info: bool = False) -> str:
    """`4 errors, 3 warnings (25 info hidden) in 1 pair: FAILED (fail on error)`."""
    tally, failed = _summary_counts(report)
    errors = plural(tally.new[Severity.ERROR], "error")
    warnings = plural(tally.new[Severity.WARNING], "warning")
    info = tally.new[Severity.INFO]
    parts = [errors, warnings] + ([f"{info} info"] if show_info else [])
    hidden = [] if show_info or not info else [f"{info} info"]
    if tally.settled:
        hidden.append(f"{tally.settled} accepted or waived")
    text = ", ".join(parts)
    if hidden:
        text += f" ({', '.join(hidden)} hidden)"
    pairs = plural(len(report.pairs), "pair")
    if failed and len(report.pairs) > 1:
        pairs += f" ({failed} failed)"
    return f"{text} in {pairs}: {verdict(report.passed)} (fail on {report.fail_on})"


# ---------------------------------------------------------------- columns in the source


def _file_lines(path: str) -> tuple[str, ...]:
    """The file's lines ('' on any error), read once per version of the file."""
    try:
        info = os.stat(path)
    except OSError:
        return ()
    if not stat.S_ISREG(info.st_mode):
        return ()
    return _read_lines(path, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=64)
def _read_lines(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            return tuple(handle.read(MAX_SOURCE_CHARS).splitlines())
    except OSError:
        return ()


MAX_SOURCE_CHARS = 20_000_000  # columns are looked up in at most this much of a file
SPAN_SEARCH_LINES = 8  # lines after a sentence's first line that may hold its span


@dataclass(frozen=True)
class Columns:
    line: int
    start: int  # 1-based column of the span's first character
    end: int  # 1-based column just after the span


def span_columns(path: str, line: int | None, span: str) -> Columns | None:
    """Where `span` sits in the file, searching from the sentence's line; None if unknown."""
    span = " ".join(span.split())
    if line is None or not span:
        return None
    lines = _file_lines(path)
    for number in range(line, min(line + SPAN_SEARCH_LINES, len(lines)) + 1):
        at = lines[number - 1].find(span)
        if at >= 0:
            return Columns(number, at + 1, at + 1 + len(span))
    return None


def finding_columns(finding: Finding) -> Columns | None:
    """The columns of the evidence span on the side the finding's location points to."""
    flag = finding.flag
    loc = finding.location
    span = flag.de_span if loc.path == finding.pair.de_path else flag.en_span
    return span_columns(loc.path, loc.line, span)
