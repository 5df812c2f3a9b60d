"""GitHub-flavoured Markdown for a PR comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

import re

from checker.model import PairResult, Report
from checker.report.common import (
    Finding,
    bead_counts_text,
    format_score,
    pair_findings,
    status_label,
    translator_caveat,
    verdict,
)

MAX_FINDINGS_PER_PAIR = 200  # keeps a PR comment under GitHub's 65,536-character limit
MISSING = "–"
_ICON = {True: "✅", False: "❌"}
_SEVERITY_ICON = {"error": "🔴", "warning": "🟠", "info": "🔵"}
# Characters that would start Markdown or HTML markup inside a table cell.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell: markup characters escaped, one line."""
    one_line = " ".join(text.split())
    return _SPECIAL.sub(r"\\\1", one_line).replace("&", "&amp;")


def _code(text: str, *, in_table: bool = False) -> str:
    """Inline code that survives backticks in `text` (and pipes inside a table cell)."""
    body = " ".join(text.split())
    if in_table:
        body = body.replace("|", "\\|")
    return f"`` {body} ``" if "`" in body else f"`{body}`"


def _header(report: Report) -> list[str]:
    info = report.translator
    lines = [f"## {_ICON[report.passed]} transcheck: {verdict(report.passed)}", ""]
    translator = f"**Translator: {escape(info.name)}**"
    if info.model:
        translator += f" (model {_code(info.model)})"
    if info.reason:
        translator += f" — {escape(info.reason)}"
    lines.append(translator)
    caveat = translator_caveat(report)
    if caveat:
        lines += ["", f"> [!WARNING]\n> {escape(caveat)}"]
    lines += ["", f"Signature: {_code(report.signature)} · fail on: **{report.fail_on}**"]
    lines += ["", *(f"- ⚠️ {escape(note)}" for note in report.warnings)] if report.warnings else []
    return lines


def _overview(report: Report) -> list[str]:
    lines = [
        "| pair | beads | chrF | errors | warnings | result |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for p in report.pairs:
        flags = p.summary.flags
        lines.append(
            f"| {escape(p.id)} | {sum(p.summary.beads.values())} "
            f"| {format_score(p.summary.chrf)} | {flags.get('error', 0)} "
            f"| {flags.get('warning', 0)} | {_ICON[p.passed]} {verdict(p.passed)} |"
        )
    return lines


def _pair_summary(pair: PairResult) -> list[str]:
    s = pair.summary
    flags = s.flags
    return [
        "| chrF | BLEU | TER | beads | errors | warnings | info |",
        "|---:|---:|---:|---|---:|---:|---:|",
        f"| {format_score(s.chrf)} | {format_score(s.bleu)} | {format_score(s.ter)} "
        f"| {bead_counts_text(s.beads)} | {flags.get('error', 0)} | {flags.get('warning', 0)} "
        f"| {flags.get('info', 0)} |",
    ]


def _line(value: int | None) -> str:
    return MISSING if value is None else str(value)


def _spans(finding: Finding) -> str:
    flag = finding.flag
    sides = (("de", flag.de_span), ("en", flag.en_span), ("mt", flag.mt_span))
    return (
        "<br>".join(f"{side}: {_code(span, in_table=True)}" for side, span in sides if span)
        or MISSING
    )


def _finding_row(finding: Finding) -> str:
    flag = finding.flag
    severity = f"{_SEVERITY_ICON.get(str(flag.severity), '')} {flag.severity}"
    if not flag.gating:
        severity = f"~~{severity}~~ {escape(status_label(flag))}"
    loc = finding.location
    bead = MISSING if finding.bead is None else str(finding.bead.index)
    return (
        f"| {bead} | {_code(flag.code, in_table=True)} | {severity} | {_line(loc.de_line)} "
        f"| {_line(loc.en_line)} | {escape(flag.message)} | {_spans(finding)} |"
    )


def _findings(pair: PairResult) -> list[str]:
    findings = list(pair_findings(pair))
    if not findings:
        return ["No findings."]
    lines = [
        "| bead | code | severity | German line | English line | message | spans |",
        "|---:|---|---|---:|---:|---|---|",
    ]
    lines += [_finding_row(f) for f in findings[:MAX_FINDINGS_PER_PAIR]]
    if len(findings) > MAX_FINDINGS_PER_PAIR:
        hidden = len(findings) - MAX_FINDINGS_PER_PAIR
        lines += ["", f"…and {hidden} more findings (see the full report)."]
    return lines


def _pair_section(pair: PairResult) -> list[str]:
    lines = [
        f"### {_ICON[pair.passed]} {escape(pair.id)} — {verdict(pair.passed)}",
        "",
        f"German: {_code(pair.de_path)} · English: {_code(pair.en_path)}",
        "",
        *_pair_summary(pair),
        "",
        *_findings(pair),
    ]
    if pair.stale_baseline:
        names = ", ".join(_code(f) for f in pair.stale_baseline)
        lines += ["", f"Baseline entries that no longer occur: {names}"]
    return lines


def render(report: Report, *, color: bool = False) -> str:
    """Markdown for GitHub (colour never applies)."""
    lines = _header(report)
    if len(report.pairs) > 1:
        lines += ["", *_overview(report)]
    for pair in report.pairs:
        lines += ["", *_pair_section(pair)]
    if not report.pairs:
        lines += ["", "No article pairs were checked."]
    return "\n".join(lines) + "\n"
