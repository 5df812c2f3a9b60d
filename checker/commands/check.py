"""`transcheck check`: check article pairs and report located findings."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from checker import gate
from checker import settings as defaults
from checker.commands.output import add_output_options, emit, plan_outputs, render_options
from checker.errors import UsageError
from checker.model import Flag, Report
from checker.outputs import RunInput, preflight
from checker.pairs import PairSpec, discover_pairs, explicit_pair
from checker.settings import Settings

SUPPRESS = argparse.SUPPRESS


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        help="check German/English article pairs",
        description=(
            "Check German/English article pairs. PATH is a pair directory (de.* and en.*), "
            "a directory of pair directories, or NAME.de.EXT / NAME.en.EXT files. Exit codes: "
            "0 passed, 1 findings at or above --fail-on, 2 usage error, 3 input error, "
            "4 translation engine unavailable."
        ),
    )
    add_check_options(parser)
    add_output_options(parser, format_default=SUPPRESS)
    parser.add_argument("--baseline", metavar="FILE", default=SUPPRESS,
                        help="accepted findings (from `transcheck baseline`); only new ones fail")
    from checker.commands import check_archive

    check_archive.add_options(parser)
    parser.set_defaults(run=run)


def add_input_options(parser: argparse.ArgumentParser, verb: str) -> Any:
    """The pairs to read and the translator (shared by check, baseline and align); returns
    the "translation" argument group for more engine options."""
    parser.add_argument("paths", nargs="*", metavar="PATH", help=f"pairs to {verb}")
    parser.add_argument("--de", metavar="FILE", help="the German article (with --en)")
    parser.add_argument("--en", metavar="FILE", help="the English article (with --de)")
    parser.add_argument("--config", metavar="FILE", help="transcheck.toml or pyproject.toml to use")
    tr = parser.add_argument_group("translation")
    tr.add_argument("--translator", choices=defaults.TRANSLATOR_CHOICES, default=SUPPRESS,
                    help=f"machine translation engine (default: {defaults.DEFAULT_TRANSLATOR})")
    tr.add_argument("--translations", metavar="FILE", default=SUPPRESS,
                    help="memory translator: TSV german<TAB>english or JSONL {de, en}")
    tr.add_argument("--model", metavar="PATH", default=SUPPRESS,
                    help="argos: an .argosmodel file or unpacked package directory")
    tr.add_argument("--lexicon", metavar="PATH", default=SUPPRESS,
                    help="German–English dictionary in Ding format (default: $TRANSCHECK_LEXICON "
                         "or /usr/share/trans/de-en)")
    return tr


def add_check_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by `check` and `baseline`. Unset options stay absent (config may set them)."""
    tr = add_input_options(parser, "check")
    tr.add_argument("--beam-size", type=_positive_int, default=SUPPRESS,
                    help=f"argos beam size (default: {defaults.DEFAULT_BEAM_SIZE})")
    tr.add_argument("--batch-size", type=_positive_int, default=SUPPRESS,
                    help=f"argos batch size (default: {defaults.DEFAULT_BATCH_SIZE})")
    tr.add_argument("--threads", type=_nonnegative_int, default=SUPPRESS,
                    help="argos threads, 0 = all cores (default: 0)")
    tr.add_argument("--cache", metavar="DIR", dest="cache_dir", default=SUPPRESS,
                    help="translation cache directory (default: the user cache directory)")
    tr.add_argument("--no-cache", action="store_true", default=SUPPRESS,
                    help="do not read or write the translation cache")
    ck = parser.add_argument_group("checking")
    ck.add_argument("--segmented", action="store_true", default=SUPPRESS,
                    help="input files hold one sentence per line (no splitting)")
    ck.add_argument("--glossary", metavar="FILE", default=SUPPRESS,
                    help="termbase: CSV german,english or TBX")
    ck.add_argument("--meaning-threshold", type=float, default=SUPPRESS, metavar="CHRF",
                    help="chrF under which `meaning` fires "
                         f"(default: {defaults.DEFAULT_MEANING_CHRF})")
    ck.add_argument("--fail-on", choices=defaults.FAIL_ON_CHOICES, default=SUPPRESS,
                    help="lowest severity that fails the run "
                         f"(default: {defaults.DEFAULT_FAIL_ON})")
    ck.add_argument("--disable", metavar="CODE", action="append", default=SUPPRESS,
                    help="turn a check off (repeatable)")
    ck.add_argument("--changed-since", metavar="REV",
                    help="only pairs whose files changed since this git revision")
    ck.add_argument("--jobs", "-j", type=_positive_int, default=None,
                    help="worker processes (default: number of cores)")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _nonnegative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


