"""Every tunable default, defined once and reused by argparse, config and signature."""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.model import Severity

# --- translation
DEFAULT_TRANSLATOR = "auto"
TRANSLATOR_CHOICES = ("auto", "argos", "memory", "lexicon", "none")
DEFAULT_BEAM_SIZE = 2
DEFAULT_BATCH_SIZE = 32
DEFAULT_THREADS = 0  # 0: let CTranslate2 decide (number of cores)

# --- alignment
DEFAULT_ALIGN_SKIP_PENALTY = 0.45  # cost of a 1-0/0-1 bead in the DP
DEFAULT_ALIGN_EXACT_LIMIT = 400  # sentences per side aligned with exact DP
DEFAULT_ALIGN_BAND = 30  # half-width of the search band beyond the exact limit

# --- detection thresholds
DEFAULT_MEANING_CHRF = 35.0  # chrF (0–100) of MT vs English under which `meaning` fires
DEFAULT_LENGTH_MIN = 0.6  # English/German character ratio band for `length`
DEFAULT_LENGTH_MAX = 1.7

# --- gating
DEFAULT_FAIL_ON = "error"
FAIL_ON_CHOICES = ("error", "warning", "info", "never")

FORMAT_CHOICES = ("table", "markdown", "json", "html", "junit", "github", "sarif")

FLAG_CODES: dict[str, Severity] = {
    "omission": Severity.ERROR,
    "addition": Severity.ERROR,
    "moved": Severity.WARNING,
    "number": Severity.ERROR,
    "name": Severity.ERROR,
    "negation": Severity.WARNING,
    "quote": Severity.WARNING,
    "meaning": Severity.WARNING,
    "wording": Severity.INFO,
    "glossary": Severity.ERROR,
    "length": Severity.WARNING,
    "untranslated": Severity.ERROR,
    "missing-mt": Severity.INFO,
    "stale": Severity.WARNING,
    "unrelated": Severity.ERROR,
}


@dataclass(frozen=True)
class Thresholds:
    meaning_chrf: float = DEFAULT_MEANING_CHRF
    length_min: float = DEFAULT_LENGTH_MIN
    length_max: float = DEFAULT_LENGTH_MAX


@dataclass(frozen=True)
class AlignSettings:
    skip_penalty: float = DEFAULT_ALIGN_SKIP_PENALTY
    exact_limit: int = DEFAULT_ALIGN_EXACT_LIMIT
    band: int = DEFAULT_ALIGN_BAND


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a run's result (and so goes into the signature)."""

    translator: str = DEFAULT_TRANSLATOR
    translations: str | None = None  # memory backend file
    model: str | None = None  # argos: .argosmodel or package dir
    lexicon: str | None = None  # lexicon: Ding dictionary path
    beam_size: int = DEFAULT_BEAM_SIZE
    batch_size: int = DEFAULT_BATCH_SIZE
    threads: int = DEFAULT_THREADS
    cache_dir: str | None = None
    use_cache: bool = True
    segmented: bool = False
    thresholds: Thresholds = field(default_factory=Thresholds)
    align: AlignSettings = field(default_factory=AlignSettings)
    fail_on: str = DEFAULT_FAIL_ON
    severity: dict[str, Severity] = field(default_factory=dict)  # per-code overrides
    disabled: frozenset[str] = frozenset()
    glossary: str | None = None

    def severity_of(self, code: str) -> Severity:
        return self.severity.get(code, FLAG_CODES.get(code, Severity.WARNING))
