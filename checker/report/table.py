"""The terminal report: header, per pair a summary line, the bead table and the findings."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from tabulate import tabulate

from checker.model import BeadResult, Flag, PairResult, Report, Sentence, Severity
from checker.report.common import (
    Finding,
    bead_counts_text,
    format_score,
    pair_findings,
    spans_text,
    status_label,
    translator_caveat,
    verdict,
)

TEXT_WIDTH = 36  # characters per text column (German, English, MT): 3 fit a 160-column terminal
MESSAGE_WIDTH = 72  # characters of a finding's message per line
TABLE_FORMAT = "simple_grid"
LIST_FORMAT = "simple"
MISSING = "–"

_ANSI = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "inverse": "7",
}
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_SEVERITY_MARK = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}


def _paint(text: str, style: str, color: bool) -> str:
    codes = ";".join(_ANSI[part] for part in style.split())
    return f"\033[{codes}m{text}\033[0m" if color and text else text


def _verdict(passed: bool, color: bool) -> str:
    return _paint(verdict(passed), "bold green" if passed else "bold red", color)


def _wrap(text: str, width: int) -> str:
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False)
    return "\n".join(lines)


def _sentences_cell(sentences: Iterable[Sentence], color: bool) -> str:
    parts = []
    for sentence in sentences:
        prefix = _paint(f"[{sentence.line}]", "dim", color)
        parts.append(f"{prefix} {_wrap(sentence.text, TEXT_WIDTH - 6)}")
    return "\n".join(parts) or _paint(MISSING, "dim", color)


def _flag_label(flag: Flag, color: bool) -> str:
    label = f"{_SEVERITY_MARK[flag.severity]}:{flag.code}"
    if not flag.gating:
        return _paint(f"{label} ({flag.status})", "dim", color)
    return _paint(label, _SEVERITY_STYLE[flag.severity], color)


def _bead_row(bead: BeadResult, color: bool) -> list[str]:
    mt = _wrap(bead.mt, TEXT_WIDTH) if bead.mt else _paint(MISSING, "dim", color)
    chrf = format_score(bead.scores.chrf if bead.scores else None)
    flags = "\n".join(_flag_label(f, color) for f in bead.flags)
    return [
        str(bead.index),
        bead.kind,
        _sentences_cell(bead.de, color),
        _sentences_cell(bead.en, color),
        mt,
        chrf,
        flags,
    ]


def _bead_table(pair: PairResult, color: bool) -> str:
    headers = ["#", "kind", "German", "English", "machine translation", "chrF", "flags"]
    rows = [_bead_row(bead, color) for bead in pair.beads]
    if not rows:
        return "(no sentences)"
    return str(tabulate(rows, headers=headers, tablefmt=TABLE_FORMAT, disable_numparse=True))


def _line(value: int | None) -> str:
    return MISSING if value is None else str(value)


def _finding_row(finding: Finding, color: bool) -> list[str]:
    flag = finding.flag
    severity = str(flag.severity)
    severity = _paint(severity, _SEVERITY_STYLE[flag.severity] if flag.gating else "dim", color)
    bead = MISSING if finding.bead is None else str(finding.bead.index)
    spans = spans_text(flag)
    message = f"{flag.message} [{spans}]" if spans else flag.message
    loc = finding.location
    return [
        bead,
        _line(loc.de_line),
        _line(loc.en_line),
        severity,
        flag.code,
        status_label(flag) or "new",
        _wrap(message, MESSAGE_WIDTH),
    ]


def _findings_list(pair: PairResult, color: bool) -> str:
    findings = list(pair_findings(pair))
    if not findings:
        return "No findings."
    open_count = sum(1 for f in findings if f.flag.gating)
    title = f"Findings: {open_count} new, {len(findings) - open_count} accepted or waived"
    headers = ["bead", "de line", "en line", "severity", "code", "status", "message"]
    rows = [_finding_row(f, color) for f in findings]
    return (
        title + "\n" + str(tabulate(rows, headers=headers, tablefmt=LIST_FORMAT,
                                    disable_numparse=True))
    )


def _counts_text(flags: dict[str, int]) -> str:
    return ", ".join(f"{sev}: {flags.get(sev, 0)}" for sev in ("error", "warning", "info"))


def _pair_summary(pair: PairResult, color: bool) -> str:
    s = pair.summary
    scores = f"chrF {format_score(s.chrf)}  BLEU {format_score(s.bleu)}  TER {format_score(s.ter)}"
    beads = f"beads {bead_counts_text(s.beads)}"
    return f"{scores} · {beads} · flags {_counts_text(s.flags)} · {_verdict(pair.passed, color)}"


def _pair_section(pair: PairResult, color: bool) -> str:
    title = _paint(f"== {pair.id}", "bold", color) + f"   de: {pair.de_path}   en: {pair.en_path}"
    parts = [
        title,
        _pair_summary(pair, color),
        _bead_table(pair, color),
        _findings_list(pair, color),
    ]
    if pair.stale_baseline:
        names = ", ".join(pair.stale_baseline)
        parts.append(f"Baseline entries that no longer occur ({len(pair.stale_baseline)}): {names}")
    return "\n\n".join(parts)


def _header(report: Report, color: bool) -> str:
    info = report.translator
    name = _paint(info.name.upper(), "bold inverse", color)
    lines = [
        _paint(f"{report.tool_name} {report.tool_version}", "bold", color)
        + f" — {_verdict(report.passed, color)} (fail on: {report.fail_on})",
        f"TRANSLATOR: {name}" + (f"  model: {info.model}" if info.model else ""),
    ]
    if info.reason:
        lines.append(f"  why: {info.reason}")
    caveat = translator_caveat(report)
    if caveat:
        lines.append(_paint(f"  !! {caveat}", "bold yellow", color))
    lines.append(f"signature: {report.signature}")
    lines += [_paint(f"note: {note}", "yellow", color) for note in report.warnings]
    return "\n".join(lines)


def _overview(report: Report, color: bool) -> str:
    headers = ["pair", "beads", "chrF", "errors", "warnings", "passed"]
    rows = [
        [
            p.id,
            str(sum(p.summary.beads.values())),
            format_score(p.summary.chrf),
            str(p.summary.flags.get("error", 0)),
            str(p.summary.flags.get("warning", 0)),
            _verdict(p.passed, color),
        ]
        for p in report.pairs
    ]
    table = tabulate(rows, headers=headers, tablefmt=TABLE_FORMAT, disable_numparse=True)
    failed = sum(1 for p in report.pairs if not p.passed)
    errors = sum(p.summary.flags.get("error", 0) for p in report.pairs)
    warnings = sum(p.summary.flags.get("warning", 0) for p in report.pairs)
    total = (
        f"total: {len(report.pairs)} pairs, {failed} failed, {errors} errors, "
        f"{warnings} warnings — {_verdict(report.passed, color)}"
    )
    return f"{table}\n{total}"


def render(report: Report, *, color: bool = False) -> str:
    """The human report for a terminal; ANSI colour only when `color`."""
    parts = [_header(report, color)]
    parts += [_pair_section(pair, color) for pair in report.pairs]
    if len(report.pairs) > 1:
        parts.append(_overview(report, color))
    elif not report.pairs:
        parts.append("No article pairs were checked.")
    return "\n\n".join(parts) + "\n"
