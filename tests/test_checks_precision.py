"""Golden tables for the false alarms the detectors must not raise, and the merged findings.

Every row is a sentence pair written for this file in our own words; the expected value
is what a bilingual reader decides (noted per row).
"""

from __future__ import annotations

import pytest

from checker.checks import CheckContext, detect
from checker.model import Bead, BeadResult, Flag, Scores, Sentence, Severity


def flags(de: str, en: str, mt: str | None, chrf: float = 60.0) -> tuple[Flag, ...]:
    bead = BeadResult(
        index=0, bead=Bead((0,), (0,)), de=(Sentence(0, de, 1, 0),), en=(Sentence(0, en, 1, 0),),
        mt=mt, scores=None if mt is None else Scores(chrf=chrf, bleu=30.0, ter=50.0),
    )
    (result,) = detect([bead], CheckContext())
    return result.flags


def errors(found: tuple[Flag, ...], code: str) -> list[Flag]:
    return [f for f in found if f.code == code and f.severity >= Severity.ERROR]


# (German, English, MT) — same facts on both sides: no number error.
NUMBER_AGREES = [
    ("Das Konzert beginnt um 18 Uhr.", "The concert starts at 6 p.m.",
     "The concert begins at 6 p.m."),  # 24-hour ↔ 12-hour clock
    ("Das Konzert beginnt um 18 Uhr.", "The concert starts at 18 o'clock.",
     "The concert begins at 6 p.m."),  # literal "o'clock" with the 24-hour figure
    ("Das Konzert beginnt um 18 Uhr.", "The concert starts at six o'clock.",
     None),  # 12-hour reading of "six"
    ("Der Alarm kam kurz vor 13 Uhr.", "The alarm came shortly before 13h.",
     "The alarm came just before 1 p.m."),  # "13h" is a clock time
    ("Die Kirche stammt aus dem 19. Jahrhundert.", "The church dates from the 19th century.",
     "The church dates from the 19th century."),  # German ordinal dot ↔ English "th"
    ("Die Kirche stammt aus dem neunzehnten Jahrhundert.",
     "The church dates from the nineteenth century.", None),  # spelled-out ordinals ≥ 13
    ("Sie fuhr mit ihren Kindern (3, 5) los.", "She left with her children (3,5).",
     "She left with her children (3, 5)."),  # a list without a space is two numbers
    ("Am 31. März 2025 endet die Frist.", "The deadline ends on 31 March 2025.",
     None),  # März has 4 letters
    ("Er holte seinen zweiten Sieg.", "He took his second win.",
     None),  # ordinal after a possessive
    ("Es ist ein Zweifamilienhaus.", "It is a two-family house.",
     None),  # number inside a German compound
    ("Er zahlte 25 .000 Euro.", "He paid 25,000 euros.",
     None),  # a stray space before the thousands dot
    ("Die Jahre 2020/21 waren schwer.", "The years 2020 and 2021 were hard.",
     None),  # a range of years with the second one shortened
    ("Die Saison 2021/22 beginnt.", "The 2021-22 season starts.", None),
    ("Er zahlte 1,5 Mio. Euro.", "He paid €1.5m.", None),  # "m" after a currency sign
    ("Es waren minus 10 Grad.", "It was 14 degrees Fahrenheit.", None),  # −10 °C = 14 °F
    ("Die Temperatur lag bei 30 Grad.", "The temperature was 86 degrees.",
     None),  # plain "degrees" in the other scale
    ("Rund 50 Prozent stimmten zu.", "About half agreed.", None),  # percent ↔ fraction
    ("Ein Viertel der Befragten zögerte.", "25 percent of respondents hesitated.", None),
    ("Zwei Drittel stimmten zu.", "66 percent agreed.", None),  # a rounded percentage
    ("Das war vor 20 Jahren.", "That was two decades ago.", None),  # years ↔ decades
]


@pytest.mark.parametrize(("de", "en"), [
    ("Er lief 1,5 km.", "He ran 1.5m."),  # "m" without a currency sign is metres
    ("Die Temperatur lag bei 30 Grad.", "The temperature was 40 degrees."),
    ("Ein Viertel der Befragten zögerte.", "30 percent of respondents hesitated."),
    ("Das war vor 20 Jahren.", "That was three decades ago."),
])
def test_conversions_that_do_not_hold_are_errors(de: str, en: str) -> None:
    # hand-written: the same classes with values that differ
    assert errors(flags(de, en, None), "number")


