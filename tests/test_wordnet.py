"""WordNet as the detectors see it, and detector results that do not depend on what ran before.

The WordNet rows are facts of WordNet 3.0 (Debian's wordnet-base); the tests are skipped
where it is not installed.
"""

from __future__ import annotations

from pathlib import Path

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


def test_unreadable_database_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "index.noun").write_text("not a WordNet index\n", encoding="utf-8")
    monkeypatch.setenv(wordnet.WORDNET_ENV, str(tmp_path))
    assert wordnet.load() is None


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
