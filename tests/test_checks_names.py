"""Golden tables for the `name` detector: classes by rule, severities by evidence.

Every row says where its expected value came from: "hand-written" rows are sentences
written for this file with the expectation decided by reading them; "DEMETR-like" rows
follow the pattern of a DEMETR perturbation (a name replaced or removed) in our own words.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from checker.checks import CheckContext, detect
from checker.checks.names import english_name_candidates
from checker.checks.names_classes import EXONYM_FILE, name_words, nfold, word_classes
from checker.model import Bead, BeadResult, Flag, Sentence, Severity

DING = Path("/usr/share/trans/de-en")


class TinyLexicon:
    """A dictionary of a few German words (lower case) → English glosses."""

    TABLE: dict[str, frozenset[str]] = {
        "angebot": frozenset({"offer"}),
        "impfen": frozenset({"vaccinate"}),
        "koch": frozenset({"cook", "chef"}),
        "madagaskar": frozenset({"madagascar"}),
        "pfingstmontag": frozenset({"whit monday", "pentecost monday"}),
        "den haag": frozenset({"the hague"}),
    }

    def glosses(self, de_word: str) -> frozenset[str]:
        return self.TABLE.get(de_word.lower(), frozenset())

    def is_translation(self, de: str, en: str) -> bool:
        return en.lower() in self.glosses(de)


def name_flags(de: str, en: str, mt: str | None, *, lexicon: bool = False) -> list[Flag]:
    bead = BeadResult(0, Bead((0,), (0,)), (Sentence(0, de, 1, 0),), (Sentence(0, en, 1, 0),),
                      mt, None)
    ctx = CheckContext(lexicon=TinyLexicon() if lexicon else None)
    return [f for f in detect([bead], ctx)[0].flags if f.code == "name"]


def worst(de: str, en: str, mt: str | None, *, lexicon: bool = False) -> Severity | None:
    return max((f.severity for f in name_flags(de, en, mt, lexicon=lexicon)), default=None)


# (German, English, MT, worst severity of a `name` finding or None)
ROWS = [
    # hand-written: nationality adjectives and demonyms render the country and back
    ("Die britische Regierung lehnte ab.", "The UK government refused.",
     "The British government refused.", None),
    ("Die spanische Polizei ermittelt.", "Police in Spain are investigating.",
     "The Spanish police are investigating.", None),
    ("Ein Niederländer gewann.", "A Dutchman won.", "A Dutchman won.", None),
    # hand-written: the head of a multi-word name after "the" names it ("the Union")
    ("Die EU will die Regeln verschärfen.", "The Union wants to tighten the rules.",
     "The EU wants to tighten the rules.", None),
    ("Der IWF senkt seine Prognose.", "The Fund is lowering its forecast.",
     "The IMF lowers its forecast.", None),
    ("Die EU will die Regeln verschärfen.", "The Senate wants to tighten the rules.",
     "The EU wants to tighten the rules.", Severity.ERROR),
    # hand-written: popes, monarchs and saints have a name in each language
    ("Papst Franziskus rief zum Frieden auf.", "Pope Francis called for peace.",
     "Pope Franziskus called for peace.", None),
    ("König Karl eröffnete das Parlament.", "King Charles opened Parliament.",
     "King Karl opened the parliament.", None),
    ("Papst Franziskus rief zum Frieden auf.", "Pope Benedict called for peace.",
     "Pope Franziskus called for peace.", Severity.WARNING),
    # hand-written: German keyboard legends are the English keys
    ("Drücken Sie Strg+S, um zu speichern.", "Press Ctrl+S to save.",
     "Press Strg+S to save.", None),
    ("Mit Entf löschen Sie die Zeile.", "Press Del to delete the line.",
     "With Entf you delete the line.", None),
    ("Polens Regierung tagte.", "The Polish government met.", "Poland's government met.", None),
    # hand-written: a German place adjective or demonym in -er renders the place
    ("Die Münchner bauten ihren Vorsprung aus.", "Munich extended their lead.",
     "The Münchner extended their lead.", None),
    ("Er mag die Kölner Altstadt.", "He likes Cologne's old town.",
     "He likes the Kölner old town.", None),
    # hand-written: exonyms and transliterations
    ("Merkel traf Macron in München.", "Merkel met Macron in Munich.",
     "Merkel met Macron in Munich.", None),
    ("Selenskyj sprach mit Gorbatschow.", "Zelensky spoke to Gorbachev.",
     "Selenskyj spoke to Gorbatschow.", None),
    ("Die USA reagierten.", "The U.S. responded.", "The USA responded.", None),
    # hand-written: month and weekday names are dates, not names
    ("Am Samstag kam Müller.", "Müller came on Saturday.", "On Saturday Müller came.", None),
    ("Im Juli kam Müller.", "Müller came in June.", "In July Müller came.", None),
    # hand-written: "I" and its contractions, clock words and titles are no names
    ("Ich komme um 3 Uhr, sagte Frau Weber.", "I’m coming at 3 PM, said Mrs Weber.",
     "I'm coming at 3 o'clock, said Mrs. Weber.", None),
    # hand-written: a German acronym with small letters spelled out in English words is
    # worth a look, not an error (AfD = Alternative für Deutschland)
    ("Die AfD legte zu.", "The Alternative for Germany gained.", "The AfD gained.",
     Severity.WARNING),
    # hand-written: a plural possessive inside a name keeps it one name, whose title
    # word ("Association") renders the German's „Bund“ with the rest
    ("Der Bund der Steuerzahler kritisierte das.", "The Taxpayers' Association criticised it.",
     "The Federation of Taxpayers criticised this.", None),
    # hand-written: "OK" is an adverb, no name
    ("OK, das mache ich.", "Fine, I will do that.", "OK, I will do that.", None),
    # hand-written: a hyphenated name is one name, and it spells out the acronym
    ("In NRW gelten neue Regeln.", "New rules apply in North Rhine-Westphalia.",
     "New rules apply in NRW.", None),
    # hand-written: a word no English dictionary knows is a name at the start of a
    # sentence too (here after a colon); in place of the MT's word it is a new name
    ("Kurz gesagt: Die Aufkleber machen es.", "In short: Wenzlaff makes it.",
     "In short: the stickers make it.", Severity.WARNING),
    # ... and one in place of the German's name at the start of a sentence is worth a
    # look, not an error: capitals there say nothing, so the word is a name only by the
    # dictionary's silence
    ("Kowalski kam gestern.", "Wenzlaff came yesterday.", "Kowalski came yesterday.",
     Severity.WARNING),
    # ... but not a function word WordNet does not list, nor a derived word of a known one
    ("Etwas stört mich.", "Something bothers me.", "Something bothers me.", None),
    ("Ohne Sarkasmus stimmte er zu.", "Unsarcastically, he agreed.",
     "Without sarcasm, he agreed.", None),
    ("Dadurch sank der Preis.", "Whereby the price fell.", "Thereby the price fell.", None),
    # ... nor two known words written as one, as English writes new compounds
    ("Hitzeperioden werden häufiger.", "Heatwaves are becoming more frequent.",
     "Hot spells are becoming more frequent.", None),
    # DEMETR-like: a name replaced by another name is an error
    ("Er traf Kissinger in Singapur.", "He met Snowden in Singapore.",
     "He met Kissinger in Singapore.", Severity.ERROR),
    # DEMETR-like: a name missing, nothing in its place: the English may paraphrase
    ("Das sagte Kowalski am Montag.", "He said that on Monday.",
     "Kowalski said this on Monday.", Severity.WARNING),
    # hand-written: an English acronym or title phrase alone is evidence only
    ("Sie hat einen Doktortitel.", "She has a PhD.", "She has a doctorate.", Severity.INFO),
    # hand-written: a German acronym the English spells out in English words
    ("Der ÖGB protestierte.", "The Austrian Trade Union Federation protested.",
     "The ÖGB protested.", Severity.WARNING),
    # hand-written: two acronyms of one thing (PTBS is the German PTSD, KI the German AI)
    ("Sie hat eine PTBS.", "She has PTSD.", "She has PTBS.", None),
    ("Die KI erzeugt Bilder.", "The AI creates images.", "The KI creates images.", None),
]


@pytest.mark.parametrize(("de", "en", "mt", "expected"), ROWS)
def test_name_severity_golden(de: str, en: str, mt: str | None, expected: Severity | None) -> None:
    assert worst(de, en, mt) == expected


def test_capitalised_german_compound_of_common_nouns_is_no_name() -> None:
    # hand-written: a word-by-word gloss keeps „Impfangebot“ (Impf|angebot: both parts are
    # dictionary words), so its capital says nothing
    de, en = "Das Impfangebot wächst.", "The vaccination offer grows."
    assert worst(de, en, "The Impfangebot grows.", lexicon=True) in (None, Severity.INFO)
    # the control: a place name ending in a place-name element stays a name
    assert worst("Sie wohnt in Crailsheim.", "She lives in town.",
                 "She lives in Crailsheim.", lexicon=True) == Severity.WARNING


def test_a_name_the_dictionary_gives_inside_a_short_gloss_is_no_new_name() -> None:
    # hand-written: „Pfingstmontag“ is glossed "Whit Monday", so "Whit" names nothing new;
    # Anna (kept by the MT) is missing from the English, not replaced: a warning, no error
    de, en = "Am Pfingstmontag besuchte Anna den Dom.", "On Whit Monday, the cathedral was visited."
    found = name_flags(de, en, "On Pentecost Monday Anna visited the cathedral.", lexicon=True)
    assert [f.severity for f in found] == [Severity.WARNING]
    assert '"Anna"' in found[0].message and 'is "Whit' not in found[0].message


def gloss_severities(de: str, en: str, gloss: str) -> list[Severity]:
    """Severities of the `name` findings with a dictionary gloss as the MT."""
    bead = BeadResult(0, Bead((0,), (0,)), (Sentence(0, de, 1, 0),), (Sentence(0, en, 1, 0),),
                      gloss, None)
    ctx = CheckContext(lexicon=TinyLexicon(), translator="lexicon")
    return [f.severity for f in detect([bead], ctx)[0].flags if f.code == "name"]


def test_a_word_the_gloss_kept_at_a_sentence_start_is_no_firm_name() -> None:
    # hand-written: the dictionary lacks colloquial „Mega“; the gloss keeps it, capitalised
    # as every sentence start is, so its "replacement" is a warning, not an error
    assert gloss_severities("Mega Spiel gestern.", "Great game yesterday, Dortmund won.",
                            "Mega game yesterday.") == [Severity.WARNING]
    # the control: a name the gloss keeps inside the sentence is a name replaced
    assert gloss_severities("Gestern traf Kowalski zweimal.", "Yesterday Nowak scored twice.",
                            "Yesterday met Kowalski twice.") == [Severity.ERROR]


def test_without_mt_a_word_no_dictionary_has_is_a_name_added() -> None:
    # hand-written: with no MT to confirm names, a capitalised word inside a sentence that
    # WordNet does not know in any form is a name all the same (a warning) ...
    assert worst("Das Angebot wächst.", "The offer from Wrzesnia grows.", None,
                 lexicon=True) == Severity.WARNING
    # ... while a capitalised English word might be a title or a common word (info)
    assert worst("Das Angebot wächst.", "The offer grows in Spring.", None,
                 lexicon=True) == Severity.INFO


def test_a_two_word_dictionary_entry_renders_its_name() -> None:
    # hand-written: the dictionary lists „Den Haag“ as "The Hague"; „Haag“ alone it lacks
    de, en = "Das Gericht in Den Haag entschied.", "The court in The Hague ruled."
    assert worst(de, en, "The court in Den Haag decided.", lexicon=True) is None
    # the control: another city in its place is still a name replaced
    found = worst(de, "The court in Geneva ruled.", "The court in Den Haag decided.",
                  lexicon=True)
    assert found is not None and found >= Severity.WARNING


def test_sentence_initial_respelling_counts_when_the_dictionary_lists_the_name() -> None:
    # DEMETR-like: "Madagascar" opens the MT; the dictionary spells „Madagaskar“ as a name
    de, en = "Madagaskar ist groß.", "Is large."
    assert worst(de, en, "Madagascar is large.", lexicon=True) == Severity.WARNING


def test_dotted_abbreviation_is_one_token() -> None:
    # hand-written: "U.S." must not be cut into "U" and "S"
    assert [t.text for t in name_words("The U.S. and the EU")] == ["The", "U.S.", "and", "the",
                                                                   "EU"]
    assert [t.text for t in english_name_candidates("Ties between the U.S. and Peru.")] == [
        "U.S.", "Peru"]


@pytest.mark.parametrize(
    ("german", "english"),
    [("spanischen", "Spain"), ("Briten", "UK"), ("Niederländer", "Dutch"),
     ("München", "Munich")],  # hand-written: one class each
)
def test_one_class_for_every_form(german: str, english: str) -> None:
    assert word_classes(german, False) & word_classes(english, True)


def _table_lines() -> list[str]:
    return resources.files("checker").joinpath("data", EXONYM_FILE).read_text(
        encoding="utf-8").splitlines()


def test_exonym_table_names_its_closed_classes_and_source() -> None:
    header = "\n".join(line for line in _table_lines() if line.startswith("#"))
    assert "Classes listed" in header and "Source:" in header


@pytest.mark.skipif(not DING.is_file(), reason="Debian trans-de-en is not installed")
def test_exonym_classes_agree_with_the_ding_dictionary() -> None:
    # source check: the dictionary gives, for a German form of a class, an English
    # gloss containing an English form of the class ("Mittelmeer" → "Mediterranean Sea")
    from checker.settings import Settings
    from checker.translate import load_lexicon

    lexicon = load_lexicon(Settings())
    assert lexicon is not None
    known, disagree = 0, []
    for line in _table_lines():
        if line.startswith("#") or not line.strip():
            continue
        de, en = line.split("\t")
        glosses = {nfold(g) for part in de.split("|") for g in lexicon.glosses(part.rstrip("*"))}
        if not glosses:
            continue
        known += 1
        forms = [nfold(f.rstrip("*")) for f in en.split("|")]
        if not any(re.search(rf"\b{re.escape(f)}", g) for f in forms for g in glosses):
            disagree.append(line)
    assert known >= 100
    assert len(disagree) <= known // 20, disagree


def test_similar_names_tells_pairs_apart_by_their_first_letters_alone() -> None:
    # similar_names skips pairs whose first letters (as written or transliterated) differ;
    # it must answer as comparing both spellings of every pair does
    from checker.checks.common import similar_words
    from checker.checks.names_classes import similar_names, transliterated

    names = ["Selenskyj", "Zelensky", "Kongress", "Congress", "U.S.", "US", "Tschechien",
             "Czechia", "Ägypten", "Egypt", "Chruschtschow", "Khrushchev", "Japan", "Japanese",
             "Jakarta", "Djakarta", "Peking", "Beijing", "Kiew", "Kyiv", "Charkiw", "Kharkiv",
             "Singapur", "Singapore", "Straße", "Strasse", "Mount", "mountains", "Ulm", "X"]
    agreed = 0
    for a in names:
        for b in names:
            bare_a, bare_b = a.replace(".", ""), b.replace(".", "")
            expected = (similar_words(bare_a, bare_b)
                        or similar_words(transliterated(bare_a), transliterated(bare_b)))
            assert similar_names(a, b) == expected, (a, b)
            agreed += expected
    assert agreed > len(names)  # some pairs besides each name with itself


def test_close_spelling_answers_as_difflibs_three_ratios() -> None:
    # the cheap bounds are computed without difflib's matcher; the verdict must not change
    import random
    from difflib import SequenceMatcher

    from checker.checks.common import SIMILAR_RATIO, _close_spelling

    def difflib_verdict(a: str, b: str) -> bool:
        m = SequenceMatcher(None, a, b)
        return (m.real_quick_ratio() >= SIMILAR_RATIO and m.quick_ratio() >= SIMILAR_RATIO
                and m.ratio() >= SIMILAR_RATIO)

    rng = random.Random(5)
    letters = "aabceeiklnorstuüß"
    close = 0
    for _ in range(5000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, 10)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):  # a few edits: many pairs stay close
            at = rng.randint(0, len(b))
            b[at:at + rng.randint(0, 1)] = rng.choice(["", rng.choice(letters)])
        pair = (a, "".join(b))
        assert _close_spelling(*pair) == difflib_verdict(*pair), pair
        close += difflib_verdict(*pair)
    assert 500 < close < 4500  # both verdicts well represented


@pytest.mark.parametrize("text", [
    "Die U.S.Army und O'Brien's Hund, 3 mal X.Y.Zeta-Werk „Merkel“ sagte: Ja.",
    "Merkel's party met the U.S. envoy in Berlin's Mitte – twice.",
    "Nur.Ein.Wort",
])
def test_neighbours_are_those_of_the_text_split_around_the_word(text: str) -> None:
    from checker.checks.names import _neighbours

    for tok in [*name_words(text), *english_name_candidates(text, initial=True)]:
        split = name_words(text[: tok.start])[-1:], name_words(text[tok.end :])[:1]
        found = _neighbours(text, tok)
        assert [t.text for t in found[0]] == [t.text for t in split[0]], tok
        assert [t.text for t in found[1]] == [t.text for t in split[1]], tok


def test_german_words_index_answers_as_present_in_german() -> None:
    from checker.checks.common import words
    from checker.checks.names import GermanWords, present_in_german

    de = "Die Kongressabgeordnete aus Singapur traf Selenskyj und die NSA in München."
    index = GermanWords(de, words(de))
    for name in ("Congress", "Singapore", "Zelensky", "National", "Munich", "mouse", "NSA",
                 "Kongress", "Abgeordnete", "Sing", "Miami"):
        assert index.has(name) == present_in_german(name, de, words(de)), name
