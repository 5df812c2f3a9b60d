"""The argos backend and `transcheck models`, on a tiny random-weight package."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.cli import main
from checker.errors import EngineError
from checker.settings import Settings
from checker.translate import make_translator, translate_all
from checker.translate.argos import ArgosTranslator, read_package, validate_archive

pytest.importorskip("ctranslate2")
pytest.importorskip("sentencepiece")

from tests import tinymodel  # noqa: E402

SENTENCES = [
    "Die Regierung veröffentlichte am Montag einen Bericht.",
    "Ein Künstler kritisierte die Pläne.",
    "Ja.",
    "Der Konzern bestätigte gestern die Zahlen nach langer Debatte in Berlin.",
    "Die Forscherin lobte die Studie.",
    "Wörter, die das Modell nie gesehen hat: Quarkspeise, Zwetschgendatschi!",
    "Die Stadt verschob das Budget.",
    "Das Gericht prüfte den Vertrag im Juni.",
]


@pytest.fixture(scope="session")
def tiny_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid de→en .argosmodel, built once per test session."""
    return tinymodel.build_argosmodel(tmp_path_factory.mktemp("tiny-de-en"))


@pytest.fixture(scope="session")
def wrong_direction_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("tiny-en-de")
    return tinymodel.build_argosmodel(workdir, from_code="en", to_code="de")


@pytest.fixture
def installed(tiny_archive: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["models", "install", str(tiny_archive)]) == 0
    capsys.readouterr()
    package = read_package(next(p for p in _packages_dir().iterdir() if p.is_dir()))
    return package.path


def _packages_dir() -> Path:
    import os

    return Path(os.environ["ARGOS_PACKAGES_DIR"])


