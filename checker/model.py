"""Typed records passed between the pipeline stages.

read → segment → translate → align → score → detect → gate → render

Every record is a frozen dataclass; stages never pass dict-of-dicts around.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["de", "en"]
BlockKind = Literal["heading", "paragraph", "item"]
FlagStatus = Literal["new", "accepted", "waived"]


class Severity(enum.IntEnum):
    """Finding severity; the integer order is the gating order."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (error, warning, info)") from None


# ---------------------------------------------------------------- read / segment


@dataclass(frozen=True)
class Waiver:
    """An inline `<!-- transcheck: ignore CODE ... -->` comment.

    `line` is the line the waiver applies to: the line after a comment that stands
    alone on its line, or the comment's own line when it ends a sentence's line.
    An empty `codes` set waives every code.
    """

    line: int
    codes: frozenset[str]


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list item.

    `text` keeps the block's own line breaks ("\\n") with Markdown markers removed,
    so that the 1-based line of an offset is `line + text.count("\\n", 0, offset)`.
    """

    kind: BlockKind
    line: int
    text: str

    def line_of(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class Article:
    path: str
    lang: Lang
    blocks: tuple[Block, ...]
    waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article's sentence list
    text: str  # whitespace-normalised sentence text
    line: int  # 1-based line of the input file where the sentence starts
    block: int  # index of the Block it comes from
    block_kind: BlockKind = "paragraph"


# ---------------------------------------------------------------- translate


@dataclass(frozen=True)
class TranslatorInfo:
    """Which engine ran, and why (shown loudly in every report header)."""

    name: str  # argos | memory | lexicon | none
    model: str  # model identity: package name+version+hash, file path+hash, "" for none
    reason: str = ""  # e.g. "auto: no Argos de→en package installed; dictionary found at …"


# ---------------------------------------------------------------- align


BEAD_KINDS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2), (1, 3), (3, 1),
)


@dataclass(frozen=True)
class Bead:
    """An alignment unit: German sentence indices ↔ English sentence indices."""

    de: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0  # alignment similarity of this bead in [0, 1] (0 for 1-0/0-1)

    @property
    def kind(self) -> str:
        return f"{len(self.de)}-{len(self.en)}"


# ---------------------------------------------------------------- score / detect


@dataclass(frozen=True)
class Scores:
    chrf: float
    bleu: float
    ter: float | None  # None: TER was not computed for this run (see Settings.ter)


@dataclass(frozen=True)
class Flag:
    code: str
    severity: Severity
    message: str
    de_span: str = ""
    en_span: str = ""
    mt_span: str = ""
    status: FlagStatus = "new"  # accepted (baseline) and waived (inline) do not gate
    note: str = ""  # why accepted/waived
    # the finding rests on direct evidence (an antonym, a missing word), so no budget
    # turns it into info; the detectors' own judgement, not written to reports
    direct: bool = False
    # `meaning`: content words in a row (English plus MT) that the other side does not
    # account for; the budget weighs it, reports do not show it
    stretch: int = 0

    @property
    def gating(self) -> bool:
        return self.status == "new"


@dataclass(frozen=True)
class BeadResult:
    index: int
    bead: Bead
    de: tuple[Sentence, ...]
    en: tuple[Sentence, ...]
    mt: str | None  # machine translation of the German side (None: not translated)
    scores: Scores | None  # None when one side is empty or there is no MT
    flags: tuple[Flag, ...] = ()

    @property
    def kind(self) -> str:
        return self.bead.kind

    # joined once per bead: the detectors ask for them dozens of times, and memos keyed
    # on the text then find the same string object, its hash already computed
    @functools.cached_property
    def de_text(self) -> str:
        return " ".join(s.text for s in self.de)

    @functools.cached_property
    def en_text(self) -> str:
        return " ".join(s.text for s in self.en)


@dataclass(frozen=True)
class Summary:
    chrf: float | None
    bleu: float | None
    ter: float | None
    beads: dict[str, int]
    flags: dict[str, int]  # error / warning / info counts of gating (new) flags


@dataclass(frozen=True)
class PairResult:
    id: str
    de_path: str
    en_path: str
    passed: bool
    summary: Summary
    beads: tuple[BeadResult, ...]
    pair_flags: tuple[Flag, ...] = ()  # findings about the pair as a whole (e.g. stale)
    stale_baseline: tuple[str, ...] = ()  # baseline fingerprints that no longer occur


@dataclass(frozen=True)
class Report:
    tool_name: str
    tool_version: str
    signature: str
    translator: TranslatorInfo
    passed: bool
    pairs: Sequence[PairResult]  # a tuple, or a results store re-read on each pass
    fail_on: str = "error"
    warnings: tuple[str, ...] = field(default=())  # run-level notes (missing MT lines, …)
