"""The `transcheck.report/1` JSON report: to_dict / dumps, and loads back into a Report.

The keys of DESIGN.md's contract are all there; extensions only add keys:
report `fail_on`, `warnings`; translator `reason`; pair `flags` (pair-level
findings) and `baseline_unmatched`; bead `align_score`; sentence `index`;
flag `status` and `note`. Floats are rounded to 2 decimals, so the same Report
always gives byte-identical JSON, and dumps(loads(dumps(r))) == dumps(r).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from importlib import resources
from typing import Any, TypeVar, cast

from checker.errors import InputError, located
from checker.model import (
    Bead,
    BeadResult,
    Flag,
    FlagStatus,
    PairResult,
    Report,
    Scores,
    Sentence,
    Severity,
    Summary,
    TranslatorInfo,
)
from checker.report.common import DEFAULT_OPTIONS, RenderOptions
from checker.settings import FAIL_ON_CHOICES

SCHEMA_ID = "transcheck.report/1"
SCHEMA_FILE = "schema.json"
FLOAT_DIGITS = 2
FLAG_STATUSES: tuple[FlagStatus, ...] = ("new", "accepted", "waived")
JSON_INDENT = 2

T = TypeVar("T")


# ---------------------------------------------------------------- Report → dict


def _num(value: float | None) -> float | None:
    """Rounded to FLOAT_DIGITS; None for None and non-finite values; never -0.0."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, FLOAT_DIGITS) + 0.0


def _scores_dict(scores: Scores | None) -> dict[str, Any] | None:
    if scores is None:
        return None
    return {"chrf": _num(scores.chrf), "bleu": _num(scores.bleu), "ter": _num(scores.ter)}


def _flag_dict(flag: Flag) -> dict[str, Any]:
    return {
        "code": flag.code,
        "severity": str(flag.severity),
        "message": flag.message,
        "de_span": flag.de_span,
        "en_span": flag.en_span,
        "mt_span": flag.mt_span,
        "status": flag.status,
        "note": flag.note,
    }


def _sentence_dict(sentence: Sentence) -> dict[str, Any]:
    return {"text": sentence.text, "line": sentence.line, "index": sentence.index}


def _bead_dict(bead: BeadResult) -> dict[str, Any]:
    return {
        "index": bead.index,
        "kind": bead.kind,
        "de": [_sentence_dict(s) for s in bead.de],
        "en": [_sentence_dict(s) for s in bead.en],
        "mt": bead.mt,
        "scores": _scores_dict(bead.scores),
        "align_score": _num(bead.bead.score),
        "flags": [_flag_dict(f) for f in bead.flags],
    }


def _summary_dict(summary: Summary) -> dict[str, Any]:
    flag_counts = {sev: int(summary.flags.get(sev, 0)) for sev in ("error", "warning", "info")}
    flag_counts.update({k: int(v) for k, v in summary.flags.items() if k not in flag_counts})
    return {
        "chrf": _num(summary.chrf),
        "bleu": _num(summary.bleu),
        "ter": _num(summary.ter),
        "beads": {kind: int(n) for kind, n in sorted(summary.beads.items())},
        "flags": dict(sorted(flag_counts.items())),
    }


