"""A German sentence merged into a neighbour's bead whose English leaves it out."""

from __future__ import annotations

from checker.checks.partial import partial_omissions
from checker.model import Bead, BeadResult, Sentence, Severity
from checker.settings import Settings

# hand-written: two German sentences aligned to one English sentence
DE = ("Die Brücke wird im Mai für den Verkehr gesperrt.",
      "Der Umweg über Neustadt kostet Pendler zwanzig Minuten.")
MT = ("The bridge will be closed to traffic in May.",
      "The detour via Neustadt costs commuters twenty minutes.")


def two_to_one(en: str) -> BeadResult:
    de = tuple(Sentence(k, text, k + 1, 0) for k, text in enumerate(DE))
    return BeadResult(0, Bead((0, 1), (0,)), de, (Sentence(0, en, 1, 0),), " ".join(MT), None)


def test_sentence_the_english_leaves_out_is_an_omission_warning() -> None:
    (flag,) = partial_omissions(two_to_one("The bridge is closed to traffic in May."), MT,
                                Settings())
    assert flag.code == "omission" and flag.severity == Severity.WARNING
    assert "line 2" in flag.message and flag.de_span == DE[1]


def test_two_sentences_joined_into_one_are_no_omission() -> None:
    en = ("The bridge is closed to traffic in May, so commuters face a twenty-minute detour "
          "via Neustadt.")
    assert partial_omissions(two_to_one(en), MT, Settings()) == []


def test_without_a_translation_of_each_sentence_nothing_is_judged() -> None:
    bead = two_to_one("The bridge is closed to traffic in May.")
    assert partial_omissions(bead, (MT[0], None), Settings()) == []