# ---------------------------------------------------------------- settings


_PLAIN = ("translator", "translations", "model", "lexicon", "beam_size", "batch_size",
          "threads", "cache_dir", "segmented", "glossary", "fail_on")


def settings_from(args: argparse.Namespace, base: Settings) -> Settings:
    """Command-line options on top of the configuration file's settings."""
    given = vars(args)
    changes: dict[str, object] = {k: given[k] for k in _PLAIN if k in given}
    if given.get("no_cache"):
        changes["use_cache"] = False
    if "meaning_threshold" in given:
        value = float(given["meaning_threshold"])
        if not 0 <= value <= 100:
            raise UsageError(f"--meaning-threshold must be between 0 and 100, not {value}")
        changes["thresholds"] = replace(base.thresholds, meaning_chrf=value)
    if "disable" in given:
        unknown = sorted(set(given["disable"]) - set(defaults.FLAG_CODES))
        if unknown:
            raise UsageError(f"--disable: unknown check {', '.join(unknown)} "
                             f"(known: {', '.join(defaults.FLAG_CODES)})")
        changes["disabled"] = base.disabled | frozenset(given["disable"])
    settings = replace(base, **changes)  # type: ignore[arg-type]
    if settings.translator == "memory" and not settings.translations:
        raise UsageError("--translator memory needs --translations FILE")
    return settings


def _load_settings(args: argparse.Namespace) -> tuple[Settings, Any, Path | None]:
    from checker import config as cfg

    path = cfg.find_config(Path.cwd(), args.config)
    config = cfg.load_config(path) if path else None
    base = cfg.apply_config(Settings(), config, {}) if config else Settings()
    if getattr(args, "translations", None) and "translator" not in vars(args) and (
        not config or base.translator == defaults.DEFAULT_TRANSLATOR
    ):
        args.translator = "memory"  # --translations alone means: use them
    return settings_from(args, base), config, path


# ---------------------------------------------------------------- pairs


def _select_pairs(
    args: argparse.Namespace, config: Any, config_path: Path | None
) -> list[PairSpec]:
    if bool(args.de) != bool(args.en):
        raise UsageError("--de and --en go together")
    specs: list[PairSpec] = []
    if args.de:
        specs.append(explicit_pair(args.de, args.en))
    if args.paths:
        specs.extend(discover_pairs(args.paths))
    if not specs and config is not None and config_path is not None:
        from checker.config import config_pairs

        specs = [PairSpec(i, d, e) for i, d, e in config_pairs(config, config_path.parent)]
    if not specs:
        raise UsageError(
            "nothing to check: give a PATH, --de FILE --en FILE, or pairs in the config"
        )
    if args.changed_since:
        specs = _changed_only(specs, args.changed_since)
    return specs


def _changed_only(specs: list[PairSpec], rev: str) -> list[PairSpec]:
    from checker.vcs import changed_since

    changed = {p.resolve() for p in changed_since(rev, [s.de_path for s in specs] +
                                                  [s.en_path for s in specs], Path.cwd())}
    return [s for s in specs
            if Path(s.de_path).resolve() in changed or Path(s.en_path).resolve() in changed]


def _stale_flags(specs: Sequence[PairSpec], settings: Settings) -> dict[str, tuple[Flag, ...]]:
    from checker.vcs import stale_finding

    out: dict[str, tuple[Flag, ...]] = {}
    for spec in specs:
        flag = stale_finding(spec)
        if flag is not None and "stale" not in settings.disabled:
            out[spec.id] = (replace(flag, severity=settings.severity_of("stale")),)
    return out


