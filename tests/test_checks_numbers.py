"""Golden tables for the `number` detector: classes read by rule, severities by evidence.

Every row says where its expected value came from: "hand-written" rows are sentences
written for this file, the expectation decided by reading them; "conversion" rows were
worked out with the international definitions (1 ft = 0.3048 m, 1 mi = 1.609344 km,
1 lb = 0.45359237 kg, °F = °C × 9/5 + 32).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from checker.checks import CheckContext, detect
from checker.checks.numbers import english_numbers, german_numbers
from checker.model import Bead, BeadResult, Flag, Sentence, Severity


def number_flags(de: str, en: str, mt: str | None = None) -> list[Flag]:
    bead = BeadResult(0, Bead((0,), (0,)), (Sentence(0, de, 1, 0),), (Sentence(0, en, 1, 0),),
                      mt, None)
    return [f for f in detect([bead], CheckContext())[0].flags if f.code == "number"]


def worst(de: str, en: str, mt: str | None = None) -> Severity | None:
    return max((f.severity for f in number_flags(de, en, mt)), default=None)


# (German, English, worst severity of a `number` finding or None)
ROWS = [
    # hand-written: locale formats
    ("Der Umsatz lag bei 1.000,5 Euro.", "Sales were 1,000.5 euros.", None),
    ("Vor 10 000 Zuschauern spielte sie.", "She played in front of 10,000 people.", None),
    ("Am 26. November 2024 begann es.", "It began on November 26, 2024.", None),
    ("Der Versand startet am 16.3.", "Shipping starts on 3/16.", None),  # US month/day
    ("Der Versand startet am 16.3.", "Shipping starts on 3/17.", Severity.ERROR),
    # hand-written: number words, fractions, multiplicatives
    ("Ein Drittel der Befragten stimmte zu.", "One third of those asked agreed.", None),
    ("Zwei Drittel der Befragten stimmten zu.", "Two thirds of those asked agreed.", None),
    ("Ein Viertel fehlte.", "A quarter was missing.", None),
    ("Die Hälfte fehlte.", "Half was missing.", None),
    # hand-written: a weekday inside a German compound or adverb, and an English plural
    ("Das beschloss der Verband am Mittwochabend.",
     "The association decided this on Wednesday evening.", None),
    ("Das beschloss der Verband am Mittwochabend.",
     "The association decided this on Tuesday evening.", Severity.ERROR),
    ("Samstags bleibt das Amt geschlossen.", "The office stays closed on Saturdays.", None),
    ("Samstags bleibt das Amt geschlossen.", "The office stays closed on Sundays.",
     Severity.ERROR),
    # hand-written: a bare „hundert“ / „tausend“ is a number word too
    ("Manche Brücken sind über hundert Jahre alt.",
     "Some bridges are more than a hundred years old.", None),
    ("Manche Brücken sind über hundert Jahre alt.",
     "Some bridges are more than two hundred years old.", Severity.ERROR),
    ("Sie hat tausend Ideen.", "She has a thousand ideas.", None),
    ("Er siegte um fünf Hundertstel.", "He won by five hundredths of a second.", None),
    ("Er siegte um fünf Hundertstel.", "He won by five one-hundredths.", None),
    ("Er siegte um fünf Hundertstel.", "He won by six one-hundredths.", Severity.ERROR),
    ("Er brach zweimal die Regeln.", "He broke the rules twice.", None),
    ("Es dauerte drei Stunden.", "It took three hours.", None),
    ("Es dauerte drei Stunden.", "It took four hours.", Severity.ERROR),
    # hand-written: a number word on one side only is weak evidence (a paraphrase)
    ("Er kam sechs Tage vorher an.", "He arrived before.", Severity.INFO),
    ("Er lag in der Schwerelosigkeit.", "He floated in zero gravity.", Severity.INFO),
    # hand-written: digits on one side only are worth a look, not an error
    ("Sie kehrten im November 1952 zurück.", "They returned.", Severity.WARNING),
    ("Sie kehrten im November 1952 zurück.", "They returned in 1952.", Severity.INFO),
    # hand-written: decades and ordinals
    ("Das war in den 1980er Jahren.", "That was in the 1980s.", None),
    ("Das war in den achtziger Jahren.", "That was in the eighties.", None),
    ("Das war in den 80ern.", "That was in the 1980s.", None),
    # hand-written: scale words (German Milliarde = billion, Billion = trillion)
    ("Es kostete 2,5 Mrd. Euro.", "It cost 2.5 billion euros.", None),
    ("Die Schulden betragen 1 Billion Euro.", "The debt is 1 trillion euros.", None),
    ("Die Schulden betragen 1 Billion Euro.", "The debt is 1 billion euros.", Severity.ERROR),
    # hand-written: scores and codes are not clock times or quantities
    ("Sie verloren 61:72 (28:38).", "They lost 61-72 (28-38).", None),
    ("Der LokSound5 ist neu.", "The LokSound 5 is new.", None),
    ("Das passt für K1 und K2.", "That suits child 1 and child 2.", None),
    # conversion: 3,000 ft = 914 m; 5 mi = 8.05 km; 20 °C = 68 °F; 10 lb = 4.5 kg
    ("Der Gipfel liegt auf rund 900 Metern.", "The summit is at about 3,000 feet.", None),
    ("Die Strecke ist 8 Kilometer lang.", "The route is 5 miles long.", None),
    ("Es waren 20 °C.", "It was 68 °F.", None),
    ("Das Paket wiegt 4,5 kg.", "The parcel weighs 10 pounds.", None),
    ("Die Strecke ist 8 Kilometer lang.", "The route is 8 miles long.", Severity.ERROR),
    # hand-written: approximate renderings of the same value
    ("Rund 3.000 Menschen kamen.", "About 3,000 people came.", None),
    # hand-written: clock times in words (halb drei = 2:30, Viertel vor acht = 7:45)
    ("Wir treffen uns um halb drei.", "We meet at half past two.", None),
    ("Wir treffen uns um halb drei.", "We meet at 2:30 p.m.", None),
    ("Es ist Viertel vor acht.", "It is a quarter to eight.", None),
    ("Es ist Viertel nach acht.", "It is 8:15.", None),
    ("Es ist Viertel nach acht.", "It is 8:45.", Severity.ERROR),
    ("Das Glas ist halb voll.", "The glass is half full.", None),
    # hand-written: Roman numerals after a capitalised word
    ("Der 2. Weltkrieg endete 1945.", "World War II ended in 1945.", None),
    ("Königin Elisabeth II. ist gestorben.", "Queen Elizabeth II has died.", None),
    ("Königin Elisabeth II. ist gestorben.", "Queen Elizabeth III has died.", Severity.ERROR),
    # conversion: 48 h = 2 days; 10 years = a decade; a week = 7 days; a quarter hour
    ("Es dauert 48 Stunden.", "It takes two days.", None),
    ("Es dauert 48 Stunden.", "It takes three days.", Severity.ERROR),
    ("Das ist 10 Jahre her.", "That was a decade ago.", None),
    ("Die Reise dauert eine Woche.", "The trip takes seven days.", None),
    ("Er ist erst 1 Jahr alt.", "He is only one year old.", None),
    ("Ich warte seit einer Viertelstunde.", "I have been waiting for 15 minutes.", None),
    ("Die Temperatur lag bei -5 °C.", "The temperature was 23 °F.", None),
    # hand-written: the ordinal one, per mille, a phone number's trunk prefix "(0)"
    ("Er landete auf Platz 1.", "He finished first.", None),
    ("Am 1. Tag regnete es.", "On the first day it rained.", None),
    ("Die Quote liegt bei 5 Promille.", "The rate is 0.5 percent.", None),
    ("Die Quote liegt bei 5 Promille.", "The rate is 5 percent.", Severity.ERROR),
    ("Rufen Sie +49 (0) 30 1234567 an.", "Call +49 30 1234567.", None),
    # hand-written: a running time, noon, a fraction of a unit
    ("Er gewann in 2:03:45 Stunden.", "He won in 2:03:45 hours.", None),
    ("Er gewann in 2:03:45 Stunden.", "He won in 2 hours, 3 minutes and 45 seconds.", None),
    ("Er gewann in 2:03:45 Stunden.", "He won in 2:04:45 hours.", Severity.ERROR),
    ("Um 12 Uhr mittags begann es.", "It started at noon.", None),
    ("Der Zug hatte 15 Minuten Verspätung.", "The train was a quarter of an hour late.", None),
    ("Das Paket wiegt 500 g.", "The package weighs half a kilo.", None),
]


@pytest.mark.parametrize(("de", "en", "expected"), ROWS)
def test_number_severity_golden(de: str, en: str, expected: Severity | None) -> None:
    assert worst(de, en) == expected


def test_mt_sharing_the_english_reading_silences_the_difference() -> None:
    # hand-written: the MT reads the German the way the English does
    assert worst("Er kam sechs Tage vorher an.", "He arrived before.",
                 "He arrived before.") is None


@pytest.mark.parametrize(("de", "en", "gloss"), [
    # hand-written: a dictionary gloss keeps the German's digits ("12.000", "3,5"); read
    # in English they would be 12 and 3.5 thousand and share the English's difference
    ("Mehr als 12.000 Menschen kamen.", "More than 1,200 people came.",
     "More as 12.000 humans came."),
    ("Der Preis stieg um 3,5 Prozent.", "The price rose by 35 percent.",
     "The price rose around 3,5 percent."),
])
def test_a_gloss_does_not_confirm_a_changed_german_number(de: str, en: str, gloss: str) -> None:
    bead = BeadResult(0, Bead((0,), (0,)), (Sentence(0, de, 1, 0),), (Sentence(0, en, 1, 0),),
                      gloss, None)
    found = [f for f in detect([bead], CheckContext(translator="lexicon"))[0].flags
             if f.code == "number"]
    assert [f.severity for f in found] == [Severity.ERROR]


@pytest.mark.parametrize(
    ("text", "german", "expected"),
    [
        ("1980er", True, "the 1980s"),  # hand-written: a decade is never "1.98E+3s"
        ("1860s", False, "the 1860s"),
        ("Samstag", True, "Saturday"),  # weekday names are dates
        ("61:72", True, "61"),  # not a time: minutes above 59
    ],
)
def test_displayed_values(text: str, german: bool, expected: str) -> None:
    found = german_numbers(text) if german else english_numbers(text)
    assert found[0].display() == expected


def test_fraction_values() -> None:
    # hand count: 1/3 and 3/4 to four places
    assert [m.key[1] for m in german_numbers("ein Drittel und drei Viertel")] == [
        Decimal("0.3333"), Decimal("0.75")]
    assert [m.key[1] for m in english_numbers("a third and three quarters")] == [
        Decimal("0.3333"), Decimal("0.75")]
