"""Issue 13, items 6, 8 and 11: Argos package archives that attack the installer.

A zip bomb is refused before anything is unpacked (exit 3, nothing left behind);
a package named `..argosmodel` with an empty version cannot move the packages
directory; hostile metadata.json and hidden package folders are refused.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import settings
from tests.hostile import Hostile, make_pair, sandbox

METADATA = {"package_name": "tiny", "package_version": "1.0", "from_code": "de", "to_code": "en"}
BOMB_MIB = 8  # unpacks to 8 MiB of zeros from ~8 KiB: far past the 100:1 ratio


@pytest.fixture()
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hostile]:
    yield from sandbox(tmp_path, monkeypatch)


def archive(path: Path, *, root: str = "pkg", metadata: str | None = None,
            model: bytes = b"weights", bomb: bool = False) -> Path:
    """A package-shaped zip; `bomb` makes model.bin BOMB_MIB of compressed zeros."""
    prefix = f"{root}/" if root else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(prefix + "metadata.json", metadata or json.dumps(METADATA))
        zipped.writestr(prefix + "sentencepiece.model", b"spm")
        if bomb:
            with zipped.open(prefix + "model/model.bin", "w") as member:
                for _ in range(BOMB_MIB):
                    member.write(bytes(settings.MIB))
        else:
            zipped.writestr(prefix + "model/model.bin", model)
    return path


def _packages(hostile: Hostile) -> Path:
    return hostile.tmp / "home" / "argos-packages"


def _everything_below(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def test_models_install_refuses_a_zip_bomb_and_leaves_nothing(hostile: Hostile) -> None:
    bomb = archive(hostile.tmp / "bomb.argosmodel", bomb=True)
    message = hostile.refused(hostile.run("models", "install", str(bomb)), 3, "zip bomb")
    assert "pkg/model/model.bin would unpack 8,388,608 bytes" in message
    assert _everything_below(_packages(hostile)) == []


def test_check_with_a_zip_bomb_model_leaves_nothing_in_the_cache(hostile: Hostile) -> None:
    make_pair(hostile.tmp / "x")
    bomb = archive(hostile.tmp / "bomb.argosmodel", bomb=True)
    result = hostile.run("check", "x", "--translator", "argos", "--model", str(bomb))
    hostile.refused(result, 3, "zip bomb")
    cache = hostile.tmp / "home" / "cache" / "transcheck"
    assert not any(p.is_file() and p.stat().st_size > settings.MIB for p in cache.rglob("*"))
    assert not (cache / "argos-models").exists() or _everything_below(cache / "argos-models") == []


@pytest.mark.parametrize(
    ("cap", "value", "cause"),
    [
        ("MAX_MODEL_UNPACKED_BYTES", 1000, "unpacked Argos package is too large"),
        ("MAX_MODEL_MEMBERS", 2, "refused: 3 files, the limit is 2"),
        ("MAX_MODEL_ARCHIVE_BYTES", 100, "Argos package is too large"),
    ],
)
def test_archive_caps(
    hostile: Hostile, monkeypatch: pytest.MonkeyPatch, cap: str, value: int, cause: str
) -> None:
    package = archive(hostile.tmp / "big.argosmodel", model=b"w" * 5000)
    monkeypatch.setattr(f"checker.translate.argos.{cap}", value)
    hostile.refused(hostile.run("models", "install", str(package)), 3, cause)
    assert _everything_below(_packages(hostile)) == []


def test_an_empty_version_cannot_move_the_packages_directory(hostile: Hostile) -> None:
    packages = _packages(hostile)
    (packages / "other-package").mkdir(parents=True)
    metadata = json.dumps({**METADATA, "package_version": ""})
    odd = archive(hostile.tmp / "..argosmodel", root="", metadata=metadata)
    result = hostile.run("models", "install", str(odd))
    hostile.ok(result, (0,))
    assert (packages / "other-package").is_dir()  # the directory itself is still there
    assert _everything_below(packages) == [
        "other-package", "translate-de_en-0", "translate-de_en-0/metadata.json",
        "translate-de_en-0/model", "translate-de_en-0/model/model.bin",
        "translate-de_en-0/sentencepiece.model",
    ]


@pytest.mark.parametrize(
    ("metadata", "cause"),
    [
        (json.dumps({**METADATA, "package_version": "1\u0000"}), "package_version holds control"),
        (json.dumps({**METADATA, "package_version": "../../x"}), "cannot name a folder"),
        ('{"deep": ' + "[" * 100_000 + "]" * 100_000 + ', "from_code": "de", "to_code": "en"}',
         "metadata.json: JSON nested too deeply"),
    ],
    ids=["nul-in-version", "path-in-version", "deep-nesting"],
)
def test_hostile_metadata_is_exit_3(hostile: Hostile, metadata: str, cause: str) -> None:
    package = archive(hostile.tmp / "m.argosmodel", root="", metadata=metadata)
    hostile.refused(hostile.run("models", "install", str(package)), 3, "m.argosmodel", cause)
    assert _everything_below(_packages(hostile)) == []


def test_a_hidden_package_folder_is_refused(hostile: Hostile) -> None:
    package = archive(hostile.tmp / "dot.argosmodel", root=".pkg")
    hostile.refused(hostile.run("models", "install", str(package)), 3, "'.pkg' starts with '.'")
    assert _everything_below(_packages(hostile)) == []


def test_a_zip_needing_a_newer_zip_version_is_an_engine_error(hostile: Hostile) -> None:
    # the central directory says its members need zip version 6.4 to extract, which
    # Python's zipfile refuses with NotImplementedError: a one-line error, no traceback,
    # exit 4 like any other corrupt package
    package = archive(hostile.tmp / "v64.argosmodel")
    data = bytearray(package.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        data[at + 6 : at + 8] = (64).to_bytes(2, "little")  # version needed to extract
        at = data.find(b"PK\x01\x02", at + 4)
    package.write_bytes(bytes(data))
    hostile.refused(hostile.run("models", "install", str(package)), 4, "v64.argosmodel",
                    "zip file version 6.4")
    assert _everything_below(_packages(hostile)) == []
