"""Article text cannot inject markup or terminal escapes into any report (issue 13, items 4, 5, 11).

A German sentence with no English counterpart holds backticks, an `<img onerror>`,
a link, bold text, an @mention, an autolink and ESC sequences (a window-title change,
clear screen). Markdown keeps it inside a code span (checked with a CommonMark
renderer, HTML on); every text format shows the control characters as `\\x1b`; JUnit
stays valid XML even when a finding's code holds a control character.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from checker.cli import main
from checker.model import Flag, Severity
from checker.report import RenderOptions, render
from checker.settings import FORMAT_CHOICES
from tests.test_report_helpers import klima_pair, sample_report, sent

ESC_TITLE = "\x1b]0;pwned\x07"  # sets the terminal's window title
ESC_CLEAR = "\x1b[2J"  # clears the screen
HOSTILE = (
    "Sie schrieb ``` `x` <img src=x onerror=alert(1)> [hier](https://evil.example) "
    f"**fett** _schräg_ @octocat www.evil.example #12 {ESC_TITLE} {ESC_CLEAR} Ende."
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline are layout


def hostile_report() -> object:
    """klima with its omission replaced by one of HOSTILE, quoted in the message as the
    omission check does."""
    pair = klima_pair()
    omission = Flag(
        "omission", Severity.ERROR,
        f"the German sentence on line 5 has no English counterpart: „{HOSTILE}“",
        de_span=HOSTILE,
    )  # fmt: skip
    bead = dataclasses.replace(pair.beads[2], de=(sent(2, HOSTILE, 5),), flags=(omission,))
    beads = (*pair.beads[:2], bead, *pair.beads[3:])
    return sample_report(pairs=(dataclasses.replace(pair, beads=beads),))


def markdown_html(text: str) -> str:
    return str(MarkdownIt("commonmark", {"html": True}).render(text))


def test_markdown_keeps_article_text_inside_code() -> None:
    text = render(hostile_report(), "markdown")  # type: ignore[arg-type]
    html = markdown_html(text)
    assert "<img" not in html
    assert "evil.example" in html and 'href="https://evil.example' not in html
    assert "<strong>fett</strong>" not in html and "<em>schräg</em>" not in html
    # the sentence itself survives intact, as code
    codes = re.findall(r"<code>(.*?)</code>", html, re.S)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in c and "@octocat" in c for c in codes)
    # outside code, a mention or autolink is broken by an invisible word joiner
    outside = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    assert "@octocat" not in outside and "www.evil" not in outside
    assert "&lt;img" in outside  # the message quotes the tag as text, escaped


@pytest.mark.parametrize("fence", ["`", "``", "```", "````````"])
def test_code_span_fence_is_longer_than_any_backtick_run(fence: str) -> None:
    from checker.report.markdown import code

    text = f"a {fence} <b>x</b> {fence}"
    html = markdown_html(code(text))
    assert html.strip() == f"<p><code>a {fence} &lt;b&gt;x&lt;/b&gt; {fence}</code></p>"


@pytest.mark.parametrize("fmt", [f for f in FORMAT_CHOICES if f not in ("json", "sarif", "html")])
def test_text_formats_show_control_characters_visibly(fmt: str) -> None:
    options = RenderOptions(show_info=True, show_signature=True, all_beads=True)
    text = render(hostile_report(), fmt, options=options)  # type: ignore[arg-type]
    assert not RAW_CONTROL.search(text), fmt
    assert "\\x1b]0;pwned\\x07" in text or fmt == "markdown" and "\\\\x1b" in text


def test_colour_codes_are_ours_only() -> None:
    coloured = render(hostile_report(), "text", color=True)  # type: ignore[arg-type]
    for escape in re.findall("\x1b[^m]*m?", coloured):
        assert re.fullmatch(r"\x1b\[[0-9;]*m", escape), repr(escape)


def test_junit_code_with_control_character_is_valid_xml() -> None:
    flag = Flag("bad\x1bcode\x00", Severity.ERROR, "message\x07 with bell")
    pair = klima_pair()
    bead = dataclasses.replace(pair.beads[1], flags=(flag,))
    report = sample_report(pairs=(dataclasses.replace(pair, beads=(bead,), pair_flags=()),))
    failure = ET.fromstring(render(report, "junit")).find(".//failure")
    assert failure is not None
    assert failure.get("type") == "bad\\x1bcode\\x00"
    assert failure.get("message") == "bad\\x1bcode\\x00: message\\x07 with bell"


def test_end_to_end_table_and_default_output_write_escapes_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a --segmented pair whose second German line carries the escapes
    (tmp_path / "de.txt").write_text(
        f"Das Wetter war gut.\n{HOSTILE}\nDer Himmel war blau.\n", encoding="utf-8"
    )
    (tmp_path / "en.txt").write_text("The weather was good.\nThe sky was blue.\n",
                                     encoding="utf-8")
    for fmt in ("text", "table", "github", "markdown"):
        main(["check", "--de", str(tmp_path / "de.txt"), "--en", str(tmp_path / "en.txt"),
              "--segmented", "--translator", "none", "--format", fmt, "--all-beads",
              "--show", "info", "--jobs", "1"])
        captured = capsys.readouterr()
        assert not RAW_CONTROL.search(captured.out), fmt
        assert not RAW_CONTROL.search(captured.err), fmt
    main(["check", "--de", str(tmp_path / "de.txt"), "--en", str(tmp_path / "en.txt"),
          "--segmented", "--translator", "none", "--format", "table", "--all-beads"])
    assert "\\x1b]0;pwned\\x07" in capsys.readouterr().out


def test_sarif_messages_carry_no_control_characters() -> None:
    import json

    data = json.loads(render(hostile_report(), "sarif"))  # type: ignore[arg-type]
    texts = [r["message"]["text"] for run in data["runs"] for r in run["results"]]
    assert any("\\x1b]0;pwned\\x07" in text for text in texts)
    assert not any(RAW_CONTROL.search(text) for text in texts)
