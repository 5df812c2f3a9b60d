"""Per-word answers kept between runs (checker/wordmemo.py) never change a report.

A run that computes every answer, one that reads them from the memo, one whose memo
file is corrupt and one whose memo cannot be written all give the same JSON; a changed
dictionary does not reuse the answers of the old one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from checker import wordmemo, wordnet
from checker.translate import lexicon as lexicon_module
from checker.translate.lexicon import DingLexicon
from tests.test_determinism import Corpus, corpus, memory_args, run_json

__all__ = ["corpus"]  # the fixture, used by name


@pytest.fixture(autouse=True)
def fresh_process_state() -> Iterator[None]:
    """Each run opens the dictionary and WordNet anew, as a new process would, so that
    their in-memory memos do not hide what the kept answers give."""

    def reset() -> None:
        lexicon_module._LOADED.clear()
        wordnet._LOADED.clear()
        wordnet._BY_SETTING.clear()
        wordmemo.configure(None)

    reset()
    yield
    reset()


def check(corpus: Corpus, cache: Path, output: Path) -> bytes:
    _code, report = run_json([str(corpus.root), *memory_args(corpus), "--cache", str(cache),
                              "--jobs", "1"], output)
    wordmemo.configure(None)  # writes what is pending; the next run opens the file anew
    lexicon_module._LOADED.clear()
    wordnet._LOADED.clear()
    wordnet._BY_SETTING.clear()
    return report


def memo_rows(cache: Path, prefix: str) -> int:
    (path,) = (cache / wordmemo.MEMO_SUBDIR).glob("*.sqlite3")
    with sqlite3.connect(path) as db:
        (rows,) = db.execute("SELECT count(*) FROM memo WHERE tab LIKE ?",
                             (prefix + "%",)).fetchone()
    return int(rows)


def count_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    analysed: list[str] = []
    real = DingLexicon._analyse_uncached

    def counting(self: DingLexicon, word: str) -> object:
        analysed.append(word)
        return real(self, word)

    monkeypatch.setattr(DingLexicon, "_analyse_uncached", counting)
    return analysed


def test_kept_answers_give_the_same_report(corpus: Corpus, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    analysed = count_analyses(monkeypatch)
    cold = check(corpus, cache, tmp_path / "cold.json")
    assert analysed and memo_rows(cache, "lexicon.analyse") >= len(set(analysed))
    assert memo_rows(cache, "meaning.gloss_keys") > 0  # the meaning check's keys too
    analysed.clear()
    warm = check(corpus, cache, tmp_path / "warm.json")
    assert analysed == []  # every German word's analysis came from the memo
    assert warm == cold
    wordmemo.configure(None)
    monkeypatch.setattr(wordmemo, "configure", lambda folder: None)  # no memo at all
    assert check(corpus, tmp_path / "other", tmp_path / "none.json") == cold


def test_a_corrupt_memo_is_replaced_and_changes_nothing(corpus: Corpus,
                                                       tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = check(corpus, cache, tmp_path / "cold.json")
    (path,) = (cache / wordmemo.MEMO_SUBDIR).glob("*.sqlite3")
    path.write_bytes(b"this is not a database" * 100)
    assert check(corpus, cache, tmp_path / "corrupt.json") == cold
    assert memo_rows(cache, "lexicon.analyse") > 0  # written anew


def test_rows_of_the_wrong_shape_are_computed_again(corpus: Corpus, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = check(corpus, cache, tmp_path / "cold.json")
    (path,) = (cache / wordmemo.MEMO_SUBDIR).glob("*.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("""UPDATE memo SET value = '[1, {"x": 2}]'""")
    assert check(corpus, cache, tmp_path / "garbled.json") == cold


def test_a_memo_that_cannot_be_written_changes_nothing(corpus: Corpus, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = check(corpus, tmp_path / "first", tmp_path / "cold.json")
    cache.mkdir()
    (cache / wordmemo.MEMO_SUBDIR).write_text("a file where the memo folder would be\n")
    assert check(corpus, cache, tmp_path / "blocked.json") == cold


def test_a_changed_dictionary_does_not_reuse_old_answers(corpus: Corpus,
                                                         tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(corpus, cache, tmp_path / "old.json")
    with corpus.dictionary.open("a", encoding="utf-8") as handle:
        handle.write("Eltern {pl} :: parents\nzufrieden :: satisfied; content\n")
    changed = check(corpus, cache, tmp_path / "changed.json")
    fresh = check(corpus, tmp_path / "fresh", tmp_path / "fresh.json")
    assert changed == fresh
    (path,) = (cache / wordmemo.MEMO_SUBDIR).glob("*.sqlite3")
    with sqlite3.connect(path) as db:
        (tables,) = db.execute("SELECT count(DISTINCT tab) FROM memo "
                               "WHERE tab LIKE 'lexicon.analyse%'").fetchone()
    assert tables == 2  # the answers of each dictionary apart
    assert json.loads(changed)["signature"] == json.loads(fresh)["signature"]


def _shouting() -> tuple[list[str], Callable[[str], str]]:
    """A look-up that upper-cases a word, and the list of words it was asked."""
    calls: list[str] = []

    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    return calls, shout


def test_remembered_keeps_and_reuses_an_answer(tmp_path: Path) -> None:
    calls, shout = _shouting()
    wordmemo.configure(tmp_path)
    kept = wordmemo.remembered("test.shout|1", shout, wordmemo.same, wordmemo.text)
    assert kept("haus") == "HAUS" and calls == ["haus"]
    wordmemo.flush()
    wordmemo.configure(None)
    wordmemo.configure(tmp_path)  # a new process, as far as the memo knows
    wordmemo.prefetch("en", ["haus"])
    assert kept("haus") == "HAUS" and calls == ["haus"]
    other = wordmemo.remembered("test.shout|2", shout, wordmemo.same, wordmemo.text)
    assert other("haus") == "HAUS" and calls == ["haus", "haus"]  # another resource


@pytest.mark.parametrize("row", ['"HAUS" trailing', ' "HAUS"', '["HAUS"', "HAUS", '"HA'])
def test_a_row_that_is_not_exactly_one_json_value_is_computed_again(tmp_path: Path,
                                                                      row: str) -> None:
    calls, shout = _shouting()
    wordmemo.configure(tmp_path)
    kept = wordmemo.remembered("test.shout|1", shout, wordmemo.same, wordmemo.text)
    memo = wordmemo.active()
    assert memo is not None
    memo.put(wordmemo.stored_name("test.shout|1"), "haus", row)
    assert kept("haus") == "HAUS" and calls == ["haus"]
