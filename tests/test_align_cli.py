"""`transcheck align`: files in, beads out (json and tsv), in-process through cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.cli import main

GERMAN = [
    "Der Stadtrat hat am Dienstag den Haushalt für 2025 beschlossen.",
    "Die Ausgaben steigen um 4,5 Prozent auf 1,2 Milliarden Euro.",
    "Bürgermeisterin Anna Keller sprach von einem schwierigen Kompromiss.",
    "Die nächste Sitzung findet am 14. Januar statt.",
]
MT = [
    "The city council adopted the budget for 2025 on Tuesday.",
    "Spending rises by 4.5 percent to 1.2 billion euros.",
    "Mayor Anna Keller spoke of a difficult compromise.",
    "The next meeting will take place on 14 January.",
]
ENGLISH = [  # sentence 2 (Anna Keller) left out
    "On Tuesday the city council passed the 2025 budget.",
    "Spending will rise by 4.5 percent to 1.2 billion euros.",
    "The council will next meet on January 14.",
]


@pytest.fixture()
def pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    de = tmp_path / "de.txt"
    en = tmp_path / "en.txt"
    tr = tmp_path / "mt.tsv"
    de.write_text("\n".join(GERMAN) + "\n", encoding="utf-8")
    en.write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    tr.write_text("".join(f"{d}\t{m}\n" for d, m in zip(GERMAN, MT, strict=True)), encoding="utf-8")
    return de, en, tr


def test_json_lists_beads_with_lines(
    pair: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    de, en, tr = pair
    assert main(["align", "--de", str(de), "--en", str(en), "--segmented",
                 "--translations", str(tr)]) == 0
    (only,) = json.loads(capsys.readouterr().out)["pairs"]
    beads = only["beads"]
    assert [b["kind"] for b in beads] == ["1-1", "1-1", "1-0", "1-1"]
    assert beads[2]["de"] == [{"text": GERMAN[2], "line": 3}] and beads[2]["en"] == []
    assert beads[3]["en"][0]["line"] == 3
    assert [b["index"] for b in beads] == [0, 1, 2, 3]
    assert all(0.0 <= b["score"] <= 1.0 for b in beads)


def test_tsv_to_file(pair: tuple[Path, Path, Path], tmp_path: Path) -> None:
    de, en, tr = pair
    out = tmp_path / "out.tsv"
    args = ["align", str(de.parent), "--segmented", "--translations", str(tr),
            "--format", "tsv", "--output", str(out)]
    assert main(args) == 0  # a pair directory, as `check` takes it
    header, *rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert header == ["pair", "de_lines", "en_lines", "kind", "score"]
    assert [r[1:4] for r in rows] == [["1", "1", "1-1"], ["2", "2", "1-1"], ["3", "", "1-0"],
                                      ["4", "3", "1-1"]]


def test_named_files_and_translator_option(
    pair: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    de, en, tr = pair
    named_de, named_en = tmp_path / "budget.de.txt", tmp_path / "budget.en.txt"
    de.rename(named_de)
    en.rename(named_en)
    args = ["align", str(named_de), "--segmented", "--translator", "memory",
            "--translations", str(tr), "--format", "tsv"]
    assert main(args) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert {r.split("\t")[0] for r in rows} == {"budget"}
    assert [r.split("\t")[3] for r in rows] == ["1-1", "1-1", "1-0", "1-1"]


def test_without_translations_uses_length(
    pair: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    de, en, _ = pair
    assert main(["align", "--de", str(de), "--en", str(en), "--segmented", "--translator", "none",
                 "--format", "tsv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    de_lines = [n for row in rows for n in row.split("\t")[1].split(",") if n]
    assert de_lines == ["1", "2", "3", "4"]


def test_missing_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["align", "--de", str(tmp_path / "nope.de.txt"),
                 "--en", str(tmp_path / "nope.en.txt")])
    assert code == 3
    err = capsys.readouterr().err
    assert err.startswith("ERROR ") and "nope.de.txt" in err and "Traceback" not in err
