"""Property-based robustness tests: bad input never escapes as a traceback.

Each stage gets random input from Hypothesis and must either work (and keep its
invariants) or raise a `TranscheckError` — the only kind of failure the CLI turns
into a one-line message instead of a traceback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from checker.align import align
from checker.articles import read_article
from checker.checks import detect
from checker.checks.base import CheckContext
from checker.errors import TranscheckError
from checker.model import BEAD_KINDS, Bead, BeadResult, PairResult, Scores, Sentence, TranslatorInfo
from checker.pipeline import build_report, check_texts
from checker.report import render
from checker.report.common import visible
from checker.segment import split_article, split_sentences
from checker.settings import FORMAT_CHOICES, AlignSettings, Settings
from checker.translate.base import NoTranslator, normalise
from checker.translate.memory import MemoryTranslator

# TRANSCHECK_FUZZ=10 runs ten times as many examples (for a deeper search by hand)
SCALE = max(1, int(os.environ.get("TRANSCHECK_FUZZ", "1")))
FAST = settings(
    max_examples=60 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SLOW = settings(FAST, max_examples=20 * SCALE)  # whole pipeline per example

LINE_ENDINGS = ("\n", "\r\n", "\r")
MARKERS = ("# ", "## ", "- ", "* ", "+ ", "• ", "1. ", "2) ", "> ", "```", "~~~", "---", "===",
           "***", "<!-- ", " -->", "<!-- transcheck: ignore number -->", "**", "_", "`", "~~",
           "[link](http://x)", "![img](y.png)", "[ref][1]", "[1]: http://z", "\\", "&amp;",
           "<b>", "</b>", "  ", "\t")
WORDS = ("Die", "Stadt", "München", "hat", "nicht", "kein", "1.000,5", "3.", "Oktober", "26.",
         "November", "2024", "drei", "Prozent", "„PR-Marionetten“", "\"PR puppets\"", "Munich",
         "the", "city", "has", "not", "three", "per", "cent", "z. B.", "e.g.", "Nr. 5", "etc.",
         "Dr.", "Köln", "Cologne", "said", "sagte", "50 %", "€", "$1,000.50", "'quoted'", "«»",
         "…", "?", "!", ".", ",", ";", ":", "(", ")", "–", "—")
# right-to-left scripts, combining characters, zero widths, line/paragraph separators
EXOTIC = ("مرحبا بالعالم.", "שלום עולם.", "\u202eevil\u202c", "e\u0301", "a\u0308", "\u200b",
          "\u00ad", "\u2028", "\u2029", "\ufeff", "🙂", "\u0085", "\x0b", "\x0c", "\x1c")


def _join(parts: list[str]) -> str:
    return " ".join(parts)


words = st.sampled_from(WORDS + EXOTIC)
free_text = st.text(max_size=40)
phrase = st.lists(st.one_of(words, words, free_text), min_size=0, max_size=12).map(_join)


@st.composite
def markdown_line(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return ""  # a blank line: an empty block boundary
    if kind == 1:
        return draw(st.text(alphabet=".,;:!?…-–—\"'„“”‚‘’«»()[]*_#>`~", max_size=30))
    if kind == 2:
        return draw(st.sampled_from(WORDS)) * draw(st.integers(500, 4000))  # a huge line
    prefix = draw(st.sampled_from(("",) + MARKERS))
    suffix = draw(st.sampled_from(("", "", ".", "?", "!", " #", "  ", "\\") + MARKERS))
    return prefix + draw(phrase) + suffix


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = draw(st.lists(markdown_line(), min_size=0, max_size=25))
    out = []
    for line in lines:
        out.append(line)
        out.append(draw(st.sampled_from(LINE_ENDINGS)))
    return "".join(out)


@st.composite
def document_bytes(draw: st.DrawFn) -> bytes:
    text = draw(document())
    codec = draw(st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1")))
    data = text.encode(codec, errors="replace") if codec == "latin-1" else text.encode(codec)
    if draw(st.booleans()) and data:
        where = draw(st.integers(0, len(data)))
        data = data[:where] + b"\x00" * draw(st.integers(1, 3)) + data[where:]
    return data


def _read(tmp_path: Path, data: bytes, lang: str, segmented: bool) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(data)
    try:
        article = read_article(path, lang, segmented=segmented)  # type: ignore[arg-type]
    except TranscheckError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)  # one line naming the file
        return
    line_count = data.count(b"\n") + data.count(b"\r") + 1
    assert article.blocks
    for block in article.blocks:
        assert block.text.strip() and "\r" not in block.text
        assert 1 <= block.line <= block.line_of(len(block.text)) <= line_count
    for sentence in split_article(article, segmented=segmented):
        assert sentence.text and sentence.text == normalise(sentence.text)


# ---------------------------------------------------------------- reader


@FAST
@given(data=document_bytes(), lang=st.sampled_from(("de", "en")), segmented=st.booleans())
def test_reader_never_raises_anything_but_input_errors(
    tmp_path: Path, data: bytes, lang: str, segmented: bool
) -> None:
    _read(tmp_path, data, lang, segmented)


@FAST
@given(data=st.binary(max_size=2000), segmented=st.booleans())
def test_reader_survives_arbitrary_bytes(tmp_path: Path, data: bytes, segmented: bool) -> None:
    _read(tmp_path, data, "de", segmented)


@FAST
@given(text=st.text(max_size=300))
def test_reader_survives_arbitrary_unicode(tmp_path: Path, text: str) -> None:
    _read(tmp_path, text.encode("utf-8", errors="surrogatepass"), "en", False)


# ---------------------------------------------------------------- sentence splitter


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    covered = [False] * len(text)
    for start, end in spans:
        assert previous_end <= start < end <= len(text)  # inside, in order, not overlapping
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = [True] * (end - start)
        previous_end = end
    uncovered = [c for c, hit in zip(text, covered, strict=True) if not hit and not c.isspace()]
    assert not uncovered, f"text outside every sentence: {''.join(uncovered)!r}"


@FAST
@given(
    text=st.one_of(phrase, st.text(max_size=200), document()),
    lang=st.sampled_from(("de", "en")),
)
def test_split_sentences_spans_cover_the_text_in_order(text: str, lang: str) -> None:
    _check_spans(text, split_sentences(text, lang))  # type: ignore[arg-type]


@FAST
@given(text=document(), lang=st.sampled_from(("de", "en")), segmented=st.booleans())
def test_split_article_sentences_come_from_their_blocks(
    tmp_path: Path, text: str, lang: str, segmented: bool
) -> None:
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        article = read_article(path, lang, segmented=segmented)  # type: ignore[arg-type]
    except TranscheckError:
        return
    sentences = split_article(article, segmented=segmented)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert [s.block for s in sentences] == sorted(s.block for s in sentences)
    for sentence in sentences:
        block = article.blocks[sentence.block]
        assert " ".join(sentence.text.split()) in " ".join(block.text.split())
        assert block.line <= sentence.line <= block.line_of(len(block.text))


# ---------------------------------------------------------------- aligner


@st.composite
def sentence_list(draw: st.DrawFn, max_size: int = 30) -> list[Sentence]:
    texts = draw(st.lists(phrase.filter(str.strip), max_size=max_size))
    sentences, block = [], 0
    for index, text in enumerate(texts):
        block += draw(st.integers(0, 1))
        kind = draw(st.sampled_from(("paragraph", "paragraph", "heading", "item")))
        sentences.append(Sentence(index, normalise(text), index + 1, block, kind))
    return sentences


@st.composite
def aligner_input(
    draw: st.DrawFn,
) -> tuple[list[Sentence], list[Sentence], list[str | None] | None, AlignSettings]:
    de, en = draw(sentence_list()), draw(sentence_list())
    mt: list[str | None] | None = None
    if draw(st.booleans()):
        mt = [draw(st.one_of(st.none(), st.just(s.text), phrase)) for s in de]
    small = draw(st.booleans())  # exercise the coarse-to-fine banded DP too
    limit, band = (draw(st.integers(1, 8)), draw(st.integers(1, 4))) if small else (400, 30)
    return de, en, mt, AlignSettings(exact_limit=limit, band=band)


@FAST
@given(case=aligner_input())
def test_align_beads_cover_every_sentence_once_in_order(
    case: tuple[list[Sentence], list[Sentence], list[str | None] | None, AlignSettings],
) -> None:
    de, en, mt, align_settings = case
    beads = align(de, en, mt, align_settings)
    de_order = [i for bead in beads for i in bead.de]
    en_order = [j for bead in beads for j in bead.en]
    assert de_order == list(range(len(de)))  # each exactly once, monotone
    assert en_order == list(range(len(en)))
    allowed = {f"{a}-{b}" for a, b in BEAD_KINDS}
    for bead in beads:
        assert bead.kind in allowed
        assert 0.0 <= bead.score <= 1.0


# ---------------------------------------------------------------- detectors


@st.composite
def bead_result(draw: st.DrawFn) -> BeadResult:
    kind = draw(st.sampled_from(BEAD_KINDS))
    de = tuple(Sentence(i, normalise(draw(phrase)) or "x", i + 1, 0) for i in range(kind[0]))
    en = tuple(Sentence(j, normalise(draw(phrase)) or "y", j + 1, 0) for j in range(kind[1]))
    mt = draw(st.one_of(st.none(), phrase.map(normalise)))
    scores = None
    if mt is not None and de and en:
        scores = Scores(*(draw(st.floats(0, 100)) for _ in range(3)))
    bead = Bead(tuple(s.index for s in de), tuple(s.index for s in en))
    return BeadResult(0, bead, de, en, mt, scores)


@FAST
@given(beads=st.lists(bead_result(), max_size=4))
def test_detectors_flag_spans_that_occur_in_the_bead(beads: list[BeadResult]) -> None:
    beads = [BeadResult(i, b.bead, b.de, b.en, b.mt, b.scores) for i, b in enumerate(beads)]
    ctx = CheckContext(settings=Settings())
    for bead in detect(beads, ctx):
        for flag in bead.flags:
            assert flag.message and "\n" not in flag.message
            assert flag.de_span in bead.de_text, (flag.code, flag.de_span, bead.de_text)
            assert flag.en_span in bead.en_text, (flag.code, flag.en_span, bead.en_text)
            assert flag.mt_span in (bead.mt or ""), (flag.code, flag.mt_span, bead.mt)


# ---------------------------------------------------------------- renderers

REPORT_SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "checker" / "report" / "schema.json").read_text()
)
HTML_PROBE = "<1probe&\"'>"  # survives the reader (not a tag); must come out escaped


def _memory(tmp_path: Path, de_text: str, english: list[str]) -> MemoryTranslator:
    """A translations file giving one of `english` to every German sentence of `de_text`."""
    path = tmp_path / "de.md"
    path.write_text(de_text, encoding="utf-8")
    lines = []
    try:
        sentences = split_article(read_article(path, "de", check_language=False))
    except TranscheckError:
        sentences = ()
    for k, sentence in enumerate(sentences):
        target = normalise(english[k % len(english)]) if english else ""
        lines.append(f"{normalise(sentence.text)}\t{target}\n")
    table = tmp_path / "mt.tsv"
    table.write_text("".join(lines), encoding="utf-8")
    return MemoryTranslator(table)


def _render_everything(make: Callable[[], PairResult], info: TranslatorInfo) -> None:
    try:
        result = make()
    except TranscheckError:
        event("refused as input")
        return  # empty or unreadable article: a one-line error, fine
    event("rendered")
    report = build_report([result], Settings(), info)
    for fmt in FORMAT_CHOICES:
        for color in (False, True):
            text = render(report, fmt, color=color)
            if fmt in ("json", "sarif"):
                json.loads(text)
            if fmt == "html":
                assert HTML_PROBE not in text
    json_report = json.loads(render(report, "json"))
    jsonschema.validate(json_report, REPORT_SCHEMA)
    shown = _TextOf()
    shown.feed(render(report, "html"))
    page_text = "".join(shown.parts)
    for pair in json_report["pairs"]:
        for bead in pair["beads"]:
            for sentence in bead["de"] + bead["en"]:
                # shown as text (control characters written out), not parsed as markup
                assert visible(sentence["text"]) in page_text


class _TextOf(HTMLParser):
    """The text a browser shows (character references decoded), tags left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


article_text = st.lists(st.one_of(markdown_line(), phrase, st.just(HTML_PROBE)), max_size=8).map(
    "\n".join
)


@SLOW
@given(de=article_text, en=article_text)
def test_every_renderer_handles_reports_without_translation(de: str, en: str) -> None:
    translator = NoTranslator()
    _render_everything(
        lambda: check_texts(de, en, settings=Settings(), translator=translator), translator.info
    )


@SLOW
@given(de=article_text, en=article_text, english=st.lists(phrase, max_size=4))
def test_every_renderer_handles_reports_with_memory_translations(
    tmp_path: Path, de: str, en: str, english: list[str]
) -> None:
    assume(de.strip())
    translator = _memory(tmp_path, de, english)
    _render_everything(
        lambda: check_texts(de, en, settings=Settings(), translator=translator), translator.info
    )
