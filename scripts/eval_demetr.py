#!/usr/bin/env python3
"""Detection rates of transcheck's drift detectors on DEMETR perturbations.

German = source_de, English = perturbed_mt_en, machine translation = ref_en (as a
translations-file backend would supply it). For every perturbation type it prints the
share of applied items (pert_check True) that get a warning-or-error flag of the
expected code, and for the controls the share with any error- and warning-level flag.

    python scripts/eval_demetr.py [--data ../shared/bench-dev] [--no-lexicon] [--show CODE]
                                  [--half tuning|validation|both]

The items are split by source sentence: even DEMETR item ids are the tuning half (misses
are studied there), odd ids the validation half (only reported). Both are printed.

Like `transcheck check`, the detectors get the German–English dictionary when
checker.translate.load_lexicon finds one; --no-lexicon measures the other mode.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from checker.checks import CheckContext, detect
from checker.model import Bead, BeadResult, Flag, Sentence, Severity
from checker.score import score_bead
from checker.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench-dev"
DATA_FILE = "demetr_flores_de_en.tsv"
# perturbation → flag codes that count as caught
EXPECTED: dict[str, frozenset[str]] = {
    "critical_id10_numbers_replaced": frozenset({"number"}),
    "critical_id9_ne_replaced": frozenset({"name"}),
    "critical_id25_ne_removed": frozenset({"name", "meaning"}),
    "critical_id8_negation": frozenset({"negation"}),
    "critical_id7_antonym": frozenset({"meaning"}),
    # an added name is an addition too: the name check reports it ("English has
    # "Munich", which the German does not mention")
    "critical_id6_addition": frozenset({"meaning", "addition", "name"}),
    "critical_id23_noun_removed": frozenset({"meaning"}),
    "critical_id24_subj_removed": frozenset({"meaning", "name"}),
    "critical_id22_verb_removed": frozenset({"meaning"}),
    "critical_id21_adj_adv_removed": frozenset({"meaning"}),
    "critical_id4_codemix": frozenset({"meaning", "untranslated"}),
    "critical_id20_shuffled": frozenset({"meaning"}),
    "major_id5_pp_removed": frozenset({"meaning", "name", "number"}),
    "major_id3_hypernym": frozenset({"meaning", "wording"}),
    "base_id33_empty": frozenset({"meaning", "length"}),
    "base_id33_shuffle_trans": frozenset({"meaning"}),
}
TARGETS = {  # issue 9
    "critical_id10_numbers_replaced": 0.95, "critical_id9_ne_replaced": 0.90,
    "critical_id25_ne_removed": 0.85, "critical_id8_negation": 0.85,
    "critical_id7_antonym": 0.60, "critical_id6_addition": 0.70,
    "critical_id23_noun_removed": 0.60, "critical_id24_subj_removed": 0.50,
}
CONTROL_ERROR_TARGET = 0.02
CONTROL_WARNING_TARGET = 0.10
CONTROL_REFERENCE = "base_id35_reference"


HALVES = ("tuning", "validation")


@dataclass(frozen=True)
class Item:
    pert: str
    half: str
    applied: bool
    de: str
    mt: str
    en: str
    control_en: str  # the unperturbed machine translation, as a control English


def read_items(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            half = HALVES[int(row["item_id"]) % 2]
            yield Item(row["pert_name"], half, row["pert_check"] == "True", row["source_de"],
                       row["ref_en"], row["perturbed_mt_en"], row["mt_en"])


def bead_for(de: str, en: str, mt: str) -> BeadResult:
    sentence_de = Sentence(index=0, text=" ".join(de.split()), line=1, block=0)
    sentence_en = Sentence(index=0, text=" ".join(en.split()), line=1, block=0)
    return BeadResult(index=0, bead=Bead((0,), (0,)), de=(sentence_de,), en=(sentence_en,),
                      mt=mt, scores=score_bead(mt, sentence_en.text))


def flags_of(de: str, en: str, mt: str, ctx: CheckContext) -> tuple[Flag, ...]:
    return detect([bead_for(de, en, mt)], ctx)[0].flags


def caught(flags: tuple[Flag, ...], codes: frozenset[str]) -> bool:
    return any(f.code in codes and f.severity >= Severity.WARNING for f in flags)


def worst(flags: tuple[Flag, ...]) -> Severity | None:
    return max((f.severity for f in flags), default=None)


def make_context(use_lexicon: bool) -> CheckContext:
    """The detectors' context as the CLI builds it: the dictionary when one is installed."""
    settings = Settings()
    if not use_lexicon:
        return CheckContext(settings=settings)
    from checker.translate import load_lexicon

    return CheckContext(settings=settings, lexicon=load_lexicon(settings))


