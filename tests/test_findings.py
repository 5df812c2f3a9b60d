"""Findings as a user meets them: calibrated severities, one finding per problem,
a rewritten sentence as one finding, and one verdict for a pair that is no translation.

The pair tests run the whole pipeline on the pairs the project ships (pairs/, written
by the project). The seed tests read the real articles in ../shared/seeds (German
original 004, its translation 000, unrelated English articles 001–003) and skip when
that folder or the dictionary is absent.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from checker import findings, wordnet
from checker.checks import CheckContext
from checker.checks.merge import merge_overlapping
from checker.model import Bead, BeadResult, Flag, PairResult, Scores, Sentence, Severity
from checker.pipeline import check_texts
from checker.settings import Settings
from checker.translate import make_translator
from checker.translate.lexicon import SYSTEM_LEXICON

from .conftest import PAIRS, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"


def all_flags(result: PairResult) -> list[tuple[int, Flag]]:
    """(German or English line, flag) for every finding; line 0 for pair-level ones."""
    out = [(0, f) for f in result.pair_flags]
    out += [((b.de or b.en)[0].line, f) for b in result.beads for f in b.flags]
    return out


def run_pair(folder: Path, settings: Settings) -> PairResult:
    de, en = folder / "de.md", folder / "en.md"
    return check_texts(de.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"),
                       settings=settings, translator=make_translator(settings))


def memory(folder: Path) -> Settings:
    return Settings(translator="memory", translations=str(folder / "mt.tsv"), use_cache=False)


# ---------------------------------------------------------------- shipped pairs


# pairs/sora-leak/EXPECTED.md: the planted drifts, (code, German line)
SORA_PLANTED = {("number", 11), ("omission", 13), ("quote", 21), ("addition", 37),
                ("name", 47)}


def test_sora_leak_reports_the_planted_drifts_and_little_else() -> None:
    result = run_pair(PAIRS / "sora-leak", memory(PAIRS / "sora-leak"))
    seen = [(line, f) for line, f in all_flags(result) if f.severity >= Severity.WARNING]
    planted = {(f.code, line) for line, f in seen if (f.code, line) in SORA_PLANTED}
    assert planted == SORA_PLANTED
    others = [f for line, f in seen if (f.code, line) not in SORA_PLANTED]
    assert all(f.severity == Severity.WARNING for f in others), others
    assert len(others) <= 3, [f.message for f in others]


@pytest.mark.parametrize("name", ["clean-example", "clean-inflation"])
def test_clean_pairs_have_no_warning(name: str) -> None:
    result = run_pair(PAIRS / name, memory(PAIRS / name))
    assert [f.message for _, f in all_flags(result) if f.severity >= Severity.WARNING] == []


# ---------------------------------------------------------------- seeds (real articles)


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*"))
    if not found:
        pytest.skip(f"seed {prefix} not in {SEEDS}")
    return found[0]


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not found")
needs_dictionary = pytest.mark.skipif(not SYSTEM_LEXICON.is_file(),
                                      reason="trans-de-en dictionary not installed")


@pytest.fixture
def lexicon_settings() -> Settings:
    # the dictionary index is the session's shared one (tests/conftest.py isolated_dirs)
    return Settings(translator="lexicon", use_cache=False)


@needs_dictionary
@pytest.mark.lexicon
def test_a_free_clean_pair_has_no_warning_against_the_dictionary_gloss(
    lexicon_settings: Settings,
) -> None:
    # „ohne Energie“ / "excluding energy", „zehnmal“ / "ten times", „ein Fünftel“ /
    # "a fifth": faithful renderings, not drifts, even against a word-by-word gloss
    result = run_pair(PAIRS / "clean-inflation", lexicon_settings)
    assert [f.message for _, f in all_flags(result) if f.severity >= Severity.WARNING] == []


def run_seeds(de: Path, en: Path, settings: Settings) -> PairResult:
    return check_texts(de.read_text(encoding="utf-8"), en.read_text(encoding="utf-8"),
                       settings=settings, translator=make_translator(settings), suffix=".txt")


@needs_seeds
@needs_dictionary
@pytest.mark.lexicon
def test_seed_translation_passes_with_the_quote_finding(lexicon_settings: Settings) -> None:
    result = run_seeds(seed("004"), seed("000"), lexicon_settings)
    found = [f for _, f in all_flags(result)]
    assert [f.message for f in found if f.severity >= Severity.ERROR] == []
    warnings = [f for f in found if f.severity == Severity.WARNING]
    assert len(warnings) <= 4, [f.message for f in warnings]
    quote = [f for f in warnings if f.code == "quote"]
    assert quote and "PR-Marionetten" in quote[0].message and "PR puppets" in quote[0].message


@needs_seeds
@needs_dictionary
@pytest.mark.lexicon
@pytest.mark.parametrize("other", ["001", "002", "003"])
def test_unrelated_article_gets_one_verdict(other: str, lexicon_settings: Settings) -> None:
    result = run_seeds(seed("004"), seed(other), lexicon_settings)
    found = all_flags(result)
    assert [f.code for _, f in found] == ["unrelated"]
    assert found[0][1].severity == Severity.ERROR and not result.passed


# ---------------------------------------------------------------- one finding per problem


def bead(de: str, en: str, mt: str | None, *, index: int = 0, chrf: float = 60.0,
         flags: tuple[Flag, ...] = ()) -> BeadResult:
    de_s = (Sentence(index, de, index + 1, index),) if de else ()
    en_s = (Sentence(index, en, index + 1, index),) if en else ()
    scores = Scores(chrf, 30.0, 50.0) if de and en and mt else None
    return BeadResult(index, Bead(tuple(s.index for s in de_s), tuple(s.index for s in en_s)),
                      de_s, en_s, mt, scores, flags)


def flag(code: str, severity: Severity, en: str = "", mt: str = "") -> Flag:
    return Flag(code, severity, f"{code}: about {en or mt}", en_span=en, mt_span=mt)


def test_overlapping_findings_merge_into_the_strongest() -> None:
    number = flag("number", Severity.ERROR, en="four hours", mt="three hours")
    meaning = flag("meaning", Severity.WARNING, en="four", mt="three")
    wording = flag("wording", Severity.INFO, en="hours")
    (merged,) = merge_overlapping([meaning, wording, number])
    assert merged.code == "number" and merged.severity == Severity.ERROR
    assert "[also meaning: about four]" in merged.message and "also wording" in merged.message


def test_findings_on_different_words_stay_apart() -> None:
    negation = flag("negation", Severity.WARNING, en="not")
    quote = flag("quote", Severity.WARNING, en="PR puppets", mt="PR marionettes")
    assert len(merge_overlapping([negation, quote])) == 2


def test_rewritten_sentence_becomes_one_meaning_finding() -> None:
    # hand-written: the English says the German's sentence in other words (shared number)
    ctx = CheckContext()
    omission = Flag("omission", Severity.ERROR, "omission: …")
    addition = Flag("addition", Severity.ERROR, "addition: …")
    beads = [
        bead("Der Saal fasst 300 Gäste.", "The hall seats 300 guests.",
             "The hall holds 300 guests.", index=0),
        bead("Im Jahr 1998 wurde er neu gebaut.", "", "It was rebuilt in 1998.", index=1,
             flags=(omission,)),
        bead("", "Rebuilding came in 1998, after the fire.", None, index=2, flags=(addition,)),
    ]
    merged = findings.merge_rewrites(beads, ctx)
    assert [b.kind for b in merged] == ["1-1", "1-1"]
    assert [f.code for f in merged[1].flags] == ["meaning"]
    assert [b.index for b in merged] == [0, 1]
    # in a longer article the joined sentence stands out, so the budget keeps its warning
    rest = [bead(f"Satz {k}.", f"Sentence {k}.", f"Sentence {k}.", index=k, chrf=70.0)
            for k in range(2, 25)]
    kept = findings.budget_meaning([*merged, *rest], Settings())
    assert kept[1].flags[0].severity == Severity.WARNING


def test_unrelated_orphans_stay_omission_and_addition() -> None:
    omission = Flag("omission", Severity.ERROR, "omission: …")
    addition = Flag("addition", Severity.ERROR, "addition: …")
    beads = [bead("Der Hund bellt laut.", "", "The dog barks loudly.", flags=(omission,)),
             bead("", "Prices rose in March.", None, index=1, flags=(addition,))]
    assert [b.kind for b in findings.merge_rewrites(beads, CheckContext())] == ["1-0", "0-1"]


def test_run_of_orphans_pairs_in_order() -> None:
    # hand-written: the aligner left two sentences on each side unmatched, English first
    omission = Flag("omission", Severity.ERROR, "omission: …")
    addition = Flag("addition", Severity.ERROR, "addition: …")
    beads = [bead("", "I have to call my husband first.", None, index=0, flags=(addition,)),
             bead("", "That may take a while.", None, index=1, flags=(addition,)),
             bead("Muss erst meinen Mann anrufen.", "", "Must first my man call.", index=2,
                  flags=(omission,)),
             bead("Das kann dauern.", "", "That can last.", index=3, flags=(omission,))]
    merged = findings.merge_rewrites(beads, CheckContext())
    assert [(b.de_text[:3], b.en_text[:6]) for b in merged] == [("Mus", "I have"),
                                                               ("Das", "That m")]


def test_meaning_warnings_are_budgeted_lowest_chrf_first() -> None:
    # 25 sentences at chrF 60, three of them far below it with a stretch of words said
    # otherwise: 25 × 4% allows one warning, and the bead with the lowest chrF keeps it
    warn = replace(flag("meaning", Severity.WARNING, en="x"), stretch=findings.MIN_STRETCH)
    low = {3: 30.0, 7: 20.0, 11: 25.0}
    beads = [bead(f"Satz {k}.", f"Sentence {k}.", f"Sentence {k}.", index=k,
                  chrf=low.get(k, 60.0), flags=(warn,) if k in low else ()) for k in range(25)]
    kept = findings.budget_meaning(beads, Settings())
    assert [b.index for b in kept if b.flags and b.flags[0].severity == Severity.WARNING] == [7]
    assert [b.flags[0].severity for b in kept if b.index in (3, 11)] == [Severity.INFO] * 2


@pytest.mark.parametrize(("chrf", "stretch", "warned"), [
    (20.0, findings.MIN_STRETCH, True),  # far below the pair's usual chrF, words said otherwise
    (20.0, findings.MIN_STRETCH - 1, False),  # a free but complete translation: no stretch
    (55.0, findings.MIN_STRETCH + 3, False),  # a stretch, but as close to the MT as the rest
])
def test_a_budgeted_meaning_warning_must_stand_out_in_its_pair(
        chrf: float, stretch: int, warned: bool) -> None:
    # the translator's usual chrF here is 60: a bead must fall below 80% of it, and have
    # a stretch of content words that the other side does not account for
    warn = replace(flag("meaning", Severity.WARNING, en="x"), stretch=stretch)
    beads = [bead(f"Satz {k}.", f"Sentence {k}.", f"Sentence {k}.", index=k,
                  chrf=chrf if k == 5 else 60.0, flags=(warn,) if k == 5 else ())
             for k in range(25)]
    kept = findings.budget_meaning(beads, Settings())
    assert (kept[5].flags[0].severity == Severity.WARNING) is warned


def test_a_name_rendered_otherwise_throughout_is_one_warning() -> None:
    # hand-written: the English spells the acronym out in every sentence
    missing = Flag("name", Severity.WARNING,
                   'name: German has "PKV" (machine translation "PKV"), missing in the English',
                   de_span="PKV")
    beads = [bead(f"Die PKV zahlt {k}.", f"The private insurer pays {k}.", f"The PKV pays {k}.",
                  index=k, flags=(missing,)) for k in range(4)]
    kept = findings.repeated_names(beads)
    first, *rest = (b.flags[0] for b in kept)
    assert first.severity == Severity.WARNING and "missing in 4 beads" in first.message
    assert [f.severity for f in rest] == [Severity.INFO] * 3
    assert all("(as on line 1)" in f.message for f in rest)
    # twice is not yet a pattern
    assert findings.repeated_names(beads[:2]) == beads[:2]


def test_unrelated_needs_both_low_chrf_and_few_related_sentences() -> None:
    settings = Settings()
    assert findings.unrelated_flag(findings.Relatedness(40, 2, 20.0), settings) is not None
    assert findings.unrelated_flag(findings.Relatedness(40, 30, 20.0), settings) is None
    assert findings.unrelated_flag(findings.Relatedness(40, 2, 55.0), settings) is None
    assert findings.unrelated_flag(findings.Relatedness(3, 0, 5.0), settings) is None


# hand-written: two short reports, each with its numbers, checked without MT
MARKET_DE = """Der Wochenmarkt öffnet am 4. Mai um 7 Uhr.
Rund 35 Händler bieten Obst und Gemüse an.
Ein Kilo Spargel kostet in diesem Jahr 12 Euro.
Im Vorjahr kamen 4.500 Besucher an einem Samstag.
Der Markt bleibt bis zum 28. Oktober geöffnet.
Parkplätze gibt es für 80 Autos.
"""
MARKET_EN = """The weekly market opens on 4 May at 7 a.m.
Around 35 traders sell fruit and vegetables.
A kilo of asparagus costs 12 euros this year.
Last year 4,500 visitors came on a single Saturday.
The market stays open until 28 October.
There is parking for 80 cars.
"""
BRIDGE_EN = """The old bridge was closed in 1998 after 61 years of use.
Repairs would have cost 3 million pounds.
A new crossing with 2 lanes opened in 2004.
About 9,000 vehicles use it every day.
The speed limit on it is 40 miles per hour.
"""


def test_without_mt_an_english_that_states_none_of_the_german_numbers_is_unrelated() -> None:
    from checker.translate.base import NoTranslator

    settings = Settings(segmented=True)
    ctx = CheckContext(settings=settings)
    other = check_texts(MARKET_DE, BRIDGE_EN, settings=settings, translator=NoTranslator(),
                        ctx=ctx, suffix=".txt")
    assert [f.code for f in other.pair_flags] == ["unrelated"]
    assert "0 of the German's 7 numbers" in other.pair_flags[0].message
    assert not any(b.flags for b in other.beads)  # one verdict, no line findings
    own = check_texts(MARKET_DE, MARKET_EN, settings=settings, translator=NoTranslator(),
                      ctx=ctx, suffix=".txt")
    assert own.pair_flags == ()


# ---------------------------------------------------------------- WordNet


needs_wordnet = pytest.mark.skipif(wordnet.load() is None, reason="WordNet not installed")


@needs_wordnet
@pytest.mark.parametrize(("a", "b", "opposite"), [
    ("rise", "fall", True),  # WordNet 3.0 verb antonyms
    ("won", "lost", True),  # irregular forms reduced to win ↔ lose
    ("huge", "small", True),  # adjective satellite → its head "large" ↔ "small"
    ("puppets", "marionettes", False),  # synonyms
])
def test_wordnet_opposites(a: str, b: str, opposite: bool) -> None:
    net = wordnet.load()
    assert net is not None and net.opposite(a, b) is opposite


def test_wordnet_absent_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(wordnet.WORDNET_ENV, str(tmp_path))
    assert wordnet.load() is None


def _meaning_bead(index: int, chrf: float, *, direct: bool) -> BeadResult:
    sentence = Sentence(index, f"Satz {index}.", index + 1, 0)
    flag = Flag("meaning", Severity.WARNING, "meaning: evidence", direct=direct,
                stretch=findings.MIN_STRETCH)
    return BeadResult(index=index, bead=Bead((index,), (index,)), de=(sentence,),
                      en=(Sentence(index, f"Sentence {index}.", index + 1, 0),), mt="x",
                      scores=Scores(chrf=chrf, bleu=10.0, ter=80.0), flags=(flag,))


def test_meaning_budget_spares_direct_evidence_only() -> None:
    # hand-written: 25 sentences allow one meaning warning (4 %, rounded): the bead with
    # the lowest chrF keeps it; an opposite or a missing word (direct evidence) stays a
    # warning beyond the budget; the others become info
    beads = [_meaning_bead(k, 20.0 + k if k < 3 else 60.0, direct=False) for k in range(24)]
    beads.append(_meaning_bead(24, 90.0, direct=True))
    kept = findings.budget_meaning(beads, Settings())
    warned = [b.index for b in kept if b.flags[0].severity == Severity.WARNING]
    assert warned == [0, 24]
    assert all(b.flags[0].severity == Severity.INFO for b in kept[1:24])

