"""WordNet as the detectors see it, and detector results that do not depend on what ran before.

The WordNet rows are facts of WordNet 3.0 (Debian's wordnet-base); the tests are skipped
where it is not installed.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest

from checker import wordnet
from checker.checks import CheckContext, detect
from checker.model import Bead, BeadResult, Scores, Sentence

needs_wordnet = pytest.mark.skipif(wordnet.load() is None, reason="WordNet not installed")


@needs_wordnet
@pytest.mark.parametrize(("word", "lemma"), [
    ("mice", "mouse"),  # noun exception list
    ("went", "go"),  # verb exception list
    ("reducing", "reduce"),  # verb suffix rule: -ing → -e
    ("boxes", "box"),  # noun suffix rule: -xes → -x
    ("biggest", "big"),  # adjective exception list
])
def test_dictionary_forms(word: str, lemma: str) -> None:
    net = wordnet.load()
    assert net is not None and lemma in net.lemmas(word)


@needs_wordnet
def test_senses_and_word_classes() -> None:
    net = wordnet.load()
    assert net is not None
    assert net.same_sense("puppets", "marionettes")  # one synset holds both
    assert not net.same_sense("puppets", "houses")
    assert net.modifier("controversial") and not net.noun("controversial")
    assert net.noun("house") and not net.modifier("house")
    assert "small" in net.antonyms("huge")  # through the satellite's head "large"
    assert "contraction" in net.antonyms("expansion")
    assert "offline" in net.antonyms("online")  # WordNet writes "off-line"
    assert net.opposite("automatically", "manually")  # automatic ↔ manual
    assert net.adjective_bases("manually") == {"manual"}
    # an adjective cluster: a head with its satellites ("outraged" is a kind of "angry")
    assert not net.clusters("outraged").isdisjoint(net.clusters("angry"))
    assert net.clusters("delighted").isdisjoint(net.clusters("angry"))
    assert net.adjective_sense("delighted") and not net.adjective_sense("house")
    # more general kinds: "title" is a kind of name, "sprint" a kind of running
    assert not net.broader("title").isdisjoint(net.sense_ids("name"))
    assert not net.broader("sprinted").isdisjoint(net.sense_ids("ran"))
    assert net.broader("ran").isdisjoint(net.sense_ids("sprinted"))  # not the other way
    assert net.broader("walked").isdisjoint(net.sense_ids("ran"))
    # nouns of things, beings, groups, places and times, not of ideas and acts
    assert all(map(net.concrete_noun, ("family", "school", "evening", "journalists")))
    assert not any(map(net.concrete_noun, ("example", "comparison", "opinion", "quickly")))
    assert net.time_noun("week") and net.time_noun("season") and not net.time_noun("school")


def test_unreadable_database_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "index.noun").write_text("not a WordNet index\n", encoding="utf-8")
    monkeypatch.setenv(wordnet.WORDNET_ENV, str(tmp_path))
    assert wordnet.load() is None


def test_detection_pass_reads_the_setting_once(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    (tmp_path / "index.noun").write_text("not a WordNet index\n", encoding="utf-8")
    before = wordnet.load()
    with wordnet.pinned():
        monkeypatch.setenv(wordnet.WORDNET_ENV, str(tmp_path))
        assert wordnet.load() is before  # the database the pass began with
        with wordnet.pinned():
            assert wordnet.load() is before
    assert wordnet.load() is None  # the setting read again once the pass is over


def _bead(index: int, de: str, en: str, mt: str) -> BeadResult:
    return BeadResult(index=index, bead=Bead((index,), (index,)),
                      de=(Sentence(index, de, index + 1, 0),),
                      en=(Sentence(index, en, index + 1, 0),),
                      mt=mt, scores=Scores(chrf=60.0, bleu=30.0, ter=50.0))


# hand-written pairs that share words, so that anything one bead computed and kept
# could leak into the next
BEADS = (
    ("Er kam morgens in Singapur an.", "He arrived late in Singapore in the morning.",
     "He arrived in Singapore in the morning."),
    ("Er kam abends in Singapur an.", "He arrived in Singapore in the morning.",
     "He arrived in Singapore in the evening."),
    ("Die Preise stiegen stark.", "Prices fell sharply.", "Prices rose sharply."),
    ("Die Preise stiegen stark.", "Prices rose sharply.", "Prices rose sharply."),
)


def test_findings_of_a_bead_do_not_depend_on_the_beads_before_it() -> None:
    ctx = CheckContext()
    beads = [_bead(k, *row) for k, row in enumerate(BEADS)]
    together = [b.flags for b in detect(beads, ctx)]
    backwards = [b.flags for b in detect(beads[::-1], ctx)][::-1]
    alone = [detect([b], ctx)[0].flags for b in beads]
    assert together == backwards == alone
    assert [bool(f) for f in together] == [True, True, True, False]


# ---------------------------------------------------------------- the reader vs NLTK's


# WordNet 3.0's lexicographer files (lexnames(5WN)): Debian's package leaves the
# `lexnames` file out, and NLTK's reader needs it
LEXNAMES = (
    "adj.all 3", "adj.pert 3", "adv.all 4", "noun.Tops 1", "noun.act 1", "noun.animal 1",
    "noun.artifact 1", "noun.attribute 1", "noun.body 1", "noun.cognition 1",
    "noun.communication 1", "noun.event 1", "noun.feeling 1", "noun.food 1", "noun.group 1",
    "noun.location 1", "noun.motive 1", "noun.object 1", "noun.person 1",
    "noun.phenomenon 1", "noun.plant 1", "noun.possession 1", "noun.process 1",
    "noun.quantity 1", "noun.relation 1", "noun.shape 1", "noun.state 1",
    "noun.substance 1", "noun.time 1", "verb.body 2", "verb.change 2", "verb.cognition 2",
    "verb.communication 2", "verb.competition 2", "verb.consumption 2", "verb.contact 2",
    "verb.creation 2", "verb.emotion 2", "verb.motion 2", "verb.perception 2",
    "verb.possession 2", "verb.social 2", "verb.stative 2", "verb.weather 2", "adj.ppl 3",
)


def _lexnames_text() -> str:
    return "".join(f"{i:02d}\t{entry.replace(' ', chr(9))}\n" for i, entry in enumerate(LEXNAMES))


class _NltkAdapter:
    """NLTK's WordNet corpus reader behind the few calls checker.wordnet makes."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def morphy(self, form: str, pos: str) -> tuple[str, ...]:
        return tuple(self._reader._morphy(form, pos))

    def synsets(self, word: str, per_pos: int | None = None) -> list[Any]:
        # of each part of speech the first per_pos (satellites count as adjectives)
        found: list[Any] = []
        taken: dict[str, int] = {}
        for synset in self._reader.synsets(word):
            pos = "a" if synset.pos() == "s" else synset.pos()
            taken[pos] = taken.get(pos, 0) + 1
            if per_pos is None or taken[pos] <= per_pos:
                found.append(synset)
        return found