@pytest.mark.parametrize(("de", "en", "mt"), NUMBER_AGREES)
def test_number_edge_cases_raise_no_error(de: str, en: str, mt: str | None) -> None:
    assert errors(flags(de, en, mt), "number") == []


@pytest.mark.parametrize(("de", "en", "shown"), [
    ("Es waren 1.500 Besucher.", "There were 1.500 visitors.", "1.500"),
    ("Die Inflation lag bei 3,5 Prozent.", "Inflation was 3,5 percent.", "3,5"),
    ("Es kamen 2,3 Millionen Menschen.", "2,3 million people came.", "2,3"),
])
def test_german_number_format_kept_in_english_is_one_warning(de: str, en: str,
                                                            shown: str) -> None:
    # hand-written: the value is the German one, written the German way; English
    # readers take "1.500" for 1.5, so it is worth a look, but no number changed
    found = [f for f in flags(de, en, None) if f.code == "number"]
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "German number format" in found[0].message and found[0].en_span == shown


def test_different_digits_in_german_format_are_still_an_error() -> None:
    # hand-written: 1.600 is not 1.500 in any format
    found = flags("Es waren 1.500 Besucher.", "There were 1.600 visitors.", None)
    assert errors(found, "number")


def test_o_clock_with_another_hour_is_still_a_number_error() -> None:
    # hand-written: 18 Uhr is 6 p.m.; "7 o'clock" is a different time
    found = flags("Das Konzert beginnt um 18 Uhr.", "The concert starts at 7 o'clock.", None)
    assert len(errors(found, "number")) == 1


# (German, English, MT) — names that are the same on both sides: no name error.
NAME_AGREES = [
    # KI is the German abbreviation of AI; the MT translates it
    ("Die KI erzeugt Bilder.", "The AI creates images.", "The AI generates images."),
    ("Die KI erzeugt Bilder.", "The AI creates images.", None),  # exonym table, no MT
    # a title the German shortens ("Hochschule Worms" ↔ "University of Applied Sciences")
    ("Die Hochschule Worms wächst.", "The University of Applied Sciences in Worms is growing.",
     "The University of Worms is growing."),
    # a possessive with a typographic apostrophe is still the acronym
    ("Die Regeln der UCI gelten.", "The UCI’s rules apply.", "The UCI rules apply."),
    # the English name is the MT's, spelled as an adjective ("Palatine" ↔ "Palatinate")
    ("Der Pfälzer gewann.", "The man from the Palatinate won.", "The Palatine won."),
    # "uns" is a pronoun, not the acronym UN
    ("Er gab uns das Buch.", "He gave me the book.", None),
]


@pytest.mark.parametrize(("de", "en", "mt"), NAME_AGREES)
def test_names_agreeing_raise_no_error(de: str, en: str, mt: str | None) -> None:
    assert errors(flags(de, en, mt), "name") == []


@pytest.mark.parametrize(("de", "en", "mt"), [
    ("Er arbeitet bei VW.", "He works at Volkswagen.", "He works at VW."),
    ("Die EU-Kommission warnte.", "The European Commission warned.",
     "The EU Commission warned."),
    ("Laut RKI stiegen die Zahlen.", "According to the Robert Koch Institute, numbers rose.",
     "According to the RKI, the figures rose."),
])
def test_acronym_written_out_is_no_name_finding(de: str, en: str, mt: str) -> None:
    # hand-written: the English writes the German acronym out
    assert [f.message for f in flags(de, en, mt) if f.code == "name"] == []


def test_acronym_replaced_by_another_name_is_still_an_error() -> None:
    # hand-written: Vauxhall does not spell VW out
    found = flags("Er arbeitet bei VW.", "He works at Vauxhall.", "He works at VW.")
    assert errors(found, "name")


