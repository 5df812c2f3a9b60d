"""The lexicon backend on a small Ding-format dictionary written for these tests."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.settings import Settings
from checker.translate import lexicon as lexicon_module
from checker.translate import load_lexicon, make_translator, translate_all
from checker.translate.lexicon import DingLexicon, english_key, parse_ding_line, strip_annotations

DATA = Path(__file__).parent / "data"
MINI = DATA / "ding-mini.txt"


@pytest.fixture
def mini(tmp_path: Path) -> DingLexicon:
    return DingLexicon.open(MINI, tmp_path / "index")


# Expected values below are read off tests/data/ding-mini.txt by hand.


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Preis {m} (für etw.) [econ.]", "Preis"),  # all three kinds stripped
        ("Dienstag {m} /Di/", "Dienstag"),  # abbreviation between slashes
        ("Puppe {f} <Pupe>", "Puppe"),  # angle-bracket variant spelling
        ("(a (nested) note) word", "word"),  # nested brackets
    ],
)
def test_annotations_are_stripped(raw: str, expected: str) -> None:
    assert strip_annotations(raw) == expected


def test_sub_entries_align_and_synonyms_split() -> None:
    line = "Marionette {f} | Marionetten {pl} :: marionette; puppet | marionettes; puppets"
    keys = {key: posting[2] for key, posting in parse_ding_line(line, 1)}
    assert keys == {
        "Marionette": ("marionette", "puppet"),
        "Marionetten": ("marionettes", "puppets"),
    }


def test_every_headword_of_a_long_synonym_list_is_indexed() -> None:
    # hand-written in Ding's format: six German synonyms with labels make a long
    # sub-entry, which is no example sentence; each of them is a key
    line = ("Schutzimpfung {f}; Impfung {f}; Vakzination {f} [med.]; Impfstich {m} [ugs.]; "
            "Pieks {m} [ugs.]; Spritze {f} [ugs.] [med.] :: vaccination; inoculation")
    keys = {key for key, _ in parse_ding_line(line, 1)}
    assert {"Schutzimpfung", "Impfung", "Vakzination"} <= keys


def test_verb_english_loses_to_and_placeholders() -> None:
    line = "etw. veröffentlichen {vt} :: to publish sth."
    keys = {key: posting[2] for key, posting in parse_ding_line(line, 1)}
    assert keys["veröffentlichen"] == ("publish",)


@pytest.mark.parametrize(
    ("word", "first"),
    [
        ("Marionetten", "marionettes"),  # plural sub-entry, main line before the [übtr.] one
        ("Künstlern", "artists"),  # dative plural -n → Künstler {pl}… main sense "artist(s)"
        ("veröffentlichte", "published"),  # preterite: -e → the listed form „veröffentlicht“
        ("veröffentlichst", "publish"),  # present -st → veröffentlichen
        ("veröffentlicht", "published"),  # listed form
        ("Häusern", "houses"),  # dative plural of Häuser
        ("neuen", "new"),  # adjective ending -en, lower case: not the noun „Neue“
        ("Neuen", "newcomer"),  # capitalised: the noun
        ("Dienstag", "tuesday"),  # annotations gone
        ("Preise", "prices"),  # first line's sense first
        ("Regierungssprecher", "government spokesman"),  # compound with linking -s-
        ("Kinderbücher", "children books"),  # compound, plural head
        ("PR-Marionetten", "pr marionettes"),  # hyphenated, unknown acronym kept
        ("gestiegen", "risen"),  # participle listed in the entry
        ("Die", "the"),  # sentence-initial capital of a function word
    ],
)
def test_first_gloss(mini: DingLexicon, word: str, first: str) -> None:
    glosses = mini.gloss_list(word)
    assert glosses, word
    if first == "artists":
        assert "artists" in glosses  # „Künstler“ is both singular and plural
    else:
        assert glosses[0] == first


def test_unknown_words_have_no_glosses(mini: DingLexicon) -> None:
    assert mini.glosses("Sora") == frozenset()
    assert mini.gloss_word("Sora") == "Sora"


@pytest.mark.parametrize(
    ("de", "en", "expected"),
    [
        ("PR-Marionetten", "PR puppets", True),  # the synonym
        ("PR-Marionetten", "PR marionettes", True),  # the literal sense
        ("Marionetten", "presidents", False),  # a different word
        ("Marionetten", "puppet", True),  # number-tolerant on the English side
        ("veröffentlichte", "published", True),  # inflection on both sides
        ("veröffentlichte", "shared", False),
        ("Künstlern", "artists", True),
        ("offenen Brief", "an open letter", True),  # a short phrase, article ignored
        ("offenen Brief", "a closed letter", False),
        ("mit Abstand", "by far", True),  # phrase entry
        ("Regierungssprecher", "government spokesperson", True),  # compound, second synonym
        ("Sora", "Sora", False),  # unknown word: the dictionary says nothing
    ],
)
def test_is_translation(mini: DingLexicon, de: str, en: str, expected: bool) -> None:
    assert mini.is_translation(de, en) is expected


def test_english_key_ignores_articles_and_inflection() -> None:
    assert english_key("the puppets") == english_key("a puppet")
    assert english_key("published") == english_key("to publish")


def test_gloss_sentence_keeps_numbers_names_and_punctuation(mini: DingLexicon) -> None:
    text = mini.gloss_sentence("Die Künstler veröffentlichten am Dienstag 3,5 Briefe an „Sora“.")
    assert text.startswith("The artist")
    assert "Tuesday" in text or "tuesday" in text
    assert "3,5" in text and '"Sora"' in text and "letters" in text
    assert text.endswith(".")


def test_lexicon_translator_through_the_registry(tmp_path: Path) -> None:
    settings = Settings(translator="lexicon", lexicon=str(MINI), cache_dir=str(tmp_path))
    translator = make_translator(settings)
    assert translator.info.name == "lexicon"
    assert str(MINI) in translator.info.model
    out = translate_all(translator, ["Neue Preise.", "Sora sagt nichts."], settings)
    assert out[0] == "New prices."
    assert out[1] is not None and out[1].startswith("Sora")


def test_auto_falls_back_to_the_dictionary(tmp_path: Path) -> None:
    translator = make_translator(Settings(lexicon=str(MINI), cache_dir=str(tmp_path)))
    assert translator.info.name == "lexicon"
    assert "no Argos de→en package" in translator.info.reason
    assert str(MINI) in translator.info.reason


def test_explicit_missing_dictionary_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="dictionary not found"):
        load_lexicon(Settings(lexicon=str(tmp_path / "nope")))


def test_env_variable_names_the_dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(MINI))
    found = load_lexicon(Settings(cache_dir=str(tmp_path)))
    assert found is not None and found.path == MINI


def test_index_is_built_once_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    DingLexicon.open(MINI, tmp_path)
    assert len(list(tmp_path.glob("*.sqlite3"))) == 1

    def no_parsing(lines: object) -> None:
        raise AssertionError("the dictionary was parsed again")

    monkeypatch.setattr(lexicon_module, "build_entries", no_parsing)
    start = time.perf_counter()
    again = DingLexicon.open(MINI, tmp_path)
    assert time.perf_counter() - start < 0.5
    assert again.gloss_list("Brief")[0] == "letter"


def test_changed_dictionary_is_reindexed(tmp_path: Path) -> None:
    copy = tmp_path / "dict.txt"
    copy.write_text("Brief {m} :: letter\n", encoding="utf-8")
    assert DingLexicon.open(copy, tmp_path / "idx").gloss_list("Brief") == ("letter",)
    copy.write_text("Brief {m} :: missive\n", encoding="utf-8")
    os.utime(copy, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert DingLexicon.open(copy, tmp_path / "idx").gloss_list("Brief") == ("missive",)
    assert len(list((tmp_path / "idx").glob("*.sqlite3"))) == 1  # the old index is gone


def test_corrupt_index_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    DingLexicon.open(MINI, tmp_path)
    (index,) = tmp_path.glob("*.sqlite3")
    index.write_bytes(b"garbage" * 200)
    assert DingLexicon.open(MINI, tmp_path).gloss_list("Brief")[0] == "letter"
    assert any("rebuilding" in r.getMessage() for r in caplog.records)


def _queried(lexicon: DingLexicon, key: str, table: str) -> tuple[str, ...]:
    """A look-up as one query per key and table would answer it."""
    sql = ("SELECT en FROM entries WHERE de = ?" if table == "exact"
           else "SELECT en FROM entries WHERE folded = ? ORDER BY rank")
    rows = lexicon._connection.execute(sql, (key,)).fetchall()
    return tuple(dict.fromkeys(g for (en,) in rows for g in en.split("\t")))


def test_lookups_read_once_per_lower_case_key_answer_as_single_queries(tmp_path: Path) -> None:
    # the rows of all spellings of a key are fetched together; each spelling and table
    # must get what its own query gets, case variants and rank order included
    words = tmp_path / "case.txt"
    words.write_text("Weg {m} :: way\nweg {adv} :: away\nWEG :: WEG\nWeg {m}; Pfad {m} :: path\n"
                     "Arm {m} :: arm\narm {adj} :: poor\n", encoding="utf-8")
    for dictionary in (words, MINI):
        lexicon = DingLexicon.open(dictionary, tmp_path / "index")
        keys = [de for (de,) in lexicon._connection.execute("SELECT de FROM entries")]
        assert len(keys) >= 5
        for key in keys + ["Unbekannt", "xyz"]:
            for variant in {key, key.lower(), key.upper(), key.capitalize()}:
                for table in ("exact", "folded"):
                    assert lexicon._entry(variant, table) == _queried(lexicon, variant, table)
