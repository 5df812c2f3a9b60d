"""CI formats within GitHub's limits: annotations past 10 per type, comments past 65,536.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step
(docs.github.com, "Workflow commands": annotations are limited per step) and rejects a
comment longer than 65,536 characters.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from checker.model import Flag, PairResult, Severity, Summary
from checker.report import render
from checker.report.markdown import MAX_CHARS
from tests.test_report_helpers import bead, klima_pair, sample_report, sent

GITHUB_COMMENT_LIMIT = 65_536


def pair_with(
    name: str, errors: int, warnings: int, infos: int, en_path: str = ""
) -> PairResult:
    """One bead per finding, sentence i on line i; messages ~90 characters like real ones."""
    beads = []
    kinds = [Severity.ERROR] * errors + [Severity.WARNING] * warnings + [Severity.INFO] * infos
    for i, severity in enumerate(kinds, start=1):
        flag = Flag(
            {Severity.ERROR: "number", Severity.WARNING: "meaning", Severity.INFO: "wording"}[
                severity
            ],
            severity,
            f"English adds \"word{i}\", which neither the German nor the machine translation has",
            en_span=f"word{i}",
        )
        beads.append(bead(i - 1, (sent(i - 1, f"Satz {i}.", i),),
                          (sent(i - 1, f"Sentence with word{i}.", i),), f"Sentence {i}.", 50.0,
                          (flag,)))
    counts = {"error": errors, "warning": warnings, "info": infos}
    summary = Summary(50.0, 25.0, 50.0, {"1-1": len(beads)}, counts)
    return PairResult(name, f"pairs/{name}/de.md", en_path or f"pairs/{name}/en.md",
                      errors == 0, summary, tuple(beads))


# ---------------------------------------------------------------- github


def test_github_with_30_warnings_ends_with_the_dropped_notice() -> None:
    lines = render(sample_report(pairs=(pair_with("viele", 2, 30, 0),)), "github").splitlines()
    commands = [line.split(" ", 1)[0] for line in lines]
    assert commands == ["::error"] * 2 + ["::warning"] * 10 + ["::notice"]
    assert lines[-1] == (
        "::notice title=transcheck::20 findings not annotated (20 warnings): GitHub shows at "
        "most 10 annotations of each type per step; see the full list with "
        "`transcheck check … --format markdown` (or -o report.html) in the job"
    )


def test_github_keeps_room_for_the_notice_among_notices() -> None:
    lines = render(sample_report(pairs=(pair_with("info", 0, 0, 25),)), "github").splitlines()
    assert len(lines) == 10  # 9 notices about findings, then the one about the rest
    assert lines[-1].startswith("::notice title=transcheck::16 findings not annotated")


def test_github_columns_come_from_the_span_and_the_code_is_not_repeated(
    tmp_path: Path,
) -> None:
    en = tmp_path / "en.md"
    en.write_text("# Title\n\nThe meeting lasted four hours.\n", encoding="utf-8")
    flag = Flag("number", Severity.ERROR, "number: German says 3, English says 4",
                en_span="four hours")
    pair = klima_pair()
    one = dataclasses.replace(pair.beads[1], en=(sent(1, "The meeting lasted four hours.", 3),),
                              flags=(flag,))
    report = sample_report(pairs=(dataclasses.replace(pair, en_path=str(en), beads=(one,),
                                                      pair_flags=()),))
    # "four hours" starts at column 20 of line 3 and ends before column 30 (counted by hand)
    assert render(report, "github") == (
        f"::error file={en},line=3,col=20,endColumn=30,title=transcheck number::"
        "German says 3, English says 4\n"
    )


# ---------------------------------------------------------------- markdown


def test_markdown_of_200_pairs_fits_a_github_comment_and_says_what_it_left_out() -> None:
    pairs = tuple(pair_with(f"artikel-{n:03d}", 1, 10, 10) for n in range(200))
    report = dataclasses.replace(sample_report(pairs=pairs), passed=False)
    text = render(report, "markdown")
    assert len(text) <= MAX_CHARS < GITHUB_COMMENT_LIMIT
    # errors are kept first: no warning is shown while an error is left out
    shown_errors = text.count("- **number**")
    shown_warnings = text.count("- **meaning**")
    shown_info = text.count("- **wording**")
    note = re.search(r"Left out to stay under GitHub's 65,536-character limit: (.*?)\. Write",
                     text)
    assert note, "the comment does not say what it left out"
    left = dict((kind, int(n)) for n, kind in re.findall(r"(\d+) (error|warning|info finding)s?",
                                                        note.group(1)))
    assert shown_errors + left.get("error", 0) == 200
    assert shown_errors > 150  # most pairs' errors fit; and if any error was left out ...
    assert shown_warnings == 0 or shown_errors == 200  # ... no warning took its place
    assert shown_warnings + left.get("warning", 0) == 2000
    assert shown_info + left.get("info finding", 0) == 2000
    # pairs none of whose findings fit are still named, with their counts
    assert "artikel-199 (1 error, 10 warnings, 10 info)" in text.split("❔ Not shown here:")[1]


def test_markdown_links_lines_and_folds_info() -> None:
    text = render(sample_report(pairs=(pair_with("kurz", 1, 1, 2),)), "markdown")
    assert "[en.md:1](<pairs/kurz/en.md#L1>)" in text
    assert "### ✅ kurz: PASSED — 1 error, 1 warning, 2 info" not in text  # 1 error: failed
    assert "### ❌ kurz: FAILED — 1 error, 1 warning, 2 info" in text
    errors, warnings = text.index("**Errors (1)**"), text.index("**Warnings (1)**")
    info = text.index("<details><summary>2 info findings</summary>")
    assert errors < warnings < info
