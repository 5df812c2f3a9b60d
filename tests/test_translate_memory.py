"""The memory backend and the translator registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.errors import EngineError, InputError, UsageError
from checker.settings import TRANSLATOR_CHOICES, Settings
from checker.translate import MemoryTranslator, make_translator
from checker.translate.registry import REGISTRY


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_tsv_lookup_is_on_normalised_german(tmp_path: Path) -> None:
    path = write(tmp_path / "mt.tsv", "de\ten\nDer  Hund bellt.\tThe dog barks.\nJa.\tYes.\n")
    translator = MemoryTranslator(path)
    assert translator.translate(["Der Hund   bellt.", "Nein.", "Ja."]) == [
        "The dog barks.",
        None,  # not in the file: reported, not fatal
        "Yes.",
    ]
    assert len(translator) == 2  # the header line is not an entry


def test_jsonl_lookup(tmp_path: Path) -> None:
    rows = [{"de": "Guten Tag.", "en": "Good day."}, {"de": "Danke.", "en": "Thanks."}]
    path = write(tmp_path / "mt.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    assert MemoryTranslator(path).translate(["Danke.", "Guten Tag."]) == ["Thanks.", "Good day."]


def test_tsv_whose_first_german_starts_with_a_brace_is_still_tsv(tmp_path: Path) -> None:
    # hand-written: a German sentence may open with "{"; the tab says the file is TSV
    path = write(tmp_path / "mt.tsv", "{Hinweis} Eins.\t{Note} One.\nZwei.\tTwo.\n")
    assert MemoryTranslator(path).translate(["{Hinweis} Eins.", "Zwei."]) == [
        "{Note} One.", "Two."]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "mt.tsv"
    path.write_bytes("\ufeffde\ten\r\nEins.\tOne.\r\n".encode())
    assert MemoryTranslator(path).translate(["Eins."]) == ["One."]


@pytest.mark.parametrize(
    ("name", "text", "line", "cause"),
    [
        # a TSV line without a tab
        ("mt.tsv", "de\ten\nEins.\tOne.\nZwei. Two.\n", 3, "tab"),
        # a TSV line with two tabs
        ("mt.tsv", "Eins.\tOne.\tUno.\n", 1, "tab"),
        # JSONL that is not JSON
        ("mt.jsonl", '{"de": "Eins.", "en": "One."}\n{"de": "Zwei."\n', 2, "invalid JSON"),
        # JSONL without an "en" field
        ("mt.jsonl", '{"de": "Eins.", "en": "One."}\n{"de": "Zwei."}\n', 2, '"en"'),
        # empty German side
        ("mt.tsv", " \tOne.\n", 1, "empty German"),
    ],
)
def test_malformed_file_names_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, cause: str
) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(InputError) as caught:
        MemoryTranslator(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert cause in message
    assert "\n" not in message


def test_missing_and_undecodable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        MemoryTranslator(tmp_path / "nope.tsv")
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes("Grüße.\tGreetings.\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        MemoryTranslator(bad)


def test_info_names_the_file_and_its_hash(tmp_path: Path) -> None:
    path = write(tmp_path / "mt.tsv", "Eins.\tOne.\n")
    info = MemoryTranslator(path).info
    assert info.name == "memory"
    assert str(path) in info.model and "sha256:" in info.model


def test_registry_covers_every_choice() -> None:
    assert set(REGISTRY) == set(TRANSLATOR_CHOICES)


def test_make_translator_memory(tmp_path: Path) -> None:
    path = write(tmp_path / "mt.tsv", "Eins.\tOne.\n")
    translator = make_translator(Settings(translator="memory", translations=str(path)))
    assert translator.info.name == "memory"
    assert translator.translate(["Eins."]) == ["One."]


def test_memory_without_file_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--translations"):
        make_translator(Settings(translator="memory"))


def test_unknown_translator_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown translator"):
        make_translator(Settings(translator="deepl"))


def test_none_translates_nothing() -> None:
    translator = make_translator(Settings(translator="none"))
    assert translator.info.name == "none"
    assert translator.translate(["Eins.", "Zwei."]) == [None, None]


def test_auto_prefers_a_given_translations_file(tmp_path: Path) -> None:
    path = write(tmp_path / "mt.tsv", "Eins.\tOne.\n")
    translator = make_translator(Settings(translations=str(path)))
    assert translator.info.name == "memory"
    assert "translations file" in translator.info.reason


def test_auto_without_model_or_dictionary_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("checker.translate.lexicon.SYSTEM_LEXICON", tmp_path / "absent")
    translator = make_translator(Settings())
    assert translator.info.name == "none"
    assert "no Argos de→en package" in translator.info.reason
    assert "no dictionary" in translator.info.reason


def test_lexicon_without_dictionary_is_an_engine_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("checker.translate.lexicon.SYSTEM_LEXICON", tmp_path / "absent")
    with pytest.raises(EngineError, match="no German–English dictionary"):
        make_translator(Settings(translator="lexicon"))