# ---------------------------------------------------------------- run


PROGRESS_AFTER_S = 1.0  # a run of one pair shows progress only after this long


def progress_printer(
    stream: TextIO, clock: Callable[[], float] = time.monotonic
) -> Callable[[int, int], None]:
    """A progress bar on `stream` for runs of several pairs or longer than a second.

    A run of one pair that finishes never draws a bar: "1/1 pairs" says nothing.
    """
    start = clock()

    def show(done: int, total: int) -> None:
        if total < 2 and (done >= total or clock() - start < PROGRESS_AFTER_S):
            return
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pairs",
              end=end, file=stream, flush=True)

    return show


def _progress(args: argparse.Namespace) -> Callable[[int, int], None] | None:
    if getattr(args, "quiet", 0) or not sys.stderr.isatty():
        return None
    return progress_printer(sys.stderr)


def run_check(args: argparse.Namespace) -> Report:
    """Everything `check` does up to rendering; `baseline` reuses it."""
    return _run_check(args)[0]


def run_check_with_inputs(args: argparse.Namespace) -> tuple[Report, list[RunInput]]:
    """`run_check`, and the files the run read (for `baseline`'s output check)."""
    report, _, inputs = _run_check(args)
    return report, inputs


def run_inputs(
    specs: Sequence[PairSpec], settings: Settings, config_path: Path | None,
    baseline_path: str | None,
) -> list[RunInput]:
    """Every file the run reads, so that no output can overwrite one of them."""
    found = [RunInput(s.de_path, "the German article") for s in specs]
    found += [RunInput(s.en_path, "the English article") for s in specs]
    named = (
        (settings.translations, "the translations file"), (settings.glossary, "the glossary"),
        (baseline_path, "the baseline"), (settings.model, "the Argos model"),
        (settings.lexicon, "the dictionary"), (config_path, "the configuration file"),
    )  # fmt: skip
    found += [RunInput(str(path), role) for path, role in named if path]
    return found


def _run_check(args: argparse.Namespace) -> tuple[Report, Any, list[RunInput]]:
    from checker import pipeline
    from checker.translate import make_translator

    settings, config, config_path = _load_settings(args)
    formats = plan_outputs(args, getattr(config, "format", None)).formats
    settings = replace(settings, ter=bool(formats & defaults.TER_FORMATS))
    specs = _select_pairs(args, config, config_path)
    baseline_path = vars(args).get("baseline") or getattr(config, "baseline", None)
    read_files = run_inputs(specs, settings, config_path, baseline_path)
    preflight(getattr(args, "output", None), read_files)
    translator = make_translator(settings)
    baseline = gate.load_baseline(baseline_path) if baseline_path else None
    ctx = pipeline.build_context(settings)
    inputs = pipeline.RunInputs(
        settings=settings,
        ctx=ctx,
        baseline=baseline,
        extra_pair_flags=_stale_flags(specs, settings) if args.changed_since else None,
    )
    jobs = args.jobs or os.cpu_count() or 1
    pairs = pipeline.run_pairs(specs, inputs, translator, jobs=jobs, progress=_progress(args))
    warnings = [*getattr(translator, "warnings", ()),
                *pipeline.missing_translation_warnings(pairs, translator.info)]
    lexicon = str(getattr(ctx.lexicon, "identity", "")) if ctx.lexicon else ""
    report = pipeline.build_report(pairs, settings, translator.info, warnings, lexicon=lexicon)
    return report, config, read_files


def _configured_format(args: argparse.Namespace) -> str | None:
    from checker import config as cfg

    path = cfg.find_config(Path.cwd(), args.config)
    return cfg.load_config(path).format if path else None


def run(args: argparse.Namespace) -> int:
    from checker.commands import check_archive

    if check_archive.wanted(args):  # --results / --cluster: through a results store
        return check_archive.run(args)
    plan = plan_outputs(args, _configured_format(args))
    report, _config, inputs = _run_check(args)
    for note in report.warnings:
        print(f"WARNING {note}", file=sys.stderr)
    emit(report, plan, render_options(args), inputs=inputs)
    return 0 if report.passed else 1

