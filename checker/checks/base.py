"""What every detector receives and returns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from checker.model import BeadResult, Flag, Severity
from checker.settings import Settings


class Lexicon(Protocol):
    """Dictionary knowledge the detectors may use (the lexicon backend provides it)."""

    def glosses(self, de_word: str) -> frozenset[str]:
        """Lower-case English words/phrases the dictionary gives for a German word."""
        ...

    def is_translation(self, de: str, en: str) -> bool:
        """Whether the dictionary gives English `en` for German `de` (words or short phrases)."""
        ...


@dataclass(frozen=True)
class GlossaryEntry:
    de: str
    en: str


@dataclass(frozen=True)
class CheckContext:
    settings: Settings = field(default_factory=Settings)
    lexicon: Lexicon | None = None
    glossary: tuple[GlossaryEntry, ...] = ()
    translator: str = ""  # the engine that produced bead.mt (argos, memory, lexicon, none)

    def severity(self, code: str) -> Severity:
        return self.settings.severity_of(code)


# A bead detector looks at one aligned bead (its flags field is empty on input).
BeadDetector = Callable[[BeadResult, CheckContext], list[Flag]]
# A pair detector sees all beads of a pair and returns (bead index, flag) pairs.
PairDetector = Callable[[Sequence[BeadResult], CheckContext], list[tuple[int, Flag]]]
