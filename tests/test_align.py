"""Sentence alignment: constructed cases with known beads, invariants, banded = exact."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pytest

from checker.align import align, find_moves
from checker.model import BEAD_KINDS, Bead, BlockKind, Sentence
from checker.settings import AlignSettings

DEFAULT_SETTINGS = AlignSettings()

# (German, machine translation, human English) — written for these tests.
TRIPLES = [
    ("Der Stadtrat hat am Dienstag den Haushalt für 2025 beschlossen.",
     "The city council adopted the budget for 2025 on Tuesday.",
     "On Tuesday the city council passed the 2025 budget."),
    ("Die Ausgaben steigen um 4,5 Prozent auf 1,2 Milliarden Euro.",
     "Spending rises by 4.5 percent to 1.2 billion euros.",
     "Spending will rise by 4.5 percent to 1.2 billion euros."),
    ("Der größte Posten sind die Schulen, die dringend saniert werden müssen.",
     "The biggest item is the schools, which urgently need to be renovated.",
     "Schools, which are in urgent need of renovation, are the largest item."),
    ("Bürgermeisterin Anna Keller sprach von einem schwierigen Kompromiss.",
     "Mayor Anna Keller spoke of a difficult compromise.",
     "Mayor Anna Keller called it a difficult compromise."),
    ("Die Opposition kritisierte, dass kaum Geld für den Radverkehr vorgesehen ist.",
     "The opposition criticized that hardly any money is planned for cycling.",
     "The opposition complained that almost no money has been set aside for cycling."),
    ("Auch die Gebühren für Parkplätze in der Innenstadt werden erhöht.",
     "The fees for parking spaces in the city centre will also be increased.",
     "Parking fees in the city centre are going up as well."),
    ("Ein Anwohnerparkausweis kostet künftig 120 Euro im Jahr.",
     "A residents' parking permit will cost 120 euros a year in future.",
     "A residents' parking permit will now cost 120 euros a year."),
    ("Der Einzelhandel befürchtet, dass weniger Kunden in die Stadt kommen.",
     "Retailers fear that fewer customers will come to the city.",
     "Shop owners fear that fewer customers will come into town."),
    ("Die Verwaltung will die Auswirkungen nach einem Jahr überprüfen.",
     "The administration wants to review the effects after one year.",
     "The administration plans to review the effects after a year."),
    ("Neue Buslinien sollen ab März die Vororte besser anbinden.",
     "New bus lines are to connect the suburbs better from March.",
     "From March, new bus routes are meant to improve links to the suburbs."),
    ("Dafür stellt das Land zusätzlich 30 Millionen Euro bereit.",
     "For this, the state is providing an additional 30 million euros.",
     "The state is contributing an extra 30 million euros for this."),
    ("Die nächste Sitzung des Stadtrats findet am 14. Januar statt.",
     "The next meeting of the city council will take place on 14 January.",
     "The council will next meet on January 14."),
]
EXTRA_EN = "Weather forecasters expect heavy snowfall across the northern mountains tonight."
EXTRA_DE = ("Im Zoo wurde ein seltenes Nashornbaby geboren, das noch keinen Namen hat.",
            "A rare baby rhinoceros was born in the zoo and does not have a name yet.")


def sentences(texts: Sequence[str], blocks: Sequence[int] | None = None,
              kinds: Sequence[BlockKind] | None = None) -> list[Sentence]:
    return [
        Sentence(index=k, text=t, line=k + 1, block=blocks[k] if blocks else 0,
                 block_kind=kinds[k] if kinds else "paragraph")
        for k, t in enumerate(texts)
    ]


def pairs_of(beads: Sequence[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.de, b.en) for b in beads]


def check_invariants(beads: Sequence[Bead], n_de: int, n_en: int) -> None:
    """Every sentence exactly once, in order; only the six bead kinds; scores in [0, 1]."""
    de = [k for b in beads for k in b.de]
    en = [k for b in beads for k in b.en]
    assert de == list(range(n_de))
    assert en == list(range(n_en))
    assert all((len(b.de), len(b.en)) in BEAD_KINDS for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def identity(n: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((k,), (k,)) for k in range(n)]


@pytest.fixture(params=["mt", "length"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run(de_t: Sequence[str], en_t: Sequence[str], mt: Sequence[str | None] | None,
        settings: AlignSettings = DEFAULT_SETTINGS) -> list[Bead]:
    beads = list(align(sentences(de_t), sentences(en_t), mt, settings))
    check_invariants(beads, len(de_t), len(en_t))
    return beads


def columns(mode: str) -> tuple[list[str], list[str], list[str] | None]:
    de = [t[0] for t in TRIPLES]
    en = [t[2] for t in TRIPLES]
    mt = [t[1] for t in TRIPLES] if mode == "mt" else None
    return de, en, mt


# ---------------------------------------------------------------- constructed cases


def test_clean_pair_is_all_one_to_one(mode: str) -> None:
    de, en, mt = columns(mode)
    assert pairs_of(run(de, en, mt)) == identity(len(de))


@pytest.mark.parametrize("gone", [0, 4, 11])  # first, middle, last sentence
def test_deleted_english_sentence_is_an_omission_and_later_beads_stay(gone: int) -> None:
    de, en, mt = columns("mt")
    del en[gone]
    expected = [((k,), (k if k < gone else k - 1,)) for k in range(len(de)) if k != gone]
    expected.insert(gone, ((gone,), ()))
    assert pairs_of(run(de, en, mt)) == expected


@pytest.mark.parametrize("at", [0, 6, 12])
def test_inserted_english_sentence_is_an_addition(at: int) -> None:
    de, en, mt = columns("mt")
    en.insert(at, EXTRA_EN)
    expected = [((k,), (k if k < at else k + 1,)) for k in range(len(de))]
    expected.insert(at, ((), (at,)))
    assert pairs_of(run(de, en, mt)) == expected


def test_inserted_german_sentence_is_an_omission() -> None:
    de, en, mt = columns("mt")
    assert mt is not None
    de.insert(5, EXTRA_DE[0])
    mt.insert(5, EXTRA_DE[1])
    beads = pairs_of(run(de, en, mt))
    assert ((5,), ()) in beads
    assert ((6,), (5,)) in beads and ((11,), (10,)) in beads


def test_split_english_sentence_is_one_to_two() -> None:
    # with MT; length alone on sentences of similar length: test_length_only_*
    de, en, mt = columns("mt")
    en[3:4] = ["Mayor Anna Keller spoke.", "She called it a difficult compromise."]
    beads = pairs_of(run(de, en, mt))
    assert ((3,), (3, 4)) in beads
    assert ((4,), (5,)) in beads


def test_merged_english_sentences_are_two_to_one() -> None:
    # with MT; length alone on sentences of similar length: test_length_only_*
    de, en, mt = columns("mt")
    en[5:7] = [en[5] + " " + en[6]]
    beads = pairs_of(run(de, en, mt))
    assert ((5, 6), (5,)) in beads
    assert ((7,), (6,)) in beads


def test_moved_heading_pairs_with_the_heading() -> None:
    de_t = ["Haushalt 2025"] + [t[0] for t in TRIPLES[:4]]
    mt = ["Budget 2025"] + [t[1] for t in TRIPLES[:4]]
    en_t = [TRIPLES[0][2], "The 2025 budget"] + [t[2] for t in TRIPLES[1:4]]
    de = sentences(de_t, [0, 1, 1, 1, 1], ["heading"] + ["paragraph"] * 4)
    en = sentences(en_t, [0, 1, 2, 2, 2], ["paragraph", "heading", "paragraph", "paragraph",
                                           "paragraph"])
    beads = align(de, en, mt)
    check_invariants(beads, 5, 5)
    # the heading pairs with the heading, or both stay alone (a move); never with text
    assert all(b.de != (0,) or b.en in ((1,), ()) for b in beads)
    assert all(0 not in b.de or len(b.de) == 1 for b in beads)


def test_heading_is_not_merged_into_a_paragraph(mode: str) -> None:
    de_t = ["Haushalt"] + [t[0] for t in TRIPLES[:3]]
    en_t = ["Budget " + TRIPLES[0][2]] + [t[2] for t in TRIPLES[1:3]]
    mt = (["Budget"] + [t[1] for t in TRIPLES[:3]]) if mode == "mt" else None
    de = sentences(de_t, [0, 1, 1, 1], ["heading", "paragraph", "paragraph", "paragraph"])
    en = sentences(en_t, [0, 0, 0])
    beads = align(de, en, mt)
    check_invariants(beads, 4, 3)
    assert all(b.de != (0, 1) for b in beads)


@pytest.mark.parametrize("n_de, n_en", [(0, 3), (4, 0), (0, 0)])
def test_empty_side(n_de: int, n_en: int) -> None:
    de = sentences([t[0] for t in TRIPLES[:n_de]])
    en = sentences([t[2] for t in TRIPLES[:n_en]])
    beads = align(de, en, [t[1] for t in TRIPLES[:n_de]])
    check_invariants(beads, n_de, n_en)
    assert all(not b.de or not b.en for b in beads)


def test_blocks_are_not_crossed() -> None:
    # length alone: German "A B | C", English "AB | C" would be read as a merge across
    # the paragraph break; the block structure says A↔AB is a 1-1 with B omitted.
    de_t = [TRIPLES[3][0], TRIPLES[6][0], TRIPLES[9][0]]
    en_t = [TRIPLES[3][2] + " " + TRIPLES[6][2], TRIPLES[9][2]]
    flat = pairs_of(align(sentences(de_t), sentences(en_t), None))
    assert ((0, 1), (0,)) in flat  # without blocks: the merge
    blocked = align(sentences(de_t, [0, 1, 2]), sentences(en_t, [0, 1]), None)
    check_invariants(blocked, 3, 2)
    de_blocks = [0, 1, 2]
    assert all(len({de_blocks[k] for k in b.de}) <= 1 for b in blocked)


# German/English sentences of clearly different lengths (length alone can tell them apart)
LENGTHS = [40, 180, 70, 25, 140, 60, 220, 35, 95, 50]


def sized(length: int, word: str) -> str:
    return ((word + " ") * (length // (len(word) + 1) + 1))[:length].strip() + "."


@pytest.mark.parametrize("gone", [1, 6])
def test_length_only_finds_a_deleted_long_sentence(gone: int) -> None:
    de = [sized(n, "Wort") for n in LENGTHS]
    en = [sized(int(n * 0.9), "word") for n in LENGTHS]
    del en[gone]
    beads = pairs_of(run(de, en, None))
    assert ((gone,), ()) in beads
    assert ((gone + 1,), (gone,)) in beads and ((9,), (8,)) in beads


def test_length_only_finds_a_split_sentence() -> None:
    de = [sized(n, "Wort") for n in LENGTHS]
    en = [sized(int(n * 0.9), "word") for n in LENGTHS]
    en[6:7] = [sized(100, "word"), sized(98, "word")]
    beads = pairs_of(run(de, en, None))
    assert ((6,), (6, 7)) in beads and ((7,), (8,)) in beads


def test_length_only_scores_are_length_agreement() -> None:
    de, en, _ = columns("length")
    beads = run(de, en, None)
    assert all(0.0 < b.score <= 1.0 for b in beads)


@pytest.mark.parametrize("k", range(len(TRIPLES)))
def test_mt_score_of_a_real_pair_beats_an_unrelated_one(k: int) -> None:
    from checker.align import bead_similarity, build_model

    de, en, mt = columns("mt")
    model = build_model(sentences(de), sentences(en), mt, DEFAULT_SETTINGS)
    good = bead_similarity(model, [k], [k])
    assert good > 0.3
    assert bead_similarity(model, [k], [(k + 6) % len(TRIPLES)]) < good


def test_missing_translations_fall_back_to_length() -> None:
    de, en, mt = columns("mt")
    assert mt is not None
    partial: list[str | None] = list(mt)
    partial[2] = partial[7] = None
    assert pairs_of(run(de, en, partial)) == identity(len(de))


def test_translation_count_must_match() -> None:
    de, en, mt = columns("mt")
    assert mt is not None
    with pytest.raises(ValueError):
        align(sentences(de), sentences(en), mt[:-1])


# ---------------------------------------------------------------- invariants, banded mode


def synthetic(n: int, seed: int) -> tuple[list[Sentence], list[Sentence], list[str | None]]:
    """German with MT; English = MT with edits (drop, insert, merge, split) at random."""
    rng = random.Random(seed)
    words = [f"w{k}{rng.choice('aeiou')}" for k in range(400)]
    mt = [" ".join(rng.choice(words) for _ in range(rng.randint(4, 20))) + "." for _ in range(n)]
    en: list[str] = []
    k = 0
    while k < n:
        roll = rng.random()
        if roll < 0.03:
            pass  # dropped
        elif roll < 0.06:
            en += [" ".join(rng.choice(words) for _ in range(8)), mt[k]]
        elif roll < 0.09 and k + 1 < n:
            en.append(mt[k] + " " + mt[k + 1])
            k += 1
        else:
            en.append(mt[k])
        k += 1
    de = sentences([f"de {t}" for t in mt], [j // 5 for j in range(n)])
    return de, sentences(en, [j // 5 for j in range(len(en))]), list(mt)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("with_mt", [True, False])
def test_invariants_on_random_pairs(seed: int, with_mt: bool) -> None:
    de, en, mt = synthetic(60 + 13 * seed, seed)
    for settings in (AlignSettings(), AlignSettings(exact_limit=16, band=4)):
        beads = align(de, en, mt if with_mt else None, settings)
        check_invariants(beads, len(de), len(en))


@pytest.mark.parametrize("seed", range(3))
def test_banded_mode_agrees_with_exact_dp(seed: int) -> None:
    de, en, mt = synthetic(300, 100 + seed)
    exact = align(de, en, mt, AlignSettings(exact_limit=1000))
    banded = align(de, en, mt, AlignSettings(exact_limit=40, band=10))
    assert pairs_of(banded) == pairs_of(exact)


def test_banded_mode_agrees_with_exact_dp_on_length_alone() -> None:
    de, en, _ = synthetic(250, 7)
    exact = align(de, en, None, AlignSettings(exact_limit=1000))
    banded = align(de, en, None, AlignSettings(exact_limit=40, band=15))
    same = sum(1 for b in banded if b in set(exact))
    assert same >= 0.95 * len(exact)


@pytest.mark.parametrize("exact_limit", [1000, 40])
def test_second_pass_reusing_block_parts_aligns_as_computing_them_anew(
    exact_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    de, en, mt = synthetic(120, 11)
    settings = AlignSettings(exact_limit=exact_limit, band=10)
    kept = align(de, en, mt, settings)
    monkeypatch.setattr("checker.settings.ALIGN_REUSE_CELLS", 0)  # nothing kept
    assert align(de, en, mt, settings) == kept


# ---------------------------------------------------------------- moves


def test_moved_paragraph_is_found_with_mt() -> None:
    de, en, mt = columns("mt")
    en = en[:2] + en[4:9] + en[2:4] + en[9:]  # English 2, 3 moved after 8
    beads = align(sentences(de), sentences(en), mt)
    moves = find_moves(beads, sentences(de), sentences(en), mt)
    moved = {(beads[m.de_bead].de, beads[m.en_bead].en) for m in moves}
    assert moved == {((2,), (7,)), ((3,), (8,))} or moved == {
        ((k,), (k - 2,)) for k in range(4, 9)
    }
    assert all(0.0 < m.similarity <= 1.0 for m in moves)


def test_moved_sentence_is_found_by_numbers_without_mt() -> None:
    de, en, _ = columns("length")
    en = en[:1] + en[2:10] + en[1:2] + en[10:]  # "4.5 percent to 1.2 billion" moved down
    beads = align(sentences(de), sentences(en), None)
    moves = find_moves(beads, sentences(de), sentences(en), None)
    if any(b.de == (1,) and not b.en for b in beads):
        assert [(beads[m.de_bead].de, beads[m.en_bead].en) for m in moves] == [((1,), (9,))]


def test_no_moves_in_a_clean_pair() -> None:
    de, en, mt = columns("mt")
    en.insert(3, EXTRA_EN)
    del en[8]
    beads = align(sentences(de), sentences(en), mt)
    assert find_moves(beads, sentences(de), sentences(en), mt) == ()


def test_mt_evidence_weighs_more_when_the_translation_is_faithful() -> None:
    # Hand-made: a faithful "MT" tells true pairs from random ones better than a loose
    # paraphrase of the same sentences, so the calibration trusts it more.
    from checker.align import build_model

    english = [f"The council approved plan number {i} for the new bridge over the {w}."
               for i, w in enumerate(["river", "canal", "road", "rail", "valley"] * 4)]
    faithful = [e.replace("approved", "adopted") for e in english]
    loose = [f"Parliament voted for scheme {i} about some crossing." for i in range(20)]
    de = sentences([f"Satz {i}." for i in range(20)])
    strong = build_model(de, sentences(english), faithful, DEFAULT_SETTINGS).cal
    weak = build_model(de, sentences(english), loose, DEFAULT_SETTINGS).cal
    assert strong.true_excess / strong.chance_spread > weak.true_excess / weak.chance_spread


@pytest.mark.parametrize("n", [3, 12, 40])
def test_calibration_reads_every_pair_as_computing_it_alone(n: int) -> None:
    # a small document's pairs are computed all at once for the calibration; each must be
    # the value computed for that pair alone, to the last bit
    import numpy as np

    from checker.align import _excess, _excess_of
    from checker.align.costs import chance_levels
    from checker.align.features import profile_pair

    de, en, mt = synthetic(n, 3)
    de_prof, en_prof = profile_pair(mt, [s.text for s in en])
    chances = chance_levels(de_prof, en_prof), chance_levels(en_prof, de_prof)
    rows = np.repeat(np.arange(len(de)), len(en))
    cols = np.tile(np.arange(len(en)), len(de))
    alone = _excess(de_prof, en_prof, *chances, rows, cols)
    together = _excess_of(de_prof, en_prof, *chances)(rows, cols)
    assert np.array_equal(alone, together)


def test_profiles_are_the_same_whether_features_are_kept_or_streamed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a small pair hashes each sentence once for idf counts and profiles alike; a large
    # one hashes chunk by chunk twice: the profiles must not depend on which was done
    import numpy as np

    from checker.align import features

    mt = [t[1] for t in TRIPLES] + [None]
    en = [t[2] for t in TRIPLES] + [EXTRA_EN]
    kept = features.profile_pair(mt, en)
    monkeypatch.setattr(features, "CHUNK_CHARS", 300)  # several chunks, nothing kept
    streamed = features.profile_pair(mt, en)
    for a, b in zip(kept, streamed, strict=True):
        for field in ("vectors", "norm2", "adjacent", "present"):
            assert np.array_equal(getattr(a, field), getattr(b, field)), field


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_median_is_numpys_median(dtype: type) -> None:
    """The aligner's median (no numpy.ma import) gives np.median's value, NaN included."""
    from checker.align import _median

    rng = np.random.default_rng(7)
    for size in range(1, 12):
        values = rng.normal(size=size).astype(dtype) * 10
        assert _median(values) == float(np.median(values))
        values[size // 2] = np.nan
        assert np.isnan(_median(values)) and np.isnan(np.median(values))
