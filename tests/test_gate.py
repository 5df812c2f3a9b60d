"""Gating: fingerprints, baseline files, inline waivers, --fail-on levels."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from checker.errors import ExitCode, UsageError
from checker.gate import (
    BASELINE_SCHEMA,
    Baseline,
    BaselineEntry,
    apply_policy,
    fingerprint,
    load_baseline,
    report_passed,
    write_baseline,
)
from checker.model import (
    Bead,
    BeadResult,
    Flag,
    PairResult,
    Report,
    Sentence,
    Severity,
    Summary,
    TranslatorInfo,
    Waiver,
)
from checker.settings import Settings

NUMBER = Flag("number", Severity.ERROR, "number: 12 ≠ 13", de_span="12", en_span="13")
MEANING = Flag("meaning", Severity.WARNING, "meaning drifted")
WORDING = Flag(
    "wording", Severity.INFO, "published ≠ shared", de_span="veröffentlicht", en_span="shared"
)


def bead(index: int, de: str, en: str, de_line: int, en_line: int, *flags: Flag) -> BeadResult:
    return BeadResult(
        index=index,
        bead=Bead((index,), (index,)),
        de=(Sentence(index, de, de_line, 0),),
        en=(Sentence(index, en, en_line, 0),),
        mt=None,
        scores=None,
        flags=flags,
    )


def pair(*beads: BeadResult, pair_flags: tuple[Flag, ...] = ()) -> PairResult:
    summary = Summary(None, None, None, {"1-1": len(beads)}, {"error": 0, "warning": 0, "info": 0})
    return PairResult("article", "de.md", "en.md", True, summary, beads, pair_flags)


def article(shift: int = 0, number_en: str = "13", extra: Flag | None = None) -> PairResult:
    """Three beads; the middle one has a number finding. `shift` moves every line."""
    flags = (NUMBER,) if extra is None else (NUMBER, extra)
    return pair(
        bead(0, "Ein Satz.", "A sentence.", 1 + shift, 1 + shift),
        bead(1, "Es gab 12 Fälle.", f"There were {number_en} cases.", 3 + shift, 3 + shift, *flags),
        bead(2, "Ende.", "The end.", 5 + shift, 5 + shift),
    )


def flags_of(result: PairResult) -> list[Flag]:
    return [f for b in result.beads for f in b.flags] + list(result.pair_flags)


def baseline_of(result: PairResult) -> Baseline:
    entries = tuple(
        BaselineEntry(fingerprint(result.id, f, b), result.id, f.code, f.message)
        for b in result.beads
        for f in b.flags
    )
    return Baseline("baseline.json", entries)


# ---------------------------------------------------------------- fingerprints


def test_fingerprint_survives_line_shifts() -> None:
    before, after = article(), article(shift=7)
    mark = fingerprint("article", NUMBER, before.beads[1])
    assert mark == fingerprint("article", NUMBER, after.beads[1])


def test_fingerprint_ignores_case_and_whitespace() -> None:
    original = article().beads[1]
    respaced = replace(original, en=(replace(original.en[0], text="there  were 13   CASES."),))
    assert fingerprint("article", NUMBER, original) == fingerprint("article", NUMBER, respaced)


@pytest.mark.parametrize(
    "change",
    [
        "text",  # the English text changed: a different finding
        "code",  # same bead, another kind of finding
        "pair",  # same text in another pair
        "span",  # evidence changed
    ],
)
def test_fingerprint_changes_with_what_the_finding_is_about(change: str) -> None:
    target = article().beads[1]
    base = fingerprint("article", NUMBER, target)
    if change == "text":
        other = fingerprint("article", NUMBER, article(number_en="14").beads[1])
    elif change == "code":
        other = fingerprint("article", replace(NUMBER, code="name"), target)
    elif change == "pair":
        other = fingerprint("other-article", NUMBER, target)
    else:
        other = fingerprint("article", replace(NUMBER, en_span="14"), target)
    assert other != base


def test_baseline_accepts_a_finding_after_lines_shift() -> None:
    settings = Settings()
    baseline = baseline_of(article())
    judged = apply_policy(article(shift=4), settings, baseline=baseline)
    assert [f.status for f in flags_of(judged)] == ["accepted"]
    assert judged.passed and judged.summary.flags["error"] == 0
    assert judged.stale_baseline == ()


def test_baseline_does_not_accept_a_changed_finding() -> None:
    settings = Settings()
    baseline = baseline_of(article())
    judged = apply_policy(article(number_en="14"), settings, baseline=baseline)
    assert [f.status for f in flags_of(judged)] == ["new"]
    assert not judged.passed and judged.summary.flags["error"] == 1
    # the old entry no longer matches anything: reported as stale
    assert judged.stale_baseline == tuple(e.fingerprint for e in baseline.entries)


# ---------------------------------------------------------------- baseline files


def make_report(*pairs: PairResult) -> Report:
    return Report("transcheck", "0", "sig", TranslatorInfo("none", ""), True, tuple(pairs))


def test_written_baseline_round_trips_and_accepts(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    count = write_baseline(path, make_report(article(extra=WORDING)))
    assert count == 2
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == BASELINE_SCHEMA
    assert {e["code"] for e in data["entries"]} == {"number", "wording"}
    judged = apply_policy(article(shift=2, extra=WORDING), Settings(), baseline=load_baseline(path))
    assert {f.status for f in flags_of(judged)} == {"accepted"}
    assert not list(tmp_path.glob(".baseline.json.*"))  # no temporary file left behind


def test_waived_findings_are_not_written_to_the_baseline(tmp_path: Path) -> None:
    waived = apply_policy(article(), Settings(), baseline=None, waivers_en=[Waiver(3, frozenset())])
    path = tmp_path / "baseline.json"
    assert write_baseline(path, make_report(waived)) == 0


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("{not json", "invalid JSON at line 1"),  # truncated/hand-edited file
        ('{"entries": []}', "malformed baseline"),  # schema missing
        (
            '{"schema": "transcheck.baseline/2", "entries": []}',
            "malformed baseline",
        ),  # future schema
        (f'{{"schema": "{BASELINE_SCHEMA}", "entries": {{}}}}', "'entries' must be a list"),
        (f'{{"schema": "{BASELINE_SCHEMA}", "entries": [{{"code": "number"}}]}}', "entry 1 needs"),
        ("\udcff", "not UTF-8"),  # written below as a lone 0xff byte
    ],
)
def test_malformed_baseline_is_one_line_usage_error(
    tmp_path: Path, content: str, cause: str
) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    with pytest.raises(UsageError) as caught:
        load_baseline(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and cause in message and "\n" not in message
    assert caught.value.exit_code == ExitCode.USAGE


def test_missing_baseline_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope\.json: no such baseline file"):
        load_baseline(tmp_path / "nope.json")


# ---------------------------------------------------------------- waivers


@pytest.mark.parametrize(
    ("waivers_de", "waivers_en", "status"),
    [
        ([], [Waiver(3, frozenset())], "waived"),  # on the English line, all codes
        ([Waiver(3, frozenset({"number"}))], [], "waived"),  # on the German line, this code
        ([], [Waiver(3, frozenset({"name"}))], "new"),  # another code only
        ([], [Waiver(1, frozenset())], "new"),  # on another bead's line
        ([], [Waiver(5, frozenset())], "new"),  # on the next bead's line
        ([], [Waiver(4, frozenset())], "waived"),  # continuation line of the sentence
    ],
)
def test_waiver_semantics(waivers_de: list[Waiver], waivers_en: list[Waiver], status: str) -> None:
    judged = apply_policy(
        article(), Settings(), baseline=None, waivers_de=waivers_de, waivers_en=waivers_en
    )
    (flag,) = flags_of(judged)
    assert flag.status == status
    assert judged.passed is (status == "waived")


def test_waiver_wins_over_baseline_and_is_idempotent() -> None:
    once = apply_policy(
        article(), Settings(), baseline=baseline_of(article()), waivers_en=[Waiver(3, frozenset())]
    )
    twice = apply_policy(
        once, Settings(), baseline=baseline_of(article()), waivers_en=[Waiver(3, frozenset())]
    )
    assert [f.status for f in flags_of(once)] == ["waived"]
    assert once == twice
    # dropping the waiver and the baseline makes the flag new again
    assert [f.status for f in flags_of(apply_policy(once, Settings(), baseline=None))] == ["new"]


# ---------------------------------------------------------------- fail-on


@pytest.mark.parametrize(
    ("fail_on", "flag", "passed"),
    [
        # gating order error > warning > info (model.Severity)
        ("error", NUMBER, False),
        ("error", MEANING, True),
        ("warning", MEANING, False),
        ("warning", WORDING, True),
        ("info", WORDING, False),
        ("never", NUMBER, True),
    ],
)
def test_fail_on_levels(fail_on: str, flag: Flag, passed: bool) -> None:
    result = pair(bead(0, "Satz.", "Sentence.", 1, 1, flag))
    judged = apply_policy(result, Settings(fail_on=fail_on), baseline=None)
    assert judged.passed is passed
    assert judged.summary.flags[str(flag.severity)] == 1  # counted whether or not it fails


def test_pair_flags_count_and_gate() -> None:
    stale = Flag("stale", Severity.WARNING, "en.md changed after de.md", de_span="a1", en_span="b2")
    result = pair(bead(0, "Satz.", "Sentence.", 1, 1), pair_flags=(stale,))
    judged = apply_policy(result, Settings(fail_on="warning"), baseline=None)
    assert not judged.passed and judged.summary.flags == {"error": 0, "warning": 1, "info": 0}
    accepted = Baseline(
        "b.json", (BaselineEntry(fingerprint("article", stale, None), "article", "stale", ""),)
    )
    assert apply_policy(result, Settings(fail_on="warning"), baseline=accepted).passed


def test_severity_overrides_and_disabled_codes_apply() -> None:
    result = article(extra=WORDING)
    raised = apply_policy(result, Settings(severity={"wording": Severity.ERROR}), baseline=None)
    assert raised.summary.flags == {"error": 2, "warning": 0, "info": 0}
    dropped = apply_policy(result, Settings(disabled=frozenset({"number"})), baseline=None)
    assert [f.code for f in flags_of(dropped)] == ["wording"] and dropped.passed


def test_report_passes_only_when_every_pair_does() -> None:
    good = apply_policy(pair(bead(0, "Satz.", "Sentence.", 1, 1)), Settings(), baseline=None)
    bad = apply_policy(article(), Settings(), baseline=None)
    assert report_passed([good]) and not report_passed([good, bad]) and report_passed([])
