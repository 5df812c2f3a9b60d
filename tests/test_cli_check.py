"""`transcheck check` end to end, in-process, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import PAIRS, ROOT

SORA = PAIRS / "sora-leak"
CLEAN = PAIRS / "clean-example"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(["check", *args, "--format", "json", "--jobs", "1"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def memory_args(pair: Path) -> list[str]:
    return [str(pair), "--translator", "memory", "--translations", str(pair / "mt.tsv")]


def expected_rows() -> list[dict[str, str]]:
    """The table of planted drift in pairs/sora-leak/EXPECTED.md."""
    rows = []
    lines = (SORA / "EXPECTED.md").read_text(encoding="utf-8").splitlines()
    header: list[str] | None = None
    for line in lines:
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
        elif not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def beads_at(report: dict, side: str, line: int) -> list[dict]:  # type: ignore[type-arg]
    return [b for b in report["pairs"][0]["beads"] if any(s["line"] == line for s in b[side])]


def test_sora_leak_fails_and_clean_example_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys, *memory_args(SORA))
    assert code == 1 and report["passed"] is False
    code, report = run_json(capsys, *memory_args(CLEAN))
    assert code == 0 and report["passed"] is True
    assert report["pairs"][0]["summary"]["flags"]["error"] == 0


def test_json_report_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run_json(capsys, *memory_args(SORA))
    assert report["schema"] == "transcheck.report/1"
    assert set(report) >= {"schema", "tool", "signature", "translator", "passed", "pairs"}
    assert report["translator"]["name"] == "memory"
    assert "chrF" in report["signature"] and "nrefs:1" in report["signature"]
    pair = report["pairs"][0]
    assert set(pair) >= {"id", "de_path", "en_path", "passed", "summary", "beads"}
    assert set(pair["summary"]) >= {"chrf", "bleu", "ter", "beads", "flags"}
    for bead in pair["beads"]:
        assert set(bead) >= {"index", "kind", "de", "en", "mt", "scores", "flags"}
        for flag in bead["flags"]:
            assert set(flag) >= {"code", "severity", "message", "de_span", "en_span", "mt_span"}


@pytest.fixture(scope="module")
def sora_report() -> dict:  # type: ignore[type-arg]
    """One memory-translator run of pairs/sora-leak, shared by the tests that read it."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", *memory_args(SORA), "--format", "json", "--jobs", "1", "--no-cache"])
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


@pytest.mark.parametrize("kind", ["omission", "addition", "number", "name", "quote"])
def test_planted_drift_is_reported_on_the_right_bead(sora_report: dict, kind: str) -> None:  # type: ignore[type-arg]
    report = sora_report
    rows = [r for r in expected_rows() if r.get("kind", "").startswith(kind)]
    assert rows, f"EXPECTED.md lists no {kind}"
    for row in rows:
        side = "en" if kind == "addition" else "de"
        line = int(row[f"{side} line"].split(",")[0].split("-")[0])
        codes = {f["code"] for b in beads_at(report, side, line) for f in b["flags"]}
        assert kind in codes, f"{kind} planted at {side} line {line} not reported"


def test_nothing_but_the_planted_drift_is_an_error(sora_report: dict) -> None:  # type: ignore[type-arg]
    planted = {(r["kind"].split()[0], r["de line"] if r["kind"] != "addition" else r["en line"])
               for r in expected_rows()}
    errors = []
    for bead in sora_report["pairs"][0]["beads"]:
        for flag in bead["flags"]:
            if flag["severity"] != "error":
                continue
            side = "en" if flag["code"] == "addition" else "de"
            line = str(bead[side][0]["line"])
            errors.append((flag["code"], line))
    assert sorted(errors) == sorted((k, line) for k, line in planted
                                    if k in {"omission", "addition", "number", "name"})


def test_split_and_merge_become_1_2_and_2_1_beads(sora_report: dict) -> None:  # type: ignore[type-arg]
    report = sora_report
    for row in expected_rows():
        kind = row.get("kind", "")
        if not kind.startswith(("split", "merge")):
            continue
        line = int(row["de line"].split(",")[0].split("-")[0])
        kinds = {b["kind"] for b in beads_at(report, "de", line)}
        assert ("1-2" if kind.startswith("split") else "2-1") in kinds


def test_segmented_lines_are_the_input_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hand-made: line 3 of the German has no English counterpart.
    (tmp_path / "x.de.txt").write_text(
        "Der Hund schläft.\nDie Katze spielt.\nDer Vogel singt.\nDas Pferd läuft.\n",
        encoding="utf-8",
    )
    (tmp_path / "x.en.txt").write_text(
        "The dog sleeps.\nThe cat plays.\nThe horse runs.\n", encoding="utf-8"
    )
    (tmp_path / "mt.tsv").write_text(
        "Der Hund schläft.\tThe dog is sleeping.\nDie Katze spielt.\tThe cat is playing.\n"
        "Der Vogel singt.\tThe bird sings.\nDas Pferd läuft.\tThe horse is running.\n",
        encoding="utf-8",
    )
    code, report = run_json(
        capsys, str(tmp_path / "x.de.txt"), "--segmented", "--translator", "memory",
        "--translations", str(tmp_path / "mt.tsv"),
    )
    pairs = [([s["line"] for s in b["de"]], [s["line"] for s in b["en"]])
             for b in report["pairs"][0]["beads"]]
    assert pairs == [([1], [1]), ([2], [2]), ([3], []), ([4], [3])]
    assert code == 1


