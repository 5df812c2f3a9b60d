"""What a user sees in each report format, rendered from hand-made Reports."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from checker.errors import UsageError
from checker.model import Flag, Severity
from checker.report import RenderOptions, render
from checker.report.github import annotation, escape_data, escape_property
from checker.report.html_report import highlight
from checker.report.sarif import artifact_uri
from checker.settings import FORMAT_CHOICES
from tests.test_report_helpers import (
    KLIMA_DE,
    KLIMA_EN,
    SCRIPT_TEXT,
    klima_pair,
    kurz_pair,
    sample_report,
)

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("fmt", FORMAT_CHOICES)
def test_every_format_renders_text_and_is_deterministic(fmt: str) -> None:
    first = render(sample_report(), fmt)
    assert first.endswith("\n") or first == ""
    assert render(sample_report(), fmt) == first


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown report format 'pdf'"):
        render(sample_report(), "pdf")


# ---------------------------------------------------------------- text (the default)


def test_text_lists_new_findings_most_severe_first_and_ends_with_the_summary() -> None:
    lines = render(sample_report(), "text").splitlines()
    assert lines[0].startswith("translator: lexicon (model /usr/share/trans/de-en@1a2b3c)")
    assert any("word-by-word dictionary gloss" in line for line in lines)  # loud caveat
    findings = [line for line in lines if line.startswith("pairs/")]
    # by hand from the fixture: 3 new errors in file order, then the 3 new warnings
    assert findings == [
        "pairs/klima/en.md:3: error number  date differs: 26. November vs November 27",
        "pairs/klima/de.md:5: error omission  German sentence has no English counterpart",
        "pairs/klima/en.md:5: error addition  English sentence has no German counterpart",
        "pairs/klima/en.md: warning stale  German changed after English (3 days)",
        "pairs/klima/en.md:7: warning quote  quotation reworded: PR puppets vs PR marionettes",
        "pairs/kurz/en.md:1: warning length  English is 2.1× as long as German",
    ]
    assert lines[-1] == (
        "3 errors, 3 warnings (2 accepted or waived hidden) in 2 pairs (1 failed): "
        "FAILED (fail on error)"
    )
    assert "signature" not in "\n".join(lines)


def test_text_shows_info_and_signature_only_when_asked() -> None:
    info = Flag("wording", Severity.INFO, "wording: English used, MT deployed")
    pair = klima_pair()
    bead = dataclasses.replace(pair.beads[0], flags=(info,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead, *pair.beads[1:])),))
    plain = render(report, "text")
    assert "wording" not in plain.replace("(1 info", "")
    assert "1 info" in plain.splitlines()[-1] and "hidden" in plain.splitlines()[-1]
    shown = render(report, "text", options=RenderOptions(show_info=True, show_signature=True))
    # the message is shown without its repeated code
    assert "pairs/klima/en.md:1: info wording  English used, MT deployed" in shown
    assert "signature: transcheck:0.1.0|mt:lexicon" in shown


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("fmt", ["text", "table"])
def test_terminal_formats_fit_the_width(fmt: str, width: int) -> None:
    options = RenderOptions(width=width, show_info=True, show_signature=True, all_beads=True)
    longest = max(len(line) for line in render(sample_report(), fmt, options=options).splitlines())
    assert longest <= width


# ---------------------------------------------------------------- table


def test_table_columns_are_german_mt_english_and_scores_are_shown() -> None:
    text = render(sample_report(), "table", options=RenderOptions(width=160))
    header = next(line for line in text.splitlines() if "German" in line and "│" in line)
    assert header.index("German") < header.index("machine translation") < header.index("English")
    assert "chrF 58.7 · BLEU 31.2 · TER 47.0 · beads 1-1: 4, 2-1: 1, 1-0: 1, 0-1: 1" in text
    assert "[3] Am 26. November begann die" in text
    assert "│ E number" in text and "│ E omission" in text
    assert "I wording (accepted)" in text and "W meaning (waived)" in text


def test_table_shows_beads_with_findings_and_one_around_them() -> None:
    # klima: beads 1-5 have findings (5 only a waived one), bead 0 and 6 are clean
    wide = RenderOptions(width=160)
    text = render(sample_report(pairs=(klima_pair(),)), "table", options=wide)
    assert "Klimagipfel in Baku" in text  # bead 0: context of bead 1
    assert "1 bead without findings" in text  # bead 6 is two away from bead 4
    every = render(sample_report(pairs=(klima_pair(),)), "table",
                   options=RenderOptions(width=160, all_beads=True))
    assert "without findings" not in every


def test_table_ends_with_the_summary_line() -> None:
    last = render(sample_report(), "table").rstrip("\n").splitlines()[-1]
    assert last.startswith("3 errors, 3 warnings") and last.endswith("FAILED (fail on error)")


def test_table_colour_only_when_asked() -> None:
    assert not ANSI.search(render(sample_report(), "table"))
    coloured = render(sample_report(), "table", color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured).count("FAILED") == render(sample_report(), "table").count(
        "FAILED"
    )


# ---------------------------------------------------------------- markdown


def test_markdown_lists_errors_then_warnings_with_line_links() -> None:
    text = render(sample_report(), "markdown")
    assert text.startswith("## ❌ transcheck: FAILED")
    assert "### ❌ klima: FAILED — 3 errors, 2 warnings" in text
    assert "### ✅ kurz: PASSED — 1 warning" in text
    errors, warnings = text.index("**Errors (3)**"), text.index("**Warnings (2)**")
    assert errors < warnings
    assert (
        "- **number** [en.md:3](<pairs/klima/en.md#L3>) — date differs: 26. November "
        "vs November 27  \n  German `26. November` · English `November 27` · MT `November 26`"
    ) in text
    assert "[de.md:5](<pairs/klima/de.md#L5>)" in text  # an omission links the German line
    assert "<details><summary>2 accepted or waived</summary>" in text
    assert text.index("**Errors (3)**") < text.index("<details><summary>Signature</summary>")


def test_markdown_folds_info_findings() -> None:
    info = Flag("wording", Severity.INFO, "wording: used vs deployed")
    pair = klima_pair()
    bead = dataclasses.replace(pair.beads[0], flags=(info,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead, *pair.beads[1:])),))
    text = render(report, "markdown")
    assert "<details><summary>1 info finding</summary>" in text
    assert text.index("**Warnings") < text.index("1 info finding")


def test_markdown_escapes_markup_in_messages() -> None:
    flag = Flag("meaning", Severity.WARNING, "a | b <img src=x>", en_span="x|y")
    pair = klima_pair()
    bead = dataclasses.replace(pair.beads[0], flags=(flag,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead,)),))
    text = render(report, "markdown")
    assert "a \\| b \\<img src=x\\>" in text
    assert "English `x|y`" in text
    assert not re.search(r"(?<!\\)<img", text)  # no raw HTML tag reaches GitHub


# ---------------------------------------------------------------- junit


def _junit(fail_on: str, passed_all: bool = False) -> ET.Element:
    pairs = (klima_pair(), kurz_pair())
    if passed_all:
        pairs = tuple(dataclasses.replace(p, passed=True) for p in pairs)
    return ET.fromstring(render(sample_report(fail_on=fail_on, pairs=pairs), "junit"))


# Expected counts, by hand from the fixture (see test_report_helpers' docstring):
# new flags klima: number, omission, addition (errors), stale, quote (warnings);
# kurz: length (warning). Accepted wording and waived meaning never gate.
@pytest.mark.parametrize(
    ("fail_on", "passed_all", "failures_per_case", "failed_cases"),
    [
        ("error", False, {"klima": 3, "kurz": 0}, 1),
        ("warning", False, {"klima": 5, "kurz": 1}, 2),
        ("info", False, {"klima": 5, "kurz": 1}, 2),  # no new info flags in the fixture
        ("never", True, {"klima": 0, "kurz": 0}, 0),
    ],
)
def test_junit_has_one_failure_per_gating_finding(
    fail_on: str, passed_all: bool, failures_per_case: dict[str, int], failed_cases: int
) -> None:
    root = _junit(fail_on, passed_all)
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert {c.get("name"): len(c.findall("failure")) for c in cases} == failures_per_case
    for element in (root, suite):
        assert element.get("tests") == "2"
        assert element.get("failures") == str(failed_cases)


def test_junit_puts_other_findings_in_system_out() -> None:
    klima = _junit("error").find("testsuite/testcase[@name='klima']")
    assert klima is not None
    out = klima.findtext("system-out") or ""
    assert "warning quote at pairs/klima/en.md:7 (bead 4)" in out
    assert "(accepted: baseline)" in out and "(waived: inline comment)" in out
    failure = klima.find("failure[@type='omission']")
    assert failure is not None
    assert "pairs/klima/de.md:5" in (failure.text or "")


def test_junit_survives_control_characters_and_markup() -> None:
    flag = Flag("name", Severity.ERROR, 'bad \x07 char & <tag> "q"')
    pair = klima_pair()
    bead = dataclasses.replace(pair.beads[0], flags=(flag,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead,), pair_flags=()),))
    failure = ET.fromstring(render(report, "junit")).find(".//failure")
    assert failure is not None
    assert failure.get("message") == 'name: bad \\x07 char & <tag> "q"'


# ---------------------------------------------------------------- github


def test_github_annotations_exact() -> None:
    # written by hand from the fixture: English file+line, German for the omission,
    # pair-level flag without a line, accepted/waived findings left out
    klima_en = "file=pairs/klima/en.md"
    # (errors before warnings; the files do not exist, so no columns)
    assert render(sample_report(), "github").splitlines() == [
        f"::error {klima_en},line=3,title=transcheck number::"
        "date differs: 26. November vs November 27",
        "::error file=pairs/klima/de.md,line=5,title=transcheck omission::"
        "German sentence has no English counterpart",
        f"::error {klima_en},line=5,title=transcheck addition::"
        "English sentence has no German counterpart",
        f"::warning {klima_en},title=transcheck stale::German changed after English (3 days)",
        f"::warning {klima_en},line=7,title=transcheck quote::"
        "quotation reworded: PR puppets vs PR marionettes",
        "::warning file=pairs/kurz/en.md,line=1,title=transcheck length::"
        "English is 2.1× as long as German",
    ]


# Rows from GitHub's toolkit rules (actions/toolkit, core/src/command.ts):
# data escapes % CR LF; properties also escape : and ,
@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),  # an already-escaped-looking text is escaped again
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_annotation_escapes_path_and_message() -> None:
    flag = Flag("number", Severity.INFO, "1,5 %\nnew line")
    pair = dataclasses.replace(klima_pair(), en_path="docs/a,b:c.md")
    bead = dataclasses.replace(pair.beads[1], flags=(flag,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead,), pair_flags=()),))
    assert render(report, "github") == (
        "::notice file=docs/a%2Cb%3Ac.md,line=3,title=transcheck number::1,5 %25 new line\n"
    )
    assert annotation  # the per-finding function is public for the check command


# ---------------------------------------------------------------- sarif


def _sarif() -> dict[str, object]:
    data: dict[str, object] = json.loads(render(sample_report(), "sarif"))
    return data


def test_sarif_validates_against_the_official_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(_sarif())


def test_sarif_results_levels_and_suppressions() -> None:
    run = _sarif()["runs"][0]  # type: ignore[index]
    results = run["results"]
    # by hand from the fixture: 7 findings in klima (incl. pair-level stale) + 1 in kurz
    assert len(results) == 8
    levels = [r["level"] for r in results]
    assert (levels.count("error"), levels.count("warning"), levels.count("note")) == (3, 4, 1)
    suppressed = {r["ruleId"]: r["suppressions"][0]["kind"] for r in results if "suppressions" in r}
    assert suppressed == {"wording": "external", "meaning": "inSource"}
    rules = run["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert rules[result["ruleIndex"]]["help"]["text"]


def test_sarif_locations_point_at_relative_files_and_lines() -> None:
    results = _sarif()["runs"][0]["results"]  # type: ignore[index]
    by_rule = {r["ruleId"]: r["locations"][0]["physicalLocation"] for r in results}
    assert by_rule["omission"] == {
        "artifactLocation": {"uri": KLIMA_DE},
        "region": {"startLine": 5},
    }
    assert by_rule["number"] == {"artifactLocation": {"uri": KLIMA_EN}, "region": {"startLine": 3}}
    assert by_rule["stale"] == {"artifactLocation": {"uri": KLIMA_EN}}


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("pairs/klima/en.md", "pairs/klima/en.md"),  # relative paths stay relative
        ("pairs\\wien\\de.md", "pairs/wien/de.md"),  # Windows separators become '/'
        ("pairs/Zürich news/en.md", "pairs/Z%C3%BCrich%20news/en.md"),  # RFC 3986 escaping
        ("/srv/a.md", "file:///srv/a.md"),  # absolute paths become file URIs
    ],
)
def test_sarif_artifact_uri(path: str, uri: str) -> None:
    assert artifact_uri(path) == uri


# ---------------------------------------------------------------- html


def test_html_highlights_evidence_spans() -> None:
    page = render(sample_report(), "html")
    assert re.search(r'<mark class="sev-error" data-code="number"[^>]*>26\. November</mark>', page)
    assert re.search(r'<mark class="sev-error" data-code="number"[^>]*>November 27</mark>', page)
    assert re.search(
        r'<mark class="sev-warning" data-code="quote"[^>]*>PR marionettes</mark>', page
    )
    assert re.search(r'<mark class="sev-warning muted" data-code="meaning"', page)  # waived
    assert 'class="flag sev-info muted" data-code="wording"' in page
    assert 'value="stale"' in page and 'value="length"' in page  # code filters present


def test_html_escapes_report_text() -> None:
    page = render(sample_report(), "html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ging." in page
    assert page.count("<script>") == 1  # only the page's own filter script


def test_html_is_self_contained() -> None:
    page = render(sample_report(), "html")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "<link" not in page.replace('<link rel="icon" href="data:,">', "")


def test_highlight_overlap_goes_to_the_strongest_flag() -> None:
    error = Flag("name", Severity.ERROR, "m")
    info = Flag("wording", Severity.INFO, "m")
    html = highlight("Olaf Scholz said", [("Olaf Scholz said", info), ("Scholz", error)])
    assert re.fullmatch(
        r'<mark class="sev-info"[^>]*>Olaf </mark><mark class="sev-error"[^>]*>Scholz</mark>'
        r'<mark class="sev-info"[^>]*> said</mark>',
        html,
    )
    assert highlight("a < b", [("missing", error)]) == "a &lt; b"


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_html_script_is_valid_javascript(tmp_path: Path) -> None:
    page = render(sample_report(), "html")
    script = page.split("<script>", 1)[1].split("</script>", 1)[0]
    source = tmp_path / "filter.js"
    source.write_text(script, encoding="utf-8")
    checked = subprocess.run(
        ["node", "--check", str(source)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


def test_html_keeps_script_text_out_of_attributes() -> None:
    page = render(sample_report(), "html")
    assert SCRIPT_TEXT not in page


def test_html_opens_on_the_findings_grouped_by_code_and_linked_to_beads() -> None:
    page = render(sample_report(), "html")
    klima = page[page.index('id="pair-klima"'):]
    # the findings list comes before the bead table
    assert klima.index('class="findings"') < klima.index('<table class="beads"')
    group = re.search(r'<div class="code-group" data-code="number">.*?</div>', klima)
    assert group and 'href="#klima-bead-1"' in group.group()
    assert '<tr class="bead row-error" id="klima-bead-1"' in klima
    # the signature is at the end, folded
    assert page.index('<details class="signature">') > page.index('<table class="beads"')


def test_html_default_view_is_errors_and_warnings_on_beads_with_findings() -> None:
    page = render(sample_report(), "html")
    boxes = dict(re.findall(r'data-group="(?:severity|option)" value="(\w+)"( checked)?', page))
    assert boxes == {"error": " checked", "warning": " checked", "info": "",
                     "accepted": "", "all": ""}


def test_html_table_of_contents_lists_failing_pairs_first() -> None:
    pairs = (kurz_pair(), klima_pair())  # the passing pair given first
    page = render(sample_report(pairs=pairs), "html")
    toc = page[page.index('<nav class="toc"'):page.index("</nav>", page.index('<nav class="toc"'))]
    assert toc.index('href="#pair-klima"') < toc.index('href="#pair-kurz"')
    assert "<nav class=\"toc\"" not in render(sample_report(pairs=(kurz_pair(),)), "html")


def test_html_stacks_the_columns_into_cards_on_narrow_screens() -> None:
    page = render(sample_report(), "html")
    narrow = page[page.index("@media (max-width:700px)"):]
    assert ".beads thead{display:none}" in narrow
    assert 'data-label="Machine translation"' in page
