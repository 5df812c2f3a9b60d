#!/usr/bin/env python3
"""Evaluate `transcheck align` on hard cases built from line-aligned WMT documents.

Each document pair in DATA/docs (line i of NAME.de.txt ↔ line i of NAME.en.txt)
is edited at random (fixed seed) so that the gold alignment stays known:
English lines merged (2-1) or split (1-2), German lines merged (1-2), sentences
deleted (1-0 / 0-1) and inserted from another document. Each case is written
segmented (one sentence per line) to a temporary folder and aligned with
`transcheck align --segmented --format tsv`, in-process through
`checker.cli.main`, with the machine translations NAME.mt-SYSTEM.en.txt as a
translations file and with length alone.

Finally a paragraph (2–3 English lines) is moved further down, and the script
reports how many moved sentences `checker.align.find_moves` pairs up again.

Real gold: DATA/textberg holds Text+Berg articles (German–French, one sentence
per line, gold beads, machine translations of the German into French by a strong
and a weak system). Each article is aligned with the strong MT, the weak MT and
no MT (lengths, and the German text itself standing in for the translation, as
`align` does when no MT is given), calling `checker.align.align` directly. test1 is the
tuning article, test2 the validation article; both are printed.

Scores follow Sennrich & Volk (2011) as vecalign's `score.py` computes them:
precision over all predicted beads, recall over gold beads with both sides
non-empty; strict = the bead equals a gold bead; lax = it shares a sentence with
a gold bead on both sides (a 1-0 / 0-1 bead is lax-right only when exact).
Counts are pooled over all cases (micro average).

    python scripts/eval_align.py [--data ../shared/bench-dev] [--cases 4] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchdev  # noqa: E402  (beside this script)
from benchdev import Doc  # noqa: E402

DEFAULT_DATA = benchdev.DEFAULT_DATA
DEFAULT_CASES = 4  # edited variants per document (and MT system)
DEFAULT_SEED = 7
EDITS_PER_LINES = 5  # one edit per this many lines (at least one)
MT_SYSTEMS = benchdev.MT_SYSTEMS

Ids = frozenset[int]
Gold = set[tuple[tuple[int, ...], tuple[int, ...]]]  # beads as (German lines, English lines)


@dataclass
class Case:
    """Lines of an edited pair; each line carries the original line ids it covers."""

    name: str
    de: list[str]
    en: list[str]
    mt: list[str]
    de_ids: list[Ids]
    en_ids: list[Ids]
    moved: set[int] = field(default_factory=set)  # original ids moved (move cases)


def load_docs(data: Path) -> list[Doc]:
    """The line-aligned documents (both sides with the same number of lines)."""
    return [doc for doc in benchdev.load_docs(data) if len(doc.de) == len(doc.en)]


def base_case(doc: Doc, mt: list[str] | None) -> Case:
    n = len(doc.de)
    return Case(
        name=doc.name,
        de=list(doc.de),
        en=list(doc.en),
        mt=list(mt) if mt else [""] * n,
        de_ids=[frozenset({k}) for k in range(n)],
        en_ids=[frozenset({k}) for k in range(n)],
    )


# ---------------------------------------------------------------- edits


def _split_point(text: str) -> int | None:
    """A split near the middle: after a sentence end, a comma, or else a space."""
    middle = len(text) // 2
    for marks in ((". ", "? ", "! "), (", ", "; "), (" ",)):
        spots = [i + 1 for m in marks for i in _find_all(text, m) if 15 < i < len(text) - 15]
        if spots:
            return min(spots, key=lambda i: abs(i - middle))
    return None


def _find_all(text: str, sub: str) -> list[int]:
    out, start = [], text.find(sub)
    while start >= 0:
        out.append(start)
        start = text.find(sub, start + 1)
    return out


def merge_en(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    if k + 1 >= len(case.en):
        return False
    case.en[k : k + 2] = [f"{case.en[k]} {case.en[k + 1]}"]
    case.en_ids[k : k + 2] = [case.en_ids[k] | case.en_ids[k + 1]]
    return True


def merge_de(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    if k + 1 >= len(case.de):
        return False
    case.de[k : k + 2] = [f"{case.de[k]} {case.de[k + 1]}"]
    case.mt[k : k + 2] = [f"{case.mt[k]} {case.mt[k + 1]}"]
    case.de_ids[k : k + 2] = [case.de_ids[k] | case.de_ids[k + 1]]
    return True


def split_en(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    cut = _split_point(case.en[k])
    if cut is None:
        return False
    text = case.en[k]
    case.en[k : k + 1] = [text[:cut].strip(), text[cut:].strip()]
    case.en_ids[k : k + 1] = [case.en_ids[k], case.en_ids[k]]
    return True


def delete_en(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    del case.en[k], case.en_ids[k]
    return True


def delete_de(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    del case.de[k], case.mt[k], case.de_ids[k]
    return True


def insert_en(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    case.en.insert(k, rng.choice(other.en))
    case.en_ids.insert(k, frozenset())
    return True


def insert_de(case: Case, k: int, rng: random.Random, other: Doc) -> bool:
    j = rng.randrange(len(other.de))
    mts = list(other.mt.values())
    case.de.insert(k, other.de[j])
    case.mt.insert(k, mts[0][j] if mts else "")
    case.de_ids.insert(k, frozenset())
    return True


Edit = Callable[[Case, int, random.Random, Doc], bool]
EDITS: tuple[Edit, ...] = (merge_en, merge_de, split_en, delete_en, delete_de, insert_en, insert_de)


def _position(lines_ids: list[Ids], original: int) -> int | None:
    for index, ids in enumerate(lines_ids):
        if ids == frozenset({original}):
            return index
    return None


def edited_case(doc: Doc, mt: list[str] | None, rng: random.Random, docs: Sequence[Doc]) -> Case:
    """Apply edits to distinct, non-adjacent original lines (so beads stay ≤ 2 per side)."""
    case = base_case(doc, mt)
    n = len(doc.de)
    count = max(1, n // EDITS_PER_LINES)
    spots = rng.sample(range(0, n, 3), min(count, len(range(0, n, 3))))
    others = [d for d in docs if d.name != doc.name]
    for original in sorted(spots, reverse=True):
        edit = rng.choice(EDITS)
        side = case.de_ids if edit in (merge_de, delete_de, insert_de) else case.en_ids
        k = _position(side, original)
        if k is not None:
            edit(case, k, rng, rng.choice(others))
    return case


def moved_case(doc: Doc, mt: list[str] | None, rng: random.Random) -> Case | None:
    """English lines a, a+1 (and a+2) moved at least three lines further down."""
    case = base_case(doc, mt)
    n = len(doc.en)
    size = 2 if n < 12 else 3
    if n < size + 4:
        return None
    a = rng.randrange(0, n - size - 3)
    b = rng.randrange(a + size + 3, n + 1)
    block, block_ids = case.en[a : a + size], case.en_ids[a : a + size]
    case.en = case.en[:a] + case.en[a + size : b] + block + case.en[b:]
    case.en_ids = case.en_ids[:a] + case.en_ids[a + size : b] + block_ids + case.en_ids[b:]
    case.moved = set(range(a, a + size))
    return case


# ---------------------------------------------------------------- gold and scoring


def gold_beads(case: Case) -> Gold:
    """Beads as (German lines, English lines), 1-based: the connected groups of lines
    that share an original line id; a line sharing none is a 1-0 or 0-1 bead."""
    parent = {("de", d): ("de", d) for d in range(len(case.de))}
    parent.update({("en", e): ("en", e) for e in range(len(case.en))})

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent[node] != node:
            node = parent[node]
        return node

    for d, d_ids in enumerate(case.de_ids):
        for e, e_ids in enumerate(case.en_ids):
            if d_ids & e_ids:
                parent[root(("de", d))] = root(("en", e))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for side, k in parent:
        des, ens = groups.setdefault(root((side, k)), ([], []))
        (des if side == "de" else ens).append(k + 1)
    return {(tuple(sorted(d)), tuple(sorted(e))) for d, e in groups.values()}


def _precision(gold: Gold, test: Gold) -> tuple[int, int, int, int]:
    """(strict hits, total, lax hits, total) of the beads of `test` against `gold`:
    strict = equal to a gold bead; lax = equal, or sharing a sentence with one gold
    bead on both sides (so a bead with an empty side is lax-right only when exact)."""
    gold_en_of: dict[int, set[int]] = {}
    for g_de, g_en in gold:
        for d in g_de:
            gold_en_of.setdefault(d, set()).update(g_en)
    strict = lax = 0
    for t_de, t_en in test:
        if (t_de, t_en) in gold:
            strict += 1
            lax += 1
        elif any(set(t_en) & gold_en_of.get(d, set()) for d in t_de):
            lax += 1
    return strict, len(test), lax, len(test)


def _both_sides(beads: Gold) -> Gold:
    return {b for b in beads if b[0] and b[1]}


@dataclass
class Tally:
    p: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    r: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    cases: int = 0

    def add(self, gold: Gold, test: Gold) -> None:
        recall = _precision(_both_sides(test), _both_sides(gold))
        for acc, counts in ((self.p, _precision(gold, test)), (self.r, recall)):
            for k, value in enumerate(counts):
                acc[k] += value
        self.cases += 1

    def line(self, label: str) -> str:
        def prf(h_p: int, n_p: int, h_r: int, n_r: int) -> str:
            p = h_p / n_p if n_p else 0.0
            r = h_r / n_r if n_r else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return f"P={p:.3f} R={r:.3f} F1={f:.3f}"

        strict = prf(self.p[0], self.p[1], self.r[0], self.r[1])
        lax = prf(self.p[2], self.p[3], self.r[2], self.r[3])
        return f"{label:<28} cases={self.cases:<4} strict {strict}   lax {lax}"

    def strict_f1(self) -> float:
        p = self.p[0] / self.p[1] if self.p[1] else 0.0
        r = self.r[0] / self.r[1] if self.r[1] else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


# ---------------------------------------------------------------- running the aligner


def write_case(case: Case, folder: Path, with_mt: bool) -> list[str]:
    de = folder / "de.txt"
    en = folder / "en.txt"
    de.write_text("\n".join(case.de) + "\n", encoding="utf-8")
    en.write_text("\n".join(case.en) + "\n", encoding="utf-8")
    args = ["--de", str(de), "--en", str(en), "--segmented", "--format", "tsv",
            "--output", str(folder / "out.tsv"), "--translator", "none"]
    if with_mt:
        rows = [
            f"{' '.join(d.split())}\t{' '.join(m.split())}"
            for d, m in zip(case.de, case.mt, strict=False)
        ]
        (folder / "mt.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        args[-1] = "memory"
        args += ["--translations", str(folder / "mt.tsv")]
    return args


def run_align(case: Case, folder: Path, with_mt: bool, direct: bool = False) -> Gold:
    if direct:
        return _align_direct(case, with_mt)
    from checker.cli import main

    args = write_case(case, folder, with_mt)
    code = main(["align", *args])
    if code != 0:
        raise SystemExit(f"transcheck align failed with exit code {code} on {case.name}")
    beads: Gold = set()
    for row in (folder / "out.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        _pair, de_lines, en_lines, _kind, _score = row.split("\t")
        beads.add((_lines(de_lines), _lines(en_lines)))
    return beads


def _align_direct(case: Case, with_mt: bool) -> Gold:
    """The same alignment without files or CLI (faster, for tuning)."""
    from checker.align import align
    from checker.model import Sentence

    de = [Sentence(k, " ".join(t.split()), k + 1, 0) for k, t in enumerate(case.de)]
    en = [Sentence(k, " ".join(t.split()), k + 1, 0) for k, t in enumerate(case.en)]
    beads = align(de, en, case.mt if with_mt else None)
    return {(tuple(d + 1 for d in b.de), tuple(e + 1 for e in b.en)) for b in beads}


def _lines(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def evaluate(docs: list[Doc], cases: int, seed: int, folder: Path, direct: bool) -> list[str]:
    rng = random.Random(seed)
    with_mt, length_only = Tally(), Tally()
    for doc in docs:
        for system, mt in [(s, doc.mt[s]) for s in doc.mt] or [("", None)]:
            for _ in range(cases):
                case = edited_case(doc, mt, rng, docs)
                gold = gold_beads(case)
                if mt is not None:
                    with_mt.add(gold, run_align(case, folder, True, direct))
                if system in ("", MT_SYSTEMS[0]):
                    length_only.add(gold, run_align(case, folder, False, direct))
    return [with_mt.line("MT (2 WMT21 systems)"), length_only.line("length alone")]


def evaluate_moves(docs: list[Doc], seed: int) -> str:
    from checker.align import align, find_moves
    from checker.model import Sentence

    rng = random.Random(seed)
    found = total = wrong = 0
    for doc in docs:
        for mt in doc.mt.values():
            case = moved_case(doc, mt, rng)
            if case is None:
                continue
            de = [Sentence(k, t, k + 1, 0) for k, t in enumerate(case.de)]
            en = [Sentence(k, t, k + 1, 0) for k, t in enumerate(case.en)]
            beads = align(de, en, case.mt)
            moves = find_moves(beads, de, en, case.mt)
            for move in moves:
                de_ids = {i for d in beads[move.de_bead].de for i in case.de_ids[d]}
                en_ids = {i for e in beads[move.en_bead].en for i in case.en_ids[e]}
                if de_ids & en_ids:  # a true translation pair (moving a block down = others up)
                    found += 1
                else:
                    wrong += 1
            total += len(case.moved)
    return (
        f"moved paragraphs: find_moves paired {found}/{total} moved sentences,"
        f" {wrong} wrong pairs"
    )


# ---------------------------------------------------------------- Text+Berg real gold

TEXTBERG_ARTICLES = (("test1", "tuning"), ("test2", "validation"))
TEXTBERG_MT = (("strong MT", "mt-google"), ("weak MT", "mt-europarllight"), ("no MT", None))


def read_textberg_gold(path: Path) -> Gold:
    """`[0,1]:[2]` lines (0-based) → beads as 1-based line tuples."""
    beads: Gold = set()
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip():
            continue
        left, right = row.split(":")
        beads.add((_bracketed(left), _bracketed(right)))
    return beads


def _bracketed(text: str) -> tuple[int, ...]:
    return tuple(int(x) + 1 for x in text.strip().strip("[]").split(",") if x.strip())


def align_lines(de: Sequence[str], other: Sequence[str], mt: Sequence[str] | None) -> Gold:
    """Align one-sentence-per-line texts with `checker.align.align`; 1-based beads."""
    from checker.align import align
    from checker.model import Sentence

    de_s = [Sentence(k, " ".join(t.split()), k + 1, 0) for k, t in enumerate(de)]
    en_s = [Sentence(k, " ".join(t.split()), k + 1, 0) for k, t in enumerate(other)]
    beads = align(de_s, en_s, list(mt) if mt is not None else None)
    return {(tuple(d + 1 for d in b.de), tuple(e + 1 for e in b.en)) for b in beads}


def evaluate_textberg(folder: Path) -> list[str]:
    """Strict/lax P/R/F1 per article (tuning, validation) and MT setting, then pooled."""
    lines: list[str] = []
    pooled = {label: Tally() for label, _ in TEXTBERG_MT}
    for article, role in TEXTBERG_ARTICLES:
        de = benchdev.read_lines(folder / f"{article}.de")
        fr = benchdev.read_lines(folder / f"{article}.fr")
        gold = read_textberg_gold(folder / f"{article}.defr")
        for label, suffix in TEXTBERG_MT:
            mt = benchdev.read_lines(folder / f"{article}.{suffix}.fr") if suffix else None
            test = align_lines(de, fr, mt)
            tally = Tally()
            tally.add(gold, test)
            pooled[label].add(gold, test)
            lines.append(tally.line(f"{article} ({role}) {label}"))
    lines += [pooled[label].line(f"test1+test2 {label}") for label, _ in TEXTBERG_MT]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="bench-dev folder")
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help="variants per document")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--direct", action="store_true",
                        help="call checker.align.align directly instead of `transcheck align`")
    parser.add_argument("--only", choices=("textberg", "hard"),
                        help="run only the Text+Berg gold or only the hard cases")
    args = parser.parse_args(argv)
    if args.only != "hard" and (args.data / "textberg").is_dir():
        print("Text+Berg (German–French gold; test1 tuning, test2 validation):")
        for line in evaluate_textberg(args.data / "textberg"):
            print("  " + line)
    if args.only == "textberg":
        return 0
    if not (args.data / "docs").is_dir():
        print(f"skip: no bench-dev data at {args.data}")
        return 0
    docs = load_docs(args.data)
    print("Hard cases (edited WMT documents, German–English):")
    with tempfile.TemporaryDirectory(prefix="eval-align-") as tmp:
        for line in evaluate(docs, args.cases, args.seed, Path(tmp), args.direct):
            print("  " + line)
    print("  " + evaluate_moves(docs, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
