"""read → segment → translate → align → score → detect → gate, as pure-ish functions.

Nothing here prints or exits; the CLI renders what `run` returns.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from checker import TOOL_NAME, __version__, findings, gate, pairmemo, wordmemo
from checker.align import align, find_moves
from checker.articles import read_article
from checker.checks import detect
from checker.checks.base import CheckContext, Lexicon
from checker.checks.common import words
from checker.checks.links import WordLinks
from checker.checks.partial import partial_omissions
from checker.model import (
    Article,
    Bead,
    BeadResult,
    Flag,
    PairResult,
    Report,
    Sentence,
    Summary,
    TranslatorInfo,
)
from checker.pairs import PairSpec
from checker.score import BeadStats, bead_stats, metric_signature, scores_of
from checker.segment import split_article
from checker.settings import Settings
from checker.translate.base import Translator, normalise

Progress = Callable[[int, int], None]
# From the first pair checked on, the collector's full (oldest-generation) pass runs this
# many times less often than Python's default: the detectors' memoised look-ups make a
# large heap of long-lived objects, and each full pass walks all of it (a sixth of a
# check's CPU time with the defaults). Young objects are still collected as usual. The
# setting stays for the rest of the process: restored, the postponed pass would only
# come due at once, walking the same heap.
FULL_COLLECTION_FACTOR = 10
_RELAXED: list[tuple[int, int, int]] = []  # the thresholds found, once relaxed


def _fewer_full_collections() -> None:
    if not _RELAXED:
        young, middle, old = thresholds = gc.get_threshold()
        _RELAXED.append(thresholds)
        gc.set_threshold(young, middle, old * FULL_COLLECTION_FACTOR)


@dataclass(frozen=True)
class PreparedPair:
    spec: PairSpec
    de: Article
    en: Article
    de_sents: tuple[Sentence, ...]
    en_sents: tuple[Sentence, ...]


# ---------------------------------------------------------------- read + segment


def prepare(spec: PairSpec, settings: Settings) -> PreparedPair:
    de = read_article(spec.de_path, "de", segmented=settings.segmented)
    en = read_article(spec.en_path, "en", segmented=settings.segmented)
    return PreparedPair(
        spec=spec,
        de=de,
        en=en,
        de_sents=split_article(de, segmented=settings.segmented),
        en_sents=split_article(en, segmented=settings.segmented),
    )


# ---------------------------------------------------------------- translate


def translate_pairs(
    prepared: Sequence[PreparedPair], translator: Translator, settings: Settings
) -> dict[str, str | None]:
    """One batch for all German sentences of all pairs; keyed by normalised German text."""
    from checker.translate import translate_all

    texts = sorted({normalise(s.text) for p in prepared for s in p.de_sents})
    return dict(zip(texts, translate_all(translator, texts, settings), strict=True))


# ---------------------------------------------------------------- align + score + detect


def _bead_mt(bead: Bead, mts: Sequence[str | None]) -> str | None:
    parts = [mts[i] for i in bead.de]
    if not parts or any(p is None for p in parts):
        return None
    return " ".join(p for p in parts if p)


def build_beads(
    beads: Sequence[Bead], pair: PreparedPair, mts: Sequence[str | None], *, ter: bool = False
) -> tuple[list[BeadResult], list[BeadStats]]:
    """The beads with their texts and scores, and the scored beads' statistics in order."""
    results, stats = [], []
    for index, bead in enumerate(beads):
        de = tuple(pair.de_sents[i] for i in bead.de)
        en = tuple(pair.en_sents[j] for j in bead.en)
        mt = _bead_mt(bead, mts)
        scores = None
        if mt is not None and de and en:
            stats.append(bead_stats(mt, " ".join(s.text for s in en), ter=ter))
            scores = scores_of(stats[-1:])
        results.append(BeadResult(index, bead, de, en, mt, scores))
    return results, stats


def _first_line(sentences: Sequence[Sentence]) -> int:
    return sentences[0].line if sentences else 0


def coverage_flags(
    beads: Sequence[BeadResult], moves: Sequence[tuple[int, int, float]], settings: Settings
) -> dict[int, list[Flag]]:
    """omission (1-0), addition (0-1) and moved (a 1-0 whose English turns up elsewhere)."""
    flags: dict[int, list[Flag]] = {}
    moved_de = {d: (e, sim) for d, e, sim in moves}
    moved_en = {e for _, e, _ in moves}
    for bead in beads:
        if bead.en or not bead.de:
            if not bead.de and bead.en and bead.index not in moved_en:
                flags.setdefault(bead.index, []).append(_addition(bead, settings))
            continue
        if bead.index in moved_de:
            target, sim = moved_de[bead.index]
            flags.setdefault(bead.index, []).append(_moved(bead, beads[target], sim, settings))
        else:
            flags.setdefault(bead.index, []).append(_omission(bead, settings))
    return flags