def _rewrite(
    archive: Path, target: Path, change: Callable[[str, bytes], tuple[str, bytes] | None]
) -> Path:
    """Copy a zip, passing each member through `change` (None drops it)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        for name in source.namelist():
            changed = change(name, source.read(name))
            if changed is not None:
                out.writestr(*changed)
    return target


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("ERROR ") and "Traceback" not in err
    return err


# ---------------------------------------------------------------- models command


def test_install_list_and_translate(
    tiny_archive: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["models", "list"]) == 0
    assert "no Argos de→en package installed" in capsys.readouterr().out
    assert main(["models", "install", str(tiny_archive)]) == 0
    assert "installed tiny-de_en 1.0" in capsys.readouterr().out
    assert main(["models", "list"]) == 0
    listing = capsys.readouterr().out
    assert str(_packages_dir()) in listing  # says where it looked
    assert "tiny-de_en" in listing and "version 1.0" in listing and "MB" in listing
    assert not [p for p in _packages_dir().iterdir() if p.name.startswith(".")]  # no leftovers

    translator = make_translator(Settings(translator="argos", cache_dir=str(tmp_path)))
    assert translator.info.name == "argos"
    assert "tiny-de_en 1.0" in translator.info.model
    out = translator.translate(SENTENCES)
    assert len(out) == len(SENTENCES)
    assert all(isinstance(t, str) and t.strip() for t in out)


def test_reinstall_replaces_the_package(installed: Path, tiny_archive: Path) -> None:
    (installed / "stale-file").write_text("old")
    assert main(["models", "install", str(tiny_archive)]) == 0
    assert not (installed / "stale-file").exists()
    assert read_package(installed).is_de_en


def _drop_model(name: str, data: bytes) -> tuple[str, bytes] | None:
    return None if name.endswith("model/model.bin") else (name, data)


def _escape(name: str, data: bytes) -> tuple[str, bytes]:
    return (name.replace("sentencepiece.model", "../../evil"), data)


def _bad_metadata(name: str, data: bytes) -> tuple[str, bytes]:
    return (name, b"{not json") if name.endswith("metadata.json") else (name, data)


@pytest.mark.parametrize(
    ("make", "cause"),
    [
        ("wrong-direction", "package translates en→de, transcheck needs de→en"),
        ("truncated", "truncated"),
        ("missing-model", "missing model/model.bin"),
        ("traversal", "unsafe path in archive"),
        ("bad-metadata", "metadata.json is not valid JSON"),
        ("not-zip", "not a zip archive"),
        ("absent", "package file not found"),
    ],
)
def test_broken_package_files_are_one_line_exit_4(
    make: str,
    cause: str,
    tiny_archive: Path,
    wrong_direction_archive: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / f"{make}.argosmodel"
    if make == "wrong-direction":
        shutil.copy(wrong_direction_archive, target)
    elif make == "truncated":
        data = tiny_archive.read_bytes()
        target.write_bytes(data[: len(data) * 2 // 3])
    elif make == "missing-model":
        _rewrite(tiny_archive, target, _drop_model)
    elif make == "traversal":
        _rewrite(tiny_archive, target, _escape)
    elif make == "bad-metadata":
        _rewrite(tiny_archive, target, _bad_metadata)
    elif make == "not-zip":
        target.write_text("just text")
    assert main(["models", "install", str(target)]) == 4
    err = _one_error_line(capsys)
    assert str(target) in err and cause in err
    assert not _packages_dir().exists() or not any(_packages_dir().iterdir())


def test_corrupt_member_is_detected(tiny_archive: Path, tmp_path: Path) -> None:
    data = bytearray(tiny_archive.read_bytes())
    with zipfile.ZipFile(tiny_archive) as archive:
        info = archive.getinfo(next(n for n in archive.namelist() if n.endswith("model.bin")))
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start : start + 8] = b"\x00" * 8  # damage compressed bytes, keep the directory
    target = tmp_path / "crc.argosmodel"
    target.write_bytes(bytes(data))
    with pytest.raises(EngineError, match="corrupt"):
        validate_archive(target)


def test_install_from_index_without_network(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("argostranslate.package")
    assert main(["models", "install"]) == 4
    err = _one_error_line(capsys)
    assert "cannot reach the Argos package index (no network?)" in err


# ---------------------------------------------------------------- make_translator


def test_argos_without_package_is_exit_4(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(EngineError, match="no Argos de→en package installed"):
        make_translator(Settings(translator="argos"))


def test_auto_picks_an_installed_package(installed: Path, tmp_path: Path) -> None:
    translator = make_translator(Settings(cache_dir=str(tmp_path)))
    assert translator.info.name == "argos"
    assert "auto:" in translator.info.reason and "tiny-de_en" in translator.info.reason


def test_model_setting_takes_a_zip_or_a_directory(
    tiny_archive: Path, installed: Path, tmp_path: Path
) -> None:
    from_zip = make_translator(
        Settings(translator="argos", model=str(tiny_archive), cache_dir=str(tmp_path))
    )
    from_dir = make_translator(
        Settings(translator="argos", model=str(installed), cache_dir=str(tmp_path))
    )
    assert from_zip.cache_key() == from_dir.cache_key()  # same files, same identity
    assert from_zip.translate(SENTENCES[:3]) == from_dir.translate(SENTENCES[:3])


def test_broken_installed_model_is_exit_4(installed: Path, tmp_path: Path) -> None:
    model = installed / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[:100])  # truncated after install
    translator = make_translator(Settings(translator="argos", cache_dir=str(tmp_path)))
    with pytest.raises(EngineError, match="cannot load CTranslate2 model") as caught:
        translator.translate(["Ja."])
    assert "\n" not in str(caught.value)


def test_missing_model_path_is_exit_4(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="Argos model not found"):
        make_translator(Settings(translator="argos", model=str(tmp_path / "nope.argosmodel")))


# ---------------------------------------------------------------- invariance and cache


@pytest.mark.parametrize("batch_size", [1, 3, 64])
@pytest.mark.parametrize("threads", [1, 2])
def test_output_does_not_depend_on_batch_size_or_threads(
    installed: Path, tmp_path: Path, batch_size: int, threads: int
) -> None:
    reference = ArgosTranslator(read_package(installed), Settings(cache_dir=str(tmp_path)))
    expected = reference.translate(SENTENCES)
    settings = Settings(batch_size=batch_size, threads=threads, cache_dir=str(tmp_path))
    translator = ArgosTranslator(read_package(installed), settings)
    assert translator.translate(SENTENCES) == expected
    assert translator.cache_key() == reference.cache_key()


def test_beam_size_is_part_of_the_cache_key(installed: Path, tmp_path: Path) -> None:
    one = ArgosTranslator(read_package(installed), Settings(beam_size=1, cache_dir=str(tmp_path)))
    two = ArgosTranslator(read_package(installed), Settings(beam_size=2, cache_dir=str(tmp_path)))
    assert one.cache_key() != two.cache_key()


def test_cached_rerun_never_loads_the_model(installed: Path, tmp_path: Path) -> None:
    settings = Settings(translator="argos", cache_dir=str(tmp_path))
    first = translate_all(make_translator(settings), SENTENCES * 2, settings)
    again = make_translator(settings)
    assert isinstance(again, ArgosTranslator)
    assert translate_all(again, SENTENCES * 2, settings) == first
    assert again._engine is None  # no CTranslate2 model was loaded
