"""Gating policy: inline waivers, the baseline of accepted findings, `--fail-on`.

A flag is *waived* by an inline `<!-- transcheck: ignore CODE -->` comment on its
bead's German or English line, *accepted* when its fingerprint is in the baseline,
and *new* otherwise. Only new flags count in a pair's summary and can fail it.

A fingerprint hashes what the finding is about — its code and the normalised German
and English text of the bead, plus the German and English evidence spans — and not
where it is: edits elsewhere in the file (line shifts, other paragraphs) keep it.
The machine translation is left out, so that changing the engine does not reopen
findings a person accepted about the human texts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker import safeio
from checker.errors import UsageError, located
from checker.model import BeadResult, Flag, PairResult, Report, Sentence, Severity, Waiver
from checker.outputs import RunInput, write_output
from checker.settings import MAX_BASELINE_BYTES, Settings

BASELINE_SCHEMA = "transcheck.baseline/1"
DEFAULT_BASELINE_FILE = "transcheck-baseline.json"
FAIL_NEVER = "never"
FINGERPRINT_LENGTH = 20  # hex digits of sha256 kept: collisions stay out of reach
SEVERITY_KEYS = tuple(str(s) for s in sorted(Severity, reverse=True))  # error, warning, info


# ---------------------------------------------------------------- baseline


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    pair: str
    code: str
    message: str


@dataclass(frozen=True)
class Baseline:
    path: str
    entries: tuple[BaselineEntry, ...] = ()

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(entry.fingerprint for entry in self.entries)

    def for_pair(self, pair_id: str) -> tuple[BaselineEntry, ...]:
        return tuple(entry for entry in self.entries if entry.pair == pair_id)


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprint(pair_id: str, flag: Flag, bead: BeadResult | None) -> str:
    """Stable identity of a finding: survives line shifts, changes with the text.

    Pair-level flags (no bead) are identified by their message and spans instead.
    """
    where = (bead.de_text, bead.en_text) if bead is not None else (flag.message,)
    parts = (pair_id, flag.code, *where, flag.de_span, flag.en_span)
    digest = hashlib.sha256("\x1f".join(_normalised(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; anything but a well-formed one is a one-line UsageError."""
    shown = str(path)
    try:
        text = safeio.read_text(path, "baseline", MAX_BASELINE_BYTES, error=UsageError)
    except safeio.MissingFile:
        raise UsageError(
            located(shown, "no such baseline file (create it with `transcheck baseline`)")
        ) from None
    data = safeio.load_json(text, shown, error=UsageError, prefix="malformed baseline: ")
    return Baseline(path=shown, entries=_entries(shown, data))


def _entries(shown: str, data: Any) -> tuple[BaselineEntry, ...]:
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        cause = f'malformed baseline: expected {{"schema": "{BASELINE_SCHEMA}", "entries": [...]}}'
        raise UsageError(located(shown, cause))
    items = data.get("entries")
    if not isinstance(items, list):
        raise UsageError(located(shown, "malformed baseline: 'entries' must be a list"))
    return tuple(_entry(shown, index, item) for index, item in enumerate(items, 1))


def _entry(shown: str, index: int, item: Any) -> BaselineEntry:
    keys = ("fingerprint", "pair", "code", "message")
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in keys):
        cause = f"malformed baseline: entry {index} needs string fields {', '.join(keys)}"
        raise UsageError(located(shown, cause))
    return BaselineEntry(*(item[k] for k in keys))


def baseline_entries(pairs: Iterable[PairResult]) -> list[BaselineEntry]:
    """One entry per distinct finding that is not waived inline, in a stable order."""
    seen: dict[str, BaselineEntry] = {}
    for pair in pairs:
        for bead, flag in _all_flags(pair):
            if flag.status == "waived":
                continue
            mark = fingerprint(pair.id, flag, bead)
            seen.setdefault(mark, BaselineEntry(mark, pair.id, flag.code, flag.message))
    return sorted(seen.values(), key=lambda e: (e.pair, e.code, e.message, e.fingerprint))


