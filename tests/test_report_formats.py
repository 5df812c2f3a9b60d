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
from checker.report import render
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


# ---------------------------------------------------------------- table


def test_table_header_names_translator_reason_and_signature() -> None:
    text = render(sample_report(), "table")
    header = text.split("\n\n")[0]
    assert "TRANSLATOR: LEXICON" in header
    assert "why: auto: no Argos de→en package installed" in header
    assert "word-by-word dictionary gloss" in header  # the loud caveat for lexicon
    assert "signature: transcheck:0.1.0|mt:lexicon" in header
    assert "FAILED" in header


def test_table_shows_article_summary_beads_and_findings() -> None:
    text = render(sample_report(), "table")
    # summary numbers come from the fixture's Summary (58.7, 31.25→31.2, 47.0; 3 errors)
    assert "chrF 58.7  BLEU 31.2  TER 47.0" in text
    assert "1-1: 4, 2-1: 1, 1-0: 1, 0-1: 1" in text
    assert "error: 3, warning: 2, info: 0" in text
    assert "Am 26. November begann die" in text
    assert "On November 26 the conference began." in text
    assert re.search(r"1\s+3\s+3\s+error\s+number\s+new\s+date differs", text)
    assert re.search(r"2\s+5\s+–\s+error\s+omission", text)  # omission: German line only


def test_table_marks_accepted_and_waived_and_does_not_count_them() -> None:
    text = render(sample_report(), "table")
    assert "I:wording (accepted)" in text
    assert "W:meaning (waived)" in text
    assert "Findings: 5 new, 2 accepted or waived" in text


def test_table_ends_with_overview_when_there_are_many_pairs() -> None:
    text = render(sample_report(), "table").rstrip("\n")
    last = text.split("\n")
    assert last[-1] == "total: 2 pairs, 1 failed, 3 errors, 3 warnings — FAILED"
    overview = "\n".join(last[-8:])
    assert re.search(r"klima\s+│ 7\s+│ 58.7\s+│ 3\s+│ 2\s+│ FAILED", overview)
    one_pair = render(sample_report(pairs=(kurz_pair(),)), "table")
    assert "total:" not in one_pair


def test_table_colour_only_when_asked() -> None:
    assert not ANSI.search(render(sample_report(), "table"))
    coloured = render(sample_report(), "table", color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured).count("FAILED") == render(sample_report(), "table").count(
        "FAILED"
    )


def test_table_wraps_long_sentences() -> None:
    longest = max(len(line) for line in render(sample_report(), "table").splitlines())
    assert longest < 180  # 3 text columns of ~36 characters plus borders and flags


# ---------------------------------------------------------------- markdown


def test_markdown_has_summary_table_and_findings_per_pair() -> None:
    text = render(sample_report(), "markdown")
    assert text.startswith("## ❌ transcheck: FAILED")
    assert "| 58.7 | 31.2 | 47.0 | 1-1: 4, 2-1: 1, 1-0: 1, 0-1: 1 | 3 | 2 | 0 |" in text
    assert (
        "| 1 | `number` | 🔴 error | 3 | 3 | date differs: 26. November vs November 27 "
        "| de: `26. November`<br>en: `November 27`<br>mt: `November 26` |"
    ) in text
    assert "| 2 | `omission` | 🔴 error | 5 | – |" in text
    assert "~~🔵 info~~ accepted: baseline" in text
    assert "### ✅ kurz — PASSED" in text


def test_markdown_escapes_pipes_and_html_in_cells() -> None:
    flag = Flag("meaning", Severity.WARNING, "a | b <img src=x>", en_span="x|y")
    pair = klima_pair()
    bead = dataclasses.replace(pair.beads[0], flags=(flag,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead,)),))
    text = render(report, "markdown")
    assert "a \\| b \\<img src=x\\>" in text
    assert "en: `x\\|y`" in text
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
    assert failure.get("message") == 'name: bad \ufffd char & <tag> "q"'


# ---------------------------------------------------------------- github


def test_github_annotations_exact() -> None:
    # written by hand from the fixture: English file+line, German for the omission,
    # pair-level flag without a line, accepted/waived findings left out
    klima_en = "file=pairs/klima/en.md"
    assert render(sample_report(), "github").splitlines() == [
        f"::warning {klima_en},title=transcheck stale::German changed after English (3 days)",
        f"::error {klima_en},line=3,title=transcheck number::"
        "date differs: 26. November vs November 27",
        "::error file=pairs/klima/de.md,line=5,title=transcheck omission::"
        "German sentence has no English counterpart",
        f"::error {klima_en},line=5,title=transcheck addition::"
        "English sentence has no German counterpart",
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
        "::notice file=docs/a%2Cb%3Ac.md,line=3,title=transcheck number::1,5 %25%0Anew line\n"
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
