"""`transcheck align`: print the sentence alignment of a German/English pair.

    transcheck align DE EN [--segmented] [--translations FILE] [--format json|tsv] [--output FILE]

json: a list of beads as in the report (`index`, `kind`, `de`/`en` lists of
`{text, line}`, `score`). tsv: one bead per line — German line numbers, English
line numbers (comma-separated, empty for none), kind, score; no header.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from checker.outputs import RunInput, preflight, write_output

if TYPE_CHECKING:  # the aligner (numpy) and readers load when the command runs, not for --help
    from checker.model import Bead, Lang, Sentence

ALIGN_FORMATS = ("json", "tsv")
DEFAULT_ALIGN_FORMAT = "json"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "align",
        help="align the sentences of a German/English pair",
        description=(
            "Align the sentences of a German and an English article (1-1, 1-2, 2-1, 1-0, "
            "0-1, 2-2 beads). With --translations (machine translations of the German), "
            "the alignment uses translation similarity; without, sentence lengths."
        ),
    )
    parser.add_argument("de", metavar="DE", help="the German article")
    parser.add_argument("en", metavar="EN", help="the English article")
    parser.add_argument("--segmented", action="store_true",
                        help="input files hold one sentence per line (no splitting)")
    parser.add_argument("--translations", metavar="FILE",
                        help="machine translations of the German: TSV german<TAB>english or JSONL")
    parser.add_argument("--format", choices=ALIGN_FORMATS, default=DEFAULT_ALIGN_FORMAT,
                        help=f"output format (default: {DEFAULT_ALIGN_FORMAT})")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here (atomically)")
    parser.set_defaults(run=run)


def run(args: Any) -> int:
    from checker.align import align
    from checker.settings import AlignSettings

    inputs = [RunInput(args.de, "the German article"), RunInput(args.en, "the English article")]
    if args.translations:
        inputs.append(RunInput(args.translations, "the translations file"))
    preflight(args.output, inputs)
    de = _sentences(args.de, "de", args.segmented)
    en = _sentences(args.en, "en", args.segmented)
    mt = _translations(args.translations, de)
    beads = align(de, en, mt, AlignSettings())
    text = render_tsv(beads, de, en) if args.format == "tsv" else render_json(beads, de, en)
    if args.output:
        write_output(args.output, text, inputs=inputs)
    else:
        sys.stdout.write(text)
    return 0


def _sentences(path: str, lang: Lang, segmented: bool) -> tuple[Sentence, ...]:
    from checker.articles import read_article
    from checker.segment import split_article

    article = read_article(path, lang, segmented=segmented, check_language=False)
    return split_article(article, segmented=segmented)


def _translations(path: str | None, de: Sequence[Sentence]) -> list[str | None] | None:
    if path is None:
        return None
    from checker.translate.memory import MemoryTranslator

    translator = MemoryTranslator(path)
    for note in translator.warnings:
        print(f"WARNING {note}", file=sys.stderr)
    return translator.translate([s.text for s in de])


def bead_records(
    beads: Sequence[Bead], de: Sequence[Sentence], en: Sequence[Sentence]
) -> list[dict[str, object]]:
    return [
        {
            "index": index,
            "kind": bead.kind,
            "de": [{"text": de[k].text, "line": de[k].line} for k in bead.de],
            "en": [{"text": en[k].text, "line": en[k].line} for k in bead.en],
            "score": bead.score,
        }
        for index, bead in enumerate(beads)
    ]


def render_json(beads: Sequence[Bead], de: Sequence[Sentence], en: Sequence[Sentence]) -> str:
    return json.dumps(bead_records(beads, de, en), ensure_ascii=False, indent=2) + "\n"


def render_tsv(beads: Sequence[Bead], de: Sequence[Sentence], en: Sequence[Sentence]) -> str:
    rows: list[str] = []
    for bead in beads:
        de_lines = ",".join(str(de[k].line) for k in bead.de)
        en_lines = ",".join(str(en[k].line) for k in bead.en)
        rows.append(f"{de_lines}\t{en_lines}\t{bead.kind}\t{bead.score:.4f}")
    return "\n".join(rows) + "\n"