def write_baseline(path: str | Path, report: Report, inputs: Iterable[RunInput] = ()) -> int:
    """Record the report's findings as accepted; returns how many were written.

    Written by `outputs.write_output` (atomically for a regular file); a path that
    is one of the run's `inputs` is refused.
    """
    entries = baseline_entries(report.pairs)
    document = {
        "schema": BASELINE_SCHEMA,
        "entries": [entry.__dict__ for entry in entries],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_output(str(path), text, inputs=inputs)
    return len(entries)


# ---------------------------------------------------------------- policy


def apply_policy(
    pair: PairResult,
    settings: Settings,
    *,
    baseline: Baseline | None,
    waivers_de: Sequence[Waiver] = (),
    waivers_en: Sequence[Waiver] = (),
) -> PairResult:
    """Mark flags waived/accepted, apply severity overrides and disabled codes,
    recount the summary (new flags only) and decide `passed` per `settings.fail_on`.

    Idempotent: statuses are decided afresh from the waivers and the baseline.
    """
    accepted = baseline.fingerprints if baseline is not None else frozenset()
    spans = {
        "de": _sentence_spans(s for b in pair.beads for s in b.de),
        "en": _sentence_spans(s for b in pair.beads for s in b.en),
    }
    waivers = {"de": tuple(waivers_de), "en": tuple(waivers_en)}
    beads = tuple(
        replace(bead, flags=_judge_bead(pair.id, bead, settings, accepted, spans, waivers))
        for bead in pair.beads
    )
    pair_flags = tuple(
        _judge(_adjusted(flag, settings), fingerprint(pair.id, flag, None), accepted, None)
        for flag in pair.pair_flags
        if flag.code not in settings.disabled
    )
    judged = replace(pair, beads=beads, pair_flags=pair_flags)
    counts = severity_counts(judged)
    stale = _stale_entries(judged, baseline)
    passed = _passes(judged, settings.fail_on)
    summary = replace(pair.summary, flags=counts)
    return replace(judged, summary=summary, passed=passed, stale_baseline=stale)


def report_passed(pairs: Iterable[PairResult]) -> bool:
    return all(pair.passed for pair in pairs)


def severity_counts(pair: PairResult) -> dict[str, int]:
    """error/warning/info counts of the pair's gating (new) flags."""
    counts = dict.fromkeys(SEVERITY_KEYS, 0)
    for _, flag in _all_flags(pair):
        if flag.gating:
            counts[str(flag.severity)] += 1
    return counts


def _passes(pair: PairResult, fail_on: str) -> bool:
    if fail_on == FAIL_NEVER:
        return True
    floor = Severity.parse(fail_on)
    return not any(flag.gating and flag.severity >= floor for _, flag in _all_flags(pair))


def _all_flags(pair: PairResult) -> Iterable[tuple[BeadResult | None, Flag]]:
    for bead in pair.beads:
        for flag in bead.flags:
            yield bead, flag
    for flag in pair.pair_flags:
        yield None, flag


def _adjusted(flag: Flag, settings: Settings) -> Flag:
    """The flag with the configured severity and a fresh status."""
    severity = settings.severity.get(flag.code, flag.severity)
    return replace(flag, severity=severity, status="new", note="")


_Spans = dict[int, tuple[int, int]]  # sentence index → (first line, last line) inclusive


def _sentence_spans(sentences: Iterable[Sentence]) -> _Spans:
    """Lines each sentence can be waived on: from its first line to the line before
    the next sentence starts (sentence text is normalised, so line ends are unknown)."""
    ordered = sorted({s.index: s for s in sentences}.values(), key=lambda s: s.index)
    spans: _Spans = {}
    for current, following in zip(ordered, [*ordered[1:], None], strict=True):
        last = current.line if following is None else max(current.line, following.line - 1)
        spans[current.index] = (current.line, last)
    return spans


def _judge_bead(
    pair_id: str,
    bead: BeadResult,
    settings: Settings,
    accepted: frozenset[str],
    spans: dict[str, _Spans],
    waivers: dict[str, tuple[Waiver, ...]],
) -> tuple[Flag, ...]:
    lines = {
        lang: [spans[lang][s.index] for s in sentences]
        for lang, sentences in (("de", bead.de), ("en", bead.en))
    }
    judged = []
    for flag in bead.flags:
        if flag.code in settings.disabled:
            continue
        waiver = _waiver_for(flag.code, lines, waivers)
        judged.append(
            _judge(_adjusted(flag, settings), fingerprint(pair_id, flag, bead), accepted, waiver)
        )
    return tuple(judged)


def _waiver_for(
    code: str, lines: dict[str, list[tuple[int, int]]], waivers: dict[str, tuple[Waiver, ...]]
) -> str | None:
    for lang in ("de", "en"):
        for waiver in waivers[lang]:
            applies = not waiver.codes or code in waiver.codes
            if applies and any(first <= waiver.line <= last for first, last in lines[lang]):
                return f"waived inline ({lang} line {waiver.line})"
    return None


def _judge(flag: Flag, mark: str, accepted: frozenset[str], waiver: str | None) -> Flag:
    if waiver is not None:
        return replace(flag, status="waived", note=waiver)
    if mark in accepted:
        return replace(flag, status="accepted", note=f"in baseline ({mark})")
    return flag


def _stale_entries(pair: PairResult, baseline: Baseline | None) -> tuple[str, ...]:
    if baseline is None:
        return ()
    current = {fingerprint(pair.id, flag, bead) for bead, flag in _all_flags(pair)}
    return tuple(
        sorted(e.fingerprint for e in baseline.for_pair(pair.id) if e.fingerprint not in current)
    )
