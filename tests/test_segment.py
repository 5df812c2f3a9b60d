"""Sentence splitting: golden tables of tricky sentences, spans, articles, speed."""

from __future__ import annotations

import pytest

from checker.model import Article, Block, Lang
from checker.segment import split_article, split_sentences


def sentences(text: str, lang: Lang) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, lang)]


# Each row: text, expected sentences. Source of every expected split: hand-checked
# against German orthography (Duden rules for ordinals, abbreviations and quotation
# marks); the failures these rows guard against were observed on news text.
GERMAN_GOLDEN = [
    # hand-written: a score or a clock time ends a sentence before any capital ("Den" is
    # no frequent sentence starter, and "2:1." is no ordinal)
    (
        "Kurz darauf traf Musiala zum 2:1. Den Schlusspunkt setzte Kane.",
        ["Kurz darauf traf Musiala zum 2:1.", "Den Schlusspunkt setzte Kane."],
    ),
    (
        "Der letzte Zug fährt um 23:40. Einen Ersatzbus gibt es nicht.",
        ["Der letzte Zug fährt um 23:40.", "Einen Ersatzbus gibt es nicht."],
    ),
    # hand-checked: date with ordinal day must stay whole
    (
        "Die Sitzung findet am 26. November 2024 in Berlin statt. Danach folgt die Abstimmung.",
        [
            "Die Sitzung findet am 26. November 2024 in Berlin statt.",
            "Danach folgt die Abstimmung.",
        ],
    ),
    # hand-checked: spaced abbreviations "z. B.", "u. a."
    (
        "Es gibt z. B. Äpfel, u. a. Birnen. Das ist gut.",
        ["Es gibt z. B. Äpfel, u. a. Birnen.", "Das ist gut."],
    ),
    # hand-checked: unspaced "z.B.", "u.a.", "d. h."
    (
        "Es gibt z.B. Äpfel, u.a. Birnen, d. h. Obst. Das ist gut.",
        ["Es gibt z.B. Äpfel, u.a. Birnen, d. h. Obst.", "Das ist gut."],
    ),
    # hand-checked: Dr., Nr. 5, bzw., ca., St.
    (
        "Dr. Müller kam mit Nr. 5 bzw. ca. 3 Leuten nach St. Gallen. Es regnete.",
        ["Dr. Müller kam mit Nr. 5 bzw. ca. 3 Leuten nach St. Gallen.", "Es regnete."],
    ),
    # hand-checked: ordinals "3. Oktober" and the club name "1. FC Köln"
    (
        "Am 3. Oktober feiert der 1. FC Köln. Alle kommen.",
        ["Am 3. Oktober feiert der 1. FC Köln.", "Alle kommen."],
    ),
    # hand-checked: sentence ends inside „…“; the next one starts after the quote
    (
        "Sie sagten: „Wir sind keine PR-Marionetten.“ Danach verließen sie den Saal.",
        ["Sie sagten: „Wir sind keine PR-Marionetten.“", "Danach verließen sie den Saal."],
    ),
    # hand-checked: guillemets »…«
    ("Er rief »Halt!« Dann ging er.", ["Er rief »Halt!«", "Dann ging er."]),
    # hand-checked: month abbreviation before a year
    (
        "Die Firma wurde im Jan. 2020 gegründet. Sie wuchs schnell.",
        ["Die Firma wurde im Jan. 2020 gegründet.", "Sie wuchs schnell."],
    ),
    # hand-checked: a year ends the sentence ("ca." does not)
    (
        "Das war ca. 1990. Damals war alles anders.",
        ["Das war ca. 1990.", "Damals war alles anders."],
    ),
    # hand-checked: street abbreviation before the house number
    (
        "Er wohnt in der Hauptstr. 5 in Köln. Sie auch.",
        ["Er wohnt in der Hauptstr. 5 in Köln.", "Sie auch."],
    ),
    # hand-checked: a sentence may start with a number
    (
        "Die Zahl stieg um 5 Prozent. 2024 war ein gutes Jahr.",
        ["Die Zahl stieg um 5 Prozent.", "2024 war ein gutes Jahr."],
    ),
    # hand-checked: ordinal before a noun stays, a bare number at the end splits
    (
        "Er belegte den 5. Platz. Sie wurde 2. Damit war alles klar.",
        ["Er belegte den 5. Platz.", "Sie wurde 2.", "Damit war alles klar."],
    ),
    # hand-checked: "Mio." inside, "Prof. Dr.", "19. Jh."
    (
        "Der Umsatz lag bei 1,5 Mio. Euro. Prof. Dr. Meier sprach im 19. Jh. über den Krieg.",
        ["Der Umsatz lag bei 1,5 Mio. Euro.", "Prof. Dr. Meier sprach im 19. Jh. über den Krieg."],
    ),
    # hand-checked: a quoted question followed by ", fragte sie" is one sentence
    ("„Kommst du?“, fragte sie. „Ja.“", ["„Kommst du?“, fragte sie.", "„Ja.“"]),
    # hand-checked: "usw." ending a sentence before a sentence opener
    ("Äpfel, Birnen usw. Dann kamen die Gäste.", ["Äpfel, Birnen usw.", "Dann kamen die Gäste."]),
    # hand-checked: date at the end of one sentence and inside the next
    ("Es war der 3. Mai. Am 4. Mai regnete es.", ["Es war der 3. Mai.", "Am 4. Mai regnete es."]),
    # hand-checked: a number before a sentence opener ends the sentence
    (
        "Er las S. 5 und Abs. 2. Dann schlief er.",
        ["Er las S. 5 und Abs. 2.", "Dann schlief er."],
    ),
]

