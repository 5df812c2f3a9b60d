"""The cheap check path gives the same results as the full one.

Article scores summed from per-bead statistics are sacrebleu's corpus scores; skipping
TER changes nothing but TER (and the signature says it was skipped); line numbers of
long articles are exact; the dictionary is opened only when a detector consults it,
built once under a lock, and `--help` does not load the aligner's numpy. From the first
check on, the collector runs its full pass less often.
"""

from __future__ import annotations

import gc
import json
import logging
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from sacrebleu.metrics.bleu import BLEU
from sacrebleu.metrics.chrf import CHRF
from sacrebleu.metrics.ter import TER

from checker import PROGRESS_LOGGER
from checker.articles import read_article
from checker.cli import main
from checker.model import PairResult
from checker.pipeline import build_context, check_texts
from checker.segment import split_article
from checker.settings import Settings
from checker.translate import lexicon as lexicon_module
from checker.translate import make_translator
from checker.translate.lexicon import DingLexicon, LazyLexicon
from tests.conftest import PAIRS

MINI = Path(__file__).parent / "data" / "ding-mini.txt"
SORA = PAIRS / "sora-leak"


def _sora(settings: Settings) -> PairResult:
    translator = make_translator(settings)
    return check_texts(
        (SORA / "de.md").read_text(encoding="utf-8"),
        (SORA / "en.md").read_text(encoding="utf-8"),
        settings=settings, translator=translator,
    )


def _memory(**changes: object) -> Settings:
    base = Settings(translator="memory", translations=str(SORA / "mt.tsv"), lexicon=str(MINI))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_article_scores_are_sacrebleu_corpus_scores_of_the_scored_beads() -> None:
    result = _sora(_memory(ter=True))
    scored = [(b.mt, b.en_text) for b in result.beads if b.scores is not None and b.mt]
    mts, ens = [m for m, _ in scored], [e for _, e in scored]
    summary = result.summary
    assert len(scored) > 10
    assert summary.chrf == round(CHRF().corpus_score(mts, [ens]).score, 2)
    assert summary.bleu == round(BLEU(effective_order=True).corpus_score(mts, [ens]).score, 2)
    assert summary.ter == round(TER().corpus_score(mts, [ens]).score, 2)


def test_without_ter_everything_but_ter_is_the_same() -> None:
    full, cheap = _sora(_memory(ter=True)), _sora(_memory(ter=False))
    assert cheap.summary.ter is None and full.summary.ter is not None
    for a, b in zip(full.beads, cheap.beads, strict=True):
        assert (a.kind, a.de, a.en, a.mt, a.flags) == (b.kind, b.de, b.en, b.mt, b.flags)
        if a.scores is not None:
            assert b.scores is not None and b.scores.ter is None
            assert (a.scores.chrf, a.scores.bleu) == (b.scores.chrf, b.scores.bleu)


def test_json_reports_carry_ter_per_bead_and_table_runs_say_ter_is_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["check", str(SORA), "--translations", str(SORA / "mt.tsv"), "--lexicon", str(MINI),
              "--fail-on", "never"]
    assert main([*common, "--format", "json", "-o", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    beads = [b for b in report["pairs"][0]["beads"] if b["scores"] is not None]
    assert beads and all(isinstance(b["scores"]["ter"], float) for b in beads)
    assert "TER[" in report["signature"]
    assert main([*common, "--format", "table", "--show", "signature"]) == 0
    out = capsys.readouterr().out
    # the signature says TER was off, and the table leaves the uncomputed score out
    assert "TER:off" in out and "BLEU" in out and "· TER " not in out


def test_line_numbers_of_a_long_segmented_article_are_exact(tmp_path: Path) -> None:
    lines = [f"Satz Nummer {n} steht hier." if n % 7 else "" for n in range(1, 5001)]
    path = tmp_path / "de.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sentences = split_article(read_article(path, "de", segmented=True), segmented=True)
    expected = [n for n, text in enumerate(lines, start=1) if text]
    assert [s.line for s in sentences] == expected
    assert all(s.text == lines[s.line - 1] for s in sentences)


def test_context_opens_the_dictionary_only_when_a_detector_consults_it(tmp_path: Path) -> None:
    settings = Settings(translator="none", lexicon=str(MINI), cache_dir=str(tmp_path))
    ctx = build_context(settings)
    assert isinstance(ctx.lexicon, LazyLexicon) and not ctx.lexicon.loaded
    assert not list((tmp_path / "lexicon").glob("*.sqlite3"))  # not even indexed
    eager = DingLexicon.open(MINI, tmp_path / "elsewhere")
    assert ctx.lexicon.identity == eager.identity  # the signature needs no index
    assert ctx.lexicon.gloss_list("Brief") == eager.gloss_list("Brief")
    assert ctx.lexicon.loaded and len(list((tmp_path / "lexicon").glob("*.sqlite3"))) == 1


def test_missing_named_dictionary_is_still_an_input_error_at_once(tmp_path: Path) -> None:
    from checker.errors import InputError

    with pytest.raises(InputError, match="dictionary not found"):
        build_context(Settings(lexicon=str(tmp_path / "nope.txt")))


def test_index_build_announces_itself_and_clears_a_killed_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "idx"
    index_dir.mkdir()
    leftover = index_dir / "tmpdeadbeef.tmp"  # what a build killed mid-write leaves
    leftover.write_bytes(b"half an index")
    with caplog.at_level(logging.INFO, logger=PROGRESS_LOGGER):
        DingLexicon.open(MINI, index_dir)
    assert not leftover.exists()
    notices = [r.getMessage() for r in caplog.records if r.name == PROGRESS_LOGGER]
    assert len(notices) == 1 and "indexing the dictionary" in notices[0]


def test_a_builder_that_waited_for_the_lock_uses_the_index_just_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    DingLexicon.open(MINI, tmp_path)
    (index,) = tmp_path.glob("*.sqlite3")

    def no_parsing(lines: object) -> None:
        raise AssertionError("the dictionary was parsed again")

    monkeypatch.setattr(lexicon_module, "build_entries", no_parsing)
    lexicon_module._build_index_file(MINI, index)  # as a second worker would, after the lock
    assert DingLexicon.open(MINI, tmp_path).gloss_list("Brief")[0] == "letter"


def test_help_and_version_do_not_import_the_aligner_or_numpy() -> None:
    code = ("import sys; from checker.cli import build_parser; build_parser(); "
            "print(sorted(m for m in ('numpy', 'checker.align', 'sacrebleu', 'sqlite3') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


def test_from_the_first_check_on_the_collector_runs_its_full_pass_less_often() -> None:
    from checker import pipeline

    _sora(_memory())
    young, middle, old = gc.get_threshold()
    (found,) = pipeline._RELAXED
    assert (young, middle) == found[:2] and old == found[2] * pipeline.FULL_COLLECTION_FACTOR
    _sora(_memory())  # once: a second check leaves it as it is
    assert gc.get_threshold() == (young, middle, old)
