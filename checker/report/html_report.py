"""One self-contained HTML file: inline CSS and JS, no network, works from file://.

Per pair a side-by-side table (German / machine translation / English) with the
evidence spans highlighted (<mark class="sev-…">) and flag badges; checkboxes filter
by severity, code and status. Every piece of report text goes through `escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape as _html_escape

from checker.model import BeadResult, Flag, PairResult, Report, Sentence
from checker.report.common import (
    bead_counts_text,
    format_score,
    rule_codes,
    rule_help,
    status_label,
    translator_caveat,
    verdict,
)

SEVERITIES = ("error", "warning", "info")
MISSING = "–"


def escape(text: str) -> str:
    return _html_escape(text, quote=True)


# ---------------------------------------------------------------- span highlighting


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    flag: Flag

    @property
    def rank(self) -> tuple[bool, int]:
        return (self.flag.gating, int(self.flag.severity))


def _find(text: str, span: str) -> int:
    """Where `span` starts in `text` (exact, then case-insensitive); -1 if absent."""
    if not span:
        return -1
    at = text.find(span)
    folded = text.lower()
    if at < 0 and len(folded) == len(text):
        at = folded.find(span.lower())
    return at


def _marks(text: str, spans: Iterable[tuple[str, Flag]]) -> list[_Mark]:
    marks = []
    for span, flag in spans:
        at = _find(text, span.strip())
        if at >= 0:
            marks.append(_Mark(at, at + len(span.strip()), flag))
    return marks


def _mark_attrs(flag: Flag) -> str:
    status = "" if flag.gating else " muted"
    title = f"{flag.code} ({flag.severity}): {flag.message}"
    return (
        f'class="sev-{flag.severity}{status}" data-code="{escape(flag.code)}" '
        f'data-severity="{flag.severity}" data-status="{flag.status}" title="{escape(title)}"'
    )


def highlight(text: str, spans: Iterable[tuple[str, Flag]]) -> str:
    """Escaped `text` with each span wrapped in <mark>; overlaps go to the strongest flag."""
    marks = _marks(text, spans)
    if not marks:
        return escape(text)
    owner: list[_Mark | None] = [None] * len(text)
    for mark in marks:
        for i in range(mark.start, mark.end):
            current = owner[i]
            if current is None or mark.rank > current.rank:
                owner[i] = mark
    return _runs_html(text, owner)


def _runs_html(text: str, owner: Sequence[_Mark | None]) -> str:
    out: list[str] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or owner[i] is not owner[start]:
            piece = escape(text[start:i])
            mark = owner[start]
            out.append(piece if mark is None else f"<mark {_mark_attrs(mark.flag)}>{piece}</mark>")
            start = i
    return "".join(out)


# ---------------------------------------------------------------- page parts


def _badge(flag: Flag) -> str:
    label = status_label(flag)
    status = f' <span class="status">{escape(label)}</span>' if label else ""
    muted = "" if flag.gating else " muted"
    return (
        f'<div class="flag sev-{flag.severity}{muted}" data-code="{escape(flag.code)}" '
        f'data-severity="{flag.severity}" data-status="{flag.status}">'
        f'<span class="badge" title="{escape(rule_help(flag.code))}">'
        f"{escape(flag.code)}</span> {escape(flag.message)}{status}</div>"
    )


def _sentences_html(sentences: Sequence[Sentence], spans: list[tuple[str, Flag]]) -> str:
    if not sentences:
        return f'<span class="none">{MISSING}</span>'
    return "".join(
        f'<p><span class="ln" title="line {s.line}">{s.line}</span>{highlight(s.text, spans)}</p>'
        for s in sentences
    )


def _mt_html(bead: BeadResult, spans: list[tuple[str, Flag]]) -> str:
    if bead.mt is None:
        return f'<span class="none">{MISSING}</span>'
    return f"<p>{highlight(bead.mt, spans)}</p>"


def _row_class(flags: Sequence[Flag]) -> str:
    gating = [f for f in flags if f.gating]
    return f"row-{max(gating, key=lambda f: f.severity).severity}" if gating else "row-clean"


def _bead_row(pair: PairResult, bead: BeadResult) -> str:
    de_spans = [(f.de_span, f) for f in bead.flags]
    en_spans = [(f.en_span, f) for f in bead.flags]
    mt_spans = [(f.mt_span, f) for f in bead.flags]
    chrf = format_score(bead.scores.chrf if bead.scores else None)
    anchor = escape(f"{pair.id}-bead-{bead.index}")
    return (
        f'<tr class="bead {_row_class(bead.flags)}" id="{anchor}" '
        f'data-flagged="{"1" if bead.flags else "0"}">'
        f'<td class="idx"><a href="#{anchor}">{bead.index}</a>'
        f'<span class="kind">{bead.kind}</span></td>'
        f'<td class="text de" lang="de">{_sentences_html(bead.de, de_spans)}</td>'
        f'<td class="text mt" lang="en">{_mt_html(bead, mt_spans)}</td>'
        f'<td class="text en" lang="en">{_sentences_html(bead.en, en_spans)}</td>'
        f'<td class="score">{chrf}</td>'
        f'<td class="flags">{"".join(_badge(f) for f in bead.flags)}</td></tr>'
    )


def _stat(label: str, value: str) -> str:
    return (
        f'<div class="stat"><span class="label">{escape(label)}</span>'
        f'<span class="value">{escape(value)}</span></div>'
    )


def _verdict_html(passed: bool) -> str:
    return f'<span class="verdict {"pass" if passed else "fail"}">{verdict(passed)}</span>'


def _pair_section(pair: PairResult) -> str:
    s = pair.summary
    stats = "".join(
        [
            _stat("chrF", format_score(s.chrf)),
            _stat("BLEU", format_score(s.bleu)),
            _stat("TER", format_score(s.ter)),
            _stat("beads", bead_counts_text(s.beads)),
            *(
                _stat(sev + "s" if sev != "info" else sev, str(s.flags.get(sev, 0)))
                for sev in SEVERITIES
            ),
        ]
    )
    pair_flags = "".join(_badge(f) for f in pair.pair_flags)
    stale = ""
    if pair.stale_baseline:
        names = ", ".join(pair.stale_baseline)
        stale = (
            f'<p class="note">Baseline entries that no longer occur: <code>{escape(names)}</code>'
        )
    rows = "".join(_bead_row(pair, bead) for bead in pair.beads)
    return (
        f'<section class="pair" id="{escape("pair-" + pair.id)}">'
        f"<h2>{escape(pair.id)} {_verdict_html(pair.passed)}</h2>"
        f'<p class="paths">German <code>{escape(pair.de_path)}</code> · '
        f"English <code>{escape(pair.en_path)}</code></p>"
        f'<div class="stats">{stats}</div>'
        f'<div class="pairflags">{pair_flags}</div>{stale}'
        '<table class="beads"><thead><tr><th>#</th><th>German</th><th>Machine translation</th>'
        "<th>English</th><th>chrF</th><th>Findings</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _header(report: Report) -> str:
    info = report.translator
    caveat = translator_caveat(report)
    warn = " warn" if caveat else ""
    model = (
        f' <span class="model">model <code>{escape(info.model)}</code></span>' if info.model else ""
    )
    reason = f'<div class="why">{escape(info.reason)}</div>' if info.reason else ""
    caveat_html = f'<div class="caveat">⚠ {escape(caveat)}</div>' if caveat else ""
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.warnings)
    return (
        f"<header><h1>{escape(report.tool_name)} report {_verdict_html(report.passed)}</h1>"
        f'<div class="translator{warn}"><strong>Translator: {escape(info.name)}</strong>{model}'
        f"{reason}{caveat_html}</div>"
        f'<p class="meta">{escape(report.tool_name)} {escape(report.tool_version)} · fail on '
        f"<strong>{escape(report.fail_on)}</strong> · signature "
        f"<code>{escape(report.signature)}</code></p>"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</header>"
    )


def _checkbox(group: str, value: str, label: str, checked: bool = True, title: str = "") -> str:
    tip = f' title="{escape(title)}"' if title else ""
    return (
        f'<label{tip}><input type="checkbox" data-group="{group}" value="{escape(value)}"'
        f"{' checked' if checked else ''}> {escape(label)}</label>"
    )


def _filters(report: Report) -> str:
    used = {f.code for p in report.pairs for f in p.pair_flags}
    used |= {f.code for p in report.pairs for b in p.beads for f in b.flags}
    codes = [c for c in rule_codes(report) if c in used]
    severity = "".join(_checkbox("severity", s, s) for s in SEVERITIES)
    code_boxes = "".join(_checkbox("code", c, c, title=rule_help(c)) for c in codes)
    return (
        '<nav class="filters" aria-label="filters">'
        f"<fieldset><legend>Severity</legend>{severity}</fieldset>"
        f"<fieldset><legend>Code</legend>{code_boxes or '<em>no findings</em>'}</fieldset>"
        "<fieldset><legend>Show</legend>"
        + _checkbox("option", "accepted", "accepted / waived")
        + _checkbox("option", "flagged", "only beads with findings", checked=False)
        + '</fieldset><span id="shown" aria-live="polite"></span></nav>'
    )


def render(report: Report, *, color: bool = False) -> str:
    """The HTML page (colour always applies; `color` is ignored)."""
    pairs = "".join(_pair_section(pair) for pair in report.pairs)
    if not report.pairs:
        pairs = '<p class="note">No article pairs were checked.</p>'
    title = escape(f"{report.tool_name} — {verdict(report.passed)}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{title}</title><style>{_CSS}</style></head>"
        f"<body>{_header(report)}{_filters(report)}<main>{pairs}</main>"
        f"<script>{_JS}</script></body></html>\n"
    )


_CSS = """
:root{--err:#b42318;--err-bg:#fee4e2;--warn:#b54708;--warn-bg:#fef0c7;--info:#175cd3;
--info-bg:#d1e9ff;--ok:#067647;--ok-bg:#dcfae6;--ink:#1d2939;--soft:#667085;--line:#e4e7ec;
--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--ink);background:var(--bg)}
header{padding:20px 28px 12px;background:#fff;border-bottom:1px solid var(--line)}
h1{margin:0 0 10px;font-size:24px;display:flex;gap:12px;align-items:center}
h2{margin:0 0 4px;font-size:20px;display:flex;gap:10px;align-items:center}
code{font:13px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;word-break:break-all}
.verdict{font-size:13px;font-weight:700;letter-spacing:.06em;padding:3px 10px;border-radius:999px}
.verdict.pass{color:var(--ok);background:var(--ok-bg)}
.verdict.fail{color:#fff;background:var(--err)}
.translator{padding:10px 14px;border-radius:8px;background:#eef4ff;
border-left:5px solid var(--info)}
.translator.warn{background:var(--warn-bg);border-left-color:var(--warn)}
.translator strong{font-size:17px;text-transform:uppercase;letter-spacing:.03em}
.translator .model{margin-left:10px;color:var(--soft)}
.why{color:var(--ink);margin-top:2px}.caveat{color:var(--warn);font-weight:600;margin-top:2px}
.meta{color:var(--soft);margin:10px 0 0}.notes{margin:8px 0 0;color:var(--warn)}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:10px 18px;
align-items:center;padding:10px 28px;background:#fffffff0;border-bottom:1px solid var(--line);
backdrop-filter:blur(4px)}
fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
legend{float:left;margin-right:8px;font-weight:600;color:var(--soft);font-size:13px;
text-transform:uppercase;letter-spacing:.05em}
label{cursor:pointer;white-space:nowrap}#shown{margin-left:auto;color:var(--soft)}
main{padding:8px 28px 40px}
.pair{margin:22px 0;padding:18px 20px;background:#fff;border:1px solid var(--line);
border-radius:12px;box-shadow:0 1px 2px #1018280d}
.paths{margin:0 0 10px;color:var(--soft)}
.stats{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}
.stat{border:1px solid var(--line);border-radius:8px;padding:4px 12px;background:var(--bg)}
.stat .label{color:var(--soft);font-size:12px;text-transform:uppercase;margin-right:8px}
.stat .value{font-weight:600}
.pairflags .flag{margin:4px 0}.note{color:var(--soft)}
table.beads{width:100%;border-collapse:collapse;table-layout:fixed}
.beads th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.05em;
color:var(--soft);border-bottom:2px solid var(--line);padding:6px 8px}
.beads th:nth-child(1){width:56px}.beads th:nth-child(5){width:60px}
.beads th:nth-child(6){width:24%}
.beads td{vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
.beads td p{margin:0 0 4px}
.text.de p,.text.en p{padding-left:34px;text-indent:-34px}
tr.bead{border-left:4px solid transparent}
tr.row-error td:first-child{box-shadow:inset 4px 0 var(--err)}
tr.row-warning td:first-child{box-shadow:inset 4px 0 var(--warn)}
tr.row-info td:first-child{box-shadow:inset 4px 0 var(--info)}
tr.bead:target{background:#fffbe6}
.idx a{font-weight:700;color:var(--ink);text-decoration:none}
.kind{display:block;font-size:12px;color:var(--soft)}
.ln{display:inline-block;min-width:28px;margin-right:6px;font:11px/1.8 ui-monospace,monospace;
color:var(--soft);vertical-align:top;text-indent:0}
.text.mt{color:#344054;font-style:italic}.none{color:#98a2b3}.score{font-variant-numeric:tabular-nums}
mark{border-radius:3px;padding:0 2px;color:inherit}
mark.sev-error{background:var(--err-bg);box-shadow:inset 0 -2px var(--err)}
mark.sev-warning{background:var(--warn-bg);box-shadow:inset 0 -2px var(--warn)}
mark.sev-info{background:var(--info-bg);box-shadow:inset 0 -2px var(--info)}
mark.muted{background:#f2f4f7;box-shadow:inset 0 -1px #98a2b3}
mark.off{background:none;box-shadow:none;padding:0}
.flag{font-size:13px;margin-bottom:6px}
.badge{display:inline-block;font-size:12px;font-weight:700;padding:0 8px;border-radius:999px;
color:#fff}
.flag.sev-error .badge{background:var(--err)}.flag.sev-warning .badge{background:var(--warn)}
.flag.sev-info .badge{background:var(--info)}
.flag.muted{color:var(--soft)}.flag.muted .badge{background:#98a2b3}
.status{font-size:12px;font-style:italic}
.hidden{display:none!important}
@media print{.filters{display:none}}
"""

_JS = """
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".filters input"));
  function checked(group) {
    var on = {};
    boxes.forEach(function (b) {
      if (b.dataset.group === group && b.checked) { on[b.value] = true; }
    });
    return on;
  }
  function option(name) {
    return boxes.some(function (b) {
      return b.dataset.group === "option" && b.value === name && b.checked;
    });
  }
  function matches(el, sev, codes, showMuted) {
    return !!sev[el.dataset.severity] && !!codes[el.dataset.code] &&
      (el.dataset.status === "new" || showMuted);
  }
  function apply() {
    var sev = checked("severity"), codes = checked("code");
    var showMuted = option("accepted"), onlyFlagged = option("flagged");
    document.querySelectorAll(".flag").forEach(function (el) {
      el.classList.toggle("hidden", !matches(el, sev, codes, showMuted));
    });
    document.querySelectorAll("mark[data-code]").forEach(function (el) {
      el.classList.toggle("off", !matches(el, sev, codes, showMuted));
    });
    var rows = document.querySelectorAll("tr.bead"), shown = 0;
    rows.forEach(function (row) {
      var visible = row.querySelectorAll(".flag:not(.hidden)").length > 0;
      var hide = onlyFlagged && !visible;
      row.classList.toggle("hidden", hide);
      if (!hide) { shown += 1; }
    });
    var counter = document.getElementById("shown");
    if (counter) { counter.textContent = "showing " + shown + " of " + rows.length + " beads"; }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