def test_finding_list_is_the_default_and_names_the_translator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["check", *memory_args(CLEAN), "--jobs", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("translator: memory")
    assert out.rstrip().splitlines()[-1].endswith("in 1 pair: PASSED (fail on error)")


def test_output_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    code = main(["check", *memory_args(CLEAN), "--format", "json", "--output", str(target)])
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["passed"] is True
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------- bad input


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("ERROR ")
    assert "Traceback" not in err[0]
    return err[0]


def write_pair(tmp_path: Path, de: bytes, en: bytes) -> Path:
    pair = tmp_path / "pair"
    pair.mkdir()
    (pair / "de.md").write_bytes(de)
    (pair / "en.md").write_bytes(en)
    return pair


GOOD_DE = "Der Hund schläft im Garten.\n".encode()
GOOD_EN = b"The dog sleeps in the garden.\n"


@pytest.mark.parametrize(
    ("name", "de", "en", "expected_code", "needle"),
    [
        # Each row: a situation a user meets; the exit code is the contract's.
        ("empty file", b"", GOOD_EN, 3, "empty"),
        ("binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", GOOD_EN, 3, "binary"),
        ("latin-1 file", "Der Bär schläft.\n".encode("latin-1"), GOOD_EN, 3, "UTF-8"),
    ],
)
def test_bad_article_is_one_line_with_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
    name: str, de: bytes, en: bytes, expected_code: int, needle: str,
) -> None:
    pair = write_pair(tmp_path, de, en)
    code = main(["check", str(pair), "--translator", "none", "--jobs", "1"])
    line = one_error_line(capsys)
    assert code == expected_code, name
    assert "de.md" in line and needle in line


def test_missing_file_is_exit_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["check", str(tmp_path / "nope"), "--translator", "none"])
    assert code == 3
    assert "nope" in one_error_line(capsys)


def test_directory_without_pair_is_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("hello\n", encoding="utf-8")
    code = main(["check", str(tmp_path), "--translator", "none"])
    assert code == 3
    assert "no German/English pair" in one_error_line(capsys)


def test_unknown_option_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(CLEAN), "--no-such-option"])
    assert code == 2
    assert "--no-such-option" in one_error_line(capsys)


def test_memory_without_translations_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(CLEAN), "--translator", "memory"])
    assert code == 2
    assert "--translations" in one_error_line(capsys)


def test_argos_without_model_is_exit_4(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(CLEAN), "--translator", "argos"])
    assert code == 4
    one_error_line(capsys)


def test_python_dash_m_checker_runs(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "checker", "check", *memory_args(CLEAN), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["schema"] == "transcheck.report/1"


def test_moved_paragraph_is_reported_as_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Hand-made: the German's second paragraph stands last in the English.
    paragraphs = [
        ("Der Stadtrat tagte am Montag im Rathaus.",
         "The city council met at the town hall on Monday."),
        ("Die Bibliothek bekommt ein neues Dach aus Holz.",
         "The library is getting a new wooden roof."),
        ("Der Haushalt wurde mit großer Mehrheit beschlossen.",
         "The budget was passed by a large majority."),
        ("Im Herbst beginnen die Arbeiten an der Brücke.", "Work on the bridge begins in autumn."),
        ("Die Bürger können ihre Fragen schriftlich einreichen.",
         "Citizens can submit their questions in writing."),
    ]
    de = [p[0] for p in paragraphs]
    en = [p[1] for p in paragraphs]
    en = [en[0], en[2], en[3], en[4], en[1]]
    pair = tmp_path / "moved"
    pair.mkdir()
    (pair / "de.md").write_text("\n\n".join(de) + "\n", encoding="utf-8")
    (pair / "en.md").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    (pair / "mt.tsv").write_text("".join(f"{d}\t{e}\n" for d, e in paragraphs), encoding="utf-8")
    code, report = run_json(capsys, *memory_args(pair))
    codes = [f["code"] for b in report["pairs"][0]["beads"] for f in b["flags"]]
    assert "moved" in codes
    assert "omission" not in codes and "addition" not in codes
    moved = next(f for b in report["pairs"][0]["beads"] for f in b["flags"] if f["code"] == "moved")
    assert "line 9" in moved["message"]  # where the English put it
    assert code == 0  # moved is a warning: it does not fail the default gate
