"""Golden rows for the second tuning round of the drift detectors (recall).

Every row is a sentence written for this file in our own words. "DEMETR-like" rows
follow the pattern of a DEMETR perturbation (a name removed, an antonym swapped in,
a word inserted); "hand-written" rows are faithful paraphrases that must stay quiet.
The expected value is what a German/English reader decides on reading the row.
"""

from __future__ import annotations

import pytest

from checker.checks import CheckContext, detect
from checker.checks.common import is_content_en
from checker.checks.meaning import MIN_STRETCH
from checker.model import Bead, BeadResult, Flag, Scores, Sentence, Severity


def flags(de: str, en: str, mt: str) -> tuple[Flag, ...]:
    bead = BeadResult(index=0, bead=Bead((0,), (0,)), de=(Sentence(0, de, 1, 0),),
                      en=(Sentence(0, en, 1, 0),), mt=mt,
                      scores=Scores(chrf=60.0, bleu=30.0, ter=50.0))
    (result,) = detect([bead], CheckContext())
    return result.flags


def warned(found: tuple[Flag, ...], code: str) -> bool:
    return any(f.code == code and f.severity >= Severity.WARNING for f in found)


NAME_ROWS = [
    # DEMETR-like name removal: German k for English c (Kongress ~ Congress)
    ("Gestern stimmte der Kongress zu.", "Yesterday the parliament agreed.",
     "Yesterday Congress agreed.", True),
    # hand-written control for the row above: the name kept
    ("Gestern stimmte der Kongress zu.", "Congress agreed yesterday.",
     "Yesterday Congress agreed.", False),
    # DEMETR-like: the MT gives expansion and acronym, the English drops the acronym
    ("Er war Nationaler Sicherheitsberater (NSA).", "He was National Security Advisor ().",
     "He was National Security Advisor (NSA).", True),
    # hand-written control for the row above: the acronym kept
    ("Er war Nationaler Sicherheitsberater (NSA).", "He was the National Security Advisor (NSA).",
     "He was National Security Advisor (NSA).", False),
    # DEMETR-like: "mountains" is not the name "Mount Vinson"
    ("Der höchste Gipfel ist der Mount Vinson.", "The highest of the mountains is Vinson.",
     "The highest peak is Mount Vinson.", True),
    # DEMETR-like: a name at the end of a German compound (Südafrika → South Africa) removed
    ("Er bereiste im Mai Südafrika.", "In May he toured the country.",
     "In May he toured South Africa.", True),
    # hand-written control for the row above
    ("Er bereiste im Mai Südafrika.", "He toured South Africa in May.",
     "In May he toured South Africa.", False),
]


@pytest.mark.parametrize(("de", "en", "mt", "flagged"), NAME_ROWS)
def test_name_recall(de: str, en: str, mt: str, flagged: bool) -> None:
    assert warned(flags(de, en, mt), "name") is flagged


ANTONYM_ROWS = [
    # WordNet antonyms, derived forms (increase ↔ decreasing)
    ("Er sprach über die Zunahme des Handels.", "He spoke about decreasing trade.",
     "He spoke about the increase of trade."),
    # DEMETR-like: in- prefix (active ↔ inactive)
    ("Der Vulkan ist noch aktiv.", "The volcano is still inactive.",
     "The volcano is still active."),
    # DEMETR-like: opposite prefixes (reconstructive ↔ deconstructive)
    ("Er brauchte eine rekonstruktive Operation.", "He needed deconstructive surgery.",
     "He needed reconstructive surgery."),
    # DEMETR-like: superlative with a doubled consonant (biggest ↔ smallest)
    ("Es ist die größte Insel.", "It is the smallest island.", "It is the biggest island."),
    # WordNet antonyms through an inflected form (older ↔ younger)
    ("Sie ist die ältere Schwester.", "She is the younger sister.",
     "She is the older sister."),
    # the closed table of function words WordNet does not link (before ↔ after)
    ("Er kam vor dem Essen.", "He came after dinner.", "He came before dinner."),
]


