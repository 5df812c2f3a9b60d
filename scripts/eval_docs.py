#!/usr/bin/env python3
"""The whole transcheck pipeline on clean WMT article pairs, and on planted edits.

1. False alarms: error-level flags per 100 sentences on the clean pairs (German vs
   reference English), per machine-translation system (the mt-SYSTEM files, given to
   the pipeline as a translations memory), and with no translator.
2. Planted edits, one at a time per article: a deleted English sentence (expect
   `omission`), a changed number (expect `number`), a swapped name (expect `name`);
   the share detected on the right bead (the bead holding the edited line).

    python scripts/eval_docs.py [--data ../shared/bench-dev] [--no-lexicon]

Like `transcheck check`, the detectors get the German–English dictionary when
checker.translate.load_lexicon finds one; --no-lexicon measures the other mode.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchdev import DEFAULT_DATA, MT_SYSTEMS, Doc, load_docs  # beside this script

from checker.checks.base import CheckContext
from checker.checks.common import words
from checker.checks.names import present_in_german
from checker.model import PairResult, Severity, TranslatorInfo
from checker.pipeline import check_texts
from checker.settings import Settings
from checker.translate.base import NoTranslator, Translator, normalise

SYSTEMS = MT_SYSTEMS
SWAP_NAME = "Kowalczyk"  # a name found in none of the articles
TARGET_FALSE_ALARMS = 3.0  # error-level flags per 100 sentences
TARGET_DETECTION = 0.90


class LineTranslator:
    """A translations memory built from two line-aligned files (German line → MT line)."""

    def __init__(self, de_lines: Sequence[str], mt_lines: Sequence[str], name: str) -> None:
        self.table = {normalise(d): normalise(m) for d, m in zip(de_lines, mt_lines, strict=True)}
        self._info = TranslatorInfo(name="memory", model=name)

    @property
    def info(self) -> TranslatorInfo:
        return self._info

    def cache_key(self) -> str:
        return ""

    def translate(self, sentences: Sequence[str]) -> list[str | None]:
        return [self.table.get(normalise(s)) for s in sentences]


def run(de: list[str], en: list[str], translator: Translator, ctx: CheckContext) -> PairResult:
    settings = ctx.settings
    return check_texts("\n".join(de) + "\n", "\n".join(en) + "\n", settings=settings,
                       translator=translator, ctx=ctx, suffix=".txt")


def error_count(result: PairResult) -> int:
    return sum(1 for b in result.beads for f in b.flags if f.severity >= Severity.ERROR)


# ---------------------------------------------------------------- planted edits


@dataclass(frozen=True)
class Edit:
    kind: str  # omission | number | name
    line: int  # 1-based line edited (German line of the deleted sentence)
    en: list[str]


def plant_deletion(doc: Doc) -> Edit | None:
    if len(doc.en) < 3:
        return None
    k = len(doc.en) // 2
    return Edit("omission", k + 1, doc.en[:k] + doc.en[k + 1 :])


def plant_number(doc: Doc) -> Edit | None:
    for k, (de, en) in enumerate(zip(doc.de, doc.en, strict=True)):
        for m in re.finditer(r"(?<![\d.,])\d+(?![\d.,]\d)", en):
            if re.search(rf"(?<![\d]){m.group()}(?!\d)", de):
                changed = str(int(m.group()) + 3)
                new = en[: m.start()] + changed + en[m.end() :]
                return Edit("number", k + 1, doc.en[:k] + [new] + doc.en[k + 1 :])
    return None


def plant_name(doc: Doc) -> Edit | None:
    for k, (de, en) in enumerate(zip(doc.de, doc.en, strict=True)):
        de_tokens = words(de)
        for tok in words(en):
            if tok.start == 0 or not tok.text[0].isupper() or len(tok.text) < 4:
                continue
            in_german = any(t.text == tok.text for t in de_tokens)
            if in_german and present_in_german(tok.text, de, de_tokens):
                new = en[: tok.start] + SWAP_NAME + en[tok.end :]
                return Edit("name", k + 1, doc.en[:k] + [new] + doc.en[k + 1 :])
    return None


def detected(result: PairResult, edit: Edit) -> bool:
    for bead in result.beads:
        lines = [s.line for s in bead.de] if edit.kind == "omission" else [s.line for s in bead.en]
        if edit.line in lines and any(f.code == edit.kind for f in bead.flags):
            return True
    return False


# ---------------------------------------------------------------- main


def translators(doc: Doc) -> dict[str, Translator]:
    out: dict[str, Translator] = {
        s: LineTranslator(doc.de, lines, s) for s, lines in doc.mt.items()
    }
    out["none"] = NoTranslator()
    return out


def false_alarm_rows(docs: list[Doc], ctx: CheckContext, show: bool = False) -> list[list[str]]:
    totals: dict[str, list[int]] = {}
    for doc in docs:
        for name, translator in translators(doc).items():
            result = run(doc.de, doc.en, translator, ctx)
            if show:
                _show_errors(doc.name, name, result)
            counts = totals.setdefault(name, [0, 0, 0])
            counts[0] += error_count(result)
            counts[1] += len(doc.de)
            counts[2] += 1
    rows = []
    for name, (errors, sentences, n_docs) in totals.items():
        rate = 100 * errors / max(sentences, 1)
        verdict = "ok" if rate <= TARGET_FALSE_ALARMS else f"ABOVE {TARGET_FALSE_ALARMS:g}"
        rows.append([f"clean, MT {name}", f"{n_docs} docs, {sentences} lines",
                     f"{errors} errors", f"{rate:.1f} per 100", verdict])
    return rows


def _show_errors(doc: str, system: str, result: PairResult) -> None:
    for bead in result.beads:
        for f in bead.flags:
            if f.severity >= Severity.ERROR:
                line = (bead.de or bead.en)[0].line
                print(f"[{system}] {doc}:{line} {f.message}\n    DE: {bead.de_text}\n"
                      f"    EN: {bead.en_text}\n    MT: {bead.mt}")


PLANTERS: tuple[Callable[[Doc], Edit | None], ...] = (plant_deletion, plant_number, plant_name)


def planted_rows(docs: list[Doc], ctx: CheckContext) -> list[list[str]]:
    rows = []
    for planter in PLANTERS:
        for system in (*SYSTEMS, "none"):
            hits, total, kind = 0, 0, ""
            for doc in docs:
                edit = planter(doc)
                translator = translators(doc).get(system)
                if edit is None or translator is None:
                    continue
                kind = edit.kind
                total += 1
                hits += detected(run(doc.de, edit.en, translator, ctx), edit)
            if total:
                share = hits / total
                verdict = "ok" if share >= TARGET_DETECTION else f"BELOW {TARGET_DETECTION:.0%}"
                rows.append([f"planted {kind}, MT {system}", f"{total} docs", f"{hits} found",
                             f"{share:.0%}", verdict])
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--no-lexicon",
        action="store_true",
        help="run the detectors without the dictionary (default: use it if installed)",
    )
    parser.add_argument("--show", action="store_true",
                        help="print the error-level flags raised on the clean pairs")
    args = parser.parse_args(argv)
    folder = args.data / "docs"
    if not folder.is_dir():
        print(f"skip: {folder} not found")
        return 0
    from tabulate import tabulate

    settings = Settings(segmented=True)
    lexicon = None
    if not args.no_lexicon:
        from checker.translate import load_lexicon

        lexicon = load_lexicon(settings)
    ctx = CheckContext(settings=settings, lexicon=lexicon)
    docs = load_docs(args.data)
    rows = false_alarm_rows(docs, ctx, args.show) + planted_rows(docs, ctx)
    mode = (f"with dictionary ({getattr(lexicon, 'identity', 'lexicon')})" if lexicon is not None
            else "without dictionary" + (" (none installed)" if not args.no_lexicon else ""))
    print(f"mode: {mode}; segmented input (one line a sentence)")
    print(tabulate(rows, headers=["run", "size", "count", "rate", "target"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
