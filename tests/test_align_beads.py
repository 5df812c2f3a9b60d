"""Every bead kind in a small written-out article: three ordinary sentence pairs,
then the case (sentences joined, split, regrouped, left out, added, or an MT line
that is the German copied unchanged), then three more ordinary pairs.

German, its machine translation and a free English version, written for these tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from checker.align import align
from checker.model import Sentence

Pairs = list[tuple[tuple[int, ...], tuple[int, ...]]]

# (German, machine translation, English) pairs that translate one to one.
CONTEXT = [
    ("Das Stadtmuseum öffnet nach zwei Jahren Umbau am 3. Mai wieder.",
     "The city museum reopens on 3 May after two years of renovation.",
     "After two years of renovation, the city museum reopens on 3 May."),
    ("Das Gebäude stammt aus dem Jahr 1898 und stand lange leer.",
     "The building dates from 1898 and stood empty for a long time.",
     "The building, which dates from 1898, stood empty for years."),
    ("Die Stadt trägt zwei Drittel der Kosten, den Rest zahlt das Land.",
     "The city bears two thirds of the costs, the state pays the rest.",
     "The city is paying two thirds of the cost and the state the rest."),
    ("Ein neuer Aufzug macht alle Etagen barrierefrei zugänglich.",
     "A new lift makes all floors accessible without barriers.",
     "A new lift gives step-free access to every floor."),
    ("Am Eröffnungstag spielt ein Streichquartett im Innenhof.",
     "On the opening day, a string quartet plays in the courtyard.",
     "On the opening day, a string quartet will play in the courtyard."),
    ("Weitere Informationen gibt es auf der Internetseite des Museums.",
     "Further information is available on the museum's website.",
     "More information can be found on the museum's website."),
]


@dataclass(frozen=True)
class Case:
    german: tuple[str, ...]
    mt: tuple[str, ...]
    english: tuple[str, ...]


CASES = {
    "2-1": Case(
        ("Der Umbau hat 18 Millionen Euro gekostet.", "Das ist deutlich mehr als geplant."),
        ("The renovation cost 18 million euros.", "That is significantly more than planned."),
        ("The renovation cost 18 million euros, far more than planned.",),
    ),
    "1-2": Case(
        ("Der Umbau hat 18 Millionen Euro gekostet, deutlich mehr als die Stadt im Jahr 2019"
         " geplant hatte.",),
        ("The renovation cost 18 million euros, significantly more than the city had planned"
         " in 2019.",),
        ("The renovation cost 18 million euros.",
         "That is far more than the city planned in 2019."),
    ),
    "1-3": Case(
        ("Neu ist vor allem der große Saal im Erdgeschoss, in dem künftig"
         " Wechselausstellungen gezeigt werden, und ein Café mit Blick auf den Fluss.",),
        ("What is new above all is the large hall on the ground floor, in which temporary"
         " exhibitions will be shown in future, and a café with a view of the river.",),
        ("The main novelty is the large hall on the ground floor.",
         "It will host temporary exhibitions.",
         "There is also a café with a view of the river."),
    ),
    "3-1": Case(
        ("Die erste Ausstellung zeigt Fotografien.",
         "Sie stammen aus den Jahren 1950 bis 1970.",
         "Alle Bilder wurden in der Altstadt aufgenommen."),
        ("The first exhibition shows photographs.",
         "They date from the years 1950 to 1970.",
         "All pictures were taken in the old town."),
        ("The first exhibition shows photographs taken in the old town between 1950"
         " and 1970.",),
    ),
    "2-2": Case(
        ("Direktorin Petra Lindner rechnet im ersten Jahr mit 80.000 Besuchern und vor allem"
         " mit vielen Schulklassen aus der ganzen Region, für die es eigene Führungen gibt.",
         "Der Eintritt ist für sie frei."),
        ("Director Petra Lindner expects 80,000 visitors in the first year and above all"
         " many school classes from the whole region, for which there are special tours.",
         "Admission is free for them."),
        ("Director Petra Lindner expects 80,000 visitors in the first year.",
         "She is counting above all on many school classes from the whole region, who get"
         " special tours and free admission."),
    ),
    "1-0": Case(
        ("Der Förderverein hatte seit 2015 Spenden für den Umbau gesammelt.",),
        ("The friends' association had been collecting donations for the renovation since"
         " 2015.",),
        (),
    ),
    "0-1": Case((), (), ("Tickets for the opening weekend can be booked online.",)),
    "copied MT line": Case(
        ("Die Öffnungszeiten bleiben unverändert.",),
        ("Die Öffnungszeiten bleiben unverändert.",),  # the translator failed: German again
        ("Opening hours stay the same.",),
    ),
}


def sentences(texts: Sequence[str]) -> list[Sentence]:
    return [Sentence(index=k, text=t, line=k + 1, block=0) for k, t in enumerate(texts)]


def article(case: Case) -> tuple[list[str], list[str], list[str]]:
    before, after = CONTEXT[:3], CONTEXT[3:]
    german = [c[0] for c in before] + list(case.german) + [c[0] for c in after]
    mt = [c[1] for c in before] + list(case.mt) + [c[1] for c in after]
    english = [c[2] for c in before] + list(case.english) + [c[2] for c in after]
    return german, mt, english


def expected(case: Case) -> Pairs:
    """Ordinary pairs one to one, the case's sentences in one bead."""
    n_de, n_en = len(case.german), len(case.english)
    beads: Pairs = [((k,), (k,)) for k in range(3)]
    beads.append((tuple(range(3, 3 + n_de)), tuple(range(3, 3 + n_en))))
    beads += [((3 + n_de + k,), (3 + n_en + k,)) for k in range(3)]
    return beads