def _pair_dict(pair: PairResult) -> dict[str, Any]:
    return {
        "id": pair.id,
        "de_path": pair.de_path,
        "en_path": pair.en_path,
        "passed": pair.passed,
        "summary": _summary_dict(pair.summary),
        "flags": [_flag_dict(f) for f in pair.pair_flags],
        "baseline_unmatched": list(pair.stale_baseline),
        "beads": [_bead_dict(b) for b in pair.beads],
    }


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (the `transcheck.report/1` contract)."""
    info = report.translator
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "signature": report.signature,
        "translator": {"name": info.name, "model": info.model, "reason": info.reason},
        "passed": report.passed,
        "fail_on": report.fail_on,
        "warnings": list(report.warnings),
        "pairs": [_pair_dict(p) for p in report.pairs],
    }


def dumps(report: Report) -> str:
    """Deterministic JSON text (UTF-8 safe, 2-space indent, trailing newline)."""
    text = json.dumps(to_dict(report), ensure_ascii=False, indent=JSON_INDENT, allow_nan=False)
    return text + "\n"


def iter_dumps(report: Report) -> Iterator[str]:
    """dumps(report) in pieces, one pair at a time: "".join(iter_dumps(r)) == dumps(r).

    A report whose pairs are re-read from a results store is written this way without
    ever holding all pairs (or all their text) at once.
    """
    head = json.dumps(to_dict(replace(report, pairs=())), ensure_ascii=False,
                      indent=JSON_INDENT, allow_nan=False)
    before, after = head.rsplit(_EMPTY_PAIRS, 1)
    yield before + '"pairs": ['
    first = True
    for text in _pair_texts(report):
        # only "\n" separates lines in JSON text (str.splitlines would also split on U+2028)
        yield ("\n" if first else ",\n") + _PAIR_INDENT + text.replace("\n", "\n" + _PAIR_INDENT)
        first = False
    yield ("]" if first else "\n" + " " * JSON_INDENT + "]") + after + "\n"


def _pair_texts(report: Report) -> Iterator[str]:
    """Each pair's JSON text; a results store's (store.StoredPairs) as it holds it."""
    stored = getattr(report.pairs, "pair_texts", None)
    if stored is None:
        yield from (pair_text(pair) for pair in report.pairs)
        return
    for where, text, data in stored():
        if text is not None:
            if not (text.startswith("{") and text.endswith("}")):  # cut short, or not a pair
                raise InputError(located(where, "malformed pair result: not an object"))
            yield text
        elif isinstance(data, dict):  # a record written before records kept the text
            yield _indented(data)
        else:
            raise InputError(located(where, "malformed pair result: not an object"))


def _indented(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=JSON_INDENT, allow_nan=False)


def pair_text(pair: PairResult) -> str:
    """One pair as the JSON report writes it in its `pairs` list (before that list's
    indentation is added): what a results store keeps of each pair."""
    return _indented(_pair_dict(pair))


_EMPTY_PAIRS = '"pairs": []'
_PAIR_INDENT = " " * (2 * JSON_INDENT)  # list items of a top-level key


def pair_to_dict(pair: PairResult) -> dict[str, Any]:
    """One pair as it appears in the report's `pairs` list."""
    return _pair_dict(pair)


def pair_from_dict(data: object, source: object) -> PairResult:
    """A pair back from pair_to_dict data; InputError('SOURCE: …') if malformed."""
    try:
        return _pair(data, "pair")
    except _Malformed as exc:
        raise InputError(located(source, f"malformed pair result: {exc}")) from None


