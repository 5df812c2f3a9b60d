"""`transcheck align`: print the sentence alignment of German/English pairs.

    transcheck align PATH ... [--de FILE --en FILE] [--translator NAME] [--translations FILE]
                     [--segmented] [--format json|tsv] [--output FILE]

PATH and --de/--en are found as `check` finds them (a pair directory, a directory
of pairs, NAME.de.EXT / NAME.en.EXT), and the translator is chosen and built as
`check` builds it. json: `{"pairs": [{"id", "de_path", "en_path", "beads": [...]}]}`,
each bead as in the report (`index`, `kind`, `de`/`en` lists of `{text, line}`,
`score`). tsv: a header line, then one bead per line — pair id, German line numbers,
English line numbers (comma-separated, empty for none), kind, score.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from checker.outputs import preflight, write_output

if TYPE_CHECKING:  # the aligner (numpy) and readers load when the command runs, not for --help
    from checker.model import Bead, Sentence

    Aligned = tuple[str, str, str, tuple[Bead, ...], Sequence[Sentence], Sequence[Sentence]]

ALIGN_FORMATS = ("json", "tsv")
DEFAULT_ALIGN_FORMAT = "json"
TSV_HEADER = "pair\tde_lines\ten_lines\tkind\tscore"


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "align",
        help="align the sentences of German/English pairs",
        description=(
            "Align the sentences of German and English articles (beads 1-1, 1-2, 2-1, 1-0, "
            "0-1, 2-2, 1-3, 3-1). PATH is what `check` accepts. With a translator, the "
            "alignment uses translation similarity beside sentence lengths; with "
            "--translator none, lengths alone."
        ),
    )
    from checker.commands.check import add_input_options

    sup = argparse.SUPPRESS
    add_input_options(parser, "align")
    parser.add_argument("--segmented", action="store_true", default=sup,
                        help="input files hold one sentence per line (no splitting)")
    parser.add_argument("--format", choices=ALIGN_FORMATS, default=DEFAULT_ALIGN_FORMAT,
                        help=f"output format (default: {DEFAULT_ALIGN_FORMAT})")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here (atomically)")
    parser.set_defaults(run=run, changed_since=None)


def run(args: argparse.Namespace) -> int:
    from checker import pipeline
    from checker.commands.check import _load_settings, _select_pairs, run_inputs
    from checker.translate import make_translator
    from checker.translate.base import normalise
    from checker.translate.lexicon import lazy_lexicon

    settings, config, config_path = _load_settings(args)
    specs = _select_pairs(args, config, config_path)
    inputs = run_inputs(specs, settings, config_path, None)
    preflight(args.output, inputs)
    prepared = [pipeline.prepare(spec, settings) for spec in specs]
    translator = make_translator(settings)
    mts = pipeline.translate_pairs(prepared, translator, settings)
    lexicon = lazy_lexicon(settings)
    aligned: list[Aligned] = []
    for pair in prepared:
        mt = [mts.get(normalise(s.text)) for s in pair.de_sents]
        beads = pipeline.align_pair(pair, mt, settings, lexicon)
        aligned.append((pair.spec.id, pair.spec.de_path, pair.spec.en_path,
                        beads, pair.de_sents, pair.en_sents))
    text = render_tsv(aligned) if args.format == "tsv" else render_json(aligned)
    if args.output:
        write_output(args.output, text, inputs=inputs)
    else:
        sys.stdout.write(text)
    return 0


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


def render_json(aligned: Sequence[Aligned]) -> str:
    pairs = [
        {"id": pid, "de_path": de_path, "en_path": en_path, "beads": bead_records(b, de, en)}
        for pid, de_path, en_path, b, de, en in aligned
    ]
    return json.dumps({"pairs": pairs}, ensure_ascii=False, indent=2) + "\n"


def render_tsv(aligned: Sequence[Aligned]) -> str:
    rows = [TSV_HEADER]
    for pid, _, _, beads, de, en in aligned:
        for bead in beads:
            de_lines = ",".join(str(de[k].line) for k in bead.de)
            en_lines = ",".join(str(en[k].line) for k in bead.en)
            rows.append(f"{pid}\t{de_lines}\t{en_lines}\t{bead.kind}\t{bead.score:.4f}")
    return "\n".join(rows) + "\n"
