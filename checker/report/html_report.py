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
    DEFAULT_OPTIONS,
    Finding,
    RenderOptions,
    bead_counts_text,
    failing_first,
    format_score,
    message_of,
    ordered_findings,
    plural,
    rule_codes,
    rule_help,
    status_label,
    summary_line,
    translator_caveat,
    verdict,
    visible,
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
    title = f"{flag.code} ({flag.severity}): {message_of(flag)}"
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


def _data_attrs(flag: Flag) -> str:
    return (
        f'data-code="{escape(flag.code)}" data-severity="{flag.severity}" '
        f'data-status="{flag.status}"'
    )


def _badge(flag: Flag) -> str:
    label = status_label(flag)
    status = f' <span class="status">{escape(label)}</span>' if label else ""
    muted = "" if flag.gating else " muted"
    return (
        f'<div class="flag sev-{flag.severity}{muted}" {_data_attrs(flag)}>'
        f'<span class="badge" title="{escape(rule_help(flag.code))}">'
        f"{escape(flag.code)}</span> {escape(message_of(flag))}{status}</div>"
    )


def _sentences_html(sentences: Sequence[Sentence], spans: list[tuple[str, Flag]]) -> str:
    if not sentences:
        return f'<span class="none">{MISSING}</span>'
    return "".join(
        f'<p><span class="ln" title="line {s.line}">{s.line}</span>'
        f"{highlight(visible(s.text), spans)}</p>"
        for s in sentences
    )


def _mt_html(bead: BeadResult, spans: list[tuple[str, Flag]]) -> str:
    if bead.mt is None:
        return f'<span class="none">{MISSING}</span>'
    return f"<p>{highlight(visible(bead.mt), spans)}</p>"


def _row_class(flags: Sequence[Flag]) -> str:
    gating = [f for f in flags if f.gating]
    return f"row-{max(gating, key=lambda f: f.severity).severity}" if gating else "row-clean"


def bead_anchor(pair: PairResult, index: int) -> str:
    return f"{pair.id}-bead-{index}"


def _bead_row(pair: PairResult, bead: BeadResult) -> str:
    de_spans = [(visible(f.de_span), f) for f in bead.flags]
    en_spans = [(visible(f.en_span), f) for f in bead.flags]
    mt_spans = [(visible(f.mt_span), f) for f in bead.flags]
    chrf = format_score(bead.scores.chrf if bead.scores else None)
    anchor = escape(bead_anchor(pair, bead.index))
    return (
        f'<tr class="bead {_row_class(bead.flags)}" id="{anchor}" '
        f'data-flagged="{"1" if bead.flags else "0"}">'
        f'<td class="idx"><a href="#{anchor}">{bead.index}</a>'
        f'<span class="kind">{bead.kind}</span></td>'
        f'<td class="text de" lang="de" data-label="German">'
        f"{_sentences_html(bead.de, de_spans)}</td>"
        f'<td class="text mt" lang="en" data-label="Machine translation">'
        f"{_mt_html(bead, mt_spans)}</td>"
        f'<td class="text en" lang="en" data-label="English">'
        f"{_sentences_html(bead.en, en_spans)}</td>"
        f'<td class="score" data-label="chrF">{chrf}</td>'
        f'<td class="flags">{"".join(_badge(f) for f in bead.flags)}</td></tr>'
    )


def _stat(label: str, value: str, href: str = "") -> str:
    inner = (
        f'<span class="label">{escape(label)}</span><span class="value">{escape(value)}</span>'
    )
    if href:
        return f'<a class="stat" href="#{escape(href)}">{inner}</a>'
    return f'<div class="stat">{inner}</div>'


def _verdict_html(passed: bool) -> str:
    return f'<span class="verdict {"pass" if passed else "fail"}">{verdict(passed)}</span>'