def _omission(bead: BeadResult, settings: Settings) -> Flag:
    return Flag(
        code="omission",
        severity=settings.severity_of("omission"),
        message=(
            f"omission: the German sentence on line {_first_line(bead.de)} has no English "
            f"counterpart: „{_clip(bead.de_text)}“"
        ),
        de_span=bead.de_text,
        mt_span=bead.mt or "",
    )


def _addition(bead: BeadResult, settings: Settings) -> Flag:
    return Flag(
        code="addition",
        severity=settings.severity_of("addition"),
        message=(
            f"addition: the English sentence on line {_first_line(bead.en)} has no German "
            f"counterpart: \"{_clip(bead.en_text)}\""
        ),
        en_span=bead.en_text,
    )


def _moved(bead: BeadResult, target: BeadResult, similarity: float, settings: Settings) -> Flag:
    return Flag(
        code="moved",
        severity=settings.severity_of("moved"),
        message=(
            f"moved: the German sentence on line {_first_line(bead.de)} is translated at a "
            f"different place, English line {_first_line(target.en)} "
            f"(similarity {similarity:.2f}): „{_clip(bead.de_text)}“"
        ),
        de_span=bead.de_text,
        en_span=target.en_text,
        mt_span=bead.mt or "",
    )


def _missing_mt(bead: BeadResult, settings: Settings) -> Flag:
    return Flag(
        code="missing-mt",
        severity=settings.severity_of("missing-mt"),
        message=(
            f"missing-mt: no machine translation for the German on line {_first_line(bead.de)}; "
            "only language-independent checks ran on this bead"
        ),
        de_span=bead.de_text,
    )


