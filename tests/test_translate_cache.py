"""translate_all and the on-disk translation cache."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from checker.model import TranslatorInfo
from checker.settings import Settings
from checker.translate import runner, translate_all
from checker.translate.cache import CACHE_FILE_NAME, TranslationCache, cache_dir


class SpyTranslator:
    """Upper-cases its input and records every call (a stand-in for a model)."""

    def __init__(self, key: str = "spy|v1") -> None:
        self.calls: list[list[str]] = []
        self.key = key

    @property
    def info(self) -> TranslatorInfo:
        return TranslatorInfo(name="spy", model=self.key)

    def cache_key(self) -> str:
        return self.key

    def translate(self, sentences: Sequence[str]) -> list[str | None]:
        self.calls.append(list(sentences))
        return [None if s.startswith("?") else s.upper() for s in sentences]


SENTENCES = ["Eins.", "Zwei.", "Eins.", "Drei.", "?Unbekannt."]
EXPECTED = ["EINS.", "ZWEI.", "EINS.", "DREI.", None]  # SpyTranslator's rule


def test_duplicates_are_translated_once_in_one_call(tmp_path: Path) -> None:
    spy = SpyTranslator()
    assert translate_all(spy, SENTENCES, Settings(cache_dir=str(tmp_path))) == EXPECTED
    assert spy.calls == [["Eins.", "Zwei.", "Drei.", "?Unbekannt."]]


def test_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path))
    first = translate_all(SpyTranslator(), SENTENCES, settings)
    spy = SpyTranslator()
    second = translate_all(spy, SENTENCES, settings)
    assert second == first
    # only the sentence without a translation is asked for again
    assert spy.calls == [["?Unbekannt."]]
    assert (tmp_path / CACHE_FILE_NAME).is_file()


def test_new_sentences_only_are_translated(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path))
    translate_all(SpyTranslator(), ["Eins.", "Zwei."], settings)
    spy = SpyTranslator()
    assert translate_all(spy, ["Zwei.", "Vier.", "Eins."], settings) == ["ZWEI.", "VIER.", "EINS."]
    assert spy.calls == [["Vier."]]


def test_cache_key_separates_models(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path))
    translate_all(SpyTranslator("model-a"), ["Eins."], settings)
    other = SpyTranslator("model-b")
    translate_all(other, ["Eins."], settings)
    assert other.calls == [["Eins."]]


def test_cache_can_be_disabled(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path), use_cache=False)
    translate_all(SpyTranslator(), ["Eins."], settings)
    spy = SpyTranslator()
    translate_all(spy, ["Eins."], settings)
    assert spy.calls == [["Eins."]]
    assert not (tmp_path / CACHE_FILE_NAME).exists()


def test_empty_cache_key_is_never_cached(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path))
    translate_all(SpyTranslator(key=""), ["Eins."], settings)
    assert not (tmp_path / CACHE_FILE_NAME).exists()


def test_cache_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCHECK_CACHE_DIR", str(tmp_path / "env"))
    assert cache_dir(Settings(cache_dir=str(tmp_path / "set"))) == tmp_path / "set"
    assert cache_dir(Settings()) == tmp_path / "env"
    monkeypatch.delenv("TRANSCHECK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert str(cache_dir(Settings())).startswith(str(tmp_path / "xdg"))


def test_corrupt_cache_is_replaced_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / CACHE_FILE_NAME).write_bytes(b"this is not a database" * 100)
    settings = Settings(cache_dir=str(tmp_path))
    with caplog.at_level(logging.WARNING):
        assert translate_all(SpyTranslator(), SENTENCES, settings) == EXPECTED
    assert any("corrupt" in r.getMessage() for r in caplog.records)
    spy = SpyTranslator()
    assert translate_all(spy, ["Eins."], settings) == ["EINS."]
    assert spy.calls == []  # the new cache works


def test_unwritable_cache_dir_still_translates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings(cache_dir=str(blocker / "sub"))
    with caplog.at_level(logging.WARNING):
        assert translate_all(SpyTranslator(), ["Eins."], settings) == ["EINS."]
    assert any("cache" in r.getMessage() for r in caplog.records)


def test_interrupted_run_keeps_finished_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "TRANSLATE_CHUNK", 2)

    class Interrupted(SpyTranslator):
        def translate(self, sentences: Sequence[str]) -> list[str | None]:
            if self.calls:
                raise KeyboardInterrupt
            return super().translate(sentences)

    settings = Settings(cache_dir=str(tmp_path))
    with pytest.raises(KeyboardInterrupt):
        translate_all(Interrupted(), ["A.", "B.", "C.", "D."], settings)
    spy = SpyTranslator()
    assert translate_all(spy, ["A.", "B.", "C.", "D."], settings) == ["A.", "B.", "C.", "D."]
    assert spy.calls == [["C.", "D."]]


def test_threads_share_the_cache(tmp_path: Path) -> None:
    settings = Settings(cache_dir=str(tmp_path))
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for round_ in range(5):
                batch = [f"Satz {offset}-{round_}-{i}." for i in range(50)]
                assert translate_all(SpyTranslator(), batch, settings) == [s.upper() for s in batch]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with TranslationCache.for_settings(settings) as cache:
        assert len(cache.lookup("spy|v1", [f"Satz 3-4-{i}." for i in range(50)])) == 50


WRITER = textwrap.dedent(
    """
    import sys
    from checker.settings import Settings
    from checker.translate.cache import TranslationCache
    cache = TranslationCache.for_settings(Settings(cache_dir=sys.argv[1]))
    name = sys.argv[2]
    for round_ in range(20):
        cache.store("proc", [(f"{name}-{round_}-{i}", "x") for i in range(25)])
    assert len(cache.lookup("proc", [f"{name}-19-{i}" for i in range(25)])) == 25
    cache.close()
    """
)


def test_processes_share_the_cache(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), f"p{n}"],
                         stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]  # fmt: skip
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with TranslationCache.for_settings(Settings(cache_dir=str(tmp_path))) as cache:
        found = cache.lookup("proc", [f"p{n}-{r}-0" for n in range(3) for r in range(20)])
    assert len(found) == 60
