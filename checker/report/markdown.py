"""GitHub-flavoured Markdown for a PR comment or $GITHUB_STEP_SUMMARY.

Per pair, failing pairs first: errors, then warnings, then info folded in a
`<details>` block, each finding with a line link (`en.md:11` → `…/en.md#L11`). The
whole text stays under GitHub's 65,536-character comment limit: when it would not,
the least severe findings are left out and the comment says how many.

Article text only ever appears inside code spans fenced with more backticks than it
holds; every other piece of text has its Markdown punctuation escaped and mentions
and autolinks broken, so no HTML, link, emphasis or @mention can come out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import quote

from checker.model import PairResult, Report
from checker.report.common import (
    DEFAULT_OPTIONS,
    Finding,
    RenderOptions,
    bead_counts_text,
    failing_first,
    format_score,
    message_of,
    one_line,
    ordered_findings,
    plural,
    status_label,
    summary_line,
    translator_caveat,
    verdict,
)

MAX_CHARS = 65_000  # GitHub rejects comments over 65,536 characters; keep a margin
_ICON = {True: "✅", False: "❌"}
_GROUPS = ("error", "warning", "info", "settled")
_TITLES = {"error": "Errors", "warning": "Warnings"}
# Characters that can open markup mid-line: emphasis, code, links, HTML, tables,
# strikethrough, entities, images, math, headings.
_PUNCTUATION = re.compile(r"([\\`*_{}\[\]<>|~&#!$])")
_WORD_JOINER = "\u2060"  # invisible; stops GitHub turning @name or www.x into a link
_LINKISH = re.compile(r"(@|://|(?i:www)\.|\\#(?=\d))")


def escape(text: str) -> str:
    """Plain text on one line: punctuation backslash-escaped, mentions and autolinks broken."""
    escaped = _PUNCTUATION.sub(r"\\\1", one_line(text))
    return _LINKISH.sub(_break_link, escaped)


def _break_link(match: re.Match[str]) -> str:
    text = match.group(1)
    at = len(text) if text.startswith("\\") else 1  # after "\#", inside "@", "://", "www."
    return text[:at] + _WORD_JOINER + text[at:]


def code(text: str) -> str:
    """`text` as a code span whose fence is longer than any backtick run inside it."""
    body = one_line(text)
    runs = [len(run) for run in re.findall(r"`+", body)]
    fence = "`" * (max(runs, default=0) + 1)
    if body.startswith(("`", " ")) or body.endswith(("`", " ")) or runs:
        body = f" {body} "
    return f"{fence}{body}{fence}"


def line_link(finding: Finding) -> str:
    loc = finding.location
    name = loc.path.replace("\\", "/").rsplit("/", 1)[-1]
    anchor = f"#L{loc.line}" if loc.line is not None else ""
    label = f"{name}:{loc.line}" if loc.line is not None else name
    return f"[{escape(label)}](<{quote(loc.path, safe='/')}{anchor}>)"


def _spans(finding: Finding) -> str:
    flag = finding.flag
    sides = (("German", flag.de_span), ("English", flag.en_span), ("MT", flag.mt_span))
    return " · ".join(f"{side} {code(span)}" for side, span in sides if span.strip())


def finding_item(finding: Finding) -> str:
    flag = finding.flag
    label = status_label(flag)
    status = f" ({escape(label)})" if label else ""
    head = f"- **{escape(flag.code)}**{status} {line_link(finding)} — {escape(message_of(flag))}"
    spans = _spans(finding)
    return f"{head}  \n  {spans}" if spans else head


@dataclass(frozen=True)
class _Item:
    pair: int  # index into the displayed pairs
    group: str  # error | warning | info | settled
    text: str
    rank: int = 0  # position in the order findings are kept (errors of all pairs first)


def _group(finding: Finding) -> str:
    return str(finding.flag.severity) if finding.flag.gating else "settled"


def _pairs_and_items(report: Report) -> tuple[list[PairResult], list[_Item]]:
    """The pairs, failing first, and every finding as a list item in the order they are
    kept (errors of all pairs first). A pair keeps no beads once its findings are items:
    the page needs only its name, files and scores, so a report read from a results
    store is not held whole."""
    pairs: list[PairResult] = []
    items: list[_Item] = []
    for pair in failing_first(report.pairs):
        items += [_Item(len(pairs), _group(f), finding_item(f)) for f in ordered_findings([pair])]
        pairs.append(replace(pair, beads=()))
    items.sort(key=lambda item: (_GROUPS.index(item.group), item.pair))
    return pairs, [_Item(item.pair, item.group, item.text, rank)
                   for rank, item in enumerate(items)]


def _counts(items: list[_Item]) -> str:
    words = {"error": "error", "warning": "warning", "info": "info", "settled": "settled"}
    counts = {g: sum(1 for item in items if item.group == g) for g in _GROUPS[:3]}
    return ", ".join(
        f"{n} info" if g == "info" else plural(n, words[g]) for g, n in counts.items() if n
    ) or "no findings"


def _pair_head(pair: PairResult, items: list[_Item]) -> list[str]:
    s = pair.summary
    files = " · ".join(
        f"[{escape(p.replace(chr(92), '/').rsplit('/', 1)[-1])}](<{quote(p, safe='/')}>)"
        for p in (pair.de_path, pair.en_path)
    )
    scores = (f"chrF {format_score(s.chrf)} · BLEU {format_score(s.bleu)} · "
              f"TER {format_score(s.ter)} · beads {escape(bead_counts_text(s.beads))}")
    return [f"### {_ICON[pair.passed]} {escape(pair.id)}: {verdict(pair.passed)} — "
            f"{_counts(items)}", "", f"{files} · {scores}"]


def _group_block(group: str, items: list[str], total: int) -> list[str]:
    count = str(total) if len(items) == total else f"{len(items)} of {total} shown"
    if group in _TITLES:
        return ["", f"**{_TITLES[group]} ({count})**", "", *items]
    title = (f"{plural(total, 'info finding')}" if group == "info"
             else f"{total} accepted or waived")
    if len(items) < total:
        title += f" ({len(items)} shown)"
    return ["", f"<details><summary>{title}</summary>", "", *items, "", "</details>"]


def _left_out_text(counts: dict[str, int]) -> str:
    words = {"error": "error", "warning": "warning", "info": "info finding",
             "settled": "accepted or waived finding"}
    return ", ".join(plural(n, words[g]) for g, n in counts.items() if n)


def _pair_section(pair: PairResult, all_items: list[_Item], keep: int) -> list[str]:
    lines = _pair_head(pair, all_items)
    for group in _GROUPS:
        every = [item for item in all_items if item.group == group]
        shown = [item.text for item in every if item.rank < keep]
        if shown:
            lines += _group_block(group, shown, len(every))
    if pair.stale_baseline:
        names = ", ".join(code(f) for f in pair.stale_baseline)
        lines += ["", f"Baseline entries that no longer occur: {names}"]
    return lines


def _header(report: Report) -> list[str]:
    info = report.translator
    translator = f"**Translator: {escape(info.name)}**"
    if info.model:
        translator += f" (model {code(info.model)})"
    if info.reason:
        translator += f" — {escape(info.reason)}"
    lines = [f"## {_ICON[report.passed]} transcheck: {verdict(report.passed)}", "",
             escape(summary_line(report, show_info=True)), "", translator]
    caveat = translator_caveat(report)
    if caveat:
        lines += ["", f"> [!WARNING]\n> {escape(caveat)}"]
    lines += ["", *(f"- ⚠️ {escape(note)}" for note in report.warnings)] if report.warnings else []
    return lines


def _compose(report: Report, pairs: list[PairResult], items: list[_Item], keep: int) -> str:
    lines = _header(report)
    left = len(items) - keep
    if left:
        counts = {g: sum(1 for item in items[keep:] if item.group == g) for g in _GROUPS}
        lines += ["", f"> [!NOTE]\n> Left out to stay under GitHub's 65,536-character limit: "
                      f"{_left_out_text(counts)}. Write the full report with "
                      f"`-o report.html` or `-o report.json`."]
    by_pair: list[list[_Item]] = [[] for _ in pairs]
    for item in items:
        by_pair[item.pair].append(item)
    quiet, unshown = [], []
    for pair, mine in zip(pairs, by_pair, strict=True):
        if mine and all(item.rank >= keep for item in mine):
            unshown.append(f"{pair.id} ({_counts(mine)})")
        elif pair.passed and not mine and not pair.stale_baseline:
            quiet.append(pair.id)
        else:
            lines += ["", *_pair_section(pair, mine, keep)]
    if unshown:
        lines += ["", f"❔ Not shown here: {escape('; '.join(unshown))}"]
    if quiet:
        lines += ["", f"✅ Passed without findings: {escape(', '.join(quiet))}"]
    if not report.pairs:
        lines += ["", "No article pairs were checked."]
    lines += ["", "<details><summary>Signature</summary>", "", code(report.signature), "",
              "</details>"]
    return "\n".join(lines) + "\n"


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """Markdown for GitHub: as many findings as fit in MAX_CHARS, most severe first."""
    pairs, items = _pairs_and_items(report)
    text = _compose(report, pairs, items, len(items))
    if len(text) <= MAX_CHARS:
        return text
    low, high = 0, len(items)  # the most findings that fit: binary search on the count
    while low < high:
        middle = (low + high + 1) // 2
        if len(_compose(report, pairs, items, middle)) <= MAX_CHARS:
            low = middle
        else:
            high = middle - 1
    return _compose(report, pairs, items, low)


