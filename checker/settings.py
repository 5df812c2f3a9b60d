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
# Bead costs are in nats: -log prior(kind) - log-likelihood ratio (true pair vs.
# random pair of the same document) of the MT similarity and of the length agreement.
DEFAULT_ALIGN_SKIP_PENALTY = 0.0  # extra cost of a 1-0/0-1 bead beyond the derived one (nats)
DEFAULT_ALIGN_EXACT_LIMIT = 400  # sentences per side aligned with exact DP
DEFAULT_ALIGN_BAND = 12  # half-width of the search band around a coarser (or first) path
# Prior share of each bead kind among the beads of a translation: Gale & Church (1993)
# for 1-1 (0.89), 1-0 + 0-1 (0.0099), 2-1 + 1-2 (0.089) and 2-2 (0.011); beads of
# three or more sentences on one side get a smaller share the more sentences they join.
ALIGN_KIND_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.005, (0, 1): 0.005,
    (2, 1): 0.0445, (1, 2): 0.0445,
    (2, 2): 0.011,
    (3, 1): 0.005, (1, 3): 0.005,
}
# The aligner runs twice: the first alignment's beads re-measure the bead-kind shares,
# the length ratio and spread of true pairs, and the MT similarity of true pairs.
ALIGN_KIND_PSEUDO_BEADS = 25  # beads the typical shares weigh as, against a first alignment's
ALIGN_EARN_MARGIN = 0.5  # nats a merged bead's evidence may fall below that of one of its parts
ALIGN_CHANCE_SPREADS = 2.0  # a 1-1 bead whose MT excess is under this many chance spreads: silent
ALIGN_MT_SILENT = 0.05  # typical share of true pairs whose MT says nothing (copied line)
ALIGN_LENGTH_SILENT = 0.01  # share of true pairs whose lengths disagree beyond Gale–Church
ALIGN_GC_VARIANCE = 6.8  # Gale & Church (1993): variance of the length difference per character
ALIGN_RATIO_BAND = (0.6, 1.7)  # plausible target/German character ratio of a whole pair
ALIGN_MAX_EVIDENCE = 30.0  # most nats one signal can add for a pair (bounds overconfidence)
ALIGN_RANDOM_PAIRS = 2000  # random sentence pairs sampled to measure chance per document
ALIGN_BEST_SAMPLE = 200  # German sentences sampled to measure the true-pair similarity
ALIGN_BEST_WINDOW = 10  # target sentences each side of the diagonal searched for that
# Short documents cannot measure themselves: their estimates are pulled towards these
# typical values (hashed profiles of MT against human translations), as if this many
# more sentences had shown them.
ALIGN_PRIOR_WEIGHT = 20  # pseudo-sentences behind the typical values
ALIGN_TYPICAL_TRUE_EXCESS = 0.12  # excess cosine over chance of a true pair
ALIGN_TYPICAL_TRUE_SPREAD = 0.08  # its spread
ALIGN_TYPICAL_CHANCE_SPREAD = 0.03  # mean absolute excess cosine of a random pair
ALIGN_HEADING_PENALTY = 8.0  # nats: a heading paired with (or joined to) a non-heading
ALIGN_CROSS_PENALTY = 4.0  # nats per block boundary a bead crosses (paragraph, list item)
ALIGN_HEADING_SKIP_PENALTY = 1.0  # nats: extra cost of leaving a heading unaligned
ALIGN_REUSE_CELLS = 1 << 15  # exact-DP nodes (~350 bytes each) whose bead-cost parts pass 2 reuses
ALIGN_PROFILE_DIM = 512  # dimensions of a hashed sentence profile (2 KiB per sentence)
ALIGN_WORD_WEIGHT = 2.0  # weight of a word (or word pair) feature next to a character n-gram
ALIGN_ANCHOR_WEIGHT = 2.0  # extra factor for anchor words (numbers, long words such as names)

# --- detection thresholds
DEFAULT_MEANING_CHRF = 35.0  # chrF (0–100) of MT vs English under which `meaning` fires
DEFAULT_LENGTH_MIN = 0.6  # English/German character ratio band for `length`
DEFAULT_LENGTH_MAX = 1.7
# ... and the difference must lie this many Gale–Church spreads (ALIGN_GC_VARIANCE) from
# equal lengths: a short sentence's ratio varies too much to say anything at 0.55
LENGTH_MIN_SPREADS = 2.0

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

DEFAULT_FORMAT = "text"  # one line per finding, like a linter
FORMAT_CHOICES = ("text", "table", "markdown", "json", "html", "junit", "github", "sarif")
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
    "unrelated": Severity.ERROR,
}
# Codes the run itself gives, not a detector: a pair that could not be read or checked
# (archive runs) is `unchecked`. Its severity is fixed — no configuration can lower,
# disable or waive it, so such a pair always fails — and it is not in FLAG_CODES, the
# codes a configuration may name.
UNCHECKED_CODE = "unchecked"
FIXED_CODES: dict[str, Severity] = {UNCHECKED_CODE: Severity.ERROR}


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