@pytest.mark.parametrize(("de", "en", "mt"), ANTONYM_ROWS)
def test_antonym_recall(de: str, en: str, mt: str) -> None:
    found = [f for f in flags(de, en, mt) if f.code == "meaning"]
    assert found and "opposite" in found[0].message


QUIET_ROWS = [
    # hand-written: a light noun added ("creatives" → "creative people")
    ("Viele Kreative haben nichts dagegen.", "Many creative people have nothing against it.",
     "Many creatives have nothing against it."),
    # hand-written: a derived form of the MT's word ("benefited" → "beneficiary")
    ("Davon profitierte vor allem der Konzern.", "The beneficiary was above all the company.",
     "This benefited above all the company."),
    # hand-written: a function-like adverb dropped ("work together with" → "work with")
    ("Sie arbeiten mit Studios zusammen.", "They work with studios.",
     "They work together with studios."),
    # hand-written: "significantly" is no opposite of "insignificant"-like words
    ("Die Kosten sanken deutlich.", "Costs fell significantly.", "Costs fell notably."),
]


@pytest.mark.parametrize(("de", "en", "mt"), QUIET_ROWS)
def test_paraphrase_is_not_meaning(de: str, en: str, mt: str) -> None:
    assert not warned(flags(de, en, mt), "meaning")


def test_word_inserted_beside_kept_words_is_evidence() -> None:
    # DEMETR-like addition: "carriers" slips in after "aircraft"; the MT has only
    # function words there, so it is an insertion, not a substitution. A noun slipped in
    # is evidence (free translations add nouns too); a modifier is a warning.
    found = flags("Andere Flugzeuge wurden entsandt.", "Other aircraft carriers were dispatched.",
                  "Other aircraft have been dispatched.")
    (flag,) = [f for f in found if f.code in ("meaning", "wording")]
    assert "carriers" in flag.message
    found = flags("Andere Flugzeuge wurden entsandt.", "Other foreign aircraft were dispatched.",
                  "Other aircraft have been dispatched.")
    assert warned(found, "meaning")


# hand-written: the second half of the English says something else entirely; the
# meaning finding names the stretch on both sides (the budget decides its severity)
STRETCH_DE = ("Der Stadtrat beschloss am Dienstag, die alte Brücke über den Fluss bis zum "
              "Sommer zu sanieren und den Verkehr umzuleiten.")
STRETCH_MT = ("On Tuesday the city council decided to renovate the old bridge over the river "
              "by the summer and to divert the traffic.")


def test_a_rewritten_stretch_is_a_meaning_finding_that_names_its_words() -> None:
    en = ("On Tuesday the city council decided that teachers should receive better wages "
          "and smaller classes from next autumn.")
    (found,) = [f for f in flags(STRETCH_DE, en, STRETCH_MT) if f.code == "meaning"]
    assert found.stretch >= MIN_STRETCH
    assert "a stretch says something else" in found.message
    assert '"teachers"' in found.message and '"renovate"' in found.message


def test_a_free_but_complete_translation_has_no_stretch() -> None:
    en = ("The city council agreed on Tuesday to restore the old bridge across the river "
          "before summer and to reroute the traffic.")
    assert all(f.stretch < MIN_STRETCH for f in flags(STRETCH_DE, en, STRETCH_MT))


@pytest.mark.parametrize(("word", "content"), [
    ("I’m", False), ("they'll", False), ("didn’t", False), ("won't", False),
    ("that's", False), ("Johnson's", True), ("o'clock", True), ("loving", True),
])
def test_contractions_of_stopwords_are_function_words(word: str, content: bool) -> None:
    # hand-written: a pronoun or auxiliary with a clitic is no content word
    assert is_content_en(word) is content


def test_a_contraction_is_not_an_added_word() -> None:
    # hand-written: the English says "I’m loving" for the MT's "I love"
    found = flags("Ich liebe das.", "I’m loving that.", "I love that.")
    assert not any("I’m" in f.message for f in found)
