"""The WMT document pairs of ../shared/bench-dev, as the evaluation scripts read them.

`docs/NAME.de.txt` and `docs/NAME.en.txt` are line-aligned (line i ↔ line i);
`docs/NAME.mt-SYSTEM.en.txt`, where present, is a real machine translation of the German.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench-dev"
MT_SYSTEMS = ("Facebook-AI", "happypoet")


@dataclass(frozen=True)
class Doc:
    name: str
    de: list[str]
    en: list[str]
    mt: dict[str, list[str]]  # system → lines, for the systems that have a file


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_docs(data: Path) -> list[Doc]:
    """Every document pair under `data`/docs, in name order."""
    folder = data / "docs"
    docs = []
    for de_path in sorted(folder.glob("*.de.txt")):
        name = de_path.name.removesuffix(".de.txt")
        mt = {system: read_lines(path) for system in MT_SYSTEMS
              if (path := folder / f"{name}.mt-{system}.en.txt").is_file()}
        docs.append(Doc(name, read_lines(de_path), read_lines(folder / f"{name}.en.txt"), mt))
    return docs