def _finding_item(finding: Finding) -> str:
    flag, loc = finding.flag, finding.location
    name = loc.path.replace("\\", "/").rsplit("/", 1)[-1]
    where = f"{name}:{loc.line}" if loc.line is not None else name
    target = "" if finding.bead is None else bead_anchor(finding.pair, finding.bead.index)
    link = (
        f'<a class="where" href="#{escape(target)}">{escape(visible(where))}</a>'
        if target else f'<span class="where">{escape(visible(where))}</span>'
    )
    label = status_label(flag)
    status = f' <span class="status">{escape(label)}</span>' if label else ""
    muted = "" if flag.gating else " muted"
    return (
        f'<li class="finding sev-{flag.severity}{muted}" {_data_attrs(flag)}>{link} '
        f'<span class="sev">{flag.severity}</span> {escape(message_of(flag))}{status}</li>'
    )


def _findings_list(pair: PairResult) -> str:
    """The pair's findings grouped by code, most severe group first, each linked to its bead."""
    findings = ordered_findings([pair])
    if not findings:
        return '<p class="note">No findings.</p>'
    codes: dict[str, list[Finding]] = {}
    for finding in findings:
        codes.setdefault(finding.flag.code, []).append(finding)
    groups = []
    for code, members in codes.items():
        items = "".join(_finding_item(f) for f in members)
        groups.append(
            f'<div class="code-group" data-code="{escape(code)}">'
            f'<h4><span class="badge code sev-{members[0].flag.severity}">{escape(code)}</span> '
            f'<span class="count">{len(members)}</span> '
            f'<span class="help">{escape(rule_help(code))}</span></h4><ul>{items}</ul></div>'
        )
    return "".join(groups)


def _stats(pair: PairResult) -> str:
    s = pair.summary
    anchor = f"findings-{pair.id}"
    return "".join(
        [
            *(
                _stat(sev + "s" if sev != "info" else sev, str(s.flags.get(sev, 0)), anchor)
                for sev in SEVERITIES
            ),
            _stat("chrF", format_score(s.chrf)),
            _stat("BLEU", format_score(s.bleu)),
            _stat("TER", format_score(s.ter)),
            _stat("beads", bead_counts_text(s.beads)),
        ]
    )


