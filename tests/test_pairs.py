"""Which files pair up: pair directories, trees of them, NAME.de/NAME.en files."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import InputError
from checker.pairs import discover_pairs, explicit_pair


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x\n", encoding="utf-8")
    return path


def test_pair_directory(tmp_path: Path) -> None:
    touch(tmp_path / "a" / "de.md")
    touch(tmp_path / "a" / "en.md")
    touch(tmp_path / "a" / "mt.tsv")  # not an article: ignored
    (spec,) = discover_pairs([str(tmp_path / "a")])
    assert spec.id == "a"
    assert spec.de_path.endswith("de.md") and spec.en_path.endswith("en.md")


def test_directory_of_pairs_and_named_files(tmp_path: Path) -> None:
    for name in ("one", "two"):
        touch(tmp_path / name / "de.txt")
        touch(tmp_path / name / "en.txt")
    touch(tmp_path / "intro.de.md")
    touch(tmp_path / "intro.en.md")
    ids = [s.id for s in discover_pairs([str(tmp_path)])]
    assert sorted(ids) == ["intro", "one", "two"]


def test_named_file_finds_its_counterpart(tmp_path: Path) -> None:
    touch(tmp_path / "story.de.md")
    en = touch(tmp_path / "story.en.md")
    (spec,) = discover_pairs([str(en)])
    assert spec.id == "story" and spec.de_path.endswith("story.de.md")


def test_same_pair_named_twice_is_checked_once(tmp_path: Path) -> None:
    de = touch(tmp_path / "story.de.md")
    en = touch(tmp_path / "story.en.md")
    assert len(discover_pairs([str(de), str(en), str(tmp_path)])) == 1


@pytest.mark.parametrize(
    ("files", "arg", "needle"),
    [
        ([], "missing", "no such file or directory"),
        (["notes.txt"], ".", "no German/English pair found"),
        (["p/de.md"], "p", "has no English en.* article"),
        (["story.de.md"], "story.de.md", "has no counterpart story.en.md"),
        (["story.md"], "story.md", "is not a pair"),
    ],
)
def test_what_is_not_a_pair_says_why(
    tmp_path: Path, files: list[str], arg: str, needle: str
) -> None:
    for name in files:
        touch(tmp_path / name)
    with pytest.raises(InputError, match=needle):
        discover_pairs([str(tmp_path / arg)])


def test_explicit_pair_needs_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        explicit_pair(str(tmp_path / "de.md"), str(tmp_path / "en.md"))
