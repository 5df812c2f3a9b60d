"""Answers kept per pair (checker/pairmemo.py), and the pair-level number matching that
reads a whole article at once."""

from __future__ import annotations

from collections.abc import Callable

from checker import pairmemo
from checker.checks.numbers import english_mentions, german_mentions, unmatched


def _counting() -> tuple[list[str], Callable[[str], str]]:
    calls: list[str] = []

    @pairmemo.per_pair
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    return calls, shout


def test_a_long_pair_works_out_each_text_once() -> None:
    """More texts than the old fixed-size caches held (4,096), each read in two passes
    (as the word memo's bulk read and then the detectors do): every text is worked out
    once."""
    calls, shout = _counting()
    texts = [f"Satz {k}" for k in range(20_000)]
    with pairmemo.scope():
        first = [shout(t) for t in texts]
        second = [shout(t) for t in texts]
    assert first == second == [t.upper() for t in texts]
    assert len(calls) == len(texts)


def test_answers_are_forgotten_when_the_pair_is_done() -> None:
    calls, shout = _counting()
    with pairmemo.scope():
        shout("eins")
    with pairmemo.scope():
        shout("eins")
    assert calls == ["eins", "eins"]


def test_outside_a_pair_repeats_are_served_too() -> None:
    calls, shout = _counting()
    shout("drei")
    shout("drei")
    assert calls == ["drei"]


def test_a_whole_articles_numbers_pair_off_by_value_and_unit() -> None:
    """The pair-level reading: each German number takes the first English one of its
    value, a repeated number needs as many mentions on the other side, a unit of the
    same dimension that differs is no partner, and a number word still matches digits."""
    german = [m for text in ("Im Jahr 2021 kamen 5 Kilometer hinzu.",
                             "2021 war ein gutes Jahr.", "Es waren 2021 drei Besucher.")
              for m in german_mentions(text)]
    english = [m for text in ("In 2021, 5 miles were added.", "2021 was a good year.",
                              "There were three visitors.")
               for m in english_mentions(text)]
    lonely_de, lonely_en = unmatched(german, english)
    assert [(m.text, m.unit is not None) for m in lonely_de] == [("5", True), ("2021", False)]
    assert [(m.text, m.unit is not None) for m in lonely_en] == [("5", True)]
