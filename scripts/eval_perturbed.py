#!/usr/bin/env python3
"""Detection rates on hand-written DEMETR-style perturbations of WMT22 machine translations.

DEMETR (scripts/eval_demetr.py) has 25 items per perturbation in each half, too few to
tell a rule that generalises from one fitted to the items studied. This script measures
the same regime on further sets that a person wrote without seeing the checker's code:
German = a line of bench-dev/wmt22deen/src.de.txt, English = that line's output of one
MT system with ONE edit (an antonym, an addition, a noun removed), machine translation =
the human reference. The unedited system output against the same reference is the
control. Such a set is derived from bench-dev text, so it is kept outside the project
(never committed), as a TSV file: `LINE<TAB>TYPE<TAB>EDITED ENGLISH` (LINE is the
1-based line of wmt22deen, TYPE one of antonym, addition, noun_removed).

    python scripts/eval_perturbed.py FILE [FILE ...] [--data ../shared/bench-dev]
                                     [--system Online-B] [--reference A] [--show TYPE]

Lines are split into halves by line number, like DEMETR's items: even lines are the
tuning half (misses studied there), odd lines the validation half (only reported).
`--show TYPE` prints the misses of TYPE (or the flagged controls with `control`) of the
tuning half. A catch is a warning-or-error flag of the codes eval_demetr.py expects.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_demetr import EXPECTED as DEMETR_EXPECTED  # noqa: E402
from eval_demetr import caught, flags_of, make_context  # noqa: E402

from checker.model import Flag, Severity  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench-dev"
EXPECTED = {  # each edit's codes as eval_demetr.py expects them of DEMETR's same edit
    "antonym": DEMETR_EXPECTED["critical_id7_antonym"],
    "addition": DEMETR_EXPECTED["critical_id6_addition"],
    "noun_removed": DEMETR_EXPECTED["critical_id23_noun_removed"],
}
HALVES = ("tuning", "validation")


@dataclass(frozen=True)
class Edit:
    line: int  # 1-based line of wmt22deen
    kind: str
    en: str

    @property
    def half(self) -> str:
        return HALVES[self.line % 2]


def read_edits(path: Path, lines: int) -> list[Edit]:
    """The edits of a set file; ValueError names the file, the row and what is wrong."""
    edits = []
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fields = row.split("\t")
        if len(fields) != 3 or not fields[0].isdigit() or fields[1] not in EXPECTED:
            raise ValueError(f"{path}:{number}: expected LINE<TAB>TYPE<TAB>ENGLISH "
                             f"with TYPE one of {', '.join(EXPECTED)}")
        if not 1 <= int(fields[0]) <= lines:
            raise ValueError(f"{path}:{number}: line {fields[0]} is not a line of wmt22deen "
                             f"(1–{lines})")
        edits.append(Edit(int(fields[0]), fields[1], fields[2]))
    return edits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--system", default="Online-B", help="the MT system edited")
    parser.add_argument("--reference", default="A", choices=("A", "B"))
    parser.add_argument("--show", choices=(*EXPECTED, "control"))
    args = parser.parse_args(argv)
    folder = args.data / "wmt22deen"
    try:
        src = (folder / "src.de.txt").read_text(encoding="utf-8").splitlines()
        ref = (folder / f"ref-{args.reference}.en.txt").read_text(encoding="utf-8").splitlines()
        system = (folder / f"mt-{args.system}.en.txt").read_text(encoding="utf-8").splitlines()
    except OSError as error:
        print(f"eval_perturbed: {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        sets = [(path, read_edits(path, len(src))) for path in args.files]
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"eval_perturbed: {error}", file=sys.stderr)
        return 2
    ctx = make_context(True)
    rows = []
    for path, edits in sets:
        hits: dict[tuple[str, str], list[bool]] = defaultdict(list)
        for edit in edits:
            i = edit.line - 1
            flags = flags_of(src[i], edit.en, ref[i], ctx)
            found = caught(flags, EXPECTED[edit.kind])
            hits[(edit.half, edit.kind)].append(found)
            if args.show == edit.kind and edit.half == "tuning" and not found:
                _print_case(ref[i], edit.en, flags)
        for line in sorted({e.line for e in edits}):
            i, half = line - 1, HALVES[line % 2]
            flags = flags_of(src[i], system[i], ref[i], ctx)
            warned = any(f.severity >= Severity.WARNING for f in flags)
            hits[(half, "control")].append(warned)
            if args.show == "control" and half == "tuning" and warned:
                _print_case(ref[i], system[i], flags)
        for half in HALVES:
            for kind in (*EXPECTED, "control"):
                found_list = hits[(half, kind)]
                if found_list:
                    label = kind if kind != "control" else "control (warning-or-error)"
                    rows.append([path.name, half, label,
                                 f"{sum(found_list)}/{len(found_list)}",
                                 f"{100 * sum(found_list) / len(found_list):.0f}%"])
    print(f"English = mt-{args.system} with one edit, machine translation = ref-{args.reference}")
    print(tabulate(rows, headers=["set", "half", "edit", "caught", "share"]))
    return 0


def _print_case(mt: str, en: str, flags: tuple[Flag, ...]) -> None:
    print("MT:", mt)
    print("EN:", en)
    for flag in flags:
        print("   ", flag.severity.name.lower(), flag.code, flag.message[:240])
    print()


if __name__ == "__main__":
    sys.exit(main())
