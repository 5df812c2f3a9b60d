"""Reading articles: encodings, errors, Markdown and plain-text blocks, waivers, lines.

Scenario files live in tests/data/reader/<scenario>/; expected values were worked
out by hand from those files (line numbers counted in an editor).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from checker.articles import guess_language, read_article
from checker.errors import ExitCode, InputError
from checker.model import Article, Lang
from checker.segment import split_article

READER = Path(__file__).parent / "data" / "reader"


def blocks(article: Article) -> list[tuple[str, int, str]]:
    return [(b.kind, b.line, " ".join(b.text.split())) for b in article.blocks]


def sentence_lines(article: Article, *, segmented: bool = False) -> list[tuple[int, str]]:
    return [(s.line, s.text) for s in split_article(article, segmented=segmented)]


# ---------------------------------------------------------------- encodings


def test_utf8_with_bom() -> None:
    article = read_article(READER / "bom-utf8" / "de.md", "de")
    assert blocks(article)[0] == ("heading", 1, "Übersicht")  # no U+FEFF left
    assert sentence_lines(article) == [
        (1, "Übersicht"),
        (3, "Der Stadtrat tagte am 26. November 2024."),
        (3, "Er beschloss den Haushalt."),
    ]


@pytest.mark.parametrize("name", ["en-le.txt", "en-be.txt"])
def test_utf16_with_bom(name: str) -> None:
    article = read_article(READER / "utf16" / name, "en")
    assert blocks(article) == [
        ("heading", 1, "Overview"),
        ("paragraph", 3, "The city council met on November 26, 2024. It passed the budget."),
    ]


def error_of(path: Path | str, lang: Lang = "de", **options: bool) -> InputError:
    with pytest.raises(InputError) as info:
        read_article(path, lang, **options)
    assert info.value.exit_code == ExitCode.INPUT
    return info.value


# Expected messages: file name + cause (+ byte and offset, counted by hand:
# "Erste Zeile ist ASCII.\n" is 23 bytes, "Der B" 5 more, so "ä" is at 28).
@pytest.mark.parametrize(
    ("relative", "cause"),
    [
        (
            "latin1-file/de.txt",
            "not valid UTF-8 (byte 0xE4 at offset 28); save the file as UTF-8",
        ),
        ("binary/de.txt", "binary file, not text"),
        ("binary/controls.txt", "binary file, not text"),
        (
            "utf16/no-bom.txt",
            "binary file, not text (looks like UTF-16 without a byte-order mark; save as UTF-8)",
        ),
        ("empty/whitespace.md", "empty article"),
        ("empty/markup-only.md", "empty article"),
        ("empty/zero.txt", "empty article"),
    ],
)
def test_unreadable_files_name_file_and_cause(relative: str, cause: str) -> None:
    path = READER / relative
    assert str(error_of(path)) == f"{path}: {cause}"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.md"
    assert str(error_of(path)) == f"{path}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert str(error_of(tmp_path)) == f"{tmp_path}: is a directory, not a file"


def test_unreadable_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.md"
    path.write_text("Geheim.\n", encoding="utf-8")
    if os.geteuid() == 0:  # root reads any file: simulate what chmod 0 does to others

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr("checker.safeio._os_open", refuse)
    path.chmod(0)
    try:
        assert str(error_of(path)) == f"{path}: permission denied"
    finally:
        path.chmod(0o600)


def test_bad_utf8_in_a_utf8_bom_file_reports_the_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_bytes(b"\xef\xbb\xbfAbc \xfc.\n")
    assert "(byte 0xFC at offset 7)" in str(error_of(path))


# ---------------------------------------------------------------- line endings


def test_mixed_line_endings_keep_line_numbers() -> None:
    article = read_article(READER / "crlf" / "de.txt", "de")
    # hand-counted: \r\n, \r and \n each end one line
    assert sentence_lines(article) == [
        (1, "Erste Überschrift"),
        (3, "Der erste Absatz beginnt hier und endet hier."),
        (4, "Ein zweiter Satz."),
        (6, "Der zweite Absatz steht in Zeile sechs."),
        (8, "Der dritte Absatz."),
        (8, "Er hat zwei Sätze."),
    ]
    assert "\r" not in "".join(b.text for b in article.blocks)


# ---------------------------------------------------------------- Markdown


def test_markdown_blocks_kinds_and_lines() -> None:
    article = read_article(READER / "markdown" / "de.md", "de")
    assert blocks(article) == [
        ("heading", 6, "Stadtrat beschließt Haushalt"),
        (
            "paragraph",
            8,
            "Der Stadtrat hat am 26. November 2024 den Haushalt beschlossen. "
            "Die Sitzung dauerte drei Stunden, wie die Stadt mitteilte.",
        ),
        ("heading", 12, "Die wichtigsten Punkte"),
        ("item", 14, "Die Schulen bekommen 2,5 Mio. Euro mehr, z. B. für neue Dächer."),
        ("item", 16, "Der Zoo erhält keinen Zuschuss."),
        ("item", 17, "Die Bäder bleiben geöffnet."),
        ("item", 18, "Die Bibliothek wird saniert."),
        ("item", 20, "Erstens wird gespart."),
        ("item", 21, "Zweitens wird investiert."),
        ("heading", 25, "Kommentar des Bürgermeisters"),
        (
            "paragraph",
            28,
            "Sie sagten: „Wir sind keine PR-Marionetten.“ Danach verließen sie den Saal.",
        ),
        # a lone numbered line is prose, not a list: the ordinal stays
        ("paragraph", 34, "3. Oktober 1990: An diesem Tag wurde Deutschland wiedervereinigt."),
    ]


def test_markdown_sentences_start_on_their_lines() -> None:
    article = read_article(READER / "markdown" / "de.md", "de")
    assert sentence_lines(article)[1:3] == [
        (8, "Der Stadtrat hat am 26. November 2024 den Haushalt beschlossen."),
        (9, "Die Sitzung dauerte drei Stunden, wie die Stadt mitteilte."),
    ]
    assert (28, "Danach verließen sie den Saal.") in sentence_lines(article)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # hand-written: inline markup removed, words kept
        ("Ein **fetter** und *schiefer* Text.", "Ein fetter und schiefer Text."),
        ("Mit __Unterstrich__ und _kursiv_ hier.", "Mit Unterstrich und kursiv hier."),
        ("Der `code` bleibt als Wort.", "Der code bleibt als Wort."),
        ("Siehe [die Seite](https://x.de/a_b) dazu.", "Siehe die Seite dazu."),
        ("Ein Bild ![alt](b.png) weg.", "Ein Bild weg."),
        ("Variablen wie snake_case_name bleiben.", "Variablen wie snake_case_name bleiben."),
        ("Drei * vier ist zwölf.", "Drei * vier ist zwölf."),
        (r"Ein \*Stern\* bleibt.", "Ein *Stern* bleibt."),
        ("A &amp; B <br> C.", "A & B C."),
    ],
)
def test_inline_markdown_is_stripped(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "de.md"
    path.write_text(f"{line}\n", encoding="utf-8")
    (block,) = read_article(path, "de").blocks
    assert " ".join(block.text.split()) == expected


def test_fenced_code_and_front_matter_are_not_text(tmp_path: Path) -> None:
    path = tmp_path / "en.md"
    path.write_text(
        "---\ntitle: x\n---\nThe text.\n\n```\nprint('not prose.')\n```\n\nMore text.\n",
        encoding="utf-8",
    )
    assert blocks(read_article(path, "en")) == [
        ("paragraph", 4, "The text."),
        ("paragraph", 10, "More text."),
    ]


# ---------------------------------------------------------------- plain text


def test_plain_text_one_paragraph_per_line() -> None:
    article = read_article(READER / "plain" / "en.txt", "en")
    assert blocks(article) == [
        ("heading", 1, "City council passes budget"),
        (
            "paragraph",
            2,
            "The city council passed the budget on November 26, 2024. "
            "The meeting lasted three hours.",
        ),
        (
            "paragraph",
            3,
            "Schools get 2.5 million euros more, e.g. for new roofs. The zoo gets nothing.",
        ),
        ("paragraph", 4, '"We are not PR puppets." Then they left the room.'),
        ("heading", 5, "What happens next"),
        ("paragraph", 6, "Mr. Smith of the U.S. embassy attended. He said nothing."),
    ]
    assert sentence_lines(article)[5:7] == [
        (4, '"We are not PR puppets."'),
        (4, "Then they left the room."),
    ]


def test_soft_wrapped_paragraph_without_blank_lines_stays_one_block() -> None:
    article = read_article(READER / "wrapped" / "de.txt", "de")
    assert [(b.kind, b.line) for b in article.blocks] == [("paragraph", 1)]
    assert [line for line, _ in sentence_lines(article)] == [1, 3]


# ---------------------------------------------------------------- waivers and comments


def test_waivers_from_html_comments() -> None:
    article = read_article(READER / "waivers" / "de.md", "de")
    assert [(w.line, sorted(w.codes)) for w in article.waivers] == [
        (1, ["name"]),  # comment ends the heading line
        (4, ["number", "omission"]),  # comment alone on line 3 → next non-blank line
        (6, []),  # no codes: every code
        (12, ["negation"]),  # alone on line 11, inside a paragraph
    ]
    assert "<!--" not in "".join(b.text for b in article.blocks)
    assert "Kommentar" not in "".join(b.text for b in article.blocks)
    assert sentence_lines(article) == [
        (1, "Haushalt"),
        (4, "Der Stadtrat beschloss 2,5 Mio. Euro für die Schulen."),
        (6, "Ein Satz ohne Ausnahme."),
        (6, "Ein Satz mit Ausnahme."),
        (10, "Der Zoo erhält keinen Zuschuss."),
        (12, "Die Bäder bleiben geöffnet."),
    ]


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("Satz.\n\n<!-- transcheck: ignore omision -->\nMehr.\n", "unknown finding code 'omision'"),
        ("Satz.\n\n<!-- transcheck: ignroe number -->\n", "expected '<!-- transcheck: ignore"),
        ("Satz.\n\nText <!-- offen\nbis zum Ende.\n", "HTML comment '<!--' is never closed"),
    ],
)
def test_bad_comments_are_input_errors_with_their_line(
    tmp_path: Path, text: str, cause: str
) -> None:
    path = tmp_path / "de.md"
    path.write_text(text, encoding="utf-8")
    message = str(error_of(path))
    assert message.startswith(f"{path}:3: ") and cause in message


# ---------------------------------------------------------------- segmented


def test_segmented_each_line_is_one_sentence() -> None:
    article = read_article(READER / "segmented" / "de.txt", "de", segmented=True)
    assert [(b.kind, b.line) for b in article.blocks] == [
        ("heading", 1),
        ("paragraph", 2),
        ("item", 3),
        ("paragraph", 5),
    ]
    assert sentence_lines(article, segmented=True) == [
        (1, "Stadtrat beschließt Haushalt"),
        (2, "Der Stadtrat tagte. Er beschloss den Haushalt."),
        (3, "Die Schulen bekommen mehr Geld."),
        (5, "3. Oktober 1990 war ein Feiertag."),
        (6, "Danach ging es weiter."),
    ]


# ---------------------------------------------------------------- language


def test_wrong_language_is_refused() -> None:
    path = READER / "wrong-language" / "en.txt"
    assert str(error_of(path, "en")) == f"{path}: looks like German, expected English"
    assert read_article(path, "en", check_language=False).lang == "en"


# Source: hand-written sentences; short texts get no verdict on purpose.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen, "
            "und die Schulen bekommen mehr Geld als im letzten Jahr, sagte er nach der "
            "Sitzung, die drei Stunden gedauert hatte.",
            "de",
        ),
        (
            "The city council passed the budget for the coming year on Tuesday, and the "
            "schools will get more money than they had last year, he said after the "
            "meeting, which had lasted three hours.",
            "en",
        ),
        ("Der Hund schläft.", None),
        ("Die Bank in Berlin.", None),
    ],
)
def test_guess_language(text: str, expected: Lang | None) -> None:
    assert guess_language(text) == expected


# ---------------------------------------------------------------- every line is right

LINE_SCENARIOS = [
    ("bom-utf8/de.md", "de", False),
    ("utf16/en-le.txt", "en", False),
    ("crlf/de.txt", "de", False),
    ("markdown/de.md", "de", False),
    ("plain/en.txt", "en", False),
    ("waivers/de.md", "de", False),
    ("wrapped/de.txt", "de", False),
    ("segmented/de.txt", "de", True),
]


def raw_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode()
    return re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))


@pytest.mark.parametrize(("relative", "lang", "segmented"), LINE_SCENARIOS)
def test_every_sentence_line_holds_its_first_word(
    relative: str, lang: Lang, segmented: bool
) -> None:
    path = READER / relative
    lines = raw_lines(path)
    article = read_article(path, lang, segmented=segmented)
    found = split_article(article, segmented=segmented)
    assert found
    for sentence in found:
        first_word = re.search(r"\w+", sentence.text)
        assert first_word is not None
        assert first_word.group() in lines[sentence.line - 1], (sentence, lines[sentence.line - 1])