def _clip(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _with_flags(bead: BeadResult, extra: Sequence[Flag]) -> BeadResult:
    return replace(bead, flags=tuple(extra) + bead.flags) if extra else bead


def align_pair(pair: PreparedPair, mts: Sequence[str | None] | None, settings: Settings,
               lexicon: Lexicon | None) -> tuple[Bead, ...]:
    """The pair's beads; with a dictionary, each German sentence the English leaves out
    re-seated by word links (`checker.align.reseat`)."""
    links = WordLinks(pair.de_sents, pair.en_sents, lexicon) if lexicon is not None else None
    return align(pair.de_sents, pair.en_sents, mts, settings.align, links)


def analyse(
    pair: PreparedPair,
    translations: Mapping[str, str | None],
    settings: Settings,
    ctx: CheckContext,
    *,
    translated: bool,
) -> PairResult:
    """Align, score and detect one prepared pair, given the machine translations."""
    mts = [translations.get(normalise(s.text)) for s in pair.de_sents]
    _prefetch_words(pair, mts)
    beads = align_pair(pair, mts if translated else None, settings, ctx.lexicon)
    results, stats = build_beads(beads, pair, mts, ter=settings.ter)
    detected = list(detect(results, ctx))
    moves = [(m.de_bead, m.en_bead, m.similarity)
             for m in find_moves(beads, pair.de_sents, pair.en_sents, mts if translated else None)]
    extra = coverage_flags(detected, moves, settings)
    for bead in detected:
        if translated and len(bead.de) > 1 and bead.en:
            found = partial_omissions(bead, [mts[i] for i in bead.bead.de], settings)
            if found:
                extra.setdefault(bead.index, []).extend(found)
        if translated and bead.de and bead.mt is None and "missing-mt" not in settings.disabled:
            extra.setdefault(bead.index, []).append(_missing_mt(bead, settings))
    disabled = settings.disabled
    flagged = [
        _with_flags(b, [f for f in extra.get(b.index, []) if f.code not in disabled])
        for b in detected
    ]
    final, pair_flags = findings.finish(flagged, ctx)
    return PairResult(
        id=pair.spec.id,
        de_path=pair.spec.de_path,
        en_path=pair.spec.en_path,
        passed=True,
        summary=summarise(final, stats),
        beads=final,
        pair_flags=pair_flags,
    )


def _prefetch_words(pair: PreparedPair, mts: Sequence[str | None]) -> None:
    """The kept per-word answers (checker/wordmemo.py) for the pair's words, read in bulk
    before the aligner's word links and the detectors ask for them one by one. Only
    where there is a machine translation: the meaning check then looks up nearly every
    word; without one, the few words the other checks look up are read one by one."""
    if not any(mts):
        return
    wordmemo.prefetch("de", _german_forms(pair.de_sents))
    wordmemo.prefetch("en", [t.text for text in (*(s.text for s in pair.en_sents), *mts)
                             if text for t in words(text)])


def _prefetch_translated(prepared: Sequence[PreparedPair]) -> None:
    """The kept answers for a chunk's German words, read in bulk before a translator that
    looks them up (the dictionary's) glosses them."""
    wordmemo.prefetch("de", _german_forms(s for pair in prepared for s in pair.de_sents))


def _german_forms(sentences: Iterable[Sentence]) -> list[str]:
    """Each word of German sentences as written and in lower case."""
    return [form for s in sentences for t in words(s.text) for form in (t.text, t.lower)]


def summarise(beads: Sequence[BeadResult], stats: Sequence[BeadStats]) -> Summary:
    """Article scores from the scored beads' statistics (as sacrebleu's corpus scores)."""
    corpus = scores_of(stats)
    kinds = Counter(b.kind for b in beads)
    return Summary(
        chrf=corpus.chrf if corpus else None,
        bleu=corpus.bleu if corpus else None,
        ter=corpus.ter if corpus else None,
        beads=dict(sorted(kinds.items())),
        flags={"error": 0, "warning": 0, "info": 0},
    )


# ---------------------------------------------------------------- whole runs


@dataclass(frozen=True)
class RunInputs:
    """What every chunk of pairs needs. `ctx` None: build it (worker processes do,
    since a loaded dictionary holds an SQLite connection that cannot be pickled)."""

    settings: Settings
    ctx: CheckContext | None = None
    baseline: gate.Baseline | None = None
    extra_pair_flags: Mapping[str, tuple[Flag, ...]] | None = None  # e.g. stale, by pair id


def build_context(settings: Settings) -> CheckContext:
    """The detectors' context: the dictionary (if one is found; opened when first
    consulted) and the glossary."""
    from checker.glossary_file import read_glossary
    from checker.translate.cache import cache_dir
    from checker.translate.lexicon import lazy_lexicon

    glossary = read_glossary(settings.glossary) if settings.glossary else ()
    wordmemo.configure(cache_dir(settings))
    return CheckContext(settings=settings, lexicon=lazy_lexicon(settings), glossary=glossary)


def check_chunk(
    specs: Sequence[PairSpec], inputs: RunInputs, translator: Translator
) -> list[PairResult]:
    """Check several pairs with one translation batch."""
    with pairmemo.scope():  # each text tokenised once, however long the articles
        return _check_chunk(specs, inputs, translator)


def _check_chunk(
    specs: Sequence[PairSpec], inputs: RunInputs, translator: Translator
) -> list[PairResult]:
    _fewer_full_collections()
    ctx = inputs.ctx or build_context(inputs.settings)
    if ctx.translator != translator.info.name:
        ctx = replace(ctx, translator=translator.info.name)
    prepared = [prepare(spec, inputs.settings) for spec in specs]
    translated = translator.info.name != "none"
    if translated:
        _prefetch_translated(prepared)
    translations = translate_pairs(prepared, translator, inputs.settings) if translated else {}
    results = [finish_pair(pair, translations, inputs, ctx, translated=translated)
               for pair in prepared]
    wordmemo.flush()  # the words first met in this chunk, for later runs and workers
    return results


def finish_pair(
    pair: PreparedPair,
    translations: Mapping[str, str | None],
    inputs: RunInputs,
    ctx: CheckContext,
    *,
    translated: bool,
) -> PairResult:
    """Analyse one prepared pair, add its pair-level findings and apply the gate."""
    _fewer_full_collections()
    result = analyse(pair, translations, inputs.settings, ctx, translated=translated)
    pair_flags = (inputs.extra_pair_flags or {}).get(pair.spec.id, ())
    result = replace(result, pair_flags=result.pair_flags + tuple(pair_flags))
    return gate.apply_policy(
        result,
        inputs.settings,
        baseline=inputs.baseline,
        waivers_de=pair.de.waivers,
        waivers_en=pair.en.waivers,
    )


_WORKER: dict[str, object] = {}


def worker_signals() -> None:
    """A pool worker's signals. Ctrl-C and SIGTERM are the parent's to handle: it
    terminates the pool, and a worker then ends quietly (the default SIGTERM action, not
    the CLI's handler a forked worker inherits, which would leave it blocked for ever)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(signal.SIGTERM)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with_parent(signum: int) -> None:
    """On Linux, have the kernel send `signum` to this worker when the run that forked it
    dies: a driver killed with SIGKILL cannot stop its pool, and its workers would go
    on with their chunks for nothing. Elsewhere nothing is done."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signum)
    except (OSError, AttributeError):
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(0)  # the run died before the request was made


def _worker_init(inputs: RunInputs) -> None:
    """Worker set-up: signals, then the check context and translator once."""
    from checker.translate import make_translator

    worker_signals()

    _WORKER["inputs"] = replace(inputs, ctx=build_context(inputs.settings))
    _WORKER["translator"] = make_translator(inputs.settings)


def _worker_chunk(specs: Sequence[PairSpec]) -> list[PairResult]:
    inputs = _WORKER["inputs"]
    translator = _WORKER["translator"]
    assert isinstance(inputs, RunInputs)
    return check_chunk(specs, inputs, translator)  # type: ignore[arg-type]


def chunk_size(pairs: int, jobs: int) -> int:
    """Pairs per chunk: about four chunks per worker, at most 32 pairs (one MT batch)."""
    return max(1, min(32, -(-pairs // (jobs * 4))))


def _chunks(specs: Sequence[PairSpec], jobs: int) -> list[list[PairSpec]]:
    size = chunk_size(len(specs), jobs)
    return [list(specs[i : i + size]) for i in range(0, len(specs), size)]


def run_pairs(
    specs: Sequence[PairSpec],
    inputs: RunInputs,
    translator: Translator,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[PairResult]:
    """All pairs, in input order; `jobs` worker processes when there is more than one chunk."""
    chunks = _chunks(specs, max(1, jobs))
    done = 0
    results: list[PairResult] = []
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            results.extend(check_chunk(chunk, inputs, translator))
            done += len(chunk)
            if progress:
                progress(done, len(specs))
        return results
    shipped = replace(inputs, ctx=None)
    # A plain Pool, not ProcessPoolExecutor: on Ctrl-C it can be terminated at once
    # instead of draining every queued chunk. Killing a worker mid-write is safe: the
    # translation cache commits atomically.
    pool = multiprocessing.get_context().Pool(jobs, initializer=_worker_init, initargs=(shipped,))
    try:
        for chunk, chunk_results in zip(chunks, pool.imap(_worker_chunk, chunks), strict=True):
            results.extend(chunk_results)
            done += len(chunk)
            if progress:
                progress(done, len(specs))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


def signature(settings: Settings, info: TranslatorInfo, lexicon: str = "") -> str:
    """Everything that shapes the result, sacrebleu-style `key:value|…`.

    `lexicon` names the dictionary the detectors consulted ("" for none).
    """
    t, a = settings.thresholds, settings.align
    overrides = ",".join(f"{code}={sev}" for code, sev in sorted(settings.severity.items()))
    parts = [
        f"{TOOL_NAME}:{__version__}",
        f"translator:{info.name}",
        f"model:{info.model or '-'}",
        f"beam:{settings.beam_size}" if info.name == "argos" else "",
        f"lexicon:{lexicon or '-'}",
        f"segmented:{'yes' if settings.segmented else 'no'}",
        f"align:skip={a.skip_penalty},exact={a.exact_limit},band={a.band}",
        f"meaning-chrf:{t.meaning_chrf}",
        f"length:{t.length_min}-{t.length_max}",
        f"fail-on:{settings.fail_on}",
        f"severity:{overrides}" if overrides else "",
        f"disabled:{','.join(sorted(settings.disabled))}" if settings.disabled else "",
        metric_signature(settings.ter),
    ]
    return "|".join(p for p in parts if p)


def build_report(
    pairs: Sequence[PairResult],
    settings: Settings,
    info: TranslatorInfo,
    warnings: Sequence[str] = (),
    lexicon: str = "",
) -> Report:
    return Report(
        tool_name=TOOL_NAME,
        tool_version=__version__,
        signature=signature(settings, info, lexicon),
        translator=info,
        passed=gate.report_passed(pairs),
        pairs=tuple(pairs),
        fail_on=settings.fail_on,
        warnings=tuple(warnings),
    )


def missing_translation_warnings(pairs: Sequence[PairResult], info: TranslatorInfo) -> list[str]:
    return missing_mt_warnings(sum(missing_mt_count(p) for p in pairs), info)


def missing_mt_count(pair: PairResult) -> int:
    return sum(1 for b in pair.beads for f in b.flags if f.code == "missing-mt")


def missing_mt_warnings(missing: int, info: TranslatorInfo) -> list[str]:
    if not missing:
        return []
    return [f"{missing} bead(s) had no machine translation from the {info.name} translator"]


def check_texts(
    de_text: str,
    en_text: str,
    *,
    settings: Settings,
    translator: Translator,
    ctx: CheckContext | None = None,
    pair_id: str = "pair",
    suffix: str = ".md",
) -> PairResult:
    """Check two in-memory articles (for scripts and tests); segmentation per `settings`."""
    with tempfile.TemporaryDirectory(prefix="transcheck-") as tmp:
        de_path, en_path = Path(tmp, "de" + suffix), Path(tmp, "en" + suffix)
        de_path.write_text(de_text, encoding="utf-8")
        en_path.write_text(en_text, encoding="utf-8")
        spec = PairSpec(pair_id, os.fspath(de_path), os.fspath(en_path))
        inputs = RunInputs(settings=settings, ctx=ctx or build_context(settings))
        (result,) = check_chunk([spec], inputs, translator)
    return result
