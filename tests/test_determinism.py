"""Invariance: the JSON report does not depend on how a run is carried out.

Same pairs, same translations → byte-identical JSON, whatever the number of worker
processes, whether the translation cache is cold or warm, and in whatever order the
pairs are named on the command line (compared pair by pair).
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from checker.cli import main
from checker.translate.lexicon import LexiconTranslator

# Six small pairs written for these tests: (German sentences, English sentences).
# Some English sides drift on purpose (a changed number, a dropped sentence, a lost
# negation) so that reports carry findings, not just clean beads.
PAIRS: dict[str, tuple[list[str], list[str]]] = {
    "haushalt": (
        ["Die Stadt plant einen neuen Haushalt.", "Die Ausgaben steigen um 12 Prozent.",
         "Der Rat stimmt im März ab."],
        ["The city is planning a new budget.", "Spending rises by 12 percent.",
         "The council votes in March."],
    ),
    "bahn": (
        ["Die neue Linie fährt ab Montag.", "Täglich nutzen 4.500 Menschen die Bahn.",
         "Die Fahrt dauert nicht länger als zehn Minuten."],
        ["The new line runs from Monday.", "Every day 5,400 people use the train.",
         "The journey takes longer than ten minutes."],
    ),
    "schule": (
        ["In München öffnet eine neue Schule.", "Sie hat Platz für 300 Kinder.",
         "Die Eltern sind zufrieden.", "Der Bau kostete zwei Millionen Euro."],
        ["A new school opens in Munich.", "It has room for 300 children.",
         "The building cost two million euros."],
    ),
    "wetter": (
        ["Am Wochenende wird es warm.", "Die Temperaturen steigen auf 28 Grad."],
        ["It will be warm at the weekend.", "Temperatures rise to 28 degrees."],
    ),
    "museum": (
        ["Das Museum zeigt Bilder von Anna Berger.", "„Die Ausstellung ist ein Erfolg“, sagte sie.",
         "Der Eintritt ist frei."],
        ["The museum shows pictures by Anna Berger.", "\"The exhibition is a success,\" she said.",
         "Admission is free.", "The show runs until June."],
    ),
    "markt": (
        ["Der Markt findet jeden Samstag statt.", "Es gibt Obst, Gemüse und Käse."],
        ["The market takes place every Saturday.", "There is fruit, vegetables and cheese."],
    ),
}
# Machine translations for the memory translator: the English side before any drift.
MT = {
    "Die Ausgaben steigen um 12 Prozent.": "Expenditure rises by 12 percent.",
    "Täglich nutzen 4.500 Menschen die Bahn.": "Every day 4,500 people use the railway.",
    "Die Fahrt dauert nicht länger als zehn Minuten.":
        "The journey takes no longer than ten minutes.",
    "Die Eltern sind zufrieden.": "The parents are satisfied.",
    "Der Bau kostete zwei Millionen Euro.": "The construction cost two million euros.",
}
# A tiny Ding-format dictionary for the lexicon translator (the one backend that caches
# and needs no model); written for these tests.
DING = """# test dictionary
Stadt {f} | Städte {pl} :: city | cities
neu; neue; neuer :: new
Schule {f} :: school
Markt {m} :: market
Museum {n} :: museum
Bild {n} | Bilder {pl} :: picture | pictures
Kind {n} | Kinder {pl} :: child | children
warm :: warm
frei :: free
"""


@dataclass(frozen=True)
class Corpus:
    root: Path
    translations: Path
    dictionary: Path

    def pair_dirs(self) -> list[Path]:
        return sorted(p for p in self.root.iterdir() if p.is_dir())


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Corpus:
    root = tmp_path / "pairs"
    for name, (german, english) in PAIRS.items():
        pair = root / name
        pair.mkdir(parents=True)
        heading = f"# {name.title()}\n\n"
        (pair / "de.md").write_text(heading + " ".join(german) + "\n", encoding="utf-8")
        (pair / "en.md").write_text(heading + " ".join(english) + "\n", encoding="utf-8")
    translations = tmp_path / "mt.tsv"
    rows = {
        de: en
        for german, english in PAIRS.values()
        for de, en in zip(german, english, strict=False)
    }
    rows.update(MT)
    rows.update((name.title(), name.title()) for name in PAIRS)  # the headings
    translations.write_text("".join(f"{de}\t{en}\n" for de, en in rows.items()), encoding="utf-8")
    dictionary = tmp_path / "ding.txt"
    dictionary.write_text(DING, encoding="utf-8")
    # every run (also with the memory translator) uses this dictionary for its detectors,
    # not whatever is installed system-wide
    monkeypatch.setenv("TRANSCHECK_LEXICON", str(dictionary))
    monkeypatch.chdir(tmp_path)
    return Corpus(root, translations, dictionary)


def run_json(args: list[str], output: Path) -> tuple[int, bytes]:
    code = main(["check", *args, "--format", "json", "--output", str(output)])
    assert code in (0, 1), f"transcheck exited with {code}"
    return code, output.read_bytes()


def memory_args(corpus: Corpus) -> list[str]:
    return ["--translator", "memory", "--translations", str(corpus.translations)]


def lexicon_args(corpus: Corpus, cache: Path) -> list[str]:
    return ["--translator", "lexicon", "--lexicon", str(corpus.dictionary), "--cache", str(cache)]


def by_pair(report: bytes) -> dict[str, str]:
    data = json.loads(report)
    return {pair["id"]: json.dumps(pair, sort_keys=True) for pair in data["pairs"]}


def test_reports_carry_findings(corpus: Corpus, tmp_path: Path) -> None:
    """The corpus is not trivially clean, so the invariance tests compare real content."""
    code, report = run_json(
        [str(corpus.root), *memory_args(corpus), "--jobs", "1"], tmp_path / "r.json"
    )
    data = json.loads(report)
    assert code == 1 and len(data["pairs"]) == len(PAIRS)
    codes = {f["code"] for p in data["pairs"] for b in p["beads"] for f in b["flags"]}
    assert {"number", "omission", "addition"} <= codes


@pytest.mark.parametrize("translator", ["memory", "lexicon"])
def test_one_and_two_jobs_give_byte_identical_reports(
    corpus: Corpus, tmp_path: Path, translator: str
) -> None:
    extra = memory_args(corpus) if translator == "memory" else lexicon_args(corpus, tmp_path / "c")
    one = run_json([str(corpus.root), *extra, "--jobs", "1"], tmp_path / "one.json")
    two = run_json([str(corpus.root), *extra, "--jobs", "2"], tmp_path / "two.json")
    assert one == two


@pytest.fixture()
def spawn_workers() -> Iterator[None]:
    """Worker processes started the way macOS, Windows and Python ≥ 3.14 start them."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    yield
    multiprocessing.set_start_method(previous, force=True)


