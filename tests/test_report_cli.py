"""`transcheck report SAVED.json` and atomic report writing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker import cli
from checker.errors import InputError
from checker.report import render, write_atomic
from tests.test_report_helpers import sample_report


@pytest.fixture(autouse=True)
def only_report_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route through cli.main with just the `report` subcommand (independent of the others)."""
    monkeypatch.setattr(cli, "COMMANDS", ("report",))


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "saved.json"
    path.write_text(render(sample_report(), "json"), encoding="utf-8")
    return path


# ---------------------------------------------------------------- write_atomic


def test_write_atomic_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new ✓\n")
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_failed_replace_leaves_earlier_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("earlier", encoding="utf-8")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(
        InputError, match=r"report\.json: cannot write report: No space left on device"
    ):
        write_atomic(target, "half-written")
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_interrupted_write_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    target.write_text("earlier", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_into_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        write_atomic(tmp_path / "nope" / "r.md", "x")
    assert str(caught.value).startswith(f"{tmp_path / 'nope' / 'r.md'}: cannot write report")


# ---------------------------------------------------------------- transcheck report


def test_report_markdown_to_stdout(saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", str(saved), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out == render(sample_report(), "markdown")
    assert out.startswith("## ❌ transcheck: FAILED")


def test_report_default_is_the_finding_list_without_colour(
    saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report", str(saved)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("translator: lexicon")
    assert out.rstrip().endswith("FAILED (fail on error)")
    assert "\x1b[" not in out  # NO_COLOR is set by conftest, and capsys is no terminal


def test_report_output_file(
    saved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.xml"
    assert cli.main(["report", str(saved), "--format", "junit", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == render(sample_report(), "junit")


def test_report_json_round_trips_through_the_command(
    saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report", str(saved), "--format", "json"]) == 0
    assert capsys.readouterr().out == saved.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),  # hand-broken JSON
        ('{"schema": "other/1"}', "not a transcheck.report/1 report"),  # another tool's JSON
        (b"\xff\xfe{", "not UTF-8 text"),  # binary garbage
    ],
)
def test_bad_saved_report_exits_3_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, expected: str
) -> None:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert cli.main(["report", str(path), "--format", "markdown"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"ERROR {path}: ")
    assert expected in lines[0]


def test_missing_saved_report_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", str(tmp_path / "gone.json")]) == 3
    assert capsys.readouterr().err == f"ERROR {tmp_path / 'gone.json'}: no such file\n"


def test_unknown_format_is_usage_error(saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", str(saved), "--format", "pdf"]) == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err