def aligned(german: list[str], english: list[str], mt: list[str] | None) -> Pairs:
    return [(b.de, b.en) for b in align(sentences(german), sentences(english), mt)]


@pytest.mark.parametrize("name", list(CASES))
def test_each_bead_kind_with_mt(name: str) -> None:
    german, mt, english = article(CASES[name])
    assert aligned(german, english, mt) == expected(CASES[name])


def test_two_to_one_without_mt() -> None:
    # Length alone (and the German's names and numbers) on an article this short
    # decides a merge; single omissions and splits need MT here (see test_align.py
    # for length-only cases with lengths that tell).
    german, _, english = article(CASES["2-1"])
    assert aligned(german, english, None) == expected(CASES["2-1"])


def test_a_two_to_one_does_not_swallow_an_untranslated_neighbour() -> None:
    # German: ordinary, untranslated, ordinary. A 2-1 would hide the omission.
    case = CASES["1-0"]
    german, mt, english = article(case)
    beads = aligned(german, english, mt)
    assert ((3,), ()) in beads
    assert ((2, 3), (2,)) not in beads and ((3, 4), (3,)) not in beads


def test_every_kind_in_one_article() -> None:
    names = ["2-1", "1-3", "1-0", "3-1", "copied MT line", "0-1", "2-2"]
    german, mt, english = [c[0] for c in CONTEXT[:2]], [c[1] for c in CONTEXT[:2]], [
        c[2] for c in CONTEXT[:2]
    ]
    want: Pairs = [((0,), (0,)), ((1,), (1,))]
    for name, context in zip(names, CONTEXT[2:] + CONTEXT[:3], strict=True):
        case = CASES[name]
        want.append((tuple(range(len(german), len(german) + len(case.german))),
                     tuple(range(len(english), len(english) + len(case.english)))))
        german += list(case.german)
        mt += list(case.mt)
        english += list(case.english)
        want.append(((len(german),), (len(english),)))
        german.append(context[0])
        mt.append(context[1])
        english.append(context[2])
    assert aligned(german, english, mt) == want