def schema() -> dict[str, Any]:
    """The JSON Schema of `transcheck.report/1` shipped as package data."""
    text = resources.files("checker.report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


# ---------------------------------------------------------------- dict → Report


class _Malformed(Exception):
    """Raised while decoding; `loads` turns it into one InputError line."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)


class _Reader:
    """Typed access to one JSON object, naming the path of anything that is wrong."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise _Malformed(where, f"expected an object, found {_kind(data)}")
        self.data = data
        self.where = where

    def _at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _get(self, key: str, default: object = ...) -> object:
        if key in self.data:
            return self.data[key]
        if default is ...:
            raise _Malformed(self._at(key), "missing")
        return default

    def _typed(self, key: str, kinds: tuple[type, ...], name: str, default: object) -> object:
        value = self._get(key, default)
        bad_bool = isinstance(value, bool) and bool not in kinds
        if not isinstance(value, kinds) or bad_bool:
            raise _Malformed(self._at(key), f"expected {name}, found {_kind(value)}")
        return value

    def text(self, key: str, default: object = ...) -> str:
        return cast(str, self._typed(key, (str,), "a string", default))

    def optional_text(self, key: str) -> str | None:
        if self._get(key, None) is None:
            return None
        return self.text(key)

    def integer(self, key: str, default: object = ...) -> int:
        return cast(int, self._typed(key, (int,), "an integer", default))

    def boolean(self, key: str) -> bool:
        return cast(bool, self._typed(key, (bool,), "true or false", ...))

    def number(self, key: str, default: object = ...) -> float | None:
        if self._get(key, default) is None:
            return None
        return float(cast(float, self._typed(key, (int, float), "a number", default)))

    def choice(self, key: str, choices: tuple[str, ...], default: object = ...) -> str:
        value = self.text(key, default)
        if value not in choices:
            raise _Malformed(
                self._at(key), f"expected one of {', '.join(choices)}, found {value!r}"
            )
        return value

    def child(self, key: str) -> _Reader:
        return _Reader(self._get(key), self._at(key))

    def optional_child(self, key: str) -> _Reader | None:
        value = self._get(key, None)
        return None if value is None else _Reader(value, self._at(key))

    def items(self, key: str, decode: Callable[[object, str], T], default: object = ...) -> list[T]:
        value = self._get(key, default)
        if not isinstance(value, list):
            raise _Malformed(self._at(key), f"expected a list, found {_kind(value)}")
        return [decode(item, f"{self._at(key)}[{i}]") for i, item in enumerate(value)]

    def counts(self, key: str) -> dict[str, int]:
        inner = self.child(key)
        return {str(k): inner.integer(str(k)) for k in inner.data}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", str: "a string", int: "a number", float: "a number"}
    names.update({list: "a list", dict: "an object"})
    return names.get(type(value), type(value).__name__)


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _Malformed(where, f"expected a string, found {_kind(value)}")
    return value


def _flag(data: object, where: str) -> Flag:
    r = _Reader(data, where)
    return Flag(
        code=r.text("code"),
        severity=Severity.parse(r.choice("severity", ("error", "warning", "info"))),
        message=r.text("message"),
        de_span=r.text("de_span", ""),
        en_span=r.text("en_span", ""),
        mt_span=r.text("mt_span", ""),
        status=cast(FlagStatus, r.choice("status", FLAG_STATUSES, "new")),
        note=r.text("note", ""),
    )


def _sentence(data: object, where: str) -> Sentence:
    r = _Reader(data, where)
    return Sentence(
        index=r.integer("index", 0), text=r.text("text"), line=r.integer("line"), block=0
    )


def _scores(r: _Reader | None) -> Scores | None:
    if r is None:
        return None
    ter = r.number("ter")  # null: not computed, or not finite
    return Scores(chrf=_score(r, "chrf"), bleu=_score(r, "bleu"), ter=ter)


def _score(r: _Reader, key: str) -> float:
    """A bead score; null (written for a non-finite value) reads back as NaN."""
    value = r.number(key)
    return math.nan if value is None else value


def _bead(data: object, where: str) -> BeadResult:
    r = _Reader(data, where)
    de = tuple(r.items("de", _sentence))
    en = tuple(r.items("en", _sentence))
    kind = r.text("kind")
    if kind != f"{len(de)}-{len(en)}":
        problem = f"{kind!r} does not match {len(de)} German and {len(en)} English sentences"
        raise _Malformed(f"{where}.kind", problem)
    score = r.number("align_score", 0.0) or 0.0
    bead = Bead(de=tuple(s.index for s in de), en=tuple(s.index for s in en), score=score)
    return BeadResult(
        index=r.integer("index"),
        bead=bead,
        de=de,
        en=en,
        mt=r.optional_text("mt"),
        scores=_scores(r.optional_child("scores")),
        flags=tuple(r.items("flags", _flag)),
    )


def _summary(r: _Reader) -> Summary:
    return Summary(
        chrf=r.number("chrf"),
        bleu=r.number("bleu"),
        ter=r.number("ter"),
        beads=r.counts("beads"),
        flags=r.counts("flags"),
    )


def _pair(data: object, where: str) -> PairResult:
    r = _Reader(data, where)
    return PairResult(
        id=r.text("id"),
        de_path=r.text("de_path"),
        en_path=r.text("en_path"),
        passed=r.boolean("passed"),
        summary=_summary(r.child("summary")),
        beads=tuple(r.items("beads", _bead)),
        pair_flags=tuple(r.items("flags", _flag, [])),
        stale_baseline=tuple(r.items("baseline_unmatched", _string, [])),
    )


def from_dict(data: object) -> Report:
    """A Report from `transcheck.report/1` data; raises _Malformed naming the bad key."""
    r = _Reader(data, "")
    found = r._get("schema", None)
    if found != SCHEMA_ID:
        raise _Malformed("", f"not a {SCHEMA_ID} report (schema is {json.dumps(found)})")
    tool = r.child("tool")
    info = r.child("translator")
    return Report(
        tool_name=tool.text("name"),
        tool_version=tool.text("version"),
        signature=r.text("signature"),
        translator=TranslatorInfo(
            name=info.text("name"), model=info.text("model"), reason=info.text("reason", "")
        ),
        passed=r.boolean("passed"),
        pairs=tuple(r.items("pairs", _pair)),
        fail_on=r.choice("fail_on", FAIL_ON_CHOICES, "error"),
        warnings=tuple(r.items("warnings", _string, [])),
    )


def loads(text: str, source: object = "<report>") -> Report:
    """Parse a saved JSON report; InputError('SOURCE: what is wrong') if it is not one."""
    from checker.safeio import load_json

    data = load_json(text, str(source), prefix="not valid JSON: ")
    try:
        return from_dict(data)
    except _Malformed as exc:
        raise InputError(located(source, f"malformed {SCHEMA_ID} report: {exc}")) from None


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The `json` format of checker.report.render (colour never applies)."""
    return dumps(report)
