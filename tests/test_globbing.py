"""checker.globbing.match_paths gives what glob.glob(recursive=True) gives on a tree
without link loops (the reference is the standard library on the same tree), and ends
on trees with them."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest

from checker.globbing import match_paths

FILES = ("docs/de/a/intro.md", "docs/de/a/b/x.md", "docs/de/top.md", "docs/en/a/intro.md",
         "docs/de/.hidden/y.md", "docs/de/.dot.md", ".cache/c.md", "r.de.md", "r.en.md")


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "pattern",
    ["docs/de/**/*.md", "**/*.md", "docs/*/a/*.md", "*.de.md", "docs", "docs/de/.*",
     ".cache/*", "docs/de/*/b", "docs/[de][ne]/a/intro.md", "docs/??/a/*.md", "nothing/*.md",
     "docs/de/../en/a/*.md"],
)
def test_same_matches_as_glob(tree: Path, pattern: str) -> None:
    assert match_paths(pattern, tree) == sorted(glob.glob(pattern, root_dir=tree, recursive=True))


def test_absolute_patterns(tree: Path) -> None:
    pattern = f"{tree}/docs/**/*.md"
    assert match_paths(pattern, "/") == sorted(glob.glob(pattern, recursive=True))


def test_link_loops_end_and_files_are_found_once(tree: Path) -> None:
    (tree / "docs" / "de" / "a" / "up").symlink_to("..")
    (tree / "docs" / "de" / "a" / "self").symlink_to(".")
    found = match_paths("docs/de/**/intro.md", tree)
    assert "docs/de/a/intro.md" in found
    assert len(found) <= 3  # each directory is entered once per pattern state