ENGLISH_GOLDEN = [
    # hand-checked: straight quotes close the sentence
    ('He said "we quit." Then he left.', ['He said "we quit."', "Then he left."]),
    # hand-checked: curly quotes close the sentence
    ("He said “we quit.” Then he left.", ["He said “we quit.”", "Then he left."]),
    # hand-checked: Mr., U.S.
    (
        "Mr. Smith moved to the U.S. in 1990. He stayed.",
        ["Mr. Smith moved to the U.S. in 1990.", "He stayed."],
    ),
    # hand-checked: e.g., i.e.
    (
        "Fruit, e.g. apples, i.e. red ones. Good.",
        ["Fruit, e.g. apples, i.e. red ones.", "Good."],
    ),
    # hand-checked: Dr., St. as saint and as street
    (
        "Dr. Brown lives on St. James St. in London. Nice.",
        ["Dr. Brown lives on St. James St. in London.", "Nice."],
    ),
    # hand-checked: Jan. before a year
    (
        "It was founded in Jan. 2020 by Mr. Jones. It grew.",
        ["It was founded in Jan. 2020 by Mr. Jones.", "It grew."],
    ),
    # hand-checked: "No." is an abbreviation only before a number
    ("See No. 5 for details. Then stop.", ["See No. 5 for details.", "Then stop."]),
    ("There is no. Then stop.", ["There is no.", "Then stop."]),
    # hand-checked: U.S. before a capitalised noun
    ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
    # hand-checked: decimals and money
    (
        "Prices rose 3.5 per cent. It costs $5.50 a day.",
        ["Prices rose 3.5 per cent.", "It costs $5.50 a day."],
    ),
    # hand-checked: quoted question followed by "she asked"
    ('"Are you coming?" she asked. "Yes."', ['"Are you coming?" she asked.', '"Yes."']),
    # hand-checked: "etc." inside a sentence, p.m., initials
    (
        "Apples, pears, etc. are fruit. They met at 5 p.m. on Monday. J. R. R. Tolkien wrote it.",
        [
            "Apples, pears, etc. are fruit.",
            "They met at 5 p.m. on Monday.",
            "J. R. R. Tolkien wrote it.",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN_GOLDEN)
def test_german_golden(text: str, expected: list[str]) -> None:
    assert sentences(text, "de") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH_GOLDEN)
def test_english_golden(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


def test_spans_skip_whitespace_and_cross_line_breaks() -> None:
    text = "  Der erste Satz geht\nüber zwei Zeilen.\n  Der zweite.  "
    spans = split_sentences(text, "de")
    assert [text[a:b] for a, b in spans] == [
        "Der erste Satz geht\nüber zwei Zeilen.",
        "Der zweite.",
    ]
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text, "en") == []


def test_split_article_numbers_lines_blocks_and_kinds() -> None:
    article = Article(
        path="x.md",
        lang="de",
        blocks=(
            Block("heading", 1, "Eine Überschrift. Mit Punkt"),
            Block("paragraph", 3, "Erster Satz. Zweiter\nSatz.   Dritter\n\nSatz."),
            Block("item", 8, "Punkt eins."),
        ),
    )
    result = split_article(article)
    assert [(s.index, s.text, s.line, s.block, s.block_kind) for s in result] == [
        (0, "Eine Überschrift. Mit Punkt", 1, 0, "heading"),  # a heading stays whole
        (1, "Erster Satz.", 3, 1, "paragraph"),
        (2, "Zweiter Satz.", 3, 1, "paragraph"),
        (3, "Dritter Satz.", 4, 1, "paragraph"),
        (4, "Punkt eins.", 8, 2, "item"),
    ]


def test_split_article_segmented_takes_each_line_as_one_sentence() -> None:
    article = Article(
        path="x.txt",
        lang="en",
        blocks=(Block("paragraph", 4, "One. Two.\n\n  Three  four\nFive."),),
    )
    result = split_article(article, segmented=True)
    assert [(s.text, s.line) for s in result] == [
        ("One. Two.", 4),
        ("Three four", 6),
        ("Five.", 7),
    ]