def _pair_section(pair: PairResult) -> str:
    stale = ""
    if pair.stale_baseline:
        names = ", ".join(pair.stale_baseline)
        stale = (
            f'<p class="note">Baseline entries that no longer occur: '
            f"<code>{escape(visible(names))}</code></p>"
        )
    rows = "".join(_bead_row(pair, bead) for bead in pair.beads)
    return (
        f'<section class="pair" id="{escape("pair-" + pair.id)}">'
        f"<h2>{escape(visible(pair.id))} {_verdict_html(pair.passed)}</h2>"
        f'<p class="paths">German <code>{escape(visible(pair.de_path))}</code> · '
        f"English <code>{escape(visible(pair.en_path))}</code></p>"
        f'<div class="stats">{_stats(pair)}</div>'
        f'<section class="findings" id="{escape("findings-" + pair.id)}">'
        f"<h3>Findings</h3>{_findings_list(pair)}</section>{stale}"
        '<h3>Beads <span class="help">(aligned groups of sentences)</span></h3>'
        '<table class="beads"><thead><tr><th>#</th><th>German</th><th>Machine translation</th>'
        "<th>English</th><th>chrF</th><th>Findings</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _toc(pairs: Sequence[PairResult]) -> str:
    """Failing pairs first, each with its counts and a link to its section."""
    if len(pairs) < 2:
        return ""
    ordered = failing_first(pairs)
    items = "".join(
        f'<li class="{"pass" if p.passed else "fail"}"><a href="#{escape("pair-" + p.id)}">'
        f"{escape(visible(p.id))}</a> {_verdict_html(p.passed)} "
        f'<span class="counts">{plural(p.summary.flags.get("error", 0), "error")}, '
        f'{plural(p.summary.flags.get("warning", 0), "warning")}</span></li>'
        for p in ordered
    )
    return f'<nav class="toc" aria-label="pairs"><h2>Pairs</h2><ol>{items}</ol></nav>'


def _header(report: Report) -> str:
    info = report.translator
    caveat = translator_caveat(report)
    warn = " warn" if caveat else ""
    model = (
        f' <span class="model">model <code>{escape(visible(info.model))}</code></span>'
        if info.model else ""
    )
    reason = f'<div class="why">{escape(visible(info.reason))}</div>' if info.reason else ""
    caveat_html = f'<div class="caveat">⚠ {escape(caveat)}</div>' if caveat else ""
    notes = "".join(f"<li>{escape(visible(n))}</li>" for n in report.warnings)
    return (
        f"<header><h1>{escape(report.tool_name)} report {_verdict_html(report.passed)}</h1>"
        f'<p class="summary">{escape(summary_line(report, show_info=True))}</p>'
        f'<div class="translator{warn}"><strong>Translator: {escape(info.name)}</strong>{model}'
        f"{reason}{caveat_html}</div>"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</header>"
    )


def _footer(report: Report) -> str:
    return (
        f'<footer><details class="signature"><summary>Signature</summary>'
        f"<p>{escape(report.tool_name)} {escape(report.tool_version)} · fail on "
        f"<strong>{escape(report.fail_on)}</strong></p>"
        f"<code>{escape(visible(report.signature))}</code></details></footer>"
    )


def _checkbox(group: str, value: str, label: str, checked: bool = True, title: str = "") -> str:
    tip = f' title="{escape(title)}"' if title else ""
    return (
        f'<label{tip}><input type="checkbox" data-group="{group}" value="{escape(value)}"'
        f"{' checked' if checked else ''} data-default=\"{'1' if checked else '0'}\"> "
        f"{escape(label)}</label>"
    )


def _filters(report: Report) -> str:
    used = {f.code for p in report.pairs for f in p.pair_flags}
    used |= {f.code for p in report.pairs for b in p.beads for f in b.flags}
    codes = [c for c in rule_codes(report) if c in used]
    severity = "".join(_checkbox("severity", s, s, checked=s != "info") for s in SEVERITIES)
    code_boxes = "".join(_checkbox("code", c, c, title=rule_help(c)) for c in codes)
    return (
        '<nav class="filters" aria-label="filters">'
        f"<fieldset><legend>Show</legend>{severity}"
        + _checkbox("option", "accepted", "accepted / waived", checked=False)
        + _checkbox("option", "all", "all beads", checked=False)
        + "</fieldset>"
        f'<details class="codes"><summary>Codes</summary>'
        f"{code_boxes or '<em>no findings</em>'}</details>"
        '<span id="shown" aria-live="polite"></span></nav>'
    )


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The HTML page: summary and findings first, beads below (`options` do not apply)."""
    pairs = "".join(_pair_section(pair) for pair in failing_first(report.pairs))
    if not report.pairs:
        pairs = '<p class="note">No article pairs were checked.</p>'
    title = escape(f"{report.tool_name} — {verdict(report.passed)}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{title}</title><style>{_CSS}</style></head>"
        f"<body>{_header(report)}{_filters(report)}<main>{_toc(report.pairs)}{pairs}</main>"
        f"{_footer(report)}<script>{_JS}</script></body></html>\n"
    )


_CSS = """
:root{--err:#b42318;--err-bg:#fee4e2;--warn:#b54708;--warn-bg:#fef0c7;--info:#175cd3;
--info-bg:#d1e9ff;--ok:#067647;--ok-bg:#dcfae6;--ink:#1d2939;--soft:#667085;--line:#e4e7ec;
--bg:#f9fafb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;
color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
header{padding:16px 28px 12px;background:#fff;border-bottom:1px solid var(--line)}
h1{margin:0 0 6px;font-size:24px;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
h2{margin:0 0 4px;font-size:20px;display:flex;flex-wrap:wrap;gap:10px;align-items:center}
h3{margin:16px 0 6px;font-size:16px}h4{margin:10px 0 4px;font-size:14px;font-weight:600}
code{font:13px/1.4 ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;word-break:break-all}
.summary{margin:0 0 8px;font-weight:600}
.verdict{font-size:13px;font-weight:700;letter-spacing:.06em;padding:3px 10px;border-radius:999px}
.verdict.pass{color:var(--ok);background:var(--ok-bg)}
.verdict.fail{color:#fff;background:var(--err)}
.translator{padding:8px 14px;border-radius:8px;background:#eef4ff;
border-left:5px solid var(--info)}
.translator.warn{background:var(--warn-bg);border-left-color:var(--warn)}
.translator strong{text-transform:uppercase;letter-spacing:.03em}
.translator .model{margin-left:10px;color:var(--soft)}
.why{color:var(--soft);font-size:13px}.caveat{color:var(--warn);font-weight:600}
.notes{margin:8px 0 0;color:var(--warn)}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:6px 18px;
align-items:center;padding:8px 28px;background:#fffffff0;border-bottom:1px solid var(--line)}
fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}
legend{float:left;margin-right:8px;font-weight:600;color:var(--soft);font-size:13px;
text-transform:uppercase;letter-spacing:.05em}
.codes summary{cursor:pointer;color:var(--soft);font-size:13px;text-transform:uppercase;
font-weight:600;letter-spacing:.05em}
.codes[open]{flex-basis:100%}.codes label{margin-right:12px}
label{cursor:pointer;white-space:nowrap}#shown{margin-left:auto;color:var(--soft);font-size:13px}
main{padding:4px 28px 24px}
.toc{margin:16px 0;padding:12px 20px;background:#fff;border:1px solid var(--line);
border-radius:12px}.toc ol{margin:0;padding-left:20px}.toc li{margin:2px 0}
.toc .counts{color:var(--soft);font-size:13px}.toc .verdict{font-size:11px;padding:1px 8px}
.pair{margin:16px 0;padding:16px 20px;background:#fff;border:1px solid var(--line);
border-radius:12px;box-shadow:0 1px 2px #1018280d}
.paths{margin:0 0 8px;color:var(--soft)}
.stats{display:flex;flex-wrap:wrap;gap:6px}
.stat{border:1px solid var(--line);border-radius:8px;padding:2px 10px;background:var(--bg);
color:inherit;text-decoration:none}
a.stat:hover{border-color:var(--soft)}
.stat .label{color:var(--soft);font-size:12px;text-transform:uppercase;margin-right:8px}
.stat .value{font-weight:600}
.findings ul{margin:0 0 6px;padding-left:0;list-style:none}
.finding{margin:3px 0;padding-left:10px;border-left:3px solid var(--line)}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}
.finding.sev-info{border-left-color:var(--info)}.finding.muted{color:var(--soft)}
.finding .where{font:13px ui-monospace,monospace;margin-right:6px}
.finding .sev{font-size:12px;font-weight:700;text-transform:uppercase;margin-right:4px}
.sev-error>.sev{color:var(--err)}.sev-warning>.sev{color:var(--warn)}
.sev-info>.sev{color:var(--info)}
.help{color:var(--soft);font-weight:400;font-size:13px}.count{font-weight:700}
.note{color:var(--soft)}
table.beads{width:100%;border-collapse:collapse;table-layout:fixed}
.beads th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.05em;
color:var(--soft);border-bottom:2px solid var(--line);padding:6px 8px}
.beads th:nth-child(1){width:56px}.beads th:nth-child(5){width:60px}
.beads th:nth-child(6){width:24%}
.beads td{vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
.beads td p{margin:0 0 4px}
tr.row-error td:first-child{box-shadow:inset 4px 0 var(--err)}
tr.row-warning td:first-child{box-shadow:inset 4px 0 var(--warn)}
tr.row-info td:first-child{box-shadow:inset 4px 0 var(--info)}
tr.bead:target{background:#fffbe6}
.idx a{font-weight:700;color:var(--ink);text-decoration:none}
.kind{display:block;font-size:12px;color:var(--soft)}
.ln{display:inline-block;min-width:26px;margin-right:6px;font:11px/1.8 ui-monospace,monospace;
color:var(--soft)}
.text.mt{color:#344054;font-style:italic}.none{color:#98a2b3}.score{font-variant-numeric:tabular-nums}
mark{border-radius:3px;padding:0 2px;color:inherit}
mark.sev-error{background:var(--err-bg);box-shadow:inset 0 -2px var(--err)}
mark.sev-warning{background:var(--warn-bg);box-shadow:inset 0 -2px var(--warn)}
mark.sev-info{background:var(--info-bg);box-shadow:inset 0 -2px var(--info)}
mark.muted{background:#f2f4f7;box-shadow:inset 0 -1px #98a2b3}
mark.off{background:none;box-shadow:none;padding:0}
.flag{font-size:13px;margin-bottom:6px}
.badge{display:inline-block;font-size:12px;font-weight:700;padding:0 8px;border-radius:999px;
color:#fff;background:var(--soft)}
.flag.sev-error .badge,.badge.sev-error{background:var(--err)}
.flag.sev-warning .badge,.badge.sev-warning{background:var(--warn)}
.flag.sev-info .badge,.badge.sev-info{background:var(--info)}
.flag.muted{color:var(--soft)}.flag.muted .badge{background:#98a2b3}
.status{font-size:12px;font-style:italic}
footer{padding:0 28px 40px;color:var(--soft)}
.hidden{display:none!important}
@media (max-width:700px){
header,main,footer{padding-left:12px;padding-right:12px}
.filters{position:static;padding:8px 12px}
.pair{padding:12px}
label{white-space:normal}
table.beads,.beads tbody,.beads tr,.beads td{display:block;width:auto}
.beads thead{display:none}
.beads tr.bead{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:4px 0}
.beads td{border:0;padding:4px 10px}
.beads td[data-label]::before{content:attr(data-label);display:block;font-size:11px;
font-weight:600;text-transform:uppercase;letter-spacing:.05em;color:var(--soft)}
.beads td.idx a,.beads td.idx .kind{display:inline;margin-right:8px}
}
@media print{.filters{display:none}}
"""

_JS = """
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".filters input"));
  var each = function (selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  };
  function chosen(group) {
    var on = {};
    boxes.forEach(function (b) {
      if (b.dataset.group === group && b.checked) { on[b.value] = true; }
    });
    return on;
  }
  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    boxes.forEach(function (b) {
      var key = b.dataset.group === "code" ? "code" : (b.dataset.group === "severity" ?
        "severity" : "show");
      if (params.has(key)) {
        b.checked = params.get(key).split(",").indexOf(b.value) >= 0;
      }
    });
  }
  function toUrl() {
    var params = new URLSearchParams();
    ["severity", "code", "option"].forEach(function (group) {
      var changed = boxes.some(function (b) {
        return b.dataset.group === group && b.checked !== (b.dataset.default === "1");
      });
      if (changed) {
        params.set(group === "option" ? "show" : group, Object.keys(chosen(group)).join(","));
      }
    });
    var query = params.toString();
    try {
      window.history.replaceState(null, "", (query ? "?" + query : window.location.pathname) +
        window.location.hash);
    } catch (e) { /* some browsers refuse history changes on file:// pages */ }
  }
  function matches(el, sev, codes, showSettled) {
    return !!sev[el.dataset.severity] && !!codes[el.dataset.code] &&
      (el.dataset.status === "new" || showSettled);
  }
  function apply() {
    var sev = chosen("severity"), codes = chosen("code"), opts = chosen("option");
    var showSettled = !!opts.accepted, allBeads = !!opts.all;
    each(".flag, .finding", function (el) {
      el.classList.toggle("hidden", !matches(el, sev, codes, showSettled));
    });
    each("mark[data-code]", function (el) {
      el.classList.toggle("off", !matches(el, sev, codes, showSettled));
    });
    each(".code-group", function (el) {
      el.classList.toggle("hidden", !el.querySelector(".finding:not(.hidden)"));
    });
    var shown = 0, total = 0;
    each("tr.bead", function (row) {
      var hide = !allBeads && !row.querySelector(".flag:not(.hidden)");
      row.classList.toggle("hidden", hide);
      total += 1;
      if (!hide) { shown += 1; }
    });
    var counter = document.getElementById("shown");
    if (counter) { counter.textContent = "showing " + shown + " of " + total + " beads"; }
  }
  fromUrl();
  boxes.forEach(function (b) {
    b.addEventListener("change", function () { apply(); toUrl(); });
  });
  apply();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