def describe_mode(ctx: CheckContext, asked: bool) -> str:
    if ctx.lexicon is not None:
        return f"with dictionary ({getattr(ctx.lexicon, 'identity', 'lexicon')})"
    return "without dictionary" + ("" if not asked else " (none installed)")


def evaluate(items: list[Item], ctx: CheckContext, show: str | None) -> list[list[str]]:
    hits: dict[str, list[bool]] = defaultdict(list)
    controls: dict[str, list[Severity | None]] = defaultdict(list)
    seen_controls: set[str] = set()
    for item in items:
        if item.pert == CONTROL_REFERENCE:
            controls["reference (ref_en as English)"].append(
                worst(flags_of(item.de, item.en, item.mt, ctx)))
        if item.de not in seen_controls:
            seen_controls.add(item.de)
            flags = flags_of(item.de, item.control_en, item.mt, ctx)
            controls["mt_en as English"].append(worst(flags))
            _show(show, "control", item.control_en, flags)
        if item.pert in EXPECTED and item.applied:
            flags = flags_of(item.de, item.en, item.mt, ctx)
            hits[item.pert].append(caught(flags, EXPECTED[item.pert]))
            _show(show, item.pert, item.en, flags)
    return _table(hits, controls)


def _show(show: str | None, label: str, en: str, flags: tuple[Flag, ...]) -> None:
    if show is None:
        return
    for f in flags:
        if show in (f.code, "all") and f.severity >= Severity.WARNING:
            print(f"[{label}] {f.severity} {f.message}\n    EN: {en}")


def _table(
    hits: dict[str, list[bool]], controls: dict[str, list[Severity | None]]
) -> list[list[str]]:
    rows = []
    for pert in EXPECTED:
        got = hits.get(pert, [])
        if not got:
            continue
        share = sum(got) / len(got)
        target = TARGETS.get(pert)
        verdict = "" if target is None else ("ok" if share >= target else f"BELOW {target:.0%}")
        rows.append([pert, "/".join(sorted(EXPECTED[pert])), f"{sum(got)}/{len(got)}",
                     f"{share:.0%}", verdict])
    for name, worsts in controls.items():
        errors = sum(1 for w in worsts if w is not None and w >= Severity.ERROR)
        warnings = sum(1 for w in worsts if w is not None and w >= Severity.WARNING)
        n = len(worsts)
        rows.append([f"control: {name}", "error-level", f"{errors}/{n}", f"{errors / n:.0%}",
                     _limit(errors / n, CONTROL_ERROR_TARGET)])
        rows.append([f"control: {name}", "warning-or-error", f"{warnings}/{n}",
                     f"{warnings / n:.0%}", _limit(warnings / n, CONTROL_WARNING_TARGET)])
    return rows


def _limit(share: float, target: float) -> str:
    return "ok" if share <= target else f"ABOVE {target:.0%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--no-lexicon",
        action="store_true",
        help="run the detectors without the dictionary (default: use it if installed)",
    )
    parser.add_argument("--show", help="print flags of this code (or 'all') for inspection")
    parser.add_argument("--half", choices=[*HALVES, "both"], default="both",
                        help="which half to run (study misses on the tuning half only)")
    args = parser.parse_args(argv)
    path = args.data / DATA_FILE
    if not path.is_file():
        print(f"skip: {path} not found")
        return 0
    from tabulate import tabulate

    ctx = make_context(not args.no_lexicon)
    items = list(read_items(path))
    print(f"mode: {describe_mode(ctx, not args.no_lexicon)}")
    for half in HALVES if args.half == "both" else (args.half,):
        rows = evaluate([i for i in items if i.half == half], ctx, args.show)
        print(f"\n== {half} half ({'even' if half == HALVES[0] else 'odd'} item ids)")
        print(tabulate(rows, headers=["perturbation", "expected code", "caught", "share",
                                      "target"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
