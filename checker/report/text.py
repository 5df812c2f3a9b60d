"""The default terminal output, like a linter: one line per finding, then a summary line.

    pairs/sora-leak/en.md:11:16: error number  three hours vs four hours
    4 errors, 3 warnings (25 info hidden) in 1 pair: FAILED (fail on error)

Errors come first, then warnings (then info with `--show info`), each group in file
order. Every line fits `options.width` columns: long messages continue on indented
lines. Accepted and waived findings are counted in the summary line, not listed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator

from checker.model import PairResult, Report, Severity
from checker.report.common import (
    Finding,
    RenderOptions,
    finding_columns,
    message_of,
    one_line,
    pair_findings,
    summary_line,
    translator_caveat,
    translator_line,
)

INDENT = "    "  # continuation lines of a long finding
_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def paint(text: str, style: str, color: bool) -> str:
    """`text` in ANSI `style` ("bold red") when `color`, else unchanged."""
    if not color or not text:
        return text
    codes = ";".join(_ANSI[part] for part in style.split())
    return f"\033[{codes}m{text}\033[0m"


def wrap(text: str, width: int, indent: str = INDENT) -> list[str]:
    """`text` as lines of at most `width` characters, continuations indented."""
    return textwrap.wrap(
        text,
        max(width, len(indent) + 1),
        subsequent_indent=indent,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [""]


def shown(finding: Finding, options: RenderOptions) -> bool:
    """New findings, info ones only with --show info (accepted and waived ones never)."""
    flag = finding.flag
    return flag.gating and (options.show_info or flag.severity > Severity.INFO)


def where(finding: Finding) -> str:
    """`path:line:col` (as far as known) for the start of a finding's line."""
    loc = finding.location
    if loc.line is None:
        return loc.path
    columns = finding_columns(finding)
    if columns is None:
        return f"{loc.path}:{loc.line}"
    return f"{loc.path}:{columns.line}:{columns.start}"


def finding_lines(finding: Finding, options: RenderOptions) -> list[str]:
    flag = finding.flag
    head = f"{one_line(where(finding))}: {flag.severity} {flag.code}"
    lines = wrap(f"{head}  {message_of(flag)}", options.width)
    if options.color:
        label = f" {flag.severity} {flag.code}"
        styled = paint(label, SEVERITY_STYLE[flag.severity], True)
        lines[0] = lines[0].replace(label, styled, 1)
    return lines


def header_lines(report: Report, options: RenderOptions) -> list[str]:
    """Which translator ran (and a loud caveat when it was not a real one)."""
    lines = wrap(one_line(translator_line(report)), options.width)
    caveat = translator_caveat(report)
    if caveat:
        lines += [paint(line, "bold yellow", options.color)
                  for line in wrap(f"!! {caveat}", options.width)]
    if options.show_signature:
        lines += wrap(f"signature: {one_line(report.signature)}", options.width)
    return lines


def baseline_notes(report: Report, options: RenderOptions) -> list[str]:
    lines: list[str] = []
    for pair in report.pairs:
        if pair.stale_baseline:
            note = (f"{one_line(pair.id)}: {len(pair.stale_baseline)} baseline entries no "
                    f"longer occur: {one_line(', '.join(pair.stale_baseline))}")
            lines += wrap(note, options.width)
    return lines


def findings_block(findings: Iterable[Finding], options: RenderOptions) -> list[str]:
    return list(finding_block_lines(findings, options))


def finding_block_lines(findings: Iterable[Finding], options: RenderOptions) -> Iterator[str]:
    for finding in findings:
        if shown(finding, options):
            yield from finding_lines(finding, options)


def findings_in_order(pairs: Iterable[PairResult]) -> Iterator[Finding]:
    """common.ordered_findings(pairs) — most severe first, then pair by pair in file
    position order — made in one pass over `pairs` per severity, holding one pair's
    findings at a time (a report backed by a results store re-reads its pairs)."""
    for severity in sorted(Severity, key=int, reverse=True):
        for pair in pairs:
            keyed = [((finding.location.line or 0, order), finding)
                     for order, finding in enumerate(pair_findings(pair))
                     if finding.flag.severity == severity]
            yield from (finding for _, finding in sorted(keyed, key=lambda item: item[0]))


def joined_parts(parts: Iterable[Iterable[str]]) -> Iterator[str]:
    """"\n\n".join("\n".join(part) for part in parts if part), in pieces."""
    started = False
    for part in parts:
        separator = "\n\n" if started else ""
        for line in part:
            yield separator + line
            separator, started = "\n", True


def closing_line(report: Report, options: RenderOptions) -> str:
    text = summary_line(report, show_info=options.show_info)
    style = "bold green" if report.passed else "bold red"
    return "\n".join(paint(line, style, options.color) for line in wrap(text, options.width))


def chunks(report: Report, options: RenderOptions) -> Iterator[str]:
    """Header, findings most severe first, baseline notes, and the summary line last;
    in pieces, so that a report read from a results store is never held whole."""
    findings: Iterable[str] = finding_block_lines(findings_in_order(report.pairs), options)
    if not report.pairs:
        findings = ["No article pairs were checked."]
    yield from joined_parts([header_lines(report, options), findings,
                             baseline_notes(report, options)])
    yield f"\n\n{closing_line(report, options)}\n"


def render(report: Report, options: RenderOptions) -> str:
    return "".join(chunks(report, options))
