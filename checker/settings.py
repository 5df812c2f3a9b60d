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

# --- input limits (docs/LIMITS.md): a larger input is refused with exit 3
KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
MAX_ARTICLE_BYTES = 4 * MIB  # one article file
MAX_LINE_CHARS = 100_000  # one line of an article (a paragraph without line breaks)
MAX_SENTENCE_CHARS = 2_000  # longer "sentences" are cut at white space (not refused)
MAX_TRANSLATIONS_BYTES = 256 * MIB  # --translations (TSV or JSONL)
MAX_GLOSSARY_BYTES = 16 * MIB  # --glossary (CSV or TBX)
MAX_BASELINE_BYTES = 64 * MIB  # --baseline
MAX_REPORT_BYTES = 256 * MIB  # a saved JSON report given to `transcheck report`
MAX_CONFIG_BYTES = 1 * MIB  # transcheck.toml or pyproject.toml
MAX_MODEL_ARCHIVE_BYTES = 2 * GIB  # an .argosmodel file as it lies on disk
MAX_MODEL_UNPACKED_BYTES = 4 * GIB  # everything in it once unpacked
MAX_MODEL_MEMBERS = 10_000  # files and folders in an .argosmodel
MAX_COMPRESSION_RATIO = 100  # unpacked/packed size of any member over 1 MiB unpacked
MAX_METADATA_BYTES = 1 * MIB  # metadata.json of an Argos package

FORMAT_CHOICES = ("table", "markdown", "json", "html", "junit", "github", "sarif")
# TER (a shift-search edit distance) costs more than every other scoring and detection
# step together, so it is computed only for the formats that keep it in a document:
# JSON (per bead, by contract), Markdown and HTML (the article's TER).
DEFAULT_TER = False
TER_FORMATS = frozenset({"json", "markdown", "html"})

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
    ter: bool = DEFAULT_TER  # compute TER per bead and per article

    def severity_of(self, code: str) -> Severity:
        return self.severity.get(code, FLAG_CODES.get(code, Severity.WARNING))
