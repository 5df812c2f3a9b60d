"""Hand-made Report objects for the renderer tests (no pipeline involved).

`sample_report()` holds two pairs. Pair `klima` (failed) has, by construction:
  bead 0  1-1 heading, clean
  bead 1  1-1 `number` error (new)                              de line 3, en line 3
  bead 2  1-0 `omission` error (new), no English                de line 5
  bead 3  0-1 `addition` error (new), no German                             en line 5
  bead 4  1-1 `quote` warning (new) + `wording` info (accepted)   de line 7, en line 7
  bead 5  1-1 `meaning` warning (waived), text holds <script>   de line 9, en line 9
  bead 6  2-1 clean                                               de line 11, en line 11
  pair-level `stale` warning (new); one unmatched baseline entry
Pair `kurz` (passed) has one clean bead and one `length` warning (new).
"""

from __future__ import annotations

from checker.model import (
    Bead,
    BeadResult,
    Flag,
    PairResult,
    Report,
    Scores,
    Sentence,
    Severity,
    Summary,
    TranslatorInfo,
)

KLIMA_DE = "pairs/klima/de.md"
KLIMA_EN = "pairs/klima/en.md"
KURZ_DE = "pairs/kurz/de.md"
KURZ_EN = "pairs/kurz/en.md"
SCRIPT_TEXT = 'Er schrieb <script>alert("x")</script> & ging.'


def sent(index: int, text: str, line: int) -> Sentence:
    return Sentence(index=index, text=text, line=line, block=index)


def bead(
    index: int,
    de: tuple[Sentence, ...],
    en: tuple[Sentence, ...],
    mt: str | None,
    chrf: float | None,
    flags: tuple[Flag, ...] = (),
) -> BeadResult:
    scores = None if chrf is None else Scores(chrf=chrf, bleu=chrf / 2, ter=100 - chrf)
    return BeadResult(
        index=index,
        bead=Bead(de=tuple(s.index for s in de), en=tuple(s.index for s in en), score=0.8),
        de=de,
        en=en,
        mt=mt,
        scores=scores,
        flags=flags,
    )


NUMBER = Flag(
    "number",
    Severity.ERROR,
    "date differs: 26. November vs November 27",
    de_span="26. November",
    en_span="November 27",
    mt_span="November 26",
)
OMISSION = Flag(
    "omission",
    Severity.ERROR,
    "German sentence has no English counterpart",
    de_span="Die Regierung widersprach.",
)
ADDITION = Flag(
    "addition",
    Severity.ERROR,
    "English sentence has no German counterpart",
    en_span="Critics disagreed.",
)
QUOTE = Flag(
    "quote",
    Severity.WARNING,
    "quotation reworded: PR puppets vs PR marionettes",
    de_span="„PR-Marionetten“",
    en_span="PR puppets",
    mt_span="PR marionettes",
)
WORDING = Flag(
    "wording",
    Severity.INFO,
    "synonym: puppets ~ marionettes",
    en_span="puppets",
    mt_span="marionettes",
    status="accepted",
    note="baseline",
)
MEANING = Flag(
    "meaning",
    Severity.WARNING,
    "low chrF 12.0 between MT and English",
    en_span="<script>",
    status="waived",
    note="inline comment",
)
STALE = Flag("stale", Severity.WARNING, "German changed after English (3 days)")
LENGTH = Flag("length", Severity.WARNING, "English is 2.1× as long as German")


def klima_pair() -> PairResult:
    beads = (
        bead(
            0,
            (sent(0, "Klimagipfel in Baku", 1),),
            (sent(0, "Climate summit in Baku", 1),),
            "Climate summit in Baku",
            100.0,
        ),
        bead(
            1,
            (sent(1, "Am 26. November begann die Konferenz.", 3),),
            (sent(1, "The conference began on November 27.", 3),),
            "On November 26 the conference began.",
            61.234,
        ),
        bead(
            2,
            (sent(2, "Die Regierung widersprach.", 5),),
            (),
            "The government disagreed.",
            None,
            (OMISSION,),
        ),
        bead(3, (), (sent(2, "Critics disagreed.", 5),), None, None, (ADDITION,)),
        bead(
            4,
            (sent(3, "Er nannte sie „PR-Marionetten“.", 7),),
            (sent(3, "He called them PR puppets.", 7),),
            "He called them PR marionettes.",
            70.5,
            (QUOTE, WORDING),
        ),
        bead(
            5,
            (sent(4, SCRIPT_TEXT, 9),),
            (sent(4, "He wrote <script> and left.", 9),),
            "He wrote <script> and left.",
            12.0,
            (MEANING,),
        ),
        bead(
            6,
            (sent(5, "Das war alles.", 11), sent(6, "Danke.", 12)),
            (sent(5, "That was all, thanks.", 11),),
            "That was all. Thank you.",
            55.0,
        ),
    )
    beads = (beads[0], _with_flags(beads[1], (NUMBER,)), *beads[2:])
    summary = Summary(
        chrf=58.7,
        bleu=31.25,
        ter=47.0,
        beads={"1-1": 4, "1-0": 1, "0-1": 1, "2-1": 1},
        flags={"error": 3, "warning": 2, "info": 0},  # number+omission+addition; quote+stale
    )
    return PairResult(
        id="klima",
        de_path=KLIMA_DE,
        en_path=KLIMA_EN,
        passed=False,
        summary=summary,
        beads=beads,
        pair_flags=(STALE,),
        stale_baseline=("deadbeef",),
    )


def _with_flags(result: BeadResult, flags: tuple[Flag, ...]) -> BeadResult:
    return BeadResult(
        result.index, result.bead, result.de, result.en, result.mt, result.scores, flags
    )


def kurz_pair() -> PairResult:
    beads = (
        bead(
            0,
            (sent(0, "Kurz gesagt: ja.", 1),),
            (sent(0, "In short: yes, absolutely, without any doubt.", 1),),
            "In short: yes.",
            40.0,
            (LENGTH,),
        ),
    )
    summary = Summary(
        chrf=40.0,
        bleu=20.0,
        ter=60.0,
        beads={"1-1": 1},
        flags={"error": 0, "warning": 1, "info": 0},
    )
    return PairResult(
        id="kurz", de_path=KURZ_DE, en_path=KURZ_EN, passed=True, summary=summary, beads=beads
    )


def sample_report(*, fail_on: str = "error", pairs: tuple[PairResult, ...] | None = None) -> Report:
    return Report(
        tool_name="transcheck",
        tool_version="0.1.0",
        signature="transcheck:0.1.0|mt:lexicon|align:skip=0.45|chrF2|BLEU|TER",
        translator=TranslatorInfo(
            name="lexicon",
            model="/usr/share/trans/de-en@1a2b3c",
            reason="auto: no Argos de→en package installed; "
            "dictionary found at /usr/share/trans/de-en",
        ),
        passed=False,
        pairs=(klima_pair(), kurz_pair()) if pairs is None else pairs,
        fail_on=fail_on,
        warnings=("2 German sentences had no machine translation",),
    )
