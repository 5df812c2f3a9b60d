"""The tabular terminal report (`--format table`): beads side by side, fitted to the terminal.

Per pair: a title, the article scores, a table of the beads with findings plus one bead
of context on each side (`--all-beads`: every bead), columns German | machine
translation | English | findings, then the pair's findings one per line. The report
ends with the same summary line as the default output. No line is wider than
`options.width`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tabulate import tabulate

from checker.model import BeadResult, Flag, PairResult, Report, Sentence, Severity
from checker.report.common import (
    RenderOptions,
    bead_counts_text,
    format_score,
    one_line,
    ordered_findings,
    plural,
)
from checker.report.text import (
    SEVERITY_STYLE,
    baseline_notes,
    closing_line,
    findings_block,
    header_lines,
    paint,
    wrap,
)

TABLE_FORMAT = "simple_grid"
MISSING = "–"
INDEX_WIDTH = 5  # bead number, kind and chrF, one per line
BORDER = 3  # "│ " before and " " after each cell in simple_grid
FINDINGS_MIN, FINDINGS_MAX = 10, 24  # width of the findings column
TEXT_MIN = 8  # narrowest German / MT / English column
_MARK = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}


@dataclass(frozen=True)
class Widths:
    index: int
    text: int
    findings: int

    @classmethod
    def fit(cls, width: int) -> Widths:
        """Column widths whose table, borders included, is at most `width` wide."""
        findings = max(FINDINGS_MIN, min(FINDINGS_MAX, width // 6))
        free = width - 5 * BORDER - 1 - INDEX_WIDTH - findings
        return cls(INDEX_WIDTH, max(TEXT_MIN, free // 3), findings)


def _cell(text: str, width: int) -> str:
    return "\n".join(wrap(one_line(text), width, indent=""))


def _sentences(sentences: tuple[Sentence, ...], width: int, color: bool) -> str:
    if not sentences:
        return paint(MISSING, "dim", color)
    return "\n".join(_cell(f"[{s.line}] {s.text}", width) for s in sentences)


def _flag_label(flag: Flag, width: int, options: RenderOptions) -> str:
    label = _cell(f"{_MARK[flag.severity]} {flag.code}", width)
    if not flag.gating:
        return paint(_cell(f"{_MARK[flag.severity]} {flag.code} ({flag.status})", width),
                     "dim", options.color)
    return paint(label, SEVERITY_STYLE[flag.severity], options.color)


def _visible_flags(bead: BeadResult, options: RenderOptions) -> list[Flag]:
    return [f for f in bead.flags
            if not f.gating or options.show_info or f.severity > Severity.INFO]


def _bead_row(bead: BeadResult, widths: Widths, options: RenderOptions) -> list[str]:
    chrf = format_score(bead.scores.chrf if bead.scores else None)
    mt = _cell(bead.mt, widths.text) if bead.mt else paint(MISSING, "dim", options.color)
    labels = [_flag_label(f, widths.findings, options) for f in _visible_flags(bead, options)]
    return [
        f"{bead.index}\n{bead.kind}\n{chrf}",
        _sentences(bead.de, widths.text, options.color),
        mt,
        _sentences(bead.en, widths.text, options.color),
        "\n".join(labels),
    ]


def _gap_row(count: int, widths: Widths, options: RenderOptions) -> list[str]:
    text = _cell(f"{plural(count, 'bead')} without findings", widths.text)
    return ["⋮", paint(text, "dim", options.color), "", "", ""]


def beads_to_show(pair: PairResult, options: RenderOptions) -> list[int]:
    """Indices (into pair.beads) of beads with findings and one neighbour on each side."""
    if options.all_beads:
        return list(range(len(pair.beads)))
    flagged = [i for i, bead in enumerate(pair.beads)
               if any(f.gating for f in _visible_flags(bead, options))]
    keep = {j for i in flagged for j in (i - 1, i, i + 1) if 0 <= j < len(pair.beads)}
    return sorted(keep)


def _rows(pair: PairResult, widths: Widths, options: RenderOptions) -> list[list[str]]:
    rows: list[list[str]] = []
    previous = -1
    for i in beads_to_show(pair, options):
        if i - previous > 1:
            rows.append(_gap_row(i - previous - 1, widths, options))
        rows.append(_bead_row(pair.beads[i], widths, options))
        previous = i
    if rows and len(pair.beads) - previous > 1:
        rows.append(_gap_row(len(pair.beads) - previous - 1, widths, options))
    return rows


def bead_table(pair: PairResult, options: RenderOptions) -> str:
    widths = Widths.fit(options.width)
    rows = _rows(pair, widths, options)
    if not pair.beads:
        return "(no sentences)"
    if not rows:
        return (f"No bead has a finding of its own ({plural(len(pair.beads), 'bead')} hidden; "
                "--all-beads shows them).")
    mt = "machine translation" if widths.text >= len("machine translation") else "MT"
    headers = ["#", "German", mt, "English", "findings"]
    return str(tabulate(rows, headers=headers, tablefmt=TABLE_FORMAT, disable_numparse=True))


def _pair_title(pair: PairResult, options: RenderOptions) -> list[str]:
    verdict = "PASSED" if pair.passed else "FAILED"
    title = f"== {one_line(pair.id)}: {verdict}  (de: {one_line(pair.de_path)}, en: " \
            f"{one_line(pair.en_path)})"
    s = pair.summary
    ter = "" if s.ter is None else f"TER {format_score(s.ter)} · "  # TER may not be computed
    scores = (f"chrF {format_score(s.chrf)} · BLEU {format_score(s.bleu)} · {ter}"
              f"beads {bead_counts_text(s.beads)}")
    lines = wrap(title, options.width) + wrap(scores, options.width)
    lines[0] = paint(lines[0], "bold", options.color)
    return lines


def _pair_section(pair: PairResult, options: RenderOptions) -> str:
    findings = findings_block(ordered_findings([pair]), options)
    parts = ["\n".join(_pair_title(pair, options)), bead_table(pair, options)]
    return "\n\n".join(parts + (["\n".join(findings)] if findings else []))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """The header, one section per pair, notes and summary; pair by pair, so that a
    report read from a results store is never held whole."""
    yield "\n".join(header_lines(report, options))
    for pair in report.pairs:
        yield "\n\n" + _pair_section(pair, options)
    if not report.pairs:
        yield "\n\nNo article pairs were checked."
    notes = baseline_notes(report, options)
    if notes:
        yield "\n\n" + "\n".join(notes)
    yield f"\n\n{closing_line(report, options)}\n"


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))