@pytest.mark.parametrize(("en", "severity"), [
    ("The German government passed the law.", Severity.INFO),  # explicitation
    ("The French government passed the law.", Severity.WARNING),  # another country
])
def test_naming_the_source_country_is_explicitation(en: str, severity: Severity) -> None:
    # hand-written: „die Bundesregierung“ is "the German government" for readers abroad
    found = [f for f in flags("Die Regierung beschloss das Gesetz.", en,
                              "The government passed the law.") if f.code == "name"]
    assert [f.severity for f in found] == [severity]


def test_a_kept_german_name_of_the_source_country_is_explicitation() -> None:
    # hand-written: „die Bahn“ is "Deutsche Bahn" for readers abroad, its German name kept
    found = [f for f in flags("Die Bahn erhöht die Preise.", "Deutsche Bahn is raising prices.",
                              "The railway is raising the prices.") if f.code == "name"]
    assert [f.severity for f in found] == [Severity.INFO]


def test_month_abbreviation_beside_a_day_is_no_name() -> None:
    # hand-written: "Dec. 24" is a date (the number check compares it), not a name
    found = flags("Er kam am 24.12. an.", "He arrived on Dec. 24.", "He arrived on 24.12.")
    assert [f for f in found if f.code == "name"] == []


def test_german_word_left_untranslated_by_the_mt_is_not_an_error() -> None:
    # hand-written: the MT kept "Straße" (a common noun); the English translated it
    found = flags("Das Auto parkte in der Ingolstädter Straße.",
                  "The car was parked on a street in Ingolstadt.",
                  "The car parked on Ingolstädter Straße.")
    assert errors(found, "name") == []


def test_swapped_name_is_one_finding() -> None:
    # hand-written: Google replaced by Meta → one error naming both
    found = flags("Er wechselte im Oktober zu Google.", "He moved to Meta in October.",
                  "He moved to Google in October.")
    (flag,) = [f for f in found if f.code == "name"]
    assert flag.severity is Severity.ERROR
    assert flag.message == (
        'name: German "Google" (machine translation "Google") is "Meta" in the English'
    )
    assert (flag.de_span, flag.en_span, flag.mt_span) == ("Google", "Meta", "Google")


def test_name_kept_by_mt_and_dropped_in_english_is_a_warning() -> None:
    # DEMETR-like name removal in our own sentence: the English may paraphrase a name
    # ("he"), so a name missing without a replacement is worth a look, not an error
    found = flags("Das sagte Kowalski am Montag.", "He said that on Monday.",
                  "Kowalski said this on Monday.")
    (flag,) = [f for f in found if f.code == "name"]
    assert flag.severity is Severity.WARNING


# ---------------------------------------------------------------- meaning / wording


def meaning_flags(found: tuple[Flag, ...]) -> list[Flag]:
    return [f for f in found if f.code == "meaning"]


def test_one_word_substitution_is_wording_not_meaning() -> None:
    # hand-written paraphrase: "path" vs "road" is a translator's choice
    found = flags("Der Weg war lang.", "The road was long.", "The path was long.")
    assert meaning_flags(found) == []
    assert [f.code for f in found] == ["wording"]
    assert found[0].severity is Severity.INFO


def test_many_unmatched_words_make_one_meaning_flag() -> None:
    # hand-written: three words added outright → one aggregated warning, not three
    found = flags("Die Stadt baut eine Brücke.",
                  "The city builds a bridge with golden railings and marble towers.",
                  "The city is building a bridge.")
    (flag,) = meaning_flags(found)
    assert flag.severity is Severity.WARNING
    assert "golden" in flag.message and "marble" in flag.message
    assert flag.en_span and flag.en_span in "golden railings marble towers"


@pytest.mark.parametrize(
    ("de", "en", "mt"),
    [
        # prefix antonym not listed in the table: "likely" ↔ "unlikely"
        ("Ein Erfolg ist wahrscheinlich.", "Success is unlikely.", "Success is likely."),
        # comparative forms reduce to the table's base pair (large ↔ small)
        ("Die Halle ist größer.", "The hall is smaller.", "The hall is larger."),
    ],
)
def test_antonym_is_meaning(de: str, en: str, mt: str) -> None:
    (flag,) = meaning_flags(flags(de, en, mt))
    assert "opposite" in flag.message
