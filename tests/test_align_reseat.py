"""Re-seating 1-0 beads: the German sentence declared omitted is the one the English
renders least (checker.align.reseat, with word links from checker.checks.links)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from checker.align.reseat import Linked, Step, Token, reseat
from checker.checks.links import WordLinks
from checker.model import Sentence, Severity
from checker.translate.lexicon import SYSTEM_LEXICON

needs_dictionary = pytest.mark.skipif(
    not SYSTEM_LEXICON.is_file(),
    reason=f"trans-de-en dictionary not installed at {SYSTEM_LEXICON} (apt install trans-de-en)",
)


class ConceptLinks:
    """Links from hand-made word lists: German sentence i says the words de[i], English
    sentence j says en[j]; a German word is rendered by the same word, once."""

    def __init__(self, de: Sequence[str], en: Sequence[str]) -> None:
        self.de = [s.split() for s in de]
        self.en = [s.split() for s in en]

    def links(self, de: int, en: Sequence[int], taken: frozenset[Token] = frozenset()
              ) -> Linked:
        used: set[Token] = set()
        for word in self.de[de]:
            hit = next(((j, k) for j in en for k, w in enumerate(self.en[j])
                        if w == word and (j, k) not in taken | used), None)
            if hit is not None:
                used.add(hit)
        return Linked(len(used), len(self.de[de]), frozenset(used))


# German sentences as word lists, and English sentences that render them
DE = ("mayor opens bridge", "bridge cost millions", "traffic stays slow here",
      "cyclists get new lane", "works end in june")
EN_ALL = ("mayor opens bridge", "bridge cost millions", "traffic stays slow here",
          "cyclists get new lane", "works end in june")


def one_to_one(n: int) -> list[Step]:
    return [(k, k + 1, k, k + 1) for k in range(n)]


def test_a_clean_one_to_one_alignment_is_left_alone() -> None:
    assert reseat(one_to_one(5), ConceptLinks(DE, EN_ALL)) == one_to_one(5)


def test_an_orphan_joined_to_its_neighbours_bead_is_split_off() -> None:
    en = EN_ALL[:2] + EN_ALL[3:]  # the English leaves out German sentence 2
    joined = [(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 3), (4, 5, 3, 4)]
    assert reseat(joined, ConceptLinks(DE, en)) == [
        (0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 2), (3, 4, 2, 3), (4, 5, 3, 4)]


def test_a_one_to_zero_bead_moves_to_the_sentence_the_english_does_not_render() -> None:
    en = EN_ALL[:2] + EN_ALL[3:]
    shifted = [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 3), (4, 5, 3, 4)]
    assert reseat(shifted, ConceptLinks(DE, en)) == [
        (0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 2), (3, 4, 2, 3), (4, 5, 3, 4)]


def test_a_sentence_leaves_a_two_to_one_bead_for_the_english_it_renders() -> None:
    # the aligner paired German 1 (left out) with English 1 and joined German 2 to 3:
    # German 2 takes English 1, German 1 is the omission
    en = EN_ALL[:1] + EN_ALL[2:]
    wrong = [(0, 1, 0, 1), (1, 2, 1, 2), (2, 4, 2, 3), (4, 5, 3, 4)]
    assert reseat(wrong, ConceptLinks(DE, en)) == [
        (0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2), (3, 4, 2, 3), (4, 5, 3, 4)]


def test_either_end_of_a_bead_can_be_the_orphan() -> None:
    en = EN_ALL[:2] + EN_ALL[3:]  # German 2 left out, joined to German 3's bead
    joined = [(0, 1, 0, 1), (1, 2, 1, 2), (2, 4, 2, 3), (4, 5, 3, 4)]
    assert reseat(joined, ConceptLinks(DE, en)) == [
        (0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 2), (3, 4, 2, 3), (4, 5, 3, 4)]


def test_a_one_to_zero_bead_moves_forward_as_well() -> None:
    en = EN_ALL[:3] + EN_ALL[4:]  # German 3 left out; the aligner left out German 2
    shifted = [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 2), (3, 4, 2, 3), (4, 5, 3, 4)]
    assert reseat(shifted, ConceptLinks(DE, en)) == [
        (0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 3), (4, 5, 3, 4)]


def test_two_sentences_one_english_sentence_renders_stay_together() -> None:
    en = (EN_ALL[0], EN_ALL[1] + " and " + EN_ALL[2], *EN_ALL[3:])
    merged = [(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 3), (4, 5, 3, 4)]
    assert reseat(merged, ConceptLinks(DE, en)) == merged


def test_an_orphan_stays_where_the_english_gives_no_clear_answer() -> None:
    # English 2 renders two words of German 2 and of German 3 alike
    de = ("mayor opens bridge", "bridge cost millions", "traffic slow here now",
          "traffic slow lane today", "works end in june")
    en = ("mayor opens bridge", "bridge cost millions", "traffic slow",
          "works end in june")
    aligned = [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 3), (4, 5, 3, 4)]
    assert reseat(aligned, ConceptLinks(de, en)) == aligned


def test_a_short_orphan_is_not_judged() -> None:
    de = ("mayor opens bridge", "bridge cost millions", "why", "cyclists get new lane")
    en = ("mayor opens bridge", "bridge cost millions", "cyclists get new lane")
    joined = [(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 3)]
    assert reseat(joined, ConceptLinks(de, en)) == joined


# ---------------------------------------------------------------- word links


class TinyLexicon:
    """Hand-written glosses for the sentences below."""

    TABLE = {
        "brücke": frozenset({"bridge"}), "neue": frozenset({"new"}),
        "die": frozenset({"the"}), "ist": frozenset({"is"}), "offen": frozenset({"open"}),
    }

    def glosses(self, de_word: str) -> frozenset[str]:
        return self.TABLE.get(de_word.lower(), frozenset())

    def is_translation(self, de: str, en: str) -> bool:
        return en.lower() in self.glosses(de)


def sentences(*texts: str) -> list[Sentence]:
    return [Sentence(k, text, k + 1, 0) for k, text in enumerate(texts)]


def test_word_links_count_dictionary_glosses_names_and_numbers() -> None:
    de = sentences("Die neue Brücke in Kornstadt ist seit 2024 offen.")
    en = sentences("The new bridge in Kornstadt has been open since 2024.")
    found = WordLinks(de, en, TinyLexicon()).links(0, [0])
    # neue, Brücke, in (the same word), Kornstadt, ist (unrendered), offen, 2024; an
    # article links nothing, and "seit", unknown to the dictionary and absent from the
    # English, says nothing either way
    assert (found.linked, found.judged) == (6, 7)


def test_an_english_word_renders_one_german_word_only() -> None:
    de = sentences("Die Brücke ist offen.", "Die Brücke ist offen.")
    en = sentences("The bridge is open.")
    links = WordLinks(de, en, TinyLexicon())
    first = links.links(0, [0])
    second = links.links(1, [0], first.used)
    assert (first.linked, first.judged) == (3, 3)
    assert (second.linked, second.judged) == (0, 3)  # every English word is spoken for


# ---------------------------------------------------------------- whole pipeline

# hand-written: a customer's message and its translation, one sentence a line
MESSAGE_DE = (
    "Hallo, ich habe letzte Woche einen Kleiderschrank bei Ihnen bestellt.",
    "Die Lieferung kam gestern pünktlich an.",
    "Der Fahrer hat die Kartons bis in die Wohnung getragen, das war sehr nett.",
    "Beim Aufbau habe ich aber gemerkt, dass zwei Schrauben fehlen.",
    "Was machen wir jetzt?",
    "Ohne die Schrauben kann ich die Türen nicht befestigen.",
    "Können Sie mir die fehlenden Teile schicken?",
    "Die Bestellnummer steht auf der Rechnung.",
    "Ich bin tagsüber meistens zu Hause.",
    "Sonst können Sie das Paket auch beim Nachbarn abgeben.",
    "Vielen Dank für Ihre Hilfe.",
    "Mit freundlichen Grüßen",
)
MESSAGE_EN = (
    "Hello, last week I ordered a wardrobe from you.",
    "The delivery arrived on time yesterday.",
    "The driver carried the boxes all the way into the flat, which was very kind.",
    "But while assembling it I noticed that two screws are missing.",
    "What do we do now?",
    "Without the screws I cannot attach the doors.",
    "Can you send me the missing parts?",
    "The order number is on the invoice.",
    "I am usually at home during the day.",
    "Otherwise you can also leave the parcel with the neighbour.",
    "Many thanks for your help.",
    "Kind regards",
)


def _check_with_gloss(en: Sequence[str]) -> list[tuple[str, list[int], str, str]]:
    """(bead kind, German lines, severity, code) of each warning or error."""
    from checker.checks.base import CheckContext
    from checker.pipeline import check_texts
    from checker.settings import Settings
    from checker.translate import LexiconTranslator, load_lexicon

    settings = Settings(segmented=True)
    lexicon = load_lexicon(settings)
    assert lexicon is not None
    result = check_texts("\n".join(MESSAGE_DE) + "\n", "\n".join(en) + "\n",
                         settings=settings, translator=LexiconTranslator(lexicon),
                         ctx=CheckContext(settings=settings, lexicon=lexicon), suffix=".txt")
    return [(b.kind, [s.line for s in b.de], str(f.severity), f.code)
            for b in result.beads for f in b.flags if f.severity >= Severity.WARNING]


@pytest.mark.lexicon
@needs_dictionary
def test_the_faithful_message_has_no_finding() -> None:
    assert _check_with_gloss(MESSAGE_EN) == []


@pytest.mark.lexicon
@needs_dictionary
@pytest.mark.parametrize("dropped", range(1, len(MESSAGE_EN) + 1))
def test_a_dropped_sentence_is_the_omission_reported(dropped: int) -> None:
    # with the dictionary gloss as the translation, the aligner alone joined the short
    # question (line 5), or the sentence before or after it, to a neighbour's bead
    en = MESSAGE_EN[: dropped - 1] + MESSAGE_EN[dropped:]
    assert _check_with_gloss(en) == [("1-0", [dropped], "error", "omission")]


@pytest.mark.lexicon
@needs_dictionary
def test_transcheck_align_shows_the_beads_check_reports(tmp_path: Path) -> None:
    from checker.cli import main

    de, en = tmp_path / "de.txt", tmp_path / "en.txt"
    de.write_text("\n".join(MESSAGE_DE) + "\n", encoding="utf-8")
    en.write_text("\n".join(MESSAGE_EN[:4] + MESSAGE_EN[5:]) + "\n", encoding="utf-8")
    out = tmp_path / "beads.tsv"
    assert main(["align", "--de", str(de), "--en", str(en), "--segmented",
                 "--translator", "lexicon", "--format", "tsv", "-o", str(out)]) == 0
    rows = [row.split("\t") for row in out.read_text(encoding="utf-8").splitlines()[1:]]
    assert [(r[1], r[2], r[3]) for r in rows if r[3] != "1-1"] == [("5", "", "1-0")]