def _nltk_wordnet() -> wordnet.WordNet | None:
    try:
        import nltk  # type: ignore[import-untyped]
        from nltk.corpus.reader.wordnet import WordNetCorpusReader  # type: ignore[import-untyped]
    except ImportError:
        return None
    root = str(wordnet.database_dir().resolve())
    if root not in nltk.data.path:
        nltk.data.path.append(root)

    class Reader(WordNetCorpusReader):  # type: ignore[misc]
        def open(self, file: str) -> Any:  # Debian's package has no `lexnames` file
            if file == "lexnames":
                return io.StringIO(_lexnames_text())
            return super().open(file)

        def map_wn(self, version: str = "wordnet") -> None:
            return None

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        reader = Reader(nltk.data.FileSystemPathPointer(root), None)
    return wordnet.WordNet(_NltkAdapter(reader))


def _sample_words(step: int = 97) -> list[str]:
    """Every step-th lemma of each index file, with inflected forms built from it."""
    out: list[str] = []
    for name in ("noun", "verb", "adj", "adv"):
        lines = (wordnet.database_dir() / f"index.{name}").read_text(encoding="utf-8")
        lemmas = [ln.split(" ", 1)[0] for ln in lines.splitlines() if not ln.startswith(" ")]
        for lemma in lemmas[::step]:
            if "_" not in lemma:
                out += [lemma, lemma + "s", lemma + "ed", lemma + "ing", lemma + "er"]
    return out + ["went", "mice", "biggest", "better", "huge", "expansion", "unlucky"]


@needs_wordnet
def test_the_reader_answers_as_nltks_wordnet_reader() -> None:
    # checker/wordnet_files.py reads the database itself (NLTK's reader takes seconds to
    # start and most of a check's time); every answer the detectors use must be NLTK's
    ours, reference = wordnet.load(), _nltk_wordnet()
    if reference is None:
        pytest.skip("nltk is not installed")
    assert ours is not None
    words = _sample_words()
    assert len(words) > 1000
    for word in words:
        for ask in ("lemmas", "synonyms", "antonyms", "pos", "modifier", "noun"):
            assert getattr(ours, ask)(word) == getattr(reference, ask)(word), (ask, word)
        assert ours.common_word(word) == reference.common_word(word), ("common_word", word)


@needs_wordnet
def test_sense_index_answers_as_comparing_word_by_word() -> None:
    # meaning's SenseIndex compares synsets found in the index instead of synonym lists;
    # its answer must be the word-by-word comparison's for every word and group
    from checker.checks.common import Token
    from checker.checks.meaning import SenseIndex, _same_sense

    words = _sample_words(step=389) + ["car", "automobile", "marionettes", "puppets", "large",
                                       "big", "went", "going", "new", "york", "in", "indiana"]
    groups = [words[k : k + 9] for k in range(0, len(words), 7)]
    shared = 0
    for group in groups:
        tokens = [Token(w, 0, len(w)) for w in group]
        index = SenseIndex(tokens)
        for word in words[:: 5] + group[:3]:
            expected = any(_same_sense(word, t.text) for t in tokens)
            assert index.shares(word) == expected, (word, group)
            shared += expected
    assert shared > 50  # the sample has words that share senses, not only ones that do not


@pytest.mark.parametrize("searches_in_place", [10_000, 3])
def test_a_sorted_file_finds_the_same_lines_searched_in_place_or_read(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, searches_in_place: int) -> None:
    # an index is searched in its mapped bytes until searched often, then read whole:
    # either way a lemma finds its line, and only its own (not a longer lemma's)
    from checker import wordnet_files

    monkeypatch.setattr(wordnet_files, "SEARCHES_IN_PLACE", searches_in_place)
    lines = ["  1 licence text", "go n 1", "go_on v 1", "good a 2", "goods n 1", "zoo n 1"]
    path = tmp_path / "index.noun"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = wordnet_files.SortedLines(path)
    for _ in range(2):  # the second time past the switch when it comes early
        assert [index.find(w) for w in ("go", "good", "goods", "zoo")] == [
            "go n 1", "good a 2", "goods n 1", "zoo n 1"]
        assert [index.find(w) for w in ("g", "goo", "a", "zzz", "", " ")] == [""] * 6
    empty = tmp_path / "index.verb"
    empty.write_bytes(b"")
    assert wordnet_files.SortedLines(empty).find("go") == ""
