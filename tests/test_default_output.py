"""What a person sees on the terminal: the default output of pairs/sora-leak, and the
CLI's output rules (-o with the summary on stderr, several -o, -v/-q, did you mean)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from checker.cli import main
from checker.commands.check import progress_printer
from tests.conftest import PAIRS

SORA = PAIRS / "sora-leak"
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?( \(\d+ info hidden\))? in 1 pair: "
                     r"(PASSED|FAILED) \(fail on \w+\)$")
FINDING = re.compile(r"^pairs/sora-leak/(de|en)\.md:\d+(:\d+)?: (error|warning|info) [a-z-]+  ")


def sora_args() -> list[str]:
    return ["check", "pairs/sora-leak", "--translations", "pairs/sora-leak/mt.tsv",
            "--jobs", "1"]


@pytest.fixture(scope="module")
def saved_sora(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sora-leak checked once (memory MT), saved as JSON; renderings come from `report`."""
    target = tmp_path_factory.mktemp("sora") / "sora.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(PAIRS.parent)
        mp.setattr("sys.stderr", io.StringIO())
        assert main([*sora_args(), "-o", str(target)]) == 1
    return target


def severities(text: str) -> list[str]:
    return [m.group(3) for line in text.splitlines() if (m := FINDING.match(line))]


def test_default_output_of_sora_leak_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(PAIRS.parent)
    monkeypatch.setenv("COLUMNS", "80")
    assert main(sora_args()) == 1
    out = capsys.readouterr().out
    lines = out.rstrip("\n").splitlines()
    assert max(len(line) for line in lines) <= 80
    found = severities(out)
    # the four planted errors (pairs/sora-leak/EXPECTED.md) come before any warning
    assert found[:4] == ["error"] * 4 and "error" not in found[4:] and "warning" in found
    assert "info" not in found
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert "info hidden" in lines[-1]
    assert "signature" not in out


@pytest.mark.parametrize("width", [80, 120])
def test_rendered_sora_leak_fits_the_width(
    width: int, saved_sora: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for extra in ([], ["--show", "info"], ["--format", "table"],
                  ["--format", "table", "--all-beads", "--show", "signature"]):
        assert main(["report", str(saved_sora), *extra]) == 0
        lines = capsys.readouterr().out.rstrip("\n").splitlines()
        assert max(len(line) for line in lines) <= width, extra
        assert lines[-1].endswith("FAILED (fail on error)")


def test_show_info_lists_info_after_warnings(
    saved_sora: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(saved_sora), "--show", "info"]) == 0
    found = severities(capsys.readouterr().out)
    assert "info" in found
    assert found == sorted(found, key=["error", "warning", "info"].index)


def test_output_files_take_their_format_from_the_suffix(
    saved_sora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    json_out, html_out, md_out = tmp_path / "r.json", tmp_path / "r.html", tmp_path / "s.md"
    code = main(["report", str(saved_sora), "-o", str(json_out), "-o", str(html_out),
                 "--output", str(md_out)])
    captured = capsys.readouterr()
    assert code == 0 and captured.out == ""
    assert json.loads(json_out.read_text(encoding="utf-8"))["schema"] == "transcheck.report/1"
    assert html_out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert md_out.read_text(encoding="utf-8").startswith("## ❌ transcheck: FAILED")
    # the reason still reaches the log
    assert SUMMARY.match(captured.err.strip().splitlines()[-1])


def test_format_overrides_the_suffix_and_an_unknown_suffix_gets_text(
    saved_sora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "annotations.txt"
    assert main(["report", str(saved_sora), "--format", "github", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("::error ")
    log = tmp_path / "transcheck.log"
    assert main(["report", str(saved_sora), "-o", str(log)]) == 0
    assert log.read_text(encoding="utf-8").rstrip().endswith("FAILED (fail on error)")


def test_check_with_output_prints_the_summary_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(PAIRS.parent)
    target = tmp_path / "report.json"
    assert main([*sora_args(), "-o", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert SUMMARY.match(captured.err.strip().splitlines()[-1])
    assert json.loads(target.read_text(encoding="utf-8"))["passed"] is False


@pytest.mark.parametrize(
    "argv",
    [["-v", "report"], ["report", "-v"], ["-q", "report"], ["report", "-q", "-q"],
     ["-v", "report", "-q"]],
)
def test_verbose_and_quiet_before_and_after_the_subcommand(
    argv: list[str], saved_sora: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, str(saved_sora)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("FAILED (fail on error)")


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["chek", "pairs"], "(did you mean check?)"),
        (["report", "x.json", "--formt", "json"], "(did you mean --format?)"),
        (["check", "pairs", "--format", "jsn"], "(did you mean json?)"),
        (["check", "pairs", "--translater", "none"], "(did you mean --translator?)"),
    ],
)
def test_typos_get_a_suggestion(
    argv: list[str], suggestion: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("ERROR ") and suggestion in err


def test_de_en_pair_is_named_after_the_german_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bericht.de.md").write_text("Der Himmel ist blau.\n", encoding="utf-8")
    (tmp_path / "report.md").write_text("The sky is blue.\n", encoding="utf-8")
    main(["check", "--de", str(tmp_path / "bericht.de.md"), "--en", str(tmp_path / "report.md"),
          "--translator", "none", "--format", "json", "--jobs", "1"])
    assert json.loads(capsys.readouterr().out)["pairs"][0]["id"] == "bericht"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_bar_only_for_several_pairs_or_a_long_run() -> None:
    clock, stream = FakeClock(), io.StringIO()
    one = progress_printer(stream, clock)
    clock.now = 5.0
    one(1, 1)  # a single pair that is done: no "1/1 pairs" bar, however long it took
    assert stream.getvalue() == ""
    several = progress_printer(stream, clock)
    several(1, 3)
    several(3, 3)
    assert stream.getvalue().endswith("] 3/3 pairs\n")


def test_dash_output_is_standard_output(
    saved_sora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "r.json"
    assert main(["report", str(saved_sora), "-o", "-", "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("FAILED (fail on error)")  # the default text on stdout
    assert target.is_file() and not (Path.cwd() / "-").exists()