@pytest.mark.usefixtures("spawn_workers")
def test_two_jobs_work_with_spawned_workers(corpus: Corpus, tmp_path: Path) -> None:
    one = run_json([str(corpus.root), *memory_args(corpus), "--jobs", "1"], tmp_path / "one.json")
    two = run_json([str(corpus.root), *memory_args(corpus), "--jobs", "2"], tmp_path / "two.json")
    assert one == two


def test_cold_and_warm_cache_give_byte_identical_reports(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    args = [str(corpus.root), *lexicon_args(corpus, cache), "--jobs", "1"]
    cold = run_json(args, tmp_path / "cold.json")
    with sqlite3.connect(cache / "translations.sqlite3") as db:
        (rows,) = db.execute("SELECT count(*) FROM translations").fetchone()
    assert rows > 0  # the cold run filled the cache

    translated: list[str] = []
    real = LexiconTranslator.translate

    def counting(self: LexiconTranslator, sentences: list[str]) -> list[str | None]:
        translated.extend(sentences)
        return real(self, sentences)

    monkeypatch.setattr(LexiconTranslator, "translate", counting)
    warm = run_json(args, tmp_path / "warm.json")
    assert translated == []  # everything came from the cache
    uncached = run_json([*args, "--no-cache"], tmp_path / "uncached.json")
    assert cold == warm == uncached


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_pair_order_on_the_command_line_does_not_change_any_pair(
    corpus: Corpus, tmp_path: Path, jobs: str
) -> None:
    dirs = [str(d) for d in corpus.pair_dirs()]
    shuffled = dirs[1::2] + dirs[::2][::-1]  # a fixed permutation: odd ones, then evens reversed
    assert shuffled != dirs
    code_a, forward = run_json([*dirs, *memory_args(corpus), "--jobs", jobs], tmp_path / "a.json")
    code_b, other = run_json([*shuffled, *memory_args(corpus), "--jobs", jobs], tmp_path / "b.json")
    assert code_a == code_b
    assert by_pair(forward) == by_pair(other)
    assert [p["id"] for p in json.loads(other)["pairs"]] == [Path(d).name for d in shuffled]
    head = {k: v for k, v in json.loads(forward).items() if k != "pairs"}
    assert head == {k: v for k, v in json.loads(other).items() if k != "pairs"}
